"""Plotly figures of the mixture-cure survival model for the static book.

The slider figure holds one slim frame per cured fraction (only the changing curve, its plateau
line and the title), so the page stays light; the curve without a tail and the published
landmarks are drawn once.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..theme import OKABE_ITO, apply_theme
from .survival_cure import IPILIMUMAB_POOLED, Landmarks, MixtureCure, fit_to_landmarks, no_tail_twin, with_median

__all__ = ["CURED_VALUES", "ILLUSTRATION_NOTE", "cure_slider_figure", "survival_panel_figure", "survival_at"]

#: Cured fractions offered by the slider (the default, 0.20, matches the pooled ipilimumab plateau).
CURED_VALUES = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
ILLUSTRATION_NOTE = "Illustration fitted to published landmarks, not trial data"

CURE_COLOR = OKABE_ITO["blue"]
NO_TAIL_COLOR = OKABE_ITO["vermillion"]
PLATEAU_COLOR = OKABE_ITO["grey"]
LANDMARK_COLOR = "#7f7f7f"  # mid grey: at least 3:1 on both the light and the dark page


def _short(values, decimals: int = 1) -> list[float]:
    # Percentages to one decimal and months as whole numbers keep the page's JSON small.
    return np.round(np.asarray(values, dtype=float), decimals).tolist()


def survival_at(model: MixtureCure, years) -> dict[int, float]:
    """Per cent alive at whole years (for titles and tables)."""
    return {int(y): float(100 * model.survival(12.0 * y)) for y in years}


def _title(model: MixtureCure) -> str:
    five = survival_at(model, [5])[5]
    return f"{model.cured:.0%} cured: {five:.0f}% alive at 5 years"


def _curve(model: MixtureCure, months: np.ndarray) -> go.Scatter:
    return go.Scatter(
        x=_short(months, 0), y=_short(100 * model.survival(months)), mode="lines", name="With a cured fraction",
        line=dict(color=CURE_COLOR, width=3),
        hovertemplate="month %{x:.0f}: %{y:.0f}% alive<extra>with a cured fraction</extra>",
    )


def _plateau(model: MixtureCure, months: np.ndarray) -> go.Scatter:
    level = 100 * model.cured
    return go.Scatter(
        x=_short([months[0], months[-1]], 0), y=_short([level, level]), mode="lines", name="Cured fraction (plateau)",
        line=dict(color=PLATEAU_COLOR, width=1.5, dash="dot"), hoverinfo="skip",
    )


def cure_slider_figure(
    landmarks: Landmarks = IPILIMUMAB_POOLED,
    values=CURED_VALUES,
    horizon_months: float = 120.0,
    n_points: int = 41,
) -> go.Figure:
    """Survival curves with the same median and a slider over the cured fraction.

    The Weibull shape comes from the exact fit to ``landmarks`` (median, 3-year survival, plateau);
    each frame keeps that shape and the published median and changes only the cured fraction. The
    red dashed curve has the same median and no cured fraction.
    """
    values = tuple(float(v) for v in values)
    if not values:
        raise ValueError("values must not be empty")
    fitted = fit_to_landmarks(landmarks.plateau, landmarks.median_months, landmarks.landmark_months,
                              landmarks.landmark_survival)
    months = np.linspace(0.0, horizon_months, n_points)
    models = [with_median(v, landmarks.median_months, fitted.shape) for v in values]
    active = int(np.argmin([abs(v - landmarks.plateau) for v in values]))
    twin = no_tail_twin(fitted)

    # Frames carry only what changes (the y values and the title); x, colours and hover text
    # stay on the traces drawn first.
    frames = [
        go.Frame(name=f"cured={v:g}",
                 data=[go.Scatter(y=_short(100 * m.survival(months))), go.Scatter(y=_short([100 * v, 100 * v]))],
                 traces=[0, 1], layout=dict(title=dict(text=_title(m))))
        for v, m in zip(values, models)
    ]
    landmark_trace = go.Scatter(
        x=[landmarks.median_months, landmarks.landmark_months],
        y=[50.0, 100 * landmarks.landmark_survival],
        mode="markers", name="Published landmarks",
        marker=dict(symbol="diamond", size=11, color=LANDMARK_COLOR),
        hovertemplate="%{x:.1f} months: %{y:.0f}% alive<extra>" + landmarks.source + "</extra>",
    )
    no_tail = go.Scatter(
        x=_short(months, 0), y=_short(100 * twin.survival(months)), mode="lines", name="Same median, no tail",
        line=dict(color=NO_TAIL_COLOR, width=2, dash="dash"),
        hovertemplate="month %{x:.0f}: %{y:.0f}% alive<extra>no tail</extra>",
    )
    start = models[active]
    fig = go.Figure(data=[_curve(start, months), _plateau(start, months), no_tail, landmark_trace], frames=frames)
    steps = [
        dict(method="animate", label=f"{v:.0%}",
             args=[[f"cured={v:g}"], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                          transition=dict(duration=0))])
        for v in values
    ]
    fig.update_layout(
        title=dict(text=_title(models[active])),
        xaxis=dict(title="Months since treatment began", range=[0, horizon_months], dtick=24),
        yaxis=dict(title="Alive (%)", range=[0, 100]),
        legend=dict(orientation="h", y=-0.2, yanchor="top", x=0),
        sliders=[dict(active=active, currentvalue=dict(prefix="Cured fraction: ", font=dict(size=14)),
                      y=-0.52, yanchor="top", pad=dict(t=10, b=10), len=1.0, x=0, steps=steps)],
        annotations=[dict(xref="paper", yref="paper", x=1, y=0.98, xanchor="right", yanchor="top",
                          showarrow=False, align="right", font=dict(size=12),
                          text="Illustration, not trial data")],
        margin=dict(t=60, b=230),
        meta=dict(values=list(values), shape=fitted.shape, note=ILLUSTRATION_NOTE,
                  summary=(f"Illustration: with {start.cured:.0%} cured and a median of "
                           f"{landmarks.median_months:g} months, {survival_at(start, [5])[5]:.0f}% are alive at "
                           f"5 years; a curve with the same median and no tail has "
                           f"{survival_at(twin, [5])[5]:.0f}%. The slider changes the cured fraction.")),
    )
    return apply_theme(fig, height=640)


def survival_panel_figure(model: MixtureCure, horizon_months: float = 120.0, n_points: int = 241) -> go.Figure:
    """One model and its no-tail twin (used by the live explorer)."""
    months = np.linspace(0.0, horizon_months, n_points)
    fig = go.Figure([_curve(model, months), _plateau(model, months)])
    if model.cured < 0.5:
        twin = no_tail_twin(model)
        fig.add_trace(go.Scatter(x=months, y=100 * twin.survival(months), mode="lines",
                                 name="Same median, no tail", line=dict(color=NO_TAIL_COLOR, width=2, dash="dash")))
    median = model.median()
    title = f"Median {median:.1f} months" if np.isfinite(median) else "Median not reached"
    fig.update_layout(
        title=dict(text=f"{title}; {survival_at(model, [5])[5]:.0f}% alive at 5 years"),
        xaxis=dict(title="Months since treatment began", range=[0, horizon_months], dtick=24),
        yaxis=dict(title="Alive (%)", range=[0, 100]),
        legend=dict(orientation="h", y=-0.25, x=0),
        annotations=[dict(xref="paper", yref="paper", x=1, y=0.98, xanchor="right", yanchor="top",
                          showarrow=False, align="right", font=dict(size=12),
                          text="Illustration, not trial data")],
        meta=dict(note=ILLUSTRATION_NOTE,
                  summary=f"Illustration: {title.lower()}, {survival_at(model, [5])[5]:.0f}% alive at 5 years, "
                          f"{model.cured:.0%} cured."),
    )
    return apply_theme(fig, height=480)
