"""The Plotly mime renderer: unit checks, a real build of the tiny test book, and a real browser."""

from __future__ import annotations

import json
import re
import shutil
from types import SimpleNamespace

import pytest

from conftest import RENDERER_BOOK, assert_built, build_book, rendered_plot_count, visit
from immunobook.book import plotly_renderer
from immunobook.book.plotly_renderer import PLOTLY_MIME, PlotlyMimeRenderer, figure_html


def fake_renderer(enabled: bool):
    """Just enough of myst-nb's element renderer for handle_mime."""
    calls = []
    env = SimpleNamespace(config=SimpleNamespace(immunobook_plotly_enabled=enabled))
    return SimpleNamespace(
        renderer=SimpleNamespace(sphinx_env=env),
        add_js_file=lambda key, uri, kwargs: calls.append((key, uri)),
        js_calls=calls,
    )


FIGURE = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"title": {"text": "A <b>title</b>"}}}


def test_figure_html_escapes_script_end_and_keeps_json_intact():
    figure = {"data": [{"type": "bar", "name": "</script><script>alert(1)</script>"}], "layout": {}}
    html = figure_html(figure, "fig-1")
    payload = re.search(r'data-target="fig-1">(.*)</script>$', html, re.S).group(1)
    assert "</script>" not in payload
    assert json.loads(payload.replace("<\\/", "</")) == figure
    assert 'aria-label="Interactive chart"' in html


def test_figure_html_labels_the_chart_with_its_title():
    assert 'aria-label="A &lt;b>title&lt;/b>"' in figure_html(FIGURE, "x")


def test_plugin_renders_plotly_json_and_registers_scripts():
    renderer = fake_renderer(enabled=True)
    data = SimpleNamespace(mime_type=PLOTLY_MIME, content=FIGURE)
    nodes = PlotlyMimeRenderer.handle_mime(renderer, data, inline=False)
    assert len(nodes) == 1 and 'class="immunobook-plotly"' in nodes[0].astext()
    assert [uri for _, uri in renderer.js_calls] == ["plotly.min.js", "immunobook-plotly.js"]


@pytest.mark.parametrize(
    "enabled, mime, inline",
    [(False, PLOTLY_MIME, False), (True, "text/html", False), (True, PLOTLY_MIME, True)],
)
def test_plugin_declines_what_it_should_not_render(enabled, mime, inline):
    renderer = fake_renderer(enabled)
    data = SimpleNamespace(mime_type=mime, content=FIGURE)
    assert PlotlyMimeRenderer.handle_mime(renderer, data, inline=inline) is None
    assert renderer.js_calls == []


def test_entry_point_is_registered():
    from importlib.metadata import entry_points

    names = {ep.value for ep in entry_points(group="myst_nb.mime_renderers")}
    assert "immunobook.book.plotly_renderer:PlotlyMimeRenderer" in names


@pytest.mark.build
def test_built_chart_page_has_charts_and_local_plotly_only_where_needed(renderer_html):
    chart_page = (renderer_html / "plotly-chart.html").read_text(encoding="utf-8")
    plain_page = (renderer_html / "index.html").read_text(encoding="utf-8")
    assert chart_page.count('class="immunobook-plotly"') == 2
    assert 'src="_static/plotly.min.js"' in chart_page
    assert "plotly.min.js" not in plain_page
    shipped = renderer_html / "_static" / "plotly.min.js"
    assert shipped.stat().st_size > 1_000_000  # the real library, copied from the plotly package
    assert not re.search(r'<script[^>]+src="https?://', chart_page)


@pytest.mark.build
def test_without_the_extension_the_chart_vanishes(tmp_path):
    """The trap this renderer exists for: with plotly >= 6 and no renderer, charts disappear."""
    book = tmp_path / "book"
    shutil.copytree(RENDERER_BOOK, book)
    config = (book / "_config.yml").read_text(encoding="utf-8")
    config = config.replace("    - immunobook.book.sphinx_ext\n", "    []\n").replace(
        "  extra_extensions:\n    []\n", "  extra_extensions: []\n"
    )
    config = config.replace("    immunobook_plotly_enabled: true\n", "")
    (book / "_config.yml").write_text(config, encoding="utf-8")
    result = build_book(book, tmp_path / "out", "--keep-going")
    assert_built(result)
    page = (tmp_path / "out" / "_build" / "html" / "plotly-chart.html").read_text(encoding="utf-8")
    assert "immunobook-plotly" not in page
    assert "plotly.min.js" not in page
    assert "unknown_mime_type" in result.stdout + result.stderr


@pytest.mark.browser
def test_charts_draw_in_chromium_with_no_external_request(browser, renderer_url):
    with visit(browser, f"{renderer_url}/plotly-chart.html") as seen:
        total, drawn = rendered_plot_count(seen.page)
        assert (total, drawn) == (2, 2)
        assert seen.external_requests == []
        assert seen.page_errors == []


@pytest.mark.browser
def test_updatemenu_click_changes_trace_visibility(browser, renderer_url):
    with visit(browser, f"{renderer_url}/plotly-chart.html") as seen:
        page = seen.page
        rendered_plot_count(page)
        first = page.locator(".immunobook-plotly").first
        assert page.evaluate("() => document.querySelector('.immunobook-plotly').data[0].visible") in (None, True)
        first.locator(".updatemenu-header-group").click()
        first.locator(".updatemenu-dropdown-button", has_text="Hide").click()
        page.wait_for_function("() => document.querySelector('.immunobook-plotly').data[0].visible === false")


@pytest.mark.browser
def test_page_without_charts_loads_no_plotly(browser, renderer_url):
    with visit(browser, f"{renderer_url}/index.html") as seen:
        assert seen.page.evaluate("() => typeof window.Plotly") == "undefined"
        assert seen.external_requests == []
