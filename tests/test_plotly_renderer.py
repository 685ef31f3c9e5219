"""The Plotly mime renderer: unit checks, a real build of the tiny test book, and a real browser."""

from __future__ import annotations

import json
import re
import shutil
from types import SimpleNamespace

import pytest

from conftest import RENDERER_BOOK, assert_built, build_book, rendered_plot_count, visit
from immunobook.book import plotly_renderer
from immunobook.book.plotly_renderer import PLOTLY_MIME, PlotlyMimeRenderer, figure_html, slim_frames


def fake_renderer(enabled: bool, outdir=None):
    """Just enough of myst-nb's element renderer for handle_mime."""
    calls = []
    env = SimpleNamespace(config=SimpleNamespace(immunobook_plotly_enabled=enabled),
                          app=SimpleNamespace(outdir=str(outdir)))
    return SimpleNamespace(
        renderer=SimpleNamespace(sphinx_env=env),
        add_js_file=lambda key, uri, kwargs: calls.append((key, uri)),
        js_calls=calls,
    )


FIGURE = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"title": {"text": "A <b>title</b>"}}}


def figure_payload(script: str) -> dict:
    match = re.fullmatch(r'window\.immunobookFigure\("([^"]+)",(.*)\);\n', script, re.S)
    return json.loads(match.group(2))


def test_title_becomes_clean_html_text_and_leaves_the_svg():
    figure = {"data": [], "layout": {"title": {"text": "Killing \u00d7 2<br>σ = 0.1 &amp; <b>more</b>",
                                               "subtitle": {"text": "Source: here"}}}}
    body, script = figure_html(figure, "fig-1")
    assert '<span class="immunobook-chart-title-text">Killing × 2 σ = 0.1 &amp; more</span>' in body
    assert "Source: here" in body
    assert 'aria-labelledby="fig-1-title"' in body
    assert "title" not in figure_payload(script)["layout"]


def test_figure_file_keeps_script_end_out_of_html_and_json_intact():
    figure = {"data": [{"type": "bar", "name": "</script><script>alert(1)</script>"}], "layout": {}}
    body, script = figure_html(figure, "fig-1")
    assert "alert" not in body
    assert figure_payload(script)["data"] == figure["data"]
    assert 'aria-label="Interactive chart"' in body


def test_menus_and_sliders_become_keyboard_controls():
    figure = {"data": [{"type": "scatter", "y": [1]}], "layout": {
        "updatemenus": [{"type": "dropdown", "name": "Therapy class", "active": 1, "buttons": [
            {"label": "All", "method": "restyle", "args": [{"visible": [True]}]},
            {"label": "<b>One</b>", "method": "restyle", "args": [{"visible": [False]}]}]},
            {"type": "buttons", "name": "Count", "buttons": [{"label": "Per year", "method": "skip"}]}],
        "sliders": [{"active": 0, "currentvalue": {"prefix": "Dose: "},
                     "steps": [{"label": "1", "method": "animate", "args": [["d=1"]]},
                               {"label": "2", "method": "animate", "args": [["d=2"]]}]}]}}
    body, script = figure_html(figure, "f")
    assert '<label class="immunobook-chart-select" for="f-menu-0">Therapy class <select' in body
    assert '<option value="1" selected>One</option>' in body
    assert 'role="group" aria-label="Count"' in body and 'aria-pressed="true">Per year</button>' in body
    assert 'type="range"' in body and 'max="1"' in body and 'aria-valuetext="Dose: 1"' in body
    payload = figure_payload(script)
    assert "updatemenus" not in payload["layout"] and "sliders" not in payload["layout"]
    assert payload["immunobook"]["menus"][0]["buttons"][1]["args"] == [{"visible": [False]}]


def test_summary_and_reserved_height_are_in_the_page():
    figure = {"data": [], "layout": {"height": 520, "meta": {"summary": "Twelve <i>things</i>.",
                                                             "phone": {"height": 600, "min_width": 900}}}}
    body, _ = figure_html(figure, "f")
    assert '<p class="immunobook-chart-summary">Twelve things.</p>' in body
    assert "--chart-height:520px;--chart-narrow-height:600px" in body
    assert 'class="immunobook-chart-scroll" tabindex="0" role="region"' in body


def test_trace_type_outside_the_basic_bundle_is_a_clear_error():
    figure = {"data": [{"type": "heatmap", "z": [[1]]}], "layout": {"title": {"text": "Heat"}}}
    with pytest.raises(ValueError, match=r"'Heat' uses trace type\(s\) \['heatmap'\].*basic bundle"):
        figure_html(figure, "f")


def _animate(data: list[dict], frame: dict) -> list[dict]:
    """What plotly.js's animate does to the traces: frame attributes overwrite the current ones."""
    out = [dict(t) for t in data]
    for position, trace in zip(frame.get("traces", range(len(frame["data"]))), frame["data"]):
        out[position] = {**out[position], **trace}
    return out


def test_slim_frames_keep_every_frame_exact_from_any_previous_frame():
    shared = {"dtype": "f4", "bdata": "AAAAAAAAgD8="}
    def trace(y, colour="red"):
        return {"type": "scatter", "x": shared, "y": y, "name": "T", "line": {"color": colour}}
    full = [{"name": "a", "traces": [0], "data": [trace([1, 2])]},
            {"name": "b", "traces": [0], "data": [trace([3, 4], "blue")]},
            {"name": "c", "traces": [0], "data": [trace([5, 6])]}]
    figure = {"data": [trace([1, 2])], "frames": json.loads(json.dumps(full))}
    slim_frames(figure)
    assert set(figure["frames"][1]["data"][0]) == {"type", "y", "line"}  # x and name are shared
    for start in full:
        for goal_slim, goal_full in zip(figure["frames"], full):
            assert _animate(_animate(figure["data"], start), goal_slim) == _animate(figure["data"], goal_full)


def test_plugin_renders_plotly_json_writes_the_figure_file_and_registers_the_loader(tmp_path):
    renderer = fake_renderer(enabled=True, outdir=tmp_path)
    data = SimpleNamespace(mime_type=PLOTLY_MIME, content=FIGURE)
    nodes = PlotlyMimeRenderer.handle_mime(renderer, data, inline=False)
    assert len(nodes) == 1 and 'class="immunobook-plotly"' in nodes[0].astext()
    assert [uri for _, uri in renderer.js_calls] == ["immunobook-plotly.js"]
    key = re.search(r'data-figure="([^"]+)"', nodes[0].astext()).group(1)
    written = (tmp_path / "_static" / "immunobook-figures" / key).read_text(encoding="utf-8")
    assert figure_payload(written)["data"] == FIGURE["data"]


@pytest.mark.parametrize(
    "enabled, mime, inline",
    [(False, PLOTLY_MIME, False), (True, "text/html", False), (True, PLOTLY_MIME, True)],
)
def test_plugin_declines_what_it_should_not_render(enabled, mime, inline, tmp_path):
    renderer = fake_renderer(enabled, tmp_path)
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
    assert 'src="_static/immunobook-plotly.js"' in chart_page
    assert "immunobook-plotly" not in plain_page
    loader = (renderer_html / "_static" / "immunobook-plotly.js").read_text(encoding="utf-8")
    bundle = re.search(r'var PLOTLY_FILE = "([^"]+)"', loader).group(1)
    assert (renderer_html / "_static" / bundle).stat().st_size > 1_000_000  # the real library
    for key in re.findall(r'data-figure="([^"]+)"', chart_page):
        assert (renderer_html / "_static" / "immunobook-figures" / key).is_file()
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
    assert "unknown_mime_type" in result.stdout + result.stderr


@pytest.mark.browser
def test_charts_draw_in_chromium_with_no_external_request(browser, renderer_url):
    with visit(browser, f"{renderer_url}/plotly-chart.html") as seen:
        total, drawn = rendered_plot_count(seen.page)
        assert (total, drawn) == (2, 2)
        assert seen.external_requests == []
        assert seen.page_errors == []


@pytest.mark.browser
def test_html_menu_changes_trace_visibility(browser, renderer_url):
    with visit(browser, f"{renderer_url}/plotly-chart.html") as seen:
        page = seen.page
        rendered_plot_count(page)
        assert page.evaluate("() => document.querySelector('.immunobook-plotly').data[0].visible") in (None, True)
        page.select_option(".immunobook-chart select", label="Hide")
        page.wait_for_function("() => document.querySelector('.immunobook-plotly').data[0].visible === false")


@pytest.mark.browser
def test_page_without_charts_loads_no_plotly(browser, renderer_url):
    with visit(browser, f"{renderer_url}/index.html") as seen:
        assert seen.page.evaluate("() => typeof window.Plotly") == "undefined"
        assert seen.external_requests == []
