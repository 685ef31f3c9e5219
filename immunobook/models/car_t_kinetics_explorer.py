"""Live ipywidgets explorer of CAR T cellular kinetics (needs a running kernel).

``kinetics_explorer()`` returns the widget panel in JupyterLab or Binder and a launch note in the
static HTML build. ``KineticsExplorer`` keeps the widgets and the current figure so tests can move a
slider in Python and check that the figure changed.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..book.live import is_static_build, launch_note
from .car_t_kinetics import SteinParams, TargetParams
from .car_t_kinetics_figures import kinetics_panel_figure
from .tumour_immune_explorer import _display_data

__all__ = ["KineticsExplorer", "kinetics_explorer"]

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="100%", max_width="36em")


class KineticsExplorer:
    """Sliders for expansion, contraction, persistence and the extension's target parameters."""

    def __init__(self, stein: SteinParams | None = None, targets: TargetParams | None = None):
        self.stein = stein or SteinParams()
        self.targets = targets or TargetParams()
        s, t = self.stein, self.targets

        def slider(cls, value, lo, hi, step, label, fmt=".3g", **kw):
            return cls(value=value, min=lo, max=hi, step=step, description=label, readout_format=fmt,
                       style=_STYLE, layout=_LAYOUT, continuous_update=False, **kw)

        self.sliders = {
            "tmax": slider(widgets.FloatSlider, s.tmax, 3.0, 30.0, 0.1, "Days to peak, published curve (Tmax)"),
            "alpha": slider(widgets.FloatSlider, s.alpha, 0.02, 0.5, 0.01, "Contraction rate per day (alpha)"),
            "beta": slider(widgets.FloatLogSlider, s.beta, -4, -1.6, 0.05, "Persistence decay per day (beta)", base=10),
            "fb": slider(widgets.FloatLogSlider, s.fb, -4, -1, 0.05, "Fraction that persists (FB)", base=10),
            "target0": slider(widgets.FloatLogSlider, t.target0, -2, 2, 0.1, "Starting target burden (×)", base=10),
            "kill": slider(widgets.FloatLogSlider, t.kill, -6, -2, 0.1, "Killing per CAR T unit", fmt=".2g", base=10),
            "growth": slider(widgets.FloatSlider, t.growth, 0.0, 0.3, 0.01, "Target growth per day"),
        }
        self.no_targets = widgets.Checkbox(value=False, description="No target cells (burden 0)", style=_STYLE)
        self.status = widgets.HTML()
        self.output = widgets.Output()
        self.figure = None
        for control in [*self.sliders.values(), self.no_targets]:
            control.observe(self._on_change, names="value")
        help_text = widgets.HTML(
            "<p>Move a slider to re-solve. The dashed grey line is the published typical curve; the blue "
            "line and the red dotted line come from this book's extension with target cells.</p>")
        self.panel = widgets.VBox([help_text, *self.sliders.values(), self.no_targets, self.status, self.output])
        self.update()

    def params(self) -> tuple[SteinParams, TargetParams]:
        v = {name: w.value for name, w in self.sliders.items()}
        stein = self.stein.with_(tmax=v["tmax"], alpha=v["alpha"], beta=min(v["beta"], 0.9 * v["alpha"]), fb=v["fb"])
        target0 = 0.0 if self.no_targets.value else v["target0"]
        return stein, self.targets.with_(target0=target0, kill=v["kill"], growth=v["growth"])

    def update(self) -> None:
        try:
            stein, targets = self.params()
            figure = kinetics_panel_figure(stein, targets)
        except ValueError as err:  # an impossible combination: say why instead of drawing
            self.status.value = f"<p><strong>Cannot solve:</strong> {err}</p>"
            return
        self.figure = figure
        self.status.value = f"<p><strong>{figure.layout.title.text}</strong></p>"
        self.output.outputs = (_display_data(figure),)

    def _on_change(self, _change) -> None:
        self.update()


def kinetics_explorer(**kwargs):
    """The live explorer panel, or a launch note in the static HTML build."""
    if is_static_build():
        return launch_note("The CAR T kinetics explorer")
    return KineticsExplorer(**kwargs).panel
