"""Live ipywidgets explorer of the tumour–immune model (needs a running kernel).

``model_explorer()`` returns the widget panel in JupyterLab or Binder. In the static HTML build
(``IMMUNOBOOK_STATIC_BUILD=1``) it returns a short note instead, because widgets cannot respond
without a kernel. ``ModelExplorer`` holds the widgets and the current figure, so tests can move a
slider in Python and check that the figure changed.
"""

from __future__ import annotations

import json

import ipywidgets as widgets

from ..book.live import is_static_build, launch_note
from .tumour_immune import REGIME_LABELS, KuznetsovParams, resting_effectors
from .tumour_immune_figures import model_panel_figure

__all__ = ["ModelExplorer", "model_explorer"]

_STYLE = {"description_width": "15em"}
_LAYOUT = widgets.Layout(width="34em")


PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _display_data(figure) -> dict:
    """A Jupyter ``display_data`` output holding the figure as Plotly JSON (what JupyterLab draws)."""
    payload = json.loads(figure.to_json())
    payload["config"] = {"displaylogo": False, "responsive": True}
    return {
        "output_type": "display_data",
        "data": {PLOTLY_MIME: payload, "text/plain": f"<Figure: {figure.layout.title.text}>"},
        "metadata": {},
    }


class ModelExplorer:
    """Sliders for the key parameters and starting sizes; re-solves and redraws on every change."""

    def __init__(self, params: KuznetsovParams | None = None, y0: float = 100.0, t_end_days: float = 1200.0):
        base = params or KuznetsovParams()
        self.base = base
        self.sliders: dict[str, widgets.ValueWidget] = {
            "kill": widgets.FloatSlider(
                value=base.kill, min=0.25, max=8.0, step=0.05,
                description="Killing efficiency (×)", style=_STYLE, layout=_LAYOUT, continuous_update=False,
            ),
            "sigma": widgets.FloatSlider(
                value=base.sigma, min=0.0, max=1.0, step=0.01, readout_format=".3f",
                description="Effector supply σ", style=_STYLE, layout=_LAYOUT, continuous_update=False,
            ),
            "alpha": widgets.FloatSlider(
                value=base.alpha, min=0.2, max=3.0, step=0.05, readout_format=".2f",
                description="Tumour growth rate α", style=_STYLE, layout=_LAYOUT, continuous_update=False,
            ),
            "delta": widgets.FloatSlider(
                value=base.delta, min=0.05, max=1.0, step=0.01, readout_format=".3f",
                description="Effector death rate δ", style=_STYLE, layout=_LAYOUT, continuous_update=False,
            ),
            "x0": widgets.FloatSlider(
                value=round(resting_effectors(base), 2), min=0.0, max=4.0, step=0.05,
                description="Start: effector cells (M)", style=_STYLE, layout=_LAYOUT, continuous_update=False,
            ),
            "y0": widgets.FloatLogSlider(
                value=y0, base=10, min=-3, max=2.65, step=0.05, readout_format=".3g",
                description="Start: tumour cells (M)", style=_STYLE, layout=_LAYOUT, continuous_update=False,
            ),
            "days": widgets.IntSlider(
                value=int(t_end_days), min=100, max=3000, step=50,
                description="Days to simulate", style=_STYLE, layout=_LAYOUT, continuous_update=False,
            ),
        }
        self.reset_button = widgets.Button(description="Reset to published values", icon="undo",
                                           layout=widgets.Layout(width="auto"))  # not "Reset to publis…"
        self.status = widgets.HTML()
        self.output = widgets.Output()
        self.figure = None
        self.regime = None
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.reset_button.on_click(self._reset)
        help_text = widgets.HTML(
            "<p>Move a slider to re-solve the model. M = million cells. "
            "Killing efficiency multiplies the published killing rate (1 = the paper's value).</p>"
        )
        self.panel = widgets.VBox(
            [help_text, *self.sliders.values(), self.reset_button, self.status, self.output]
        )
        self.update()

    # -- state --------------------------------------------------------------------------------
    def params(self) -> KuznetsovParams:
        """The parameter set the sliders currently describe."""
        values = {name: self.sliders[name].value for name in ("kill", "sigma", "alpha", "delta")}
        return self.base.with_(**values)

    def update(self) -> None:
        """Solve with the current slider values and redraw the figure in the output area."""
        figure = model_panel_figure(
            self.params(), self.sliders["x0"].value, self.sliders["y0"].value, t_end_days=self.sliders["days"].value
        )
        self.figure = figure
        self.regime = figure.layout.meta["regime"]
        self.status.value = f"<p><strong>Outcome:</strong> {REGIME_LABELS[self.regime]}</p>"
        self.output.outputs = (_display_data(figure),)

    # -- callbacks ----------------------------------------------------------------------------
    def _on_change(self, _change) -> None:
        self.update()

    def _reset(self, _button=None) -> None:
        base = self.base
        with self.output.hold_trait_notifications():
            for slider in self.sliders.values():
                slider.unobserve(self._on_change, names="value")
            try:
                self.sliders["kill"].value = base.kill
                self.sliders["sigma"].value = base.sigma
                self.sliders["alpha"].value = base.alpha
                self.sliders["delta"].value = base.delta
                self.sliders["x0"].value = round(resting_effectors(base), 2)
                self.sliders["y0"].value = 100.0
                self.sliders["days"].value = 1200
            finally:
                for slider in self.sliders.values():
                    slider.observe(self._on_change, names="value")
        self.update()


def model_explorer(**kwargs):
    """The live explorer panel, or a launch note in the static HTML build."""
    if is_static_build():
        return launch_note("The tumour–immune model explorer")
    return ModelExplorer(**kwargs).panel
