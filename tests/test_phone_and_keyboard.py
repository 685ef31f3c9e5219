"""Every chart of the built book on a 390 px phone (light and dark), by keyboard and by touch.

Charts are discovered in the built pages, so new chapters are checked without editing this file.
Geometry comes from Plotly's own layout (``_fullLayout._size``: the plot area) and the bounding boxes
of the drawn SVG text.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest

from test_chapters import toc_files

pytestmark = [pytest.mark.browser, pytest.mark.build]

PHONE = {"width": 390, "height": 844}
MIN_PLOT_WIDTH_SHARE = 0.5    # the plot area keeps at least half the chart's width
MIN_PLOT_HEIGHT_SHARE = 0.3   # ... and a third of its height
MAX_LEGEND_SHARE = 0.35       # a legend takes at most this share of the chart's height
MAX_CLS = 0.02


def chart_pages(book_html) -> list[str]:
    return [name for name in toc_files()
            if 'class="immunobook-plotly"' in (book_html / f"{name}.html").read_text(encoding="utf-8")]


@contextmanager
def phone(browser, url: str, scheme: str = "light"):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  color_scheme=scheme)
    errors = []
    context.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).hostname == "127.0.0.1"
                  else (errors.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    try:
        yield page
    finally:
        assert errors == []
        context.close()


def draw_all(page) -> int:
    charts = page.locator(".immunobook-plotly").all()
    for chart in charts:
        chart.scroll_into_view_if_needed()
        chart.locator("svg.main-svg").first.wait_for(timeout=60000)
    page.wait_for_timeout(300)
    return len(charts)


GEOMETRY = """(div) => {
  const full = div._fullLayout, size = full._size;
  const svg = div.querySelector('svg.main-svg').getBoundingClientRect();
  const plot = div.querySelector('.nsewdrag') ? div.querySelector('.nsewdrag').getBoundingClientRect() : null;
  const clipped = [];
  div.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .legendtext, .annotation-text')
    .forEach(t => {
      const r = t.getBoundingClientRect();
      if (!r.width) return;
      if (r.left < svg.left - 1 || r.right > svg.right + 1 || r.top < svg.top - 1 || r.bottom > svg.bottom + 1)
        clipped.push(t.textContent);
    });
  const legend = div.querySelector('.legend');
  const l = legend ? legend.getBoundingClientRect() : null;
  const overlap = !!(l && plot && l.left < plot.right - 2 && l.right > plot.left + 2 && l.top < plot.bottom - 2
                     && l.bottom > plot.top + 2);
  return {title: div.getAttribute('aria-labelledby') ? document.getElementById(div.getAttribute('aria-labelledby')).textContent : div.id,
          width: full.width, height: full.height, plotWidth: size.w, plotHeight: size.h, clipped,
          legendShare: l ? l.height / full.height : 0, legendOverPlot: overlap,
          dragmode: full.dragmode, modebar: !!div.querySelector('.modebar-container .modebar')};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_chart_is_readable_on_a_phone(browser, book_url, book_html, scheme):
    problems = []
    for name in chart_pages(book_html):
        with phone(browser, f"{book_url}/{name}.html", scheme) as page:
            draw_all(page)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], name
            for chart in page.locator(".immunobook-plotly").all():
                g = chart.evaluate(GEOMETRY)
                where = f"{name}: {g['title'][:60]}"
                if g["plotWidth"] < MIN_PLOT_WIDTH_SHARE * g["width"]:
                    problems.append(f"{where}: plot area {g['plotWidth']:.0f} of {g['width']:.0f} px wide")
                if g["plotHeight"] < MIN_PLOT_HEIGHT_SHARE * g["height"]:
                    problems.append(f"{where}: plot area {g['plotHeight']:.0f} of {g['height']:.0f} px high")
                if g["clipped"]:
                    problems.append(f"{where}: clipped labels {g['clipped'][:4]}")
                if g["legendShare"] > MAX_LEGEND_SHARE or g["legendOverPlot"]:
                    problems.append(f"{where}: legend takes {g['legendShare']:.0%} / over plot {g['legendOverPlot']}")
                if g["dragmode"] is not False or g["modebar"]:
                    problems.append(f"{where}: drag-zoom {g['dragmode']} or mode bar on a touch phone")
    assert problems == []


def test_a_vertical_swipe_over_a_chart_scrolls_the_page(browser, book_url, book_html):
    for name in chart_pages(book_html):
        with phone(browser, f"{book_url}/{name}.html") as page:
            chart = page.locator(".immunobook-plotly").first
            chart.scroll_into_view_if_needed()
            chart.locator(".nsewdrag").first.wait_for(timeout=60000)
            box = chart.locator(".nsewdrag").first.bounding_box()
            before = page.evaluate("() => window.scrollY")
            session = page.context.new_cdp_session(page)
            x, y = box["x"] + box["width"] / 2, min(box["y"] + box["height"] / 2, PHONE["height"] - 150)
            # A finger moving 300 px up over the plot area, as real touch events.
            session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
            for step in range(1, 11):
                session.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                                          "touchPoints": [{"x": x, "y": y - 30 * step}]})
                page.wait_for_timeout(16)
            session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
            page.wait_for_timeout(300)
            assert page.evaluate("() => window.scrollY") - before > 150, name


@pytest.mark.parametrize("width", [390, 1280])
def test_drawing_the_charts_does_not_shift_the_page(browser, book_url, book_html, width):
    for name in chart_pages(book_html):
        context = browser.new_context(viewport={"width": width, "height": 844})
        page = context.new_page()
        # Shifts of the article's content only: the theme's "On this page" list opens and closes
        # sections as the reader scrolls, which is not what this test is about.
        page.add_init_script("""window.__shift = 0; new PerformanceObserver(list => {
            for (const e of list.getEntries()) {
              const inArticle = e.sources.some(s => s.node && s.node.closest && s.node.closest('article'));
              if (!e.hadRecentInput && inArticle) window.__shift += e.value;
            }
        }).observe({type: 'layout-shift', buffered: true});""")
        page.goto(f"{book_url}/{name}.html", wait_until="load")
        height = page.evaluate("() => document.body.scrollHeight")
        for y in range(0, height, 400):
            page.evaluate(f"() => window.scrollTo(0, {y})")
            page.wait_for_timeout(120)
        draw_all(page)
        shift = page.evaluate("() => window.__shift")
        context.close()
        assert shift <= MAX_CLS, f"{name} at {width} px: cumulative layout shift {shift:.3f}"


def _tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def _focus_ring(page) -> str:
    return page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                         " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? s.outlineStyle : ''; }")


def _figure_file(html: str, figure_id: str) -> str:
    """The figure file the loader fetches for the chart inside ``<figure id=figure_id>``."""
    start = html.index(f'id="{figure_id}"')
    return re.search(r'data-figure="([^"]+)"', html[start:]).group(1)


def test_keyboard_alone_switches_a_menu_and_moves_a_slider(browser, book_url, book_html):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Hold back the over-time chart's figure file, so its button is pressed while the chart is still
    # loading (as on a slow phone connection): the press must not be lost.
    held_file = _figure_file((book_html / "chapters/approval-landscape.html").read_text(encoding="utf-8"),
                             "fig-approvals-over-time")
    held = []

    def hold(route):
        held.append(route)

    context.route(f"**/immunobook-figures/{held_file}", hold)
    page = context.new_page()
    page.goto(f"{book_url}/chapters/approval-landscape.html", wait_until="load")
    _tab_to(page, "#fig-approvals-by-type select")
    assert _focus_ring(page)
    page.keyboard.press("ArrowDown")  # the next class in the drop-down
    page.wait_for_function(
        "() => { const d = document.querySelector('#fig-approvals-by-type .immunobook-plotly');"
        " return d.data && d.data.filter(t => t.visible !== false).length === 1; }", timeout=60000)
    _tab_to(page, "#fig-approvals-over-time button[aria-pressed=false]")
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert held, "the over-time chart's figure file was never requested"
    assert page.evaluate("() => !document.querySelector('#fig-approvals-over-time .immunobook-plotly-drawn')")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true"
    for route in held:
        route.continue_()
    context.unroute(f"**/immunobook-figures/{held_file}", hold)
    page.wait_for_function("() => { const d = document.querySelector('#fig-approvals-over-time .immunobook-plotly');"
                           " return d.layout && d.layout.yaxis.title.text === 'Approval actions to date'; }",
                           timeout=60000)

    page.goto(f"{book_url}/chapters/cancer-and-immunity.html", wait_until="load")
    _tab_to(page, "input[type=range]")
    assert _focus_ring(page)
    chart = page.evaluate_handle("() => document.activeElement.closest('.immunobook-chart')")
    page.wait_for_function("(c) => c.querySelector('.immunobook-plotly-drawn')", arg=chart, timeout=60000)
    read = "(c) => [c.querySelector('output').textContent, c.querySelector('.immunobook-chart-title').textContent," \
           " JSON.stringify(Array.from(c.querySelector('.immunobook-plotly')._fullData[0].y).slice(0, 200))]"
    before = page.evaluate(read, chart)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"([c, b]) => ({read})(c)[2] !== b", arg=[chart, before[2]], timeout=60000)
    after = page.evaluate(read, chart)
    assert after[0] != before[0] and after[1] != before[1]
    context.close()
