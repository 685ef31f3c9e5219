"""Figures for the chapter "The immune system, a primer".

``response_curves`` draws a cartoon (not data) of how the innate and the adaptive arms answer a
first and a second encounter with the same germ: the innate answer is fast and the same both times;
the adaptive answer starts after a delay of days the first time and comes back sooner and stronger
the second time, thanks to memory cells. The shapes are smooth made-up curves chosen only to show
those qualitative features; the y axis has no units.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..theme import OKABE_ITO, apply_theme

FIRST_EXPOSURE_DAY = 0.0
SECOND_EXPOSURE_DAY = 45.0
DAYS = 75.0
#: Days from an encounter to the adaptive peak in the cartoon (the bumps below are built on them).
ADAPTIVE_FIRST_PEAK = 12.0
ADAPTIVE_SECOND_PEAK = 6.0


def _bump(t: np.ndarray, start: float, peak_after: float, width: float) -> np.ndarray:
    """A smooth hump that is 0 before ``start`` and reaches 1 ``peak_after`` days later."""
    s = np.clip(t - start, 0.0, None)
    with np.errstate(divide="ignore"):
        log_ratio = np.where(s > 0, np.log(np.where(s > 0, s, 1.0) / peak_after), -np.inf)
    return np.where(s > 0, np.exp(-(log_ratio**2) / (2 * width**2)), 0.0)


def _step(t: np.ndarray, centre: float, steepness: float = 1.0) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(t - centre) / steepness))


def response_curves(n_points: int = 601) -> dict[str, np.ndarray]:
    """The cartoon curves: ``days``, ``innate`` and ``adaptive`` (arbitrary units, all >= 0)."""
    t = np.linspace(0.0, DAYS, n_points)
    innate = _bump(t, FIRST_EXPOSURE_DAY, 1.5, 0.6) + _bump(t, SECOND_EXPOSURE_DAY, 1.5, 0.6)
    first = 1.0 * _bump(t, FIRST_EXPOSURE_DAY, ADAPTIVE_FIRST_PEAK, 0.28)
    # After the first response a small pool of memory cells stays behind.
    memory = 0.15 * _step(t, FIRST_EXPOSURE_DAY + 18.0, 2.0) * (1.0 - _step(t, SECOND_EXPOSURE_DAY + 5.0, 1.0))
    second = 4.0 * _bump(t, SECOND_EXPOSURE_DAY, ADAPTIVE_SECOND_PEAK, 0.3)
    memory_after = 0.6 * _step(t, SECOND_EXPOSURE_DAY + 9.0, 1.5)
    adaptive = np.maximum.reduce([first, memory, second, memory_after])
    return {"days": t, "innate": innate, "adaptive": adaptive}


def response_curves_figure() -> go.Figure:
    """Plotly figure of the cartoon: first vs second encounter with the same germ."""
    c = response_curves()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=c["days"], y=c["innate"], name="Innate response (same each time)",
            line=dict(color=OKABE_ITO["orange"], width=3, dash="dash"),
            hovertemplate="day %{x:.0f}<extra>innate</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=c["days"], y=c["adaptive"], name="Adaptive response (T and B cells)",
            line=dict(color=OKABE_ITO["blue"], width=3),
            hovertemplate="day %{x:.0f}<extra>adaptive</extra>",
        )
    )
    for day, text in ((FIRST_EXPOSURE_DAY, "first encounter"), (SECOND_EXPOSURE_DAY, "second encounter")):
        fig.add_vline(x=day, line=dict(color="#777777", width=1, dash="dot"))
        fig.add_annotation(x=day, y=4.35, text=text, showarrow=False, xanchor="left", xshift=4)
    fig.add_annotation(x=30, y=0.15, ax=30, ay=-60, text="memory cells remain", showarrow=True, arrowhead=2)
    fig.update_layout(
        title="A cartoon of first and second encounters with the same germ",
        xaxis_title="Days",
        yaxis_title="Size of response (no units: cartoon)",
        yaxis=dict(range=[0, 4.6], showticklabels=False),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        hovermode="x unified",
        meta=dict(summary=(
            "The innate response rises within a day or two after each encounter and looks the same both times; "
            f"the adaptive response peaks about {int(ADAPTIVE_FIRST_PEAK)} days after the first encounter and, "
            f"after the second, peaks sooner (about {int(ADAPTIVE_SECOND_PEAK)} days) and about four times higher.")),
    )
    return apply_theme(fig, height=430)
