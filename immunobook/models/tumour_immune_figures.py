"""Plotly figures of the Kuznetsov et al. (1994) tumour–immune model for the static book.

Each figure carries its own slider of precomputed frames, so it stays interactive on a web page
with no Python kernel behind it. Arrays are stored as 32-bit floats to keep the page light. Each
figure also carries a one-sentence summary of what its slider shows (``layout.meta["summary"]``),
which the book prints under the chart.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .tumour_immune import (
    CELLS_PER_UNIT,
    DAYS_PER_TIME_UNIT,
    ONE_CELL,
    REGIME_LABELS,
    KuznetsovParams,
    classify,
    equilibria,
    resting_effectors,
    solve,
    x_nullcline,
    y_nullcline,
)
from ..theme import OKABE_ITO, apply_theme

__all__ = [
    "KILL_VALUES",
    "SIGMA_VALUES",
    "PHASE_STARTS",
    "time_course_figure",
    "phase_plane_figure",
    "model_panel_figure",
]

#: Killing efficiencies (multiples of the published value) shown by the time-course slider.
KILL_VALUES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0, 5.25, 5.5, 6.0)
#: Supplies of effector cells (sigma) shown by the phase-plane slider.
SIGMA_VALUES = (0.02, 0.05, 0.08, 0.1181, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
#: Starting points (effector cells, tumour cells; millions) of the phase-plane trajectories.
PHASE_STARTS = ((0.3, 1.0), (0.3, 30.0), (0.3, 300.0), (1.5, 450.0), (2.5, 150.0))

TUMOUR_COLOR = OKABE_ITO["vermillion"]
EFFECTOR_COLOR = OKABE_ITO["blue"]
X_NULL_COLOR = OKABE_ITO["blue"]
Y_NULL_COLOR = OKABE_ITO["vermillion"]
TRAJECTORY_COLOR = OKABE_ITO["grey"]
STABLE_COLOR = OKABE_ITO["bluish_green"]
# Mid grey: at least 3:1 against both the light (white) and the dark (#121212) page.
UNSTABLE_COLOR = "#777777"

#: Tumour sizes below this many cells are drawn at this level (the tumour is gone by then).
DISPLAY_FLOOR_CELLS = 0.1
#: Lowest tumour size on the phase plane (model units): one cell.
PHASE_Y_MIN = ONE_CELL
PHASE_X_MAX = 4.6

_PARAM_TEXT = {
    "kill": ("Killing efficiency", "× the published value"),
    "sigma": ("Effector-cell supply σ =", ""),
    "alpha": ("Tumour growth rate α =", ""),
    "delta": ("Effector death rate δ =", ""),
}


def _f32(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def _label(name: str, value: float) -> str:
    text, unit = _PARAM_TEXT.get(name, (name, ""))
    number = f"{value:g}"
    return f"{text} {number}{(' ' + unit) if unit else ''}"


def _slider_prefix(name: str) -> str:
    text, unit = _PARAM_TEXT.get(name, (name, ""))
    text = text.rstrip(" =")
    return f"{text} ({unit.strip()}): " if unit else f"{text}: "


def _slider(name: str, values, active: int, prefix: str) -> dict:
    steps = [
        dict(
            method="animate",
            label=f"{value:g}",
            args=[[f"{name}={value:g}"], dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))],
        )
        for value in values
    ]
    return dict(
        active=active,
        currentvalue=dict(prefix=prefix, font=dict(size=14)),
        pad=dict(t=50, b=10),
        len=1.0,
        x=0,
        steps=steps,
    )


def _outcome_runs(values, outcomes, range_first: bool = False) -> str:
    """'escape from 0.5 to 1, equilibrium from 1.25 to 5' (or with ``range_first``: '0.5 to 1: escape;
    1.25 to 5: equilibrium') from parallel lists of values and outcomes."""
    runs = []
    for value, outcome in zip(values, outcomes):
        if runs and runs[-1][0] == outcome:
            runs[-1][2] = value
        else:
            runs.append([outcome, value, value])
    if range_first:
        return "; ".join(f"{a:g}: {o}" if a == b else f"{a:g} to {b:g}: {o}" for o, a, b in runs)
    return ", ".join(f"{o} at {a:g}" if a == b else f"{o} from {a:g} to {b:g}" for o, a, b in runs)


def _active_index(values, default: float) -> int:
    values = np.asarray(values, dtype=float)
    return int(np.argmin(np.abs(values - default)))


# ----------------------------------------------------------------------------------------------
# (a) time courses
# ----------------------------------------------------------------------------------------------


def _time_course_traces(params: KuznetsovParams, x0: float, y0: float, t_end: float, n_points: int):
    trajectory = solve(params, x0, y0, t_end, n=n_points)
    regime = classify(trajectory)
    days = _f32(trajectory.days)
    tumour = _f32(np.maximum(trajectory.tumour_cells, DISPLAY_FLOOR_CELLS))
    effector = _f32(trajectory.effector_cells)
    traces = [
        go.Scatter(
            x=days,
            y=tumour,
            name="Tumour cells",
            mode="lines",
            line=dict(color=TUMOUR_COLOR, width=3),
            hovertemplate="day %{x:.0f}<br>%{y:.3s} tumour cells<extra></extra>",
        ),
        go.Scatter(
            x=days,
            y=effector,
            name="Immune effector cells",
            mode="lines",
            line=dict(color=EFFECTOR_COLOR, width=2, dash="dash"),
            hovertemplate="day %{x:.0f}<br>%{y:.3s} effector cells<extra></extra>",
        ),
    ]
    return traces, regime


def time_course_figure(
    name: str = "kill",
    values=KILL_VALUES,
    params: KuznetsovParams | None = None,
    x0: float | None = None,
    y0: float = 100.0,
    t_end_days: float = 1200.0,
    n_points: int = 300,
) -> go.Figure:
    """Tumour and effector cells over time, with a slider over parameter ``name``.

    One frame per value of ``values``; the starting point is ``x0`` effector cells (default: the
    resting level ``sigma/delta`` of the published parameters) and ``y0`` tumour cells, both in
    millions. The title of each frame names the regime reached.
    """
    params = params or KuznetsovParams()
    values = tuple(float(v) for v in values)
    if not values:
        raise ValueError("values must not be empty")
    x0 = resting_effectors(params) if x0 is None else x0
    t_end = t_end_days / DAYS_PER_TIME_UNIT
    default = getattr(params, name)
    active = _active_index(values, default)

    frames = []
    titles = []
    regimes = []
    for value in values:
        traces, regime = _time_course_traces(params.with_(**{name: value}), x0, y0, t_end, n_points)
        title = f"{_label(name, value)}: {REGIME_LABELS[regime]}"
        titles.append(title)
        regimes.append(REGIME_LABELS[regime].lower())
        frames.append(go.Frame(name=f"{name}={value:g}", data=traces, traces=[0, 1], layout=dict(title=dict(text=title))))

    fig = go.Figure(data=frames[active].data, frames=frames)
    # Reference lines. On a log axis, annotation positions are given as log10 of the value.
    for level, text, shift in (
        (1.0, "one cell", -10),
        (params.carrying_capacity * CELLS_PER_UNIT, "largest possible tumour (carrying capacity)", 10),
    ):
        fig.add_shape(
            type="line", xref="paper", x0=0, x1=1, yref="y", y0=level, y1=level,
            line=dict(color="#777777", width=1, dash="dot"),
        )
        fig.add_annotation(
            xref="paper", x=1, xanchor="right", yref="y", y=float(np.log10(level)), yshift=shift,
            text=text, showarrow=False, font=dict(size=12),
        )
    fig.update_layout(
        title=dict(text=titles[active]),
        xaxis=dict(title="Days from the start", range=[0, t_end_days]),
        yaxis=dict(title="Number of cells (log scale)", type="log", range=[-1, 9.5], exponentformat="power"),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, xanchor="left"),
        sliders=[_slider(name, values, active, prefix=_slider_prefix(name))],
        margin=dict(t=110),
        meta=dict(parameter=name, values=list(values),
                  summary=(f"Starting from {y0:g} million tumour cells, the outcome over {t_end_days:g} days is "
                           f"{_outcome_runs(values, regimes)} ({_PARAM_TEXT.get(name, (name, ''))[0].lower()} "
                           f"{_PARAM_TEXT.get(name, ('', ''))[1]}).".replace(" )", ")"))),
    )
    return apply_theme(fig, height=520)


# ----------------------------------------------------------------------------------------------
# (b) phase plane
# ----------------------------------------------------------------------------------------------


def _phase_traces(params: KuznetsovParams, starts, t_end: float, n_points: int, n_null: int = 160):
    y_grid = np.logspace(np.log10(PHASE_Y_MIN), np.log10(params.carrying_capacity), n_null)
    x_null = x_nullcline(y_grid, params)
    x_null = np.where((x_null >= 0) & (x_null <= 2 * PHASE_X_MAX), x_null, np.nan)
    y_null_x = y_nullcline(y_grid, params)
    y_null_x = np.where((y_null_x >= 0) & (y_null_x <= 2 * PHASE_X_MAX), y_null_x, np.nan)

    eqs = equilibria(params)
    stable = [e for e in eqs if e.is_stable and e.y >= PHASE_Y_MIN]
    other = [e for e in eqs if not e.is_stable and e.y >= PHASE_Y_MIN]

    traces = [
        go.Scatter(
            x=_f32(x_null),
            y=_f32(y_grid),
            name="Immune nullcline",
            mode="lines",
            line=dict(color=X_NULL_COLOR, width=2),
            hoverinfo="skip",
            connectgaps=False,
        ),
        go.Scatter(
            x=_f32(y_null_x),
            y=_f32(y_grid),
            name="Tumour nullcline",
            mode="lines",
            line=dict(color=Y_NULL_COLOR, width=2, dash="dash"),
            hoverinfo="skip",
            connectgaps=False,
        ),
    ]
    for i, (x0, y0) in enumerate(starts):
        trajectory = solve(params, x0, y0, t_end, n=n_points)
        y = np.maximum(trajectory.y, PHASE_Y_MIN)
        traces.append(
            go.Scatter(
                x=_f32(trajectory.x),
                y=_f32(y),
                name="Trajectories",
                legendgroup="trajectories",
                showlegend=i == 0,
                mode="lines",
                line=dict(color=TRAJECTORY_COLOR, width=1.5),
                hovertemplate=(
                    f"start: {x0:g} M effector, {y0:g} M tumour cells"
                    f"<br>outcome: {REGIME_LABELS[classify(trajectory)]}<extra></extra>"
                ),
            )
        )
    traces.append(
        go.Scatter(
            x=_f32([s[0] for s in starts]),
            y=_f32([s[1] for s in starts]),
            name="Starts (open squares)",
            legendgroup="trajectories",
            mode="markers",
            marker=dict(symbol="square-open", size=11, color=TRAJECTORY_COLOR, line=dict(width=2)),
            hovertemplate="start: %{x:g} M effector, %{y:g} M tumour cells<extra></extra>",
        )
    )
    traces.append(
        go.Scatter(
            x=_f32([e.x for e in stable]),
            y=_f32([e.y for e in stable]),
            name="Stable steady state (filled)",
            mode="markers",
            marker=dict(symbol="circle", size=13, color=STABLE_COLOR, line=dict(color="#000000", width=1)),
            hovertemplate="stable steady state<br>%{x:.2f} M effector cells<br>%{y:.3g} M tumour cells<extra></extra>",
        )
    )
    traces.append(
        go.Scatter(
            x=_f32([e.x for e in other]),
            y=_f32([e.y for e in other]),
            name="Unstable steady state (open)",
            mode="markers",
            marker=dict(symbol="circle-open", size=13, color=UNSTABLE_COLOR, line=dict(width=2)),
            hovertemplate="unstable steady state (saddle)<br>%{x:.2f} M effector cells<br>%{y:.3g} M tumour cells<extra></extra>",
        )
    )
    return traces


def _outcomes_text(params: KuznetsovParams) -> str:
    """Which long-term outcomes the stable steady states allow, in words."""
    kinds = []
    for eq in equilibria(params):
        if not eq.is_stable:
            continue
        if eq.y < ONE_CELL:
            kind = "elimination"
        elif eq.y >= 0.5 * params.carrying_capacity:
            kind = "escape"
        else:
            kind = "dormancy"
        if kind not in kinds:
            kinds.append(kind)
    if not kinds:
        return "no stable steady state"
    if len(kinds) == 1:
        return f"every tumour ends in {kinds[0]}"
    return "outcome depends on the start: " + " or ".join(kinds)


def phase_plane_figure(
    name: str = "sigma",
    values=SIGMA_VALUES,
    params: KuznetsovParams | None = None,
    starts=PHASE_STARTS,
    t_end_days: float = 1200.0,
    n_points: int = 200,
) -> go.Figure:
    """Phase plane (effector cells across, tumour cells up, log scale) with a slider over ``name``.

    Each frame holds the two nullclines, the steady states (filled: stable; open: unstable) and
    trajectories from ``starts``. Tumour sizes below one cell are drawn at one cell.
    """
    params = params or KuznetsovParams()
    values = tuple(float(v) for v in values)
    if not values:
        raise ValueError("values must not be empty")
    t_end = t_end_days / DAYS_PER_TIME_UNIT
    active = _active_index(values, getattr(params, name))

    frames = []
    titles = []
    outcomes = []
    n_traces = None
    for value in values:
        p = params.with_(**{name: value})
        traces = _phase_traces(p, starts, t_end, n_points)
        n_traces = len(traces)
        outcomes.append(_outcomes_text(p))
        title = f"{_label(name, value)}: {_outcomes_text(p)}"
        titles.append(title)
        frames.append(go.Frame(name=f"{name}={value:g}", data=traces, traces=list(range(n_traces)), layout=dict(title=dict(text=title))))

    fig = go.Figure(data=frames[active].data, frames=frames)
    fig.update_layout(
        title=dict(text=titles[active]),
        xaxis=dict(title="Immune effector cells (millions)", range=[0, PHASE_X_MAX]),
        yaxis=dict(
            title="Tumour cells (millions, log scale)",
            type="log",
            range=[np.log10(PHASE_Y_MIN), np.log10(params.carrying_capacity) + 0.15],
            exponentformat="power",
        ),
        title_y=0.96,
        title_yanchor="top",
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0, xanchor="left", font=dict(size=12)),
        sliders=[_slider(name, values, active, prefix=_slider_prefix(name))],
        margin=dict(t=190),
        meta=dict(parameter=name, values=list(values),
                  summary=f"{_PARAM_TEXT.get(name, (name, ''))[0].rstrip(' =')} "
                          f"{_outcome_runs(values, outcomes, range_first=True)}.",
                  phone=dict(height=640)),
    )
    return apply_theme(fig, height=700)


# ----------------------------------------------------------------------------------------------
# one-parameter-set panel used by the live explorer
# ----------------------------------------------------------------------------------------------


def model_panel_figure(params: KuznetsovParams, x0: float, y0: float, t_end_days: float = 1200.0, n_points: int = 400) -> go.Figure:
    """Time course and phase plane side by side for one parameter set and one starting point."""
    from plotly.subplots import make_subplots

    t_end = t_end_days / DAYS_PER_TIME_UNIT
    trajectory = solve(params, x0, y0, t_end, n=n_points)
    regime = classify(trajectory)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Over time", "Phase plane"), horizontal_spacing=0.12)
    days = trajectory.days
    fig.add_trace(
        go.Scatter(x=days, y=np.maximum(trajectory.tumour_cells, DISPLAY_FLOOR_CELLS), name="Tumour cells",
                   line=dict(color=TUMOUR_COLOR, width=3)),
        row=1, col=1,
    )
    fig.add_trace(
        go.Scatter(x=days, y=trajectory.effector_cells, name="Immune effector cells",
                   line=dict(color=EFFECTOR_COLOR, width=2, dash="dash")),
        row=1, col=1,
    )
    y_grid = np.logspace(np.log10(PHASE_Y_MIN), np.log10(params.carrying_capacity), 200)
    x_max = max(PHASE_X_MAX, 1.1 * float(np.max(trajectory.x)))
    x_null = x_nullcline(y_grid, params)
    x_null = np.where((x_null >= 0) & (x_null <= 2 * x_max), x_null, np.nan)
    y_null = y_nullcline(y_grid, params)
    y_null = np.where((y_null >= 0) & (y_null <= 2 * x_max), y_null, np.nan)
    fig.add_trace(go.Scatter(x=x_null, y=y_grid, name="Immune nullcline", line=dict(color=X_NULL_COLOR, width=2)), row=1, col=2)
    fig.add_trace(go.Scatter(x=y_null, y=y_grid, name="Tumour nullcline", line=dict(color=Y_NULL_COLOR, width=2, dash="dash")), row=1, col=2)
    fig.add_trace(
        go.Scatter(x=trajectory.x, y=np.maximum(trajectory.y, PHASE_Y_MIN), name="This trajectory",
                   line=dict(color=TRAJECTORY_COLOR, width=2)),
        row=1, col=2,
    )
    eqs = [e for e in equilibria(params) if e.y >= PHASE_Y_MIN]
    fig.add_trace(
        go.Scatter(x=[e.x for e in eqs if e.is_stable], y=[e.y for e in eqs if e.is_stable], mode="markers",
                   name="Stable steady state", marker=dict(size=12, color=STABLE_COLOR, line=dict(color="#000", width=1))),
        row=1, col=2,
    )
    fig.add_trace(
        go.Scatter(x=[e.x for e in eqs if not e.is_stable], y=[e.y for e in eqs if not e.is_stable], mode="markers",
                   name="Unstable steady state", marker=dict(size=12, symbol="circle-open", color=UNSTABLE_COLOR, line=dict(width=2))),
        row=1, col=2,
    )
    fig.update_xaxes(title_text="Days", row=1, col=1)
    fig.update_yaxes(title_text="Cells (log scale)", type="log", range=[-1, 9.3], exponentformat="power", row=1, col=1)
    fig.update_xaxes(title_text="Effector cells (millions)", range=[0, x_max], row=1, col=2)
    fig.update_yaxes(title_text="Tumour cells (millions, log)", type="log",
                     range=[np.log10(PHASE_Y_MIN), np.log10(params.carrying_capacity) + 0.15],
                     exponentformat="power", row=1, col=2)
    fig.update_layout(
        title=dict(text=f"Outcome: {REGIME_LABELS[regime]}"),
        legend=dict(orientation="h", y=-0.2, x=0),
        meta=dict(regime=regime, summary=f"From {x0:g} million effector and {y0:g} million tumour cells "
                                         f"the model ends in {REGIME_LABELS[regime].lower()}."),
    )
    return apply_theme(fig, height=480)
