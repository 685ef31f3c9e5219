"""A myst-nb mime renderer for Plotly figures.

With plotly >= 6 a kernel emits only ``application/vnd.plotly.v1+json``. myst-nb has no renderer for
that type and drops the output, so without this plugin every chart silently vanishes from the HTML.
Here each figure becomes a ``<div>`` plus its JSON in a ``<script type="application/json">``;
``static/immunobook-plotly.js`` draws them with the plotly.js copied from the installed plotly
package (no CDN). Registered through the ``myst_nb.mime_renderers`` entry point in pyproject.toml;
it only acts when the ``immunobook.book.sphinx_ext`` extension is enabled in ``_config.yml``.
"""

from __future__ import annotations

import json
from itertools import count

from docutils import nodes

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = "plotly.min.js"
LOADER_JS = "immunobook-plotly.js"
ENABLED_CONFIG = "immunobook_plotly_enabled"

_ids = count(1)


def _enabled(renderer) -> bool:
    env = renderer.renderer.sphinx_env
    return bool(env is not None and getattr(env.config, ENABLED_CONFIG, False))


def figure_html(figure: dict, div_id: str) -> str:
    """The HTML for one figure: an accessible container and its JSON payload."""
    layout = figure.get("layout", {})
    title = layout.get("title", {})
    label = title.get("text", "") if isinstance(title, dict) else str(title or "")
    label = label or "Interactive chart"
    payload = json.dumps(figure, separators=(",", ":"), allow_nan=False)
    # Keep "</script>" and "<!--" in strings from ending the script element early.
    payload = payload.replace("</", "<\\/").replace("<!--", "<\\!--")
    aria = json.dumps(label)[1:-1].replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<div class="immunobook-plotly" id="{div_id}" role="figure" aria-label="{aria}"></div>\n'
        f'<script type="application/json" class="immunobook-plotly-data" data-target="{div_id}">'
        f"{payload}</script>"
    )


class PlotlyMimeRenderer:
    """Render Plotly JSON outputs in HTML builds; other builders keep their fallbacks."""

    mime_priority_overrides = [("html", PLOTLY_MIME, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if inline or data.mime_type != PLOTLY_MIME or not _enabled(renderer):
            return None
        figure = data.content
        if isinstance(figure, str):
            figure = json.loads(figure)
        renderer.add_js_file("immunobook-plotlyjs", PLOTLY_JS, {"defer": "defer"})
        renderer.add_js_file("immunobook-plotly-loader", LOADER_JS, {"defer": "defer"})
        html = figure_html(figure, f"immunobook-plotly-{next(_ids)}")
        return [nodes.raw(text=html, format="html", classes=["output", "immunobook-plotly-output"])]
