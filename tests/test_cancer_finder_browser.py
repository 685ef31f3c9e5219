"""The cancer finder in the built book, in a real Chromium on 127.0.0.1 with every other host blocked."""

from __future__ import annotations

import csv

import pytest

from conftest import ROOT, rendered_plot_count, visit
from immunobook.approvals.charts import finder_cancer_order, menu_label
from immunobook.approvals.data import load_approvals

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGE = "chapters/cancer-by-cancer.html"
FINDER = "#fig-cancer-finder .immunobook-plotly"
# The book's loader turns the figure's drop-down into an HTML <select> (keyboard and phone friendly).
MENU = "#fig-cancer-finder select[data-menu]"
# The marks a reader can see: those whose centre lies inside the plotting area (the y range of the
# chosen cancer), not counting the crosses that mark withdrawals.
VISIBLE_MARKS = """() => {
  const gd = document.querySelector('%s');
  const area = gd.querySelector('.nsewdrag').getBoundingClientRect();
  const inside = [...gd.querySelectorAll('.scatterlayer path.point')].filter(p => {
    const b = p.getBoundingClientRect();
    const x = b.left + b.width / 2, y = b.top + b.height / 2;
    return b.width > 0 && x >= area.left && x <= area.right && y >= area.top && y <= area.bottom;
  });
  return inside.length;
}""" % FINDER


def _csv_count(column: str, value: str) -> tuple[int, int]:
    with open(ROOT / "data" / "fda_approvals.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r[column] == value]
    return len(rows), sum(1 for r in rows if r["withdrawn_date"])


def test_every_chart_on_the_page_renders_offline(browser, book_url):
    with visit(browser, f"{book_url}/{PAGE}", wait_ms=300) as seen:
        total, drawn = rendered_plot_count(seen.page)
        # The finder and the static views of lung, kidney, bladder and the lymphomas.
        assert total >= 5 and drawn == total
        assert seen.external_requests == [], seen.external_requests
        assert seen.page_errors == [] and seen.console_errors == []


def test_choosing_renal_cell_carcinoma_shows_exactly_its_actions(browser, book_url):
    melanoma, melanoma_withdrawn = _csv_count("cancer_type", "Melanoma")
    kidney, kidney_withdrawn = _csv_count("cancer_type", "Renal cell carcinoma")
    with visit(browser, f"{book_url}/{PAGE}") as seen:
        page = seen.page
        rendered_plot_count(page)
        chart = page.locator(FINDER)
        assert page.evaluate(VISIBLE_MARKS) == melanoma + melanoma_withdrawn
        page.select_option(MENU, label=menu_label("Renal cell carcinoma"))
        page.wait_for_function(
            f"() => document.querySelector('{FINDER}').layout.title.text === 'Renal cell carcinoma: {kidney} actions'")
        page.wait_for_timeout(300)
        assert page.evaluate(VISIBLE_MARKS) == kidney + kidney_withdrawn
        # The categories in range are all the kidney entry's, and there are as many action marks on
        # them as the CSV has kidney cancer rows.
        menu = page.evaluate(f"""() => {{
            const gd = document.querySelector('{FINDER}');
            const select = document.querySelector('{MENU}');
            const shown = new Set(gd.layout.yaxis.categoryarray);
            const marks = gd.data.flatMap(t => (t.y || []).map((y, i) => [y, t.marker.symbol[i]]))
                                 .filter(([y, s]) => shown.has(y) && s !== 'x-thin-open');
            return {{name: select.options[select.selectedIndex].textContent, active: select.selectedIndex,
                     marks: marks.length, prefixes: [...new Set([...shown].map(c => c.split(':')[0]))]}};
        }}""")
        assert menu["name"] == menu_label("Renal cell carcinoma")
        # The legend now lists kidney cancer's therapy classes (and the symbol key), no others.
        with open(ROOT / "data" / "fda_approvals.csv", newline="", encoding="utf-8") as handle:
            classes = {r["therapy_class"] for r in csv.DictReader(handle) if r["cancer_type"] == "Renal cell carcinoma"}
        legend = set(chart.locator(".legend .legendtext").evaluate_all("els => els.map(e => e.textContent)"))
        assert classes <= legend
        assert not legend - classes - {"Regular approval", "Accelerated approval", "Label restricted",
                                       "Later withdrawn (× = date)"}
        assert menu["prefixes"] == [str(menu["active"])]
        assert menu["marks"] == kidney
        assert seen.external_requests == [] and seen.page_errors == []


def test_finder_fits_a_phone_in_light_and_dark(browser, book_url):
    with visit(browser, f"{book_url}/{PAGE}") as seen:
        page = seen.page
        page.set_viewport_size({"width": 390, "height": 844})
        rendered_plot_count(page)
        page.wait_for_timeout(500)
        for theme in ("light", "dark"):
            page.evaluate(f"() => document.documentElement.setAttribute('data-theme', '{theme}')")
            page.wait_for_timeout(300)
            menu = page.locator(MENU).bounding_box()
            svg = page.locator(f"{FINDER} svg.main-svg").first.bounding_box()
            assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 390
            assert svg["width"] <= 390
        # Every cancer type is an option of the (native, phone-friendly) drop-down.
        options = page.locator(f"{MENU} option")
        assert options.count() == len(finder_cancer_order(load_approvals()))
        assert seen.page_errors == [] and seen.console_errors == []
