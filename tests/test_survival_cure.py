"""Tests of the mixture-cure survival model, its slider figure and its live explorer."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy.optimize import brentq

from immunobook.models.survival_cure import (
    IPILIMUMAB_POOLED,
    MixtureCure,
    fit_to_landmarks,
    no_tail_twin,
    with_median,
)
from immunobook.models.survival_cure_figures import CURED_VALUES, ILLUSTRATION_NOTE, cure_slider_figure

MODELS = [
    MixtureCure(cured=0.0, scale=10.0, shape=1.0),
    MixtureCure(cured=0.2, scale=11.6, shape=1.15),
    MixtureCure(cured=0.45, scale=30.0, shape=0.6),
    MixtureCure(cured=0.3, scale=5.0, shape=2.5),
]


@pytest.mark.parametrize("model", MODELS)
def test_everyone_is_alive_at_time_zero(model):
    assert model.survival(0.0) == pytest.approx(1.0)


@pytest.mark.parametrize("model", MODELS)
def test_survival_never_rises(model):
    s = model.survival(np.linspace(0, 600, 2001))
    assert np.all(np.diff(s) <= 1e-15)
    assert s[-1] < s[0]


@pytest.mark.parametrize("model", MODELS)
def test_tail_tends_to_the_cured_fraction(model):
    late = model.survival(np.array([1e4, 1e5]))
    assert late == pytest.approx([model.cured, model.cured], abs=1e-6)
    # ...and never falls below it.
    assert np.all(model.survival(np.linspace(0, 1e3, 500)) >= model.cured - 1e-12)


@pytest.mark.parametrize("model", [m for m in MODELS if m.cured < 0.5])
def test_median_matches_an_independent_root_search(model):
    root = brentq(lambda t: float(model.survival(t)) - 0.5, 1e-9, 1e6, xtol=1e-10)
    assert model.median() == pytest.approx(root, rel=1e-7)


def test_median_of_a_plain_exponential_is_scale_times_ln2():
    assert MixtureCure(cured=0.0, scale=10.0, shape=1.0).median() == pytest.approx(10.0 * math.log(2))


def test_no_median_when_half_or_more_are_cured():
    assert MixtureCure(cured=0.5, scale=10.0, shape=1.0).median() == math.inf
    assert MixtureCure(cured=0.7, scale=10.0, shape=1.0).survival(1e6) > 0.5


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(cured=1.0, scale=1.0, shape=1.0), "cured fraction"),
        (dict(cured=-0.1, scale=1.0, shape=1.0), "cured fraction"),
        (dict(cured=float("nan"), scale=1.0, shape=1.0), "cured fraction"),
        (dict(cured=0.2, scale=0.0, shape=1.0), "scale must be a positive number"),
        (dict(cured=0.2, scale=-3.0, shape=1.0), "scale must be a positive number"),
        (dict(cured=0.2, scale=5.0, shape=0.0), "shape must be a positive number"),
        (dict(cured=0.2, scale=5.0, shape=float("inf")), "shape must be a positive number"),
    ],
)
def test_invalid_parameters_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MixtureCure(**kwargs)


def test_negative_time_is_rejected():
    with pytest.raises(ValueError, match="months must be finite and >= 0"):
        MODELS[1].survival([-1.0, 3.0])


def test_fit_passes_through_the_published_landmarks():
    lm = IPILIMUMAB_POOLED
    model = fit_to_landmarks(lm.plateau, lm.median_months, lm.landmark_months, lm.landmark_survival)
    assert model.median() == pytest.approx(lm.median_months)
    assert float(model.survival(lm.landmark_months)) == pytest.approx(lm.landmark_survival)
    assert model.cured == lm.plateau
    # Independent check of the fitted parameters from the two equations written out by hand.
    h1 = -math.log((0.5 - 0.2) / 0.8)
    h2 = -math.log((0.22 - 0.2) / 0.8)
    assert (11.4 / model.scale) ** model.shape == pytest.approx(h1)
    assert (36.0 / model.scale) ** model.shape == pytest.approx(h2)


@pytest.mark.parametrize(
    "args, message",
    [
        ((0.2, 11.4, 10.0, 0.22), "must be later than median_months"),
        ((0.2, 11.4, 36.0, 0.6), "between the cured fraction"),
        ((0.25, 11.4, 36.0, 0.22), "between the cured fraction"),
        ((0.2, -1.0, 36.0, 0.22), "median_months must be a positive number"),
    ],
)
def test_fit_rejects_impossible_landmarks(args, message):
    with pytest.raises(ValueError, match=message):
        fit_to_landmarks(*args)


def test_with_median_and_no_tail_twin_keep_the_median():
    for cured in (0.0, 0.1, 0.3, 0.45):
        model = with_median(cured, 11.4, 1.15)
        assert model.median() == pytest.approx(11.4)
        twin = no_tail_twin(model)
        assert twin.cured == 0.0 and twin.median() == pytest.approx(11.4)
        # Same median, but the twin has far fewer long-term survivors when there is a tail.
        if cured > 0:
            assert float(twin.survival(60.0)) < float(model.survival(60.0))
    with pytest.raises(ValueError, match="only if the cured fraction is below 0.5"):
        with_median(0.5, 11.4, 1.0)


def test_slider_figure_has_one_slim_frame_per_value_and_the_label():
    fig = cure_slider_figure()
    assert [f.name for f in fig.frames] == [f"cured={v:g}" for v in CURED_VALUES]
    assert len(fig.layout.sliders[0].steps) == len(CURED_VALUES)
    assert all(list(f.traces) == [0, 1] for f in fig.frames)
    assert fig.layout.meta["note"] == ILLUSTRATION_NOTE
    assert "not trial data" in fig.layout.annotations[0].text
    names = [t.name for t in fig.data]
    assert "Same median, no tail" in names and "Published landmarks" in names
    # The active frame (20 % cured) ends near its plateau; the no-tail curve ends near zero.
    curve = fig.data[0].y
    no_tail = fig.data[names.index("Same median, no tail")].y
    assert curve[-1] == pytest.approx(20.0, abs=0.5)
    assert no_tail[-1] < 1.0
    # Frames change the curve: the last value of each frame's curve is its cured fraction.
    for value, frame in zip(CURED_VALUES, fig.frames):
        assert frame.data[0].y[-1] == pytest.approx(100 * value, abs=0.6)
    assert len(json.dumps(fig.to_plotly_json(), default=str)) < 40_000


def test_explorer_redraws_when_a_slider_moves(monkeypatch):
    monkeypatch.delenv("IMMUNOBOOK_STATIC_BUILD", raising=False)
    from immunobook.models.survival_cure_explorer import CureExplorer, cure_explorer

    explorer = CureExplorer()
    before = explorer.figure.data[0].y[-1]
    explorer.sliders["cured"].value = 0.4
    assert explorer.figure.data[0].y[-1] != before
    assert explorer.figure.data[0].y[-1] == pytest.approx(40.0, abs=0.5)
    assert "Median" in explorer.summary.value
    monkeypatch.setenv("IMMUNOBOOK_STATIC_BUILD", "1")
    note = cure_explorer()
    assert "Live explorer" in note.data
