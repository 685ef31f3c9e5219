"""A myst-nb mime renderer for Plotly figures, built for phones, keyboards and small pages.

With plotly >= 6 a kernel emits only ``application/vnd.plotly.v1+json``. myst-nb has no renderer for
that type and drops the output, so without this plugin every chart silently vanishes from the HTML.
Registered through the ``myst_nb.mime_renderers`` entry point in pyproject.toml; it only acts when
the ``immunobook.book.sphinx_ext`` extension is enabled in ``_config.yml``.

Each figure becomes text that paints at once and a chart that is drawn later:

- the title (and subtitle) as an HTML heading, which wraps on a phone and names the figure;
- Plotly's drop-downs, buttons and sliders as real HTML controls (``<select>``, ``<button>``,
  ``<input type="range">``) that ``static/immunobook-plotly.js`` wires to the figure, so they work
  with Tab and the arrow keys; Plotly's own copies are removed from the SVG;
- a one-line summary (``layout.meta["summary"]``, set by the chart functions) under the chart;
- a placeholder with the chart's height reserved, so nothing jumps when it is drawn;
- the figure JSON itself in a small script file under ``_static/immunobook-figures/`` named by its
  content hash, fetched (with plotly.js) only when the chart nears the viewport. Slider frames keep
  only what changes between frames.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from itertools import count
from pathlib import Path

from docutils import nodes

from .plotly_bundle import TRACE_TYPES, unsupported_traces
from .table_renderer import TABLE_JS, TABLE_MIME, TABLES_DIR, table_html

PLOTLY_MIME = "application/vnd.plotly.v1+json"
LOADER_JS = "immunobook-plotly.js"
LOADER_CSS = "immunobook-plotly.css"
FIGURES_DIR = "immunobook-figures"
ENABLED_CONFIG = "immunobook_plotly_enabled"
DEFAULT_HEIGHT = 450
#: Top margin once the title and menus have moved out of the SVG (room for a legend above the plot).
TOP_MARGIN = 24

_ids = count(1)
_TAGS = re.compile(r"<[^>]+>")


def _enabled(renderer) -> bool:
    env = renderer.renderer.sphinx_env
    return bool(env is not None and getattr(env.config, ENABLED_CONFIG, False))


def plain_text(text) -> str:
    """Figure text as a reader sees it: ``<br>`` as a space, other tags dropped, entities decoded."""
    text = re.sub(r"<br\s*/?>", " ", str(text or ""), flags=re.I)
    return re.sub(r"\s+", " ", html.unescape(_TAGS.sub("", text))).strip()


def _title_parts(layout: dict) -> tuple[str, str]:
    title = layout.get("title") or {}
    if isinstance(title, str):
        return plain_text(title), ""
    subtitle = title.get("subtitle") or {}
    subtitle = subtitle.get("text", "") if isinstance(subtitle, dict) else subtitle
    return plain_text(title.get("text", "")), plain_text(subtitle)


def slim_frames(figure: dict) -> None:
    """Keep in each frame only the trace attributes that differ somewhere between the frames and the
    initial data: the rest (shared x grids, names, line styles, hover templates) is already on the
    figure. A property dropped from every frame is identical in all of them, so animating from any
    frame to any other still gives exactly the full frame."""
    frames = figure.get("frames") or []
    data = figure.get("data") or []
    if not frames:
        return
    for position in range(max(len(f.get("data") or []) for f in frames)):
        copies = [f["data"][position] for f in frames if len(f.get("data") or []) > position]
        if len(copies) != len(frames):
            continue
        target = frames[0].get("traces", list(range(len(frames[0]["data"]))))[position]
        if any(f.get("traces", list(range(len(f["data"]))))[position] != target for f in frames):
            continue
        base = data[target] if target < len(data) else {}
        keys = set().union(*copies)
        constant = {k for k in keys
                    if all(k in c and c[k] == base.get(k) for c in copies) and k != "type"}
        for copy in copies:
            for key in constant:
                del copy[key]


def _move_frame_titles(figure: dict) -> dict[str, str]:
    """Frame titles become text the loader writes into the HTML heading (frame name -> title)."""
    titles = {}
    for frame in figure.get("frames") or []:
        layout = frame.get("layout") or {}
        title = layout.pop("title", None)
        if title is not None:
            text = title.get("text", "") if isinstance(title, dict) else title
            titles[str(frame.get("name"))] = plain_text(text)
        if not layout:
            frame.pop("layout", None)
    return titles


def _control_label(item: dict, fallback: str) -> str:
    return plain_text(item.get("name") or fallback)


def controls_html(div_id: str, menus: list[dict], sliders: list[dict], frame_titles: dict) -> str:
    """HTML controls mirroring the figure's updatemenus and sliders (wired by the loader)."""
    parts = []
    for m, menu in enumerate(menus):
        buttons = [b for b in menu.get("buttons") or [] if b.get("visible", True) is not False]
        active = menu.get("active", 0)
        label = _control_label(menu, "Chart view")
        control_id = f"{div_id}-menu-{m}"
        if menu.get("type") == "buttons":
            items = "".join(
                f'<button type="button" data-index="{i}" aria-pressed="{"true" if i == active else "false"}">'
                f"{html.escape(plain_text(b.get('label', '')))}</button>"
                for i, b in enumerate(buttons))
            parts.append(f'<div class="immunobook-chart-buttons" role="group" aria-label="{html.escape(label)}" '
                         f'data-menu="{m}">{items}</div>')
        else:
            options = "".join(
                f'<option value="{i}"{" selected" if i == active else ""}>'
                f"{html.escape(plain_text(b.get('label', '')))}</option>"
                for i, b in enumerate(buttons))
            parts.append(f'<label class="immunobook-chart-select" for="{control_id}">{html.escape(label)} '
                         f'<select id="{control_id}" data-menu="{m}">{options}</select></label>')
    for s, slider in enumerate(sliders):
        steps = slider.get("steps") or []
        active = int(slider.get("active", 0))
        prefix = plain_text((slider.get("currentvalue") or {}).get("prefix", "")) or "Value:"
        value = plain_text(steps[active].get("label", "")) if steps else ""
        control_id = f"{div_id}-slider-{s}"
        parts.append(
            f'<div class="immunobook-chart-slider"><label for="{control_id}">{html.escape(prefix)} '
            f'<output for="{control_id}">{html.escape(value)}</output></label>'
            f'<input type="range" id="{control_id}" data-slider="{s}" min="0" max="{max(len(steps) - 1, 0)}" '
            f'step="1" value="{active}" data-prefix="{html.escape(prefix)}" aria-valuetext="{html.escape(prefix + " " + value)}"></div>')
    if not parts:
        return ""
    return f'<div class="immunobook-chart-controls">{"".join(parts)}</div>'


def prepare(figure: dict) -> tuple[dict, dict]:
    """Split a Plotly figure into what the page shows as HTML and what the loader draws.

    Returns ``(page, payload)``: ``page`` has the title, subtitle, summary, controls and sizes;
    ``payload`` is the figure to draw, with ``immunobook`` extras for the loader.
    """
    unsupported = unsupported_traces(figure)
    if unsupported:
        raise ValueError(
            f"figure {_title_parts(figure.get('layout') or {})[0]!r} uses trace type(s) {sorted(unsupported)}, "
            f"which the book's plotly.js basic bundle cannot draw (it has {sorted(TRACE_TYPES)})")
    figure = json.loads(json.dumps(figure))  # a deep copy we may change
    layout = figure.setdefault("layout", {})
    title, subtitle = _title_parts(layout)
    layout.pop("title", None)
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    phone = dict(meta.get("phone") or {})
    menus = layout.pop("updatemenus", None) or []
    sliders = layout.pop("sliders", None) or []
    margin = layout.setdefault("margin", {})
    margin["t"] = TOP_MARGIN
    if sliders:
        margin["b"] = min(margin.get("b", 10), 10)
    frame_titles = _move_frame_titles(figure)
    slim_frames(figure)
    height = int(layout.get("height") or DEFAULT_HEIGHT)
    page = {
        "title": title, "subtitle": subtitle, "summary": plain_text(meta.get("summary", "")),
        "height": height, "narrow_height": int(phone.get("height", height)),
        "min_width": int(phone.get("min_width", 0)),
    }
    figure["immunobook"] = {"menus": menus, "sliders": sliders, "frame_titles": frame_titles, "phone": phone}
    return page, figure


def payload_script(figure_key: str, payload: dict) -> str:
    """The figure file: a script (not JSON) so it also loads from file:// when the book is opened
    from disk. It hands the figure to the loader's registry."""
    text = json.dumps(payload, separators=(",", ":"), allow_nan=False, ensure_ascii=False)
    return f"window.immunobookFigure({json.dumps(figure_key)},{text});\n"


def figure_html(figure: dict, div_id: str, figure_file: str | None = None) -> tuple[str, str]:
    """The page's HTML for one figure and the text of its figure file (named ``figure_file``; by
    default its content hash)."""
    page, payload = prepare(figure)
    script = payload_script("", payload)
    key = figure_file or hashlib.sha256(script.encode("utf-8")).hexdigest()[:20] + ".js"
    script = payload_script(key, payload)
    title_id = f"{div_id}-title"
    heading = ""
    if page["title"]:
        sub = (f'<span class="immunobook-chart-subtitle">{html.escape(page["subtitle"])}</span>'
               if page["subtitle"] else "")
        heading = (f'<p class="immunobook-chart-title" id="{title_id}">'
                   f'<span class="immunobook-chart-title-text">{html.escape(page["title"])}</span>{sub}</p>')
    label = (f'aria-labelledby="{title_id}"' if page["title"] else 'aria-label="Interactive chart"')
    style = f'--chart-height:{page["height"]}px;--chart-narrow-height:{page["narrow_height"]}px'
    plot = (f'<div class="immunobook-plotly" id="{div_id}" role="figure" {label} '
            f'data-figure="{key}" style="{style}"></div>')
    if page["min_width"]:
        # A chart that cannot shrink to a phone (a large matrix) scrolls sideways in its own box.
        plot = (f'<div class="immunobook-chart-scroll" tabindex="0" role="region" '
                f'aria-label="{html.escape(page["title"] or "Chart")} (scrolls sideways)" '
                f'style="--chart-min-width:{page["min_width"]}px">{plot}</div>')
    summary = (f'<p class="immunobook-chart-summary">{html.escape(page["summary"])}</p>'
               if page["summary"] else "")
    controls = controls_html(div_id, payload["immunobook"]["menus"], payload["immunobook"]["sliders"],
                             payload["immunobook"]["frame_titles"])
    body = (f'<div class="immunobook-chart" data-chart="{div_id}">{heading}{controls}{plot}{summary}</div>')
    return body, script


def _write_static(renderer, folder: str, name: str, text: str) -> None:
    """Write a generated file into the site's _static (files are named by content hash)."""
    target = Path(renderer.renderer.sphinx_env.app.outdir) / "_static" / folder
    target.mkdir(parents=True, exist_ok=True)
    (target / name).write_text(text, encoding="utf-8")


class PlotlyMimeRenderer:
    """Render Plotly JSON outputs (and the book's lazily loaded tables, see ``table_renderer``) in
    HTML builds; other builders keep their fallbacks."""

    mime_priority_overrides = [("html", PLOTLY_MIME, 1), ("html", TABLE_MIME, 2)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if inline or data.mime_type not in (PLOTLY_MIME, TABLE_MIME) or not _enabled(renderer):
            return None
        content = data.content
        if isinstance(content, str):
            content = json.loads(content)
        if data.mime_type == TABLE_MIME:
            renderer.add_js_file("immunobook-table-loader", TABLE_JS, {"defer": "defer"})
            body, key, script = table_html(content, f"immunobook-table-{next(_ids)}")
            _write_static(renderer, TABLES_DIR, key, script)
            return [nodes.raw(text=body, format="html", classes=["output", "immunobook-table-output"])]
        renderer.add_js_file("immunobook-plotly-loader", LOADER_JS, {"defer": "defer"})
        body, script = figure_html(content, f"immunobook-plotly-{next(_ids)}")
        key = re.search(r'data-figure="([^"]+)"', body).group(1)
        _write_static(renderer, FIGURES_DIR, key, script)
        return [nodes.raw(text=body, format="html", classes=["output", "immunobook-plotly-output"])]
