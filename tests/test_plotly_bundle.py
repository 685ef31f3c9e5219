"""The shipped plotly.js partial bundle: the plotly package's version, the recorded file, and the
trace types it really registers (asked of the bundle itself in Chromium)."""

from __future__ import annotations

import pytest
from plotly.offline import get_plotlyjs_version

from immunobook.book import plotly_bundle


def test_vendored_bundle_matches_the_plotly_package_and_its_recorded_sha256():
    assert plotly_bundle.problems(get_plotlyjs_version()) == []


def test_a_version_drift_is_reported():
    assert any("plotly package ships 9.9.9" in p for p in plotly_bundle.problems("9.9.9"))


def test_unsupported_traces_are_found_in_data_and_frames():
    figure = {"data": [{"type": "bar"}, {}], "frames": [{"data": [{"type": "heatmap"}]}]}
    assert plotly_bundle.unsupported_traces(figure) == {"heatmap"}


@pytest.mark.browser
def test_recorded_trace_types_are_what_the_bundle_registers(browser):
    page = browser.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=plotly_bundle.BUNDLE_PATH.read_text(encoding="utf-8"))
    registered = page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)")
    version = page.evaluate("() => Plotly.version")
    page.close()
    assert set(registered) == plotly_bundle.TRACE_TYPES
    assert version == plotly_bundle.VERSION == get_plotlyjs_version()
