"""CAR T cellular kinetics: the published Stein (2019) model and the book's target-cell extension."""

from __future__ import annotations

import math

import numpy as np
import pytest

from immunobook.models.car_t_kinetics import (
    SteinParams,
    TargetParams,
    peak_summary,
    solve_stein_ode,
    solve_with_targets,
    stein_closed_form,
)
from immunobook.models.car_t_kinetics_figures import (BURDEN_VALUES, DENSE_UNTIL, kinetics_panel_figure,
                                                      kinetics_slider_figure, shown_points)


# --- the published model ------------------------------------------------------------------------


def test_derived_rates_match_the_half_lives_reported_in_the_paper():
    p = SteinParams()
    # Stein 2019 reports a 0.78-day doubling time, 4.3-day contraction and ~220-day terminal half-life.
    assert p.doubling_time() == pytest.approx(0.78, abs=0.01)
    assert p.contraction_half_life() == pytest.approx(4.3, abs=0.05)
    assert p.persistence_half_life() == pytest.approx(220, rel=0.03)


def test_closed_form_starts_at_cmax_over_foldx_and_peaks_at_cmax_on_day_tmax():
    p = SteinParams()
    assert stein_closed_form([0.0], p)[0] == pytest.approx(24000 / 3900)
    assert stein_closed_form([p.tmax], p)[0] == pytest.approx(p.cmax)
    days = np.linspace(0, 365, 3651)
    level = stein_closed_form(days, p)
    assert days[np.argmax(level)] == pytest.approx(p.tmax, abs=0.1)


def test_numerical_integration_agrees_with_the_closed_form():
    p = SteinParams()
    ode = solve_stein_ode(p, t_end=365, n=366)
    exact = stein_closed_form(ode.days, p)
    assert np.allclose(ode.total, exact, rtol=2e-3)


def test_late_decline_follows_the_persistence_rate_beta():
    p = SteinParams()
    t1, t2 = 200.0, 300.0
    c1, c2 = stein_closed_form([t1, t2], p)
    slope = (math.log(c2) - math.log(c1)) / (t2 - t1)
    assert slope == pytest.approx(-p.beta, rel=0.01)


# --- the extension with target cells ------------------------------------------------------------


def test_no_target_cells_means_no_expansion_only_contraction():
    result = solve_with_targets(targets=TargetParams(target0=0.0), t_end=120, n=241)
    assert np.all(np.diff(result.total) <= 1e-12)
    assert peak_summary(result)["tmax"] == 0.0
    # Without stimulation the expanding pool decays at exactly the published contraction rate.
    p = SteinParams()
    assert np.allclose(result.effector, p.c0 * np.exp(-p.alpha * result.days), rtol=1e-5)


def test_zero_killing_leaves_the_targets_growing_as_they_would_alone():
    q = TargetParams(target0=1.0, kill=0.0, growth=0.03)
    result = solve_with_targets(targets=q, t_end=100, n=101)
    assert np.allclose(result.targets, np.exp(0.03 * result.days), rtol=1e-5)


def test_constant_stimulation_gives_the_closed_form_exponential():
    # Targets that neither grow nor die keep the stimulation s fixed, so E is a pure exponential.
    q = TargetParams(target0=2.0, kill=0.0, growth=0.0, half_stimulation=0.5)
    p = SteinParams()
    result = solve_with_targets(p, q, t_end=10, n=11)
    s = 2.0 / 2.5
    rate = p.rho * s - p.alpha * (1 - s)
    assert np.allclose(result.effector, p.c0 * np.exp(rate * result.days), rtol=1e-5)


def test_reference_case_expands_peaks_contracts_then_persists():
    result = solve_with_targets(t_end=365, n=731)
    peak = peak_summary(result)
    assert 5 <= peak["tmax"] <= 20                       # peak in the published range of days
    assert peak["foldx"] > 100                           # expansion by orders of magnitude
    after = result.total[result.days >= peak["tmax"]]
    assert np.all(np.diff(after) < 0)                    # contraction after the peak
    late = result.days >= 200
    slope = np.polyfit(result.days[late], np.log(result.total[late]), 1)[0]
    assert slope == pytest.approx(-SteinParams().beta, rel=0.1)  # slow persistence phase
    assert result.targets[-1] < 1e-6                     # the targets were cleared


def test_more_target_burden_gives_a_larger_peak():
    peaks = [peak_summary(solve_with_targets(targets=TargetParams(target0=b), t_end=60, n=241))["cmax"]
             for b in (0.1, 1.0, 10.0)]
    assert peaks[0] < peaks[1] < peaks[2]


@pytest.mark.parametrize("kwargs, word", [
    ({"alpha": -0.1}, "alpha"),
    ({"beta": 0.0}, "beta"),
    ({"foldx": 1.0}, "foldx"),
    ({"fb": 1.5}, "fb"),
    ({"tmax": float("nan")}, "tmax"),
    ({"beta": 0.5}, "beta"),
])
def test_invalid_published_parameters_are_rejected_by_name(kwargs, word):
    with pytest.raises(ValueError, match=word):
        SteinParams(**kwargs)


@pytest.mark.parametrize("kwargs, word", [
    ({"target0": -1.0}, "target0"),
    ({"kill": -1e-4}, "kill"),
    ({"growth": -0.1}, "growth"),
    ({"half_stimulation": 0.0}, "half_stimulation"),
])
def test_invalid_extension_parameters_are_rejected_by_name(kwargs, word):
    with pytest.raises(ValueError, match=word):
        TargetParams(**kwargs)


def test_bad_time_arguments_are_rejected():
    with pytest.raises(ValueError, match="t_end"):
        solve_with_targets(t_end=-5)
    with pytest.raises(ValueError, match="days"):
        stein_closed_form([-1.0])


# --- figures ------------------------------------------------------------------------------------


def test_slider_figure_has_one_slim_frame_per_burden_and_log_axes():
    fig = kinetics_slider_figure()
    assert len(fig.frames) == len(BURDEN_VALUES) <= 12
    assert [f.name for f in fig.frames] == [f"burden={v:g}" for v in BURDEN_VALUES]
    assert all(len(f.data) == 2 for f in fig.frames)  # only the changing traces
    assert all(f.data[0].x is None for f in fig.frames)  # and only their y values
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis2.type == "log"
    assert fig.frames[0].layout.title.text == "No target cells: no expansion"
    # The frame for the default burden matches the model's own solution.
    i = BURDEN_VALUES.index(1.0)
    result = solve_with_targets(t_end=180, n=121)
    days = np.linspace(0, 180, 121)
    shown = shown_points(days)
    assert np.allclose(np.asarray(fig.data[0].x, dtype=float), days[shown], atol=0.05)
    assert np.allclose(np.asarray(fig.frames[i].data[0].y, dtype=float), result.total[shown], rtol=5e-3)
    assert len(fig.to_json()) < 16_000


def test_shown_points_keep_the_whole_expansion_and_thin_only_the_decline():
    days = np.linspace(0, 180, 121)
    shown = shown_points(days)
    early = days[shown][days[shown] <= DENSE_UNTIL]
    assert np.array_equal(early, days[days <= DENSE_UNTIL])  # every point through the peak
    gaps = np.diff(days[shown][days[shown] > DENSE_UNTIL])
    assert gaps.max() <= 3 * 1.5 + 1e-9 and shown[-1] == 120  # thinned evenly, ends on the last day
    assert len(shown) < 0.5 * len(days)


def test_slider_rejects_negative_burdens():
    with pytest.raises(ValueError, match="burden"):
        kinetics_slider_figure(values=(1.0, -2.0))


def test_panel_figure_reports_the_peak():
    fig = kinetics_panel_figure(SteinParams(), TargetParams())
    assert 5 <= fig.layout.meta["tmax"] <= 20


def test_explorer_redraws_when_a_slider_moves(monkeypatch):
    monkeypatch.delenv("IMMUNOBOOK_STATIC_BUILD", raising=False)
    from immunobook.models.car_t_kinetics_explorer import KineticsExplorer

    explorer = KineticsExplorer()
    before = explorer.figure.layout.meta["cmax"]
    explorer.sliders["target0"].value = 10.0
    assert explorer.figure.layout.meta["cmax"] > before
    explorer.no_targets.value = True
    assert explorer.figure.layout.title.text == "No target cells: no expansion"


def test_explorer_is_a_note_in_the_static_build(monkeypatch):
    monkeypatch.setenv("IMMUNOBOOK_STATIC_BUILD", "1")
    from immunobook.models.car_t_kinetics_explorer import kinetics_explorer

    assert "explorer" in kinetics_explorer()._repr_html_()


# --- the chapter's exercise solutions ------------------------------------------------------------


def test_chapter_solution_code_runs_against_the_real_data_and_model(capsys):
    import re
    from pathlib import Path

    chapter = (Path(__file__).resolve().parents[1] / "chapters" / "car-t-cells.md").read_text(encoding="utf-8")
    solutions = re.findall(r"```\{solution\}.*?```", chapter, re.S)
    blocks = ["\n".join(line[4:] for line in s.splitlines() if line.startswith("    ")) for s in solutions]
    blocks = [b for b in blocks if b.strip()]
    assert len(blocks) >= 2  # one on the dataset, one on the model
    for block in blocks:
        exec(compile(block, "solution", "exec"), {})
    printed = capsys.readouterr().out
    assert "CAR T cell therapy" in printed  # the dataset cross-tabulation
    # The model answer printed by the second solution equals an independent closed-form estimate:
    # after the peak, level/Cmax = (1-FB)exp(-alpha s) + FB exp(-beta s) crosses 0.01 near s* below.
    p = SteinParams()
    s_star = None
    for tenth in range(1, 20000):
        s = tenth / 10
        if (1 - p.fb) * math.exp(-p.alpha * s) + p.fb * math.exp(-p.beta * s) < 0.01:
            s_star = s
            break
    assert f"{round(p.tmax + s_star, 1)}" in printed.split()
