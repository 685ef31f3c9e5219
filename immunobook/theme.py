"""Colours and the Plotly template every chart in the book shares.

Colours come from the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), extended with a few of Paul Tol's muted colours for the rarer therapy classes.
Those rarer classes also get a bar pattern, so no chart relies on colour alone. Backgrounds are
transparent and text colours are reset by ``static/immunobook-plotly.js`` when the reader switches
the theme to dark mode.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

# One colour and one bar pattern per therapy class, used by every chart in the book.
# The order is the order of legends and stacks: most common classes first.
CLASS_COLORS = {
    "Checkpoint inhibitor": OKABE_ITO["blue"],
    "CAR T cell therapy": OKABE_ITO["orange"],
    "T-cell engager": OKABE_ITO["reddish_purple"],
    "TIL therapy": OKABE_ITO["vermillion"],
    "TCR T cell therapy": OKABE_ITO["yellow"],
    "Therapeutic cancer vaccine": OKABE_ITO["bluish_green"],
    "Preventive vaccine": OKABE_ITO["sky_blue"],
    "Oncolytic virus": "#999933",
    "Cytokine": OKABE_ITO["grey"],
    "Immunomodulatory gene therapy": "#44AA99",
    "Local immune stimulant": "#DDCC77",
}
CLASS_PATTERNS = {
    "Checkpoint inhibitor": "",
    "CAR T cell therapy": "",
    "T-cell engager": "",
    "TIL therapy": "-",
    "TCR T cell therapy": "+",
    "Therapeutic cancer vaccine": "/",
    "Preventive vaccine": "\\",
    "Oncolytic virus": "x",
    "Cytokine": ".",
    "Immunomodulatory gene therapy": "|",
    "Local immune stimulant": "x",
}
FALLBACK_COLOR = "#777777"

TEMPLATE_NAME = "immunobook"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOR = "#2b2b2b"
GRID_COLOR = "rgba(128, 128, 128, 0.25)"


def class_color(therapy_class: str) -> str:
    """The book-wide colour of a therapy class."""
    return CLASS_COLORS.get(therapy_class, FALLBACK_COLOR)


def _template() -> go.layout.Template:
    axis = dict(
        gridcolor=GRID_COLOR,
        zerolinecolor=GRID_COLOR,
        linecolor=GRID_COLOR,
        automargin=True,
        title=dict(standoff=8),
    )
    return go.layout.Template(
        layout=dict(
            colorway=list(OKABE_ITO.values()),
            font=dict(family=FONT_FAMILY, size=14, color=TEXT_COLOR),
            title=dict(x=0, xanchor="left", font=dict(size=18)),
            paper_bgcolor="rgba(0,0,0,0)",
            plot_bgcolor="rgba(0,0,0,0)",
            xaxis=axis,
            yaxis=axis,
            legend=dict(bgcolor="rgba(0,0,0,0)", title=dict(font=dict(size=13))),
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13), align="left"),
            margin=dict(l=10, r=10, t=70, b=10),
        )
    )


pio.templates[TEMPLATE_NAME] = _template()


def apply_theme(fig: go.Figure, height: int | None = None) -> go.Figure:
    """Give ``fig`` the book's template (and a height); returns the same figure for chaining."""
    fig.update_layout(template=TEMPLATE_NAME)
    if height is not None:
        fig.update_layout(height=height)
    return fig
