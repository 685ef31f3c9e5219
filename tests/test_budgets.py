"""Byte budgets of the built book (issue 10): every page's own HTML and a chapter's first load.

Readers are mostly on phones. The numbers are computed from the built files (see page_bytes.py), so
they are deterministic and a regression fails here; Lighthouse's view is printed by `make bench`.
"""

from __future__ import annotations

import re

import pytest

from page_bytes import first_load, first_load_files, with_charts
from test_chapters import toc_files

pytestmark = pytest.mark.build

OWN_HTML_LIMIT = 150 * 1024
FIRST_LOAD_LIMIT = 700 * 1024
#: First load plus plotly.js and every figure file, i.e. after scrolling through all the charts.
WITH_CHARTS_LIMIT = 1100 * 1024
PAGES = toc_files()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]


@pytest.mark.parametrize("name", PAGES + ["search", "genindex"])
def test_own_html_of_every_page_is_at_most_150_kb(book_html, name):
    size = (book_html / f"{name}.html").stat().st_size
    assert size <= OWN_HTML_LIMIT, f"{name}.html is {size / 1024:.0f} KiB (budget 150 KiB)"


@pytest.mark.parametrize("name", CHAPTERS)
def test_first_load_of_a_chapter_is_at_most_700_kb_gzip(book_html, name):
    page = book_html / f"{name}.html"
    total = first_load(book_html, page)
    files = sorted(first_load_files(book_html, page), key=lambda f: -f.stat().st_size)
    assert total <= FIRST_LOAD_LIMIT, (
        f"{name}: {total / 1024:.0f} KiB gzip on first load (budget 700 KiB); largest files: "
        + ", ".join(f.name for f in files[:6]))


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_with_all_its_charts_drawn_stays_within_budget(book_html, name):
    total = with_charts(book_html, book_html / f"{name}.html")
    assert total <= WITH_CHARTS_LIMIT, f"{name}: {total / 1024:.0f} KiB gzip with every chart drawn"


def test_no_page_loads_the_font_awesome_script_or_inline_quiz_library(book_html):
    for page in book_html.rglob("*.html"):
        if "_static" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in html, page
        assert "function show_questions" not in html, f"{page}: jupyterquiz library inlined"
        if page.name != "search.html":
            assert not re.search(r'src="[^"]*searchindex\.js', html), f"{page}: render-blocking search index"


def test_search_page_still_has_its_index(book_html):
    assert "searchindex.js" in (book_html / "search.html").read_text(encoding="utf-8")
