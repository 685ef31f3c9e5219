"""The built book in a real Chromium, served from 127.0.0.1, with every other host blocked."""

from __future__ import annotations

import re

import pytest

from conftest import rendered_plot_count, visit
from test_chapters import toc_files

pytestmark = [pytest.mark.browser, pytest.mark.build]
PAGES = toc_files() + ["search"]


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_offline_and_draws_every_chart(browser, book_url, name):
    with visit(browser, f"{book_url}/{name}.html", wait_ms=300) as seen:
        total, drawn = rendered_plot_count(seen.page)
        assert drawn == total
        assert seen.external_requests == [], seen.external_requests
        assert seen.page_errors == []
        assert seen.console_errors == []


def test_cancer_type_menu_switches_classes(browser, book_url):
    with visit(browser, f"{book_url}/chapters/approval-landscape.html") as seen:
        page = seen.page
        rendered_plot_count(page)
        visible = ("() => document.querySelector('#fig-approvals-by-type .immunobook-plotly').data"
                   ".filter(t => t.visible !== false).map(t => t.name)")
        assert len(page.evaluate(visible)) > 1
        page.select_option("#fig-approvals-by-type select", label="CAR T cell therapy")
        page.wait_for_function(f"() => ({visible})().length === 1")
        assert page.evaluate(visible) == ["CAR T cell therapy"]


def test_over_time_buttons_switch_to_cumulative(browser, book_url):
    with visit(browser, f"{book_url}/chapters/approval-landscape.html") as seen:
        page = seen.page
        rendered_plot_count(page)
        button = page.locator("#fig-approvals-over-time button", has_text="Cumulative")
        button.click()
        page.wait_for_function(
            "() => document.querySelector('#fig-approvals-over-time .immunobook-plotly')"
            ".layout.yaxis.title.text === 'Approval actions to date'")
        assert button.get_attribute("aria-pressed") == "true"


def test_table_shows_rows_before_loading_and_search_narrows_them(browser, book_url):
    with visit(browser, f"{book_url}/chapters/approval-landscape.html") as seen:
        page = seen.page
        preview = page.locator(".immunobook-table tbody tr")
        assert preview.count() == 10  # readable before any script runs
        total = re.search(r"of (\d+) rows", page.locator(".immunobook-table-note").inner_text()).group(1)
        page.locator(".immunobook-table").scroll_into_view_if_needed()
        page.locator(".immunobook-table-scroll").focus()  # the reader tabs into the table
        search = page.locator(".dt-search input, .dataTables_filter input").first
        search.wait_for(timeout=20000)
        info = page.locator(".dt-info, .dataTables_info").first
        before = info.inner_text()
        assert total in before.replace(",", "")  # every row arrived, not only the preview
        search.fill("tisagenlecleucel")
        page.wait_for_function(
            "(b) => { const e = document.querySelector('.dt-info, .dataTables_info'); return e && e.innerText !== b; }",
            arg=before)
        rows = page.locator("table.dataTable tbody tr")
        texts = rows.all_inner_texts()
        assert 0 < len(texts) < 10
        assert all("tisagenlecleucel" in t for t in texts)
        assert seen.page_errors == [] and seen.external_requests == []


def test_quiz_gives_feedback_without_a_kernel(browser, book_url):
    with visit(browser, f"{book_url}/chapters/approval-landscape.html") as seen:
        page = seen.page
        answer = page.locator(".MCButton").first
        answer.wait_for(timeout=10000)
        assert page.locator("script[src*='immunobook-quiz.js']").count() == 1  # the shared library
        answer.click()
        feedback = page.locator(".Feedback").first
        page.wait_for_function("() => [...document.querySelectorAll('.Feedback')].some(f => f.innerText.trim())")
        assert feedback.count() >= 1


def test_dark_mode_keeps_charts_drawn(browser, book_url):
    with visit(browser, f"{book_url}/chapters/approval-landscape.html") as seen:
        page = seen.page
        rendered_plot_count(page)
        page.evaluate("() => document.documentElement.setAttribute('data-theme', 'dark')")
        page.wait_for_function(
            "() => { const d = document.querySelector('.immunobook-plotly');"
            " return d.layout.font.color && d.layout.font.color !== '#2b2b2b'; }")
        assert seen.page_errors == [] and seen.console_errors == []


@pytest.mark.parametrize("name", toc_files())
def test_no_serious_accessibility_violations(browser, book_url, name):
    """axe-core in the page: no 'serious' or 'critical' findings (contrast, names, labels...)."""
    from axe_playwright_python.sync_playwright import Axe

    with visit(browser, f"{book_url}/{name}.html", wait_ms=500) as seen:
        rendered_plot_count(seen.page)
        violations = Axe().run(seen.page).response["violations"]
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == []
        assert seen.external_requests == []
