"""The primer chapter's cartoon of first and second immune responses shows what its caption claims."""

import numpy as np

from immunobook.figures.primer import FIRST_EXPOSURE_DAY, SECOND_EXPOSURE_DAY, response_curves, response_curves_figure


def _peak(days, values, start, stop):
    window = (days >= start) & (days < stop)
    i = np.argmax(values[window])
    return days[window][i], values[window][i]


def test_curves_are_finite_and_non_negative():
    c = response_curves()
    for name in ("innate", "adaptive"):
        assert np.all(np.isfinite(c[name]))
        assert np.all(c[name] >= 0)


def test_second_adaptive_response_is_faster_and_larger():
    c = response_curves()
    t1, h1 = _peak(c["days"], c["adaptive"], FIRST_EXPOSURE_DAY, SECOND_EXPOSURE_DAY)
    t2, h2 = _peak(c["days"], c["adaptive"], SECOND_EXPOSURE_DAY, c["days"][-1] + 1)
    assert h2 > 2 * h1
    assert (t2 - SECOND_EXPOSURE_DAY) < (t1 - FIRST_EXPOSURE_DAY)


def test_adaptive_response_lags_innate_the_first_time():
    c = response_curves()
    ti, _ = _peak(c["days"], c["innate"], FIRST_EXPOSURE_DAY, SECOND_EXPOSURE_DAY)
    ta, _ = _peak(c["days"], c["adaptive"], FIRST_EXPOSURE_DAY, SECOND_EXPOSURE_DAY)
    assert ti < 3 < 7 < ta


def test_innate_response_is_the_same_both_times():
    c = response_curves()
    _, h1 = _peak(c["days"], c["innate"], FIRST_EXPOSURE_DAY, SECOND_EXPOSURE_DAY)
    _, h2 = _peak(c["days"], c["innate"], SECOND_EXPOSURE_DAY, c["days"][-1] + 1)
    assert abs(h1 - h2) < 1e-6


def test_memory_persists_between_encounters():
    c = response_curves()
    between = (c["days"] > 30) & (c["days"] < SECOND_EXPOSURE_DAY)
    assert np.all(c["adaptive"][between] > 0.1)


def test_figure_has_two_labelled_traces_and_the_book_template():
    fig = response_curves_figure()
    assert [trace.name for trace in fig.data] == [
        "Innate response (same each time)",
        "Adaptive response (T and B cells)",
    ]
    assert fig.data[0].line.dash == "dash"  # the two lines differ by more than colour
    assert fig.layout.template.layout.font.family
