"""Every figure of the built book, read from the figure files the pages load (so the therapy
chapters are checked too): the bundle can draw it, its text is clean, it has a summary under it, and
its marks are visible on the dark page."""

from __future__ import annotations

import json
import re

import pytest

from immunobook.book import plotly_bundle
from test_chapters import toc_files

pytestmark = pytest.mark.build

DARK_BACKGROUND = "#121212"  # pydata-sphinx-theme's dark page background
MIN_CONTRAST = 3.0
DIRTY = re.compile(r"\\u[0-9a-fA-F]{4}|<br\s*/?>|&lt;|&gt;|&amp;|<[a-z]", re.I)


def built_figures(book_html) -> list[tuple[str, str, dict]]:
    """(page, figure key, figure) for every chart on every page of the book."""
    found = []
    for name in toc_files():
        html = (book_html / f"{name}.html").read_text(encoding="utf-8")
        for key in re.findall(r'data-figure="([^"]+)"', html):
            text = (book_html / "_static" / "immunobook-figures" / key).read_text(encoding="utf-8")
            payload = re.fullmatch(r'window\.immunobookFigure\("[^"]+",(.*)\);\n', text, re.S).group(1)
            found.append((name, key, json.loads(payload)))
    return found


def chart_blocks(book_html) -> list[tuple[str, str]]:
    blocks = []
    for name in toc_files():
        html = (book_html / f"{name}.html").read_text(encoding="utf-8")
        blocks += [(name, b) for b in re.findall(r'<div class="immunobook-chart" .*?(?=<div class="immunobook-chart" |$)',
                                                  html, re.S)]
    return blocks


def test_the_book_has_charts_to_check(book_html):
    assert len(built_figures(book_html)) >= 9


def test_every_trace_type_is_in_the_shipped_bundle(book_html):
    used = {(name, t) for name, _, fig in built_figures(book_html) for t in
            {tr.get("type", "scatter") for tr in fig["data"] + [x for f in fig.get("frames", []) for x in f["data"]]}}
    assert {t for _, t in used} <= plotly_bundle.TRACE_TYPES, sorted(used)


def _texts(figure: dict):
    """Every piece of text Plotly draws or the loader shows as a label."""
    layout = figure["layout"]
    for trace in figure["data"]:
        yield "trace name", trace.get("name")
    for key, value in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key) and isinstance(value, dict):
            title = value.get("title")
            yield f"{key} title", title.get("text") if isinstance(title, dict) else title
            for tick in value.get("ticktext") or []:
                yield f"{key} tick", tick
    for note in layout.get("annotations") or []:
        yield "annotation", note.get("text")
    extras = figure.get("immunobook", {})
    for menu in extras.get("menus", []):
        for button in menu.get("buttons", []):
            yield "menu item", button.get("label")
    for slider in extras.get("sliders", []):
        yield "slider prefix", (slider.get("currentvalue") or {}).get("prefix")
        for step in slider.get("steps", []):
            yield "slider step", step.get("label")
    for title in extras.get("frame_titles", {}).values():
        yield "frame title", title


def test_figure_labels_are_clean_text(book_html):
    # In tick labels Plotly draws <br> as a line break (the finder wraps long regimen names that
    # way to fit a phone); anywhere else it would show as literal text or in an HTML label.
    dirty = [(name, where, text) for name, _, fig in built_figures(book_html)
             for where, text in _texts(fig)
             if text and DIRTY.search(re.sub(r"<br>", " ", str(text)) if where.endswith(" tick") else str(text))]
    assert dirty == []


def test_every_chart_has_a_visible_summary_and_a_clean_title(book_html):
    blocks = chart_blocks(book_html)
    assert blocks
    for name, block in blocks:
        summary = re.search(r'<p class="immunobook-chart-summary">([^<]{30,})</p>', block)
        assert summary, f"{name}: a chart without a summary sentence (set layout.meta['summary'])"
        title = re.search(r'<span class="immunobook-chart-title-text">([^<]+)</span>', block)
        assert title and not DIRTY.search(title.group(1).replace("&amp;", "")), (name, title)


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mark_colours(trace: dict):
    """The solid colours that draw a trace's marks (markers, lines, bars; not outlines of fills)."""
    mode = trace.get("mode", "markers" if trace.get("type") == "bar" else "lines")
    marker, line = trace.get("marker") or {}, trace.get("line") or {}
    if trace.get("type") == "bar" or "markers" in mode:
        colour = marker.get("color")
        if isinstance(colour, str) and colour.startswith("#"):
            yield "marker", colour
    if trace.get("type") != "bar" and "lines" in mode and isinstance(line.get("color"), str) \
            and line["color"].startswith("#"):
        yield "line", line["color"]


def test_no_mark_is_below_3_to_1_on_the_dark_page(book_html):
    weak = []
    for name, _, fig in built_figures(book_html):
        for trace in fig["data"]:
            for what, colour in _mark_colours(trace):
                ratio = contrast(colour, DARK_BACKGROUND)
                if ratio < MIN_CONTRAST:
                    weak.append((name, trace.get("name"), what, colour, round(ratio, 2)))
    assert weak == []


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#000000", DARK_BACKGROUND) < 1.2  # the invisible black marker the audit found
