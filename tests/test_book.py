"""The whole book builds with warnings as errors, and the HTML is self-contained."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from test_chapters import toc_files

pytestmark = pytest.mark.build
EXTERNAL_ASSET = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//[^"]+"', re.I)


def page(book_html, name: str) -> str:
    return (book_html / f"{name}.html").read_text(encoding="utf-8")


def test_every_toc_entry_is_built(book_html):
    for name in toc_files():
        assert (book_html / f"{name}.html").is_file(), name


def test_no_page_loads_assets_from_another_host(book_html):
    for html in book_html.rglob("*.html"):
        found = EXTERNAL_ASSET.findall(html.read_text(encoding="utf-8"))
        assert not found, f"{html.relative_to(book_html)} loads {found[:3]}"


def test_plotly_ships_once_and_only_chart_pages_load_it(book_html):
    # The chart loader fetches the plotly.js basic bundle (named with its version) when a chart nears
    # the screen; pages without charts do not even load the loader.
    bundles = list((book_html / "_static").glob("plotly-basic-*.min.js"))
    assert len(bundles) == 1 and bundles[0].stat().st_size > 1_000_000
    assert "immunobook-plotly.js" in page(book_html, "chapters/approval-landscape")
    assert "immunobook-plotly.js" not in page(book_html, "intro")


def test_approvals_chapter_has_its_figures_table_and_downloads(book_html):
    html = page(book_html, "chapters/approval-landscape")
    assert html.count('class="immunobook-plotly"') == 6
    for label in ("fig-approvals-by-type", "fig-approvals-over-time", "fig-agent-cancer-matrix",
                  "fig-first-approvals", "fig-approval-types", "fig-withdrawn"):
        assert f'id="{label}"' in html
    assert 'class="immunobook-table"' in html  # the offline table (rows load when it is shown)
    assert re.search(r'href="\.\./_downloads/[0-9a-f]+/fda_approvals\.csv"', html)
    downloads = list((book_html / "_downloads").rglob("fda_approvals.csv"))
    assert downloads and downloads[0].read_bytes() == (ROOT / "data" / "fda_approvals.csv").read_bytes()


def test_static_book_shows_launch_note_not_dead_widgets(book_html):
    html = page(book_html, "chapters/approval-landscape")
    assert "immunobook-live-note" in html
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert "widget-state" not in html


def test_intro_states_disclaimer_and_data_date(book_html):
    html = page(book_html, "intro")
    assert "Educational content, not medical advice" in html
    declared = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["current_to"]
    assert declared in html and "{{" not in html


def test_glued_numbers_are_rendered(book_html):
    html = page(book_html, "chapters/approval-landscape")
    assert "glue" not in re.sub(r"<[^>]+>", "", html).split("The record in one paragraph")[1][:600].lower()


def test_solutions_are_in_the_full_edition(book_html):
    html = page(book_html, "chapters/approval-landscape")
    assert html.count('class="solution dropdown admonition"') == 3 and 'id="sol:landscape-1"' in html


def test_student_edition_hides_solutions(student_build):
    """`make student` (the command how-to-use.md gives) writes the site to <build>/student/html."""
    from conftest import ROOT

    html = student_build.html
    assert "_build/student/html" in (ROOT / "how-to-use.md").read_text(encoding="utf-8")
    assert f"{html}/index.html" in student_build.stdout
    chapters = sorted((html / "chapters").glob("*.html"))
    assert chapters, f"no chapter pages in {html}"
    for chapter in chapters:
        text = chapter.read_text(encoding="utf-8")
        assert 'class="exercise' in text and 'class="solution' not in text, chapter.name
    assert "student edition" in (html / "intro.html").read_text(encoding="utf-8")


def test_no_page_shows_a_python_object_instead_of_a_value(book_html):
    """A string glued with {glue:text} renders as '<IPython.core.display.Markdown object>'."""
    for html in book_html.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "IPython.core.display" not in text and "object at 0x" not in text, html.relative_to(book_html)
