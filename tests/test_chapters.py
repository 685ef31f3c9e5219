"""Every chapter is a runnable notebook that follows the chapter skeleton in CONTRIBUTING.md."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbclient
import pytest
import yaml

from conftest import ROOT
from immunobook.book.quiz import load_questions

SKELETON = ["Overview", "Learning objectives", "Prerequisites", "Time to learn", "Check your understanding",
            "Exercises", "Summary", "What's next", "References"]


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part.get("chapters", [])]
    return files


CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
BOOK_MARKDOWN = [p for p in ROOT.rglob("*.md")
                 if not any(part.startswith((".", "_build")) or part in ("tests", "node_modules")
                            for part in p.relative_to(ROOT).parts)]


def test_there_are_chapters_and_all_are_in_the_toc():
    listed = set(toc_files())
    assert CHAPTERS
    for chapter in CHAPTERS:
        assert f"chapters/{chapter.stem}" in listed, f"{chapter.name} is not in _toc.yml"


@pytest.mark.parametrize("path", BOOK_MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_markdown_with_code_cells_is_a_jupytext_notebook(path: Path):
    text = path.read_text(encoding="utf-8")
    if "```{code-cell}" not in text:
        return
    front = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert front, f"{path.name} has code cells but no front matter"
    meta = yaml.safe_load(front.group(1))
    assert meta["jupytext"]["text_representation"]["format_name"] == "myst"
    assert meta["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_follows_the_skeleton(path: Path):
    text = path.read_text(encoding="utf-8")
    assert f"(ch:{path.stem})=" in text
    headings = re.findall(r"^## (.+)$", text, re.M)
    positions = [headings.index(name) for name in SKELETON if name in headings]
    missing = [name for name in SKELETON if name not in headings]
    assert not missing, f"{path.name} lacks sections {missing}"
    assert positions == sorted(positions), f"{path.name}: skeleton sections out of order"
    assert len(re.findall(r"```\{exercise\}", text)) >= 2
    assert "{footbibliography}" in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_quiz_has_at_least_five_questions(path: Path):
    quiz = ROOT / "chapters" / "quizzes" / f"{path.stem}.json"
    assert len(load_questions(quiz)) >= 5
    assert f'show_quiz("quizzes/{path.stem}.json")' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_executes_top_to_bottom(path: Path, monkeypatch):
    monkeypatch.delenv("IMMUNOBOOK_STATIC_BUILD", raising=False)  # as in JupyterLab or Binder
    notebook = jupytext.read(path)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors


def test_every_citation_key_is_in_the_bibliography():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", bib, re.M))
    assert len(keys) == len(re.findall(r"^@\w+\{", bib, re.M)), "duplicate or malformed BibTeX keys"
    for path in CHAPTERS:
        cited = {k.strip() for group in re.findall(r"\{footcite(?::[pt])?\}`([^`]+)`", path.read_text(encoding="utf-8"))
                 for k in group.split(",")}
        assert cited, f"{path.name} cites nothing"
        assert cited <= keys, f"{path.name} cites unknown keys {sorted(cited - keys)}"


def test_glossary_terms_are_defined_once():
    terms = []
    for part in sorted((ROOT / "glossary").glob("*.md")):
        terms += [t.strip().lower() for t in re.findall(r"^([^\s:`][^\n]*)\n  \S", part.read_text(encoding="utf-8"), re.M)]
    assert terms and len(terms) == len(set(terms)), sorted({t for t in terms if terms.count(t) > 1})
