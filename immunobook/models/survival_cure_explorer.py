"""Live ipywidgets explorer of the mixture-cure survival model (needs a running kernel).

In the static HTML build it returns a launch note instead, because widgets cannot respond without
a kernel. ``CureExplorer`` keeps its widgets and current figure so tests can move a slider.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..book.live import is_static_build, launch_note
from .survival_cure import IPILIMUMAB_POOLED, MixtureCure, fit_to_landmarks
from .survival_cure_figures import survival_at, survival_panel_figure
from .tumour_immune_explorer import _display_data

__all__ = ["CureExplorer", "cure_explorer"]

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="30em", max_width="100%")


class CureExplorer:
    """Sliders for the cured fraction and the Weibull scale and shape of everyone else."""

    def __init__(self, start: MixtureCure | None = None):
        lm = IPILIMUMAB_POOLED
        start = start or fit_to_landmarks(lm.plateau, lm.median_months, lm.landmark_months, lm.landmark_survival)
        self.start = start
        self.sliders = {
            "cured": widgets.FloatSlider(value=start.cured, min=0.0, max=0.6, step=0.01, readout_format=".0%",
                                         description="Cured fraction", style=_STYLE, layout=_LAYOUT,
                                         continuous_update=False),
            "scale": widgets.FloatSlider(value=round(start.scale, 1), min=1.0, max=60.0, step=0.5,
                                         description="Scale of the uncured curve (months)", style=_STYLE,
                                         layout=_LAYOUT, continuous_update=False),
            "shape": widgets.FloatSlider(value=round(start.shape, 2), min=0.5, max=3.0, step=0.05,
                                         description="Shape of the uncured curve", style=_STYLE,
                                         layout=_LAYOUT, continuous_update=False),
        }
        self.summary = widgets.HTML()
        self.output = widgets.Output()
        self.figure = None
        for slider in self.sliders.values():
            slider.observe(lambda _change: self.update(), names="value")
        help_text = widgets.HTML(
            "<p>An illustration, not trial data. The starting values fit the pooled ipilimumab "
            "landmarks (median 11.4 months, 22% alive at 3 years).</p>")
        self.panel = widgets.VBox([help_text, *self.sliders.values(), self.summary, self.output])
        self.update()

    def model(self) -> MixtureCure:
        return MixtureCure(**{name: float(s.value) for name, s in self.sliders.items()})

    def update(self) -> None:
        model = self.model()
        self.figure = survival_panel_figure(model)
        rates = survival_at(model, [1, 3, 5, 10])
        median = model.median()
        median_text = f"{median:.1f} months" if median != float("inf") else "not reached"
        self.summary.value = (f"<p><strong>Median:</strong> {median_text}. <strong>Alive:</strong> "
                              + ", ".join(f"{rates[y]:.0f}% at {y} yr" for y in rates) + "</p>")
        self.output.outputs = (_display_data(self.figure),)


def cure_explorer(**kwargs):
    """The live explorer panel, or a launch note in the static HTML build."""
    if is_static_build():
        return launch_note("The survival-curve explorer")
    return CureExplorer(**kwargs).panel
