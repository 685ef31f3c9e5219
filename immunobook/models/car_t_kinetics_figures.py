"""Plotly figures of CAR T cellular kinetics for the static book (precomputed slider frames).

The slider moves the starting target burden of the extension model in
:mod:`immunobook.models.car_t_kinetics`; the published Stein et al. (2019) typical curve stays as a
fixed dashed reference. Frames carry only the two changing traces, as rounded 32-bit floats, so the
page stays light.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..theme import OKABE_ITO, apply_theme
from .car_t_kinetics import SteinParams, TargetParams, peak_summary, solve_with_targets, stein_closed_form

__all__ = ["BURDEN_VALUES", "DENSE_UNTIL", "kinetics_slider_figure", "kinetics_panel_figure", "shown_points"]

#: Starting target burdens shown by the slider (multiples of the reference burden; 0 = no targets).
BURDEN_VALUES = (0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)

CAR_T_COLOR = OKABE_ITO["blue"]
STEIN_COLOR = OKABE_ITO["grey"]
TARGET_COLOR = OKABE_ITO["vermillion"]

#: Values below this are drawn at this floor on the log axes (the quantity is effectively gone).
CAR_T_FLOOR = 0.01
TARGET_FLOOR = 1e-6

#: Every solved point is drawn up to this day (expansion and peak); later, smooth decline, every third.
DENSE_UNTIL = 30.0


def _slim(values, floor: float) -> np.ndarray:
    """Floor, then round to 3 significant figures and store as float32 (lighter page)."""
    arr = np.maximum(np.asarray(values, dtype=float), floor)
    return np.asarray([float(f"{v:.3g}") for v in arr], dtype=np.float32)


def _days(t_end: float, n: int) -> np.ndarray:
    return np.round(np.linspace(0.0, t_end, n), 1).astype(np.float32)


def shown_points(days) -> np.ndarray:
    """Indices of the solved days that the static slider draws (a lighter page, same curve shape)."""
    days = np.asarray(days, dtype=float)
    idx = np.arange(days.size)
    keep = (days <= DENSE_UNTIL) | ((idx - np.searchsorted(days, DENSE_UNTIL, side="right")) % 3 == 0)
    keep[-1] = True  # always end on the last day
    return idx[keep]


def _frame_title(burden: float, stein: SteinParams, targets: TargetParams, t_end: float, n: int) -> tuple:
    result = solve_with_targets(stein, targets.with_(target0=burden), t_end=t_end, n=n)
    if burden == 0:
        return result, "No target cells: no expansion"
    return result, peak_title(peak_summary(result))


def peak_title(peak: dict) -> str:
    """Short title (fits a phone): peak day and fold rise rounded to two significant figures."""
    fold = float(f"{peak['foldx']:.2g}")
    return f"Peak day {peak['tmax']:.0f}, about {fold:,.0f}-fold rise"


def _base_figure() -> go.Figure:
    return make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.62, 0.38])


def kinetics_slider_figure(values=BURDEN_VALUES, stein: SteinParams | None = None,
                           targets: TargetParams | None = None, t_end: float = 180.0, n: int = 121) -> go.Figure:
    """CAR T level (top) and target burden (bottom) over time, with a slider over the starting burden."""
    stein = stein or SteinParams()
    targets = targets or TargetParams()
    values = tuple(float(v) for v in values)
    if not values:
        raise ValueError("values must not be empty")
    if any(v < 0 for v in values):
        raise ValueError(f"target burdens must be zero or more, got {values!r}")
    days = _days(t_end, n)
    shown = shown_points(days)
    active = int(np.argmin(np.abs(np.asarray(values) - targets.target0)))

    frames, titles = [], []
    for value in values:
        result, title = _frame_title(value, stein, targets, t_end, n)
        titles.append(title)
        frames.append(go.Frame(
            name=f"burden={value:g}",
            data=[
                # Only y changes between frames; x stays on the base traces (lighter page).
                go.Scatter(y=_slim(result.total[shown], CAR_T_FLOOR)),
                go.Scatter(y=_slim(result.targets[shown], TARGET_FLOOR)),
            ],
            traces=[0, 1],
            layout=dict(title=dict(text=title)),
        ))

    fig = _base_figure()
    first = frames[active].data
    fig.add_trace(go.Scatter(
        x=days[shown], y=first[0].y, name="CAR T level (extension)", mode="lines",
        line=dict(color=CAR_T_COLOR, width=3),
        hovertemplate="day %{x:.0f}<br>%{y:.3s} copies/µg<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(
        x=days[shown], y=first[1].y, name="Target cells (extension)", mode="lines",
        line=dict(color=TARGET_COLOR, width=2, dash="dot"),
        hovertemplate="day %{x:.0f}<br>%{y:.3g} × reference burden<extra></extra>"), row=2, col=1)
    fig.add_trace(go.Scatter(
        x=days[shown], y=_slim(stein_closed_form(days[shown], stein), CAR_T_FLOOR),
        name="Published typical curve (Stein 2019)",
        mode="lines", line=dict(color=STEIN_COLOR, width=2, dash="dash"),
        hovertemplate="day %{x:.0f}<br>%{y:.3s} copies/µg (published)<extra></extra>"), row=1, col=1)

    steps = [dict(method="animate", label=f"{v:g}",
                  args=[[f"burden={v:g}"], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                                 transition=dict(duration=0))]) for v in values]
    fig.frames = frames
    fig.update_layout(
        title=dict(text=titles[active]),
        sliders=[dict(active=active, currentvalue=dict(prefix="Starting target burden (×): ", font=dict(size=14)),
                      pad=dict(t=40, b=10), len=1.0, x=0, steps=steps)],
        legend=dict(orientation="h", y=-0.42, x=0, font=dict(size=12)),
        margin=dict(t=70, b=40),
        meta=dict(parameter="target0", values=list(values),
                  summary=(f"{titles[active]} at a starting target burden of {values[active]:g}× in this "
                           f"book's extension; the dashed line is the published typical patient. The slider "
                           f"changes the burden.")),
    )
    fig.update_yaxes(title_text="CAR T (copies/µg)", type="log", range=[-2, 5.2], exponentformat="power", row=1, col=1)
    fig.update_yaxes(title_text="Targets (×)", type="log", range=[-6, 2.2], exponentformat="power", row=2, col=1)
    fig.update_xaxes(title_text="Days after infusion", row=2, col=1)
    return apply_theme(fig, height=620)


def kinetics_panel_figure(stein: SteinParams, targets: TargetParams, t_end: float = 180.0, n: int = 361) -> go.Figure:
    """One parameter set, for the live explorer: same layout as the slider figure without frames."""
    days = _days(t_end, n)
    result = solve_with_targets(stein, targets, t_end=t_end, n=n)
    fig = _base_figure()
    fig.add_trace(go.Scatter(x=days, y=np.maximum(result.total, CAR_T_FLOOR), name="CAR T level (extension)",
                             line=dict(color=CAR_T_COLOR, width=3)), row=1, col=1)
    fig.add_trace(go.Scatter(x=days, y=np.maximum(result.targets, TARGET_FLOOR), name="Target cells (extension)",
                             line=dict(color=TARGET_COLOR, width=2, dash="dot")), row=2, col=1)
    fig.add_trace(go.Scatter(x=days, y=stein_closed_form(days, stein), name="Published curve (these Stein values)",
                             line=dict(color=STEIN_COLOR, width=2, dash="dash")), row=1, col=1)
    peak = peak_summary(result)
    title = "No target cells: no expansion" if targets.target0 == 0 else peak_title(peak)
    fig.update_layout(title=dict(text=title), legend=dict(orientation="h", y=-0.3, x=0),
                      meta=dict(tmax=peak["tmax"], cmax=peak["cmax"],
                                summary=f"{title} (starting target burden {targets.target0:g}×)."))
    fig.update_yaxes(title_text="CAR T (copies/µg)", type="log", exponentformat="power", row=1, col=1)
    fig.update_yaxes(title_text="Targets (×)", type="log", range=[-6, 2.2], exponentformat="power", row=2, col=1)
    fig.update_xaxes(title_text="Days after infusion", row=2, col=1)
    return apply_theme(fig, height=560)
