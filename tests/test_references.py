"""references.bib: every entry has a DOI or URL, is cited somewhere in the book, and is there once."""

from __future__ import annotations

import re
from collections import defaultdict

from pybtex.database import parse_file

from conftest import ROOT

CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]+)`")
SKIP = {".venv", "_build", "node_modules", ".git"}
NOT_BOOK_PAGES = {"README.md", "CONTRIBUTING.md"}   # the repository's own docs (with citation examples)


def _entries():
    return parse_file(str(ROOT / "references.bib")).entries


def _cited_keys() -> set[str]:
    keys = set()
    for path in ROOT.rglob("*.md"):
        relative = path.relative_to(ROOT)
        if SKIP.intersection(relative.parts) or str(relative) in NOT_BOOK_PAGES:
            continue
        for group in CITE_ROLE.findall(path.read_text(encoding="utf-8")):
            keys.update(k.strip() for k in group.split(","))
    return keys


def _normal_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"[{}\\]", "", title).lower()).strip()


def test_every_entry_has_a_doi_or_url():
    missing = [key for key, entry in _entries().items()
               if not (entry.fields.get("doi") or entry.fields.get("url"))]
    assert not missing, f"entries without DOI or URL: {missing}"


def test_every_entry_is_cited_and_every_citation_exists():
    entries = set(_entries())
    cited = _cited_keys()
    assert not entries - cited, f"never cited: {sorted(entries - cited)}"
    assert not cited - entries, f"cited but not in references.bib: {sorted(cited - entries)}"


def test_no_work_is_listed_twice():
    seen = defaultdict(list)
    for key, entry in _entries().items():
        doi = entry.fields.get("doi", "").lower().removeprefix("https://doi.org/")
        if doi:
            seen[("doi", doi)].append(key)
        url = entry.fields.get("url", "").rstrip("/").lower()
        if url and not doi:
            seen[("url", url)].append(key)
        title = _normal_title(entry.fields.get("title", ""))
        if title:
            seen[("title", title, entry.fields.get("year", ""))].append(key)
    duplicates = {what: keys for what, keys in seen.items() if len(keys) > 1}
    assert not duplicates, f"the same work under several keys: {duplicates}"
