"""What a page of the built site makes a browser download, computed from the files themselves.

``first_load`` follows what the page's HTML references directly (stylesheets, scripts, preloads,
images, the favicon) and the fonts those stylesheets reference, and adds each file's gzip size (level
6, as GitHub Pages serves text; binary formats that are already compressed count as they are).
``with_charts`` adds what the chart loader fetches when the reader scrolls to the charts: the
plotly.js bundle and each chart's figure file. The numbers are deterministic, so tests can assert
budgets on them (Lighthouse's transfer figures are measured by ``make bench``).
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

PRECOMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico")
REFERENCE = re.compile(
    r'<(?:script|img)\b[^>]*\bsrc="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*>', re.I)
LINK_KINDS = re.compile(r'rel="(?:stylesheet|preload|icon|shortcut icon|modulepreload)"', re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
MODULE_IMPORT = re.compile(r"""import\s[^'"]*from\s*['"]([^'"]+)['"]""")


@lru_cache(maxsize=None)
def transfer_bytes(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() in PRECOMPRESSED:
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _local(site: Path, page: Path, url: str) -> Path | None:
    if urlparse(url).scheme or url.startswith(("data:", "#", "//")):
        return None
    relative = page.relative_to(site).as_posix()
    resolved = urlparse(urljoin(f"http://site/{relative}", url)).path.lstrip("/")
    target = site / resolved
    return target if target.is_file() else None


def _css_assets(site: Path, css: Path) -> set[Path]:
    """Fonts and images a stylesheet references (only the first, preferred font format of each
    src list is downloaded, but counting all is the conservative choice for a budget)."""
    found = set()
    for url in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
        target = _local(site, css, url.split("#")[0].split("?")[0])
        if target is not None and target.suffix.lower() in (".woff2", ".png", ".svg", ".gif"):
            found.add(target)
    return found


def first_load_files(site: Path, page: Path) -> set[Path]:
    html = page.read_text(encoding="utf-8")
    files = {page}
    for match in REFERENCE.finditer(html):
        url = match.group(1) or match.group(2)
        if match.group(2) and not LINK_KINDS.search(match.group(0)):
            continue
        target = _local(site, page, url.split("?")[0])
        if target is not None:
            files.add(target)
    for url in MODULE_IMPORT.findall(html):  # e.g. the DataTables bundle of the approvals table
        target = _local(site, page, url)
        if target is not None:
            files.add(target)
    for css in [f for f in files if f.suffix == ".css"]:
        files |= _css_assets(site, css)
    return files


def chart_files(site: Path, page: Path) -> set[Path]:
    """The plotly.js bundle and figure files the chart loader fetches for this page."""
    html = page.read_text(encoding="utf-8")
    keys = re.findall(r'data-figure="([^"]+)"', html)
    if not keys:
        return set()
    loader = (site / "_static" / "immunobook-plotly.js").read_text(encoding="utf-8")
    bundle = re.search(r'var PLOTLY_FILE = "([^"]+)"', loader).group(1)
    return {site / "_static" / bundle} | {site / "_static" / "immunobook-figures" / k for k in keys}


def first_load(site: Path, page: Path) -> int:
    return sum(transfer_bytes(f) for f in first_load_files(site, page))


def with_charts(site: Path, page: Path) -> int:
    return sum(transfer_bytes(f) for f in first_load_files(site, page) | chart_files(site, page))
