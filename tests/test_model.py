"""Tests of the Kuznetsov et al. (1994) tumour–immune model, its figures and its live explorer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from immunobook.models import tumour_immune
from immunobook.models.tumour_immune import (
    DAYS_PER_TIME_UNIT,
    ELIMINATION,
    EQUILIBRIUM,
    ESCAPE,
    SHRINKING,
    KuznetsovParams,
    classify,
    equilibria,
    jacobian,
    logistic,
    resting_effectors,
    rhs,
    scan_regimes,
    solve,
    x_nullcline,
    y_nullcline,
)

PUBLISHED = KuznetsovParams()
LONG = 1200.0 / DAYS_PER_TIME_UNIT  # 1,200 days in model time units


# ---------------------------------------------------------------------------------------------
# parameters
# ---------------------------------------------------------------------------------------------


def test_defaults_are_the_published_values():
    p = PUBLISHED
    assert (p.sigma, p.rho, p.eta, p.mu, p.delta, p.alpha, p.beta, p.kill) == (
        0.1181, 1.131, 20.19, 0.00311, 0.3743, 1.636, 0.002, 1.0,
    )
    assert p.carrying_capacity == pytest.approx(500.0)


def test_published_values_follow_from_the_dimensional_estimates():
    # s, p, g, m, d, a, b, n of the paper, with E0 = T0 = 1e6 cells.
    s, p_, g, m, d, a, b, n = 1.3e4, 0.1245, 2.019e7, 3.422e-10, 0.0412, 0.18, 2.0e-9, 1.101e-7
    t0 = 1e6
    assert s / (n * t0 * t0) == pytest.approx(PUBLISHED.sigma, rel=2e-3)
    assert p_ / (n * t0) == pytest.approx(PUBLISHED.rho, rel=2e-3)
    assert g / t0 == pytest.approx(PUBLISHED.eta, rel=1e-6)
    assert m / n == pytest.approx(PUBLISHED.mu, rel=2e-3)
    assert d / (n * t0) == pytest.approx(PUBLISHED.delta, rel=2e-3)
    assert a / (n * t0) == pytest.approx(PUBLISHED.alpha, rel=2e-3)
    assert b * t0 == pytest.approx(PUBLISHED.beta)
    assert DAYS_PER_TIME_UNIT == pytest.approx(9.0827, rel=1e-4)


def test_params_are_frozen():
    with pytest.raises(AttributeError):
        PUBLISHED.alpha = 2.0  # type: ignore[misc]


@pytest.mark.parametrize("name", ["sigma", "rho", "eta", "mu", "delta", "alpha", "beta", "kill"])
def test_negative_rate_raises_naming_parameter_and_value(name):
    with pytest.raises(ValueError) as excinfo:
        KuznetsovParams(**{name: -0.5})
    message = str(excinfo.value)
    assert name in message
    assert "-0.5" in message
    assert "negative" in message


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_value_raises(bad):
    with pytest.raises(ValueError, match=r"alpha must be finite"):
        KuznetsovParams(alpha=bad)


@pytest.mark.parametrize("name", ["eta", "beta"])
def test_zero_in_denominator_rejected(name):
    with pytest.raises(ValueError, match=rf"{name} must be greater than zero, got 0.0"):
        KuznetsovParams(**{name: 0.0})


def test_non_number_rejected():
    with pytest.raises(ValueError, match="sigma must be a number"):
        KuznetsovParams(sigma="0.1")  # type: ignore[arg-type]


def test_with_revalidates():
    assert PUBLISHED.with_(kill=2.0).kill == 2.0
    with pytest.raises(ValueError, match="kill"):
        PUBLISHED.with_(kill=-1.0)


def test_invalid_starting_sizes_rejected():
    with pytest.raises(ValueError, match="y0"):
        solve(PUBLISHED, 1.0, -3.0, 10.0)
    with pytest.raises(ValueError, match="t_end"):
        solve(PUBLISHED, 1.0, 3.0, 0.0)


# ---------------------------------------------------------------------------------------------
# dynamics
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("y0", [0.01, 1.0, 50.0, 800.0])
def test_without_immune_cells_tumour_grows_logistically(y0):
    params = PUBLISHED.with_(sigma=0.0)  # no supply and no effector cells to start with
    trajectory = solve(params, 0.0, y0, t_end=30.0, n=301)
    np.testing.assert_allclose(trajectory.x, 0.0, atol=1e-12)  # effector cells stay absent
    expected = logistic(trajectory.t, y0, params.alpha, params.beta)
    np.testing.assert_allclose(trajectory.y, expected, rtol=1e-6)
    # ... and reaches its carrying capacity 1/beta
    assert trajectory.y[-1] == pytest.approx(params.carrying_capacity, rel=1e-6)


def test_logistic_closed_form_satisfies_its_equation():
    t = np.linspace(0, 5, 2001)
    y = logistic(t, 2.0, 1.3, 0.01)
    dydt = np.gradient(y, t)
    np.testing.assert_allclose(dydt[5:-5], 1.3 * y[5:-5] * (1 - 0.01 * y[5:-5]), rtol=1e-4)


def test_no_tumour_stays_tumour_free_and_immune_cells_rest():
    trajectory = solve(PUBLISHED, 2.0, 0.0, t_end=60.0)
    assert np.all(trajectory.y == 0.0)
    assert trajectory.x[-1] == pytest.approx(resting_effectors(PUBLISHED), rel=1e-6)


def test_solution_satisfies_the_ode():
    trajectory = solve(PUBLISHED, 1.0, 50.0, t_end=20.0, n=4001)
    dxdt = np.gradient(trajectory.x, trajectory.t)
    dydt = np.gradient(trajectory.y, trajectory.t)
    expected = np.array([rhs(0.0, (x, y), PUBLISHED) for x, y in zip(trajectory.x, trajectory.y)])
    np.testing.assert_allclose(dxdt[10:-10], expected[10:-10, 0], rtol=2e-3, atol=2e-3)
    np.testing.assert_allclose(dydt[10:-10], expected[10:-10, 1], rtol=2e-3, atol=2e-2)


def test_trajectory_units():
    trajectory = solve(PUBLISHED, 1.0, 2.0, t_end=10.0, n=11)
    assert trajectory.days[-1] == pytest.approx(10.0 * DAYS_PER_TIME_UNIT)
    assert trajectory.tumour_cells[0] == pytest.approx(2.0e6)
    assert trajectory.effector_cells[0] == pytest.approx(1.0e6)


# ---------------------------------------------------------------------------------------------
# equilibria and stability
# ---------------------------------------------------------------------------------------------


def test_published_equilibria():
    eqs = equilibria(PUBLISHED)
    assert len(eqs) == 4
    free, dormant, saddle, escape = eqs
    assert (free.x, free.y) == (pytest.approx(0.1181 / 0.3743), 0.0)
    assert (dormant.x, dormant.y) == (pytest.approx(1.6092, abs=1e-3), pytest.approx(8.1897, abs=1e-3))
    assert (saddle.x, saddle.y) == (pytest.approx(0.7598, abs=1e-3), pytest.approx(267.80, abs=1e-2))
    assert (escape.x, escape.y) == (pytest.approx(0.1730, abs=1e-3), pytest.approx(447.13, abs=1e-2))
    assert [e.stability for e in eqs] == ["saddle", "stable", "saddle", "stable"]
    assert dormant.oscillates and not escape.oscillates


@pytest.mark.parametrize(
    "params",
    [PUBLISHED, PUBLISHED.with_(kill=2.0), PUBLISHED.with_(sigma=0.5), PUBLISHED.with_(sigma=0.9), PUBLISHED.with_(alpha=0.8)],
)
def test_equilibria_make_the_right_hand_side_vanish(params):
    eqs = equilibria(params)
    assert eqs, "there is always at least the tumour-free state"
    for eq in eqs:
        np.testing.assert_allclose(rhs(0.0, (eq.x, eq.y), params), [0.0, 0.0], atol=1e-9)
        assert eq.x >= 0 and 0 <= eq.y <= params.carrying_capacity
        assert eq.x == pytest.approx(x_nullcline(eq.y, params), rel=1e-8)
        if eq.y > 0:
            assert eq.x == pytest.approx(y_nullcline(eq.y, params), rel=1e-8)


def test_stability_matches_jacobian_eigenvalues():
    for eq in equilibria(PUBLISHED):
        real = np.real(np.linalg.eigvals(jacobian(eq.x, eq.y, PUBLISHED)))
        assert eq.is_stable == bool(np.all(real < 0))


def test_jacobian_matches_finite_differences():
    x, y, h = 0.8, 30.0, 1e-6
    numeric = np.column_stack(
        [
            (rhs(0, (x + h, y), PUBLISHED) - rhs(0, (x - h, y), PUBLISHED)) / (2 * h),
            (rhs(0, (x, y + h), PUBLISHED) - rhs(0, (x, y - h), PUBLISHED)) / (2 * h),
        ]
    )
    np.testing.assert_allclose(jacobian(x, y, PUBLISHED), numeric, rtol=1e-6)


def test_tumour_free_state_becomes_stable_when_immunity_is_strong():
    # The tumour-free state is stable when kill * sigma / delta > alpha.
    threshold = PUBLISHED.alpha * PUBLISHED.delta / PUBLISHED.sigma
    assert not equilibria(PUBLISHED.with_(kill=0.99 * threshold))[0].is_stable
    assert equilibria(PUBLISHED.with_(kill=1.01 * threshold))[0].is_stable


# ---------------------------------------------------------------------------------------------
# regimes
# ---------------------------------------------------------------------------------------------


def test_published_model_has_two_outcomes_depending_on_tumour_size():
    x0 = resting_effectors(PUBLISHED)
    small = solve(PUBLISHED, x0, 10.0, LONG)
    large = solve(PUBLISHED, x0, 100.0, LONG)
    assert classify(small) == EQUILIBRIUM
    assert small.y[-1] == pytest.approx(8.19, rel=0.05)  # dormant near (1.61, 8.19)
    assert classify(large) == ESCAPE
    assert large.y[-1] == pytest.approx(447.13, rel=0.01)


@pytest.mark.parametrize(
    ("kill", "expected"),
    [(0.5, ESCAPE), (1.0, ESCAPE), (1.5, EQUILIBRIUM), (3.0, EQUILIBRIUM), (6.0, ELIMINATION)],
)
def test_killing_efficiency_sets_the_regime(kill, expected):
    trajectory = solve(PUBLISHED.with_(kill=kill), resting_effectors(PUBLISHED), 100.0, LONG)
    assert classify(trajectory) == expected
    assert trajectory.regime == expected


def test_strong_effector_supply_eliminates():
    results = dict(scan_regimes(PUBLISHED, "sigma", [0.05, 0.3, 0.8], 1.0, 300.0, LONG))
    assert results == {0.05: ESCAPE, 0.3: EQUILIBRIUM, 0.8: ELIMINATION}


def test_scan_rejects_unknown_parameter():
    with pytest.raises(ValueError, match="unknown parameter"):
        scan_regimes(PUBLISHED, "gamma", [1.0], 1.0, 1.0)


def test_regime_labels_cover_all_regimes():
    assert set(tumour_immune.REGIME_LABELS) == {ELIMINATION, EQUILIBRIUM, ESCAPE, SHRINKING}


# ---------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------


def test_time_course_figure_frames_and_traces():
    from immunobook.models.tumour_immune_figures import KILL_VALUES, time_course_figure

    fig = time_course_figure()
    assert len(fig.frames) == len(KILL_VALUES)
    assert len(fig.data) == 2
    assert all(len(frame.data) == 2 for frame in fig.frames)
    assert len(fig.layout.sliders) == 1 and len(fig.layout.sliders[0].steps) == len(KILL_VALUES)
    assert KILL_VALUES[fig.layout.sliders[0].active] == 1.0
    titles = [frame.layout.title.text for frame in fig.frames]
    assert "Escape" in titles[0] and "Elimination" in titles[-1]
    assert any("Equilibrium" in t for t in titles)
    assert "Shrinking" in titles[KILL_VALUES.index(5.25)]  # past the threshold but not gone by day 1,200
    assert len(fig.data[0].x) == 300
    assert len(fig.to_json()) < 400_000


def test_phase_plane_figure_frames_and_traces():
    from immunobook.models.tumour_immune_figures import PHASE_STARTS, SIGMA_VALUES, phase_plane_figure

    fig = phase_plane_figure()
    n_traces = 2 + len(PHASE_STARTS) + 1 + 2  # nullclines, trajectories, starts, equilibria
    assert len(fig.frames) == len(SIGMA_VALUES)
    assert len(fig.data) == n_traces
    assert all(len(frame.data) == n_traces for frame in fig.frames)
    assert fig.layout.yaxis.type == "log"
    assert len(fig.to_json()) < 400_000


def test_figures_use_the_book_theme():
    from immunobook.models.tumour_immune_figures import time_course_figure
    from immunobook.theme import TEMPLATE_NAME

    fig = time_course_figure(values=(1.0, 2.0), n_points=50)
    assert fig.layout.template.layout.font.family  # template applied
    assert TEMPLATE_NAME


def test_panel_figure_reports_regime():
    from immunobook.models.tumour_immune_figures import model_panel_figure

    fig = model_panel_figure(PUBLISHED.with_(kill=6.0), resting_effectors(PUBLISHED), 100.0)
    assert fig.layout.meta["regime"] == ELIMINATION
    assert "Elimination" in fig.layout.title.text


# ---------------------------------------------------------------------------------------------
# live explorer
# ---------------------------------------------------------------------------------------------


def test_explorer_builds_and_redraws_when_a_slider_moves(monkeypatch):
    monkeypatch.delenv("IMMUNOBOOK_STATIC_BUILD", raising=False)
    import ipywidgets as widgets

    from immunobook.models.tumour_immune_explorer import PLOTLY_MIME, ModelExplorer, model_explorer

    panel = model_explorer()
    assert isinstance(panel, widgets.VBox)

    explorer = ModelExplorer()
    assert explorer.regime == ESCAPE
    before = np.array(explorer.figure.data[0].y, dtype=float)
    assert len(explorer.output.outputs) == 1
    assert PLOTLY_MIME in explorer.output.outputs[0]["data"]

    explorer.sliders["kill"].value = 6.0  # the observer re-solves and redraws synchronously
    after = np.array(explorer.figure.data[0].y, dtype=float)
    assert explorer.regime == ELIMINATION
    assert not np.allclose(before, after)
    assert "Elimination" in explorer.status.value
    assert "Elimination" in explorer.output.outputs[0]["data"][PLOTLY_MIME]["layout"]["title"]["text"]

    explorer.sliders["y0"].value = 1.0
    assert explorer.figure.data[0].y[0] == pytest.approx(1.0e6, rel=1e-3)

    explorer._reset()
    assert explorer.params() == PUBLISHED
    assert explorer.regime == ESCAPE


def test_explorer_returns_note_in_static_build(monkeypatch):
    monkeypatch.setenv("IMMUNOBOOK_STATIC_BUILD", "1")
    from IPython.display import HTML

    from immunobook.models.tumour_immune_explorer import model_explorer

    note = model_explorer()
    assert isinstance(note, HTML)
    assert "Binder" in note.data and "kernel" in note.data


# ---------------------------------------------------------------------------------------------
# numbers quoted in chapters/cancer-and-immunity.md (text, exercises and quiz)
# ---------------------------------------------------------------------------------------------


def _threshold(y0: float, low: float, high: float, below: str) -> float:
    x0 = resting_effectors(PUBLISHED)
    for _ in range(14):
        mid = (low + high) / 2
        if classify(solve(PUBLISHED.with_(kill=mid), x0, y0, LONG)) == below:
            low = mid
        else:
            high = mid
    return high


def test_chapter_escape_thresholds():
    assert round(_threshold(100.0, 1.0, 1.25, ESCAPE), 2) == 1.16
    assert round(_threshold(10.0, 0.5, 1.0, ESCAPE), 2) == 0.66


def test_chapter_elimination_threshold_formula_and_within_the_chart():
    """Above alpha*delta/sigma the tumour-free state attracts, but elimination (below one cell)
    within the chart's 1,200 days needs a killing efficiency of about 5.39 (chapter, Exercise 2)."""
    formula = PUBLISHED.alpha * PUBLISHED.delta / PUBLISHED.sigma
    assert formula == pytest.approx(5.185, abs=1e-3)
    assert round(_threshold(100.0, 5.0, 5.6, EQUILIBRIUM), 2) == 5.19  # leaves equilibrium at the formula
    within_chart = _threshold(100.0, 5.19, 5.6, SHRINKING)
    assert round(within_chart, 2) == 5.39


def test_label_matches_the_definition_within_the_simulated_time():
    x0 = resting_effectors(PUBLISHED)
    near = solve(PUBLISHED.with_(kill=5.25), x0, 100.0, LONG)
    # Heading for the tumour-free state, yet hundreds of cells remain at day 1,200: not "elimination".
    assert equilibria(near.params)[0].is_stable
    assert near.tumour_cells[-1] > 100
    assert classify(near) == SHRINKING
    # Given long enough (about 3,800 days) the same tumour does fall below one cell.
    longer = solve(PUBLISHED.with_(kill=5.25), x0, 100.0, 5000.0 / DAYS_PER_TIME_UNIT, n=600)
    assert longer.tumour_cells.min() < 1.0
    assert classify(longer) == ELIMINATION
    # Every run labelled elimination really went below one cell during the run.
    for kill in (5.4, 5.5, 6.0, 7.0):
        run = solve(PUBLISHED.with_(kill=kill), x0, 100.0, LONG)
        assert classify(run) == ELIMINATION
        assert run.tumour_cells.min() < 1.0


def test_chapter_separatrix_between_50_and_70_million():
    x0 = resting_effectors(PUBLISHED)
    longer = 2000.0 / DAYS_PER_TIME_UNIT
    assert classify(solve(PUBLISHED, x0, 50.0, longer)) == EQUILIBRIUM
    assert classify(solve(PUBLISHED, x0, 70.0, longer)) == ESCAPE


def test_chapter_dormant_oscillation_period_about_three_months():
    dormant = equilibria(PUBLISHED)[1]
    period_days = 2 * math.pi / abs(dormant.eigenvalues[0].imag) * DAYS_PER_TIME_UNIT
    assert 85 < period_days < 110


def test_chapter_sigma_threshold_for_elimination():
    assert PUBLISHED.alpha * PUBLISHED.delta == pytest.approx(0.612, abs=1e-3)
    assert not equilibria(PUBLISHED.with_(sigma=0.60))[0].is_stable
    assert equilibria(PUBLISHED.with_(sigma=0.62))[0].is_stable


def test_quiz_file_is_valid():
    from pathlib import Path

    from immunobook.book.quiz import load_questions

    path = Path(__file__).resolve().parents[1] / "chapters" / "quizzes" / "cancer-and-immunity.json"
    assert len(load_questions(path)) >= 6


def test_chapter_numbers_added_after_review():
    x0 = resting_effectors(PUBLISHED)
    # "a tumour that grows to more than 430 million cells" just below the 1.16 switch
    escaped = [eq for eq in equilibria(PUBLISHED.with_(kill=1.15)) if eq.is_stable][-1]
    assert 430 < escaped.y < 440
    # quiz: "with killing efficiency 1.5 it settles at about 7 million cells"
    dormant = [eq for eq in equilibria(PUBLISHED.with_(kill=1.5)) if eq.is_stable][0]
    assert dormant.y == pytest.approx(7.0, abs=0.5)
    # Exercise 2: "at 5.2 it takes about 16,000 days to fall below one cell"
    slow = solve(PUBLISHED.with_(kill=5.2), x0, 100.0, 20000.0 / DAYS_PER_TIME_UNIT, n=4000)
    first_below = slow.days[np.argmax(slow.tumour_cells < 1.0)]
    assert slow.tumour_cells.min() < 1.0 and 15000 < first_below < 17000


def test_lowering_mu_never_makes_the_tumour_free_state_stable():
    """The chapter: lowering mu removes the escaped state but has no second threshold."""
    assert not equilibria(PUBLISHED.with_(mu=0.0))[0].is_stable
    assert [eq.y > 400 for eq in equilibria(PUBLISHED.with_(mu=0.0025)) if eq.is_stable] == [False]
