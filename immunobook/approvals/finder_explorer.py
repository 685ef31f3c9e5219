"""A live ipywidgets version of the cancer finder (JupyterLab, Binder).

Choose a cancer type, then narrow its approval actions by setting (line of treatment) and therapy
class; the timeline and a summary line redraw on every change. In the static book, where no kernel
answers the widgets, ``cancer_finder_explorer`` returns a short launch note instead.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from . import charts
from ..book.live import is_static_build, launch_note

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="98%")


def _present(df: pd.DataFrame, column: str) -> list[str]:
    values = set(df[column].dropna().astype(str))
    if isinstance(df[column].dtype, pd.CategoricalDtype):
        return [c for c in df[column].cat.categories if c in values] + sorted(
            values - set(df[column].cat.categories))
    return sorted(values)


class CancerFinderExplorer:
    """The widgets and their wiring; ``panel`` is what a notebook displays, ``figure`` the chart."""

    def __init__(self, df: pd.DataFrame, cancer: str = "Melanoma"):
        cancers = charts.finder_cancer_order(df)
        if cancer not in cancers:
            raise ValueError(f"cancer type {cancer!r} is not in the approvals data; choose from {cancers}")
        self.df = df
        self.cancer = widgets.Dropdown(options=[(charts.menu_label(c), c) for c in cancers], value=cancer,
                                       description="Cancer type", style=_STYLE, layout=_LAYOUT)
        self.settings = widgets.SelectMultiple(options=[], rows=5, description="Setting (none = all)",
                                               style=_STYLE, layout=_LAYOUT)
        self.classes = widgets.SelectMultiple(options=[], rows=4, description="Therapy class (none = all)",
                                              style=_STYLE, layout=_LAYOUT)
        self.summary = widgets.HTML()
        self.chart = widgets.Output()
        self.figure: go.Figure | None = None
        self.current = df.iloc[0:0]
        self._refill_options()
        self.cancer.observe(self._cancer_changed, names="value")
        for control in (self.settings, self.classes):
            control.observe(self.update, names="value")
        self.panel = widgets.VBox([self.cancer, self.settings, self.classes, self.summary, self.chart])
        self.update()

    def _rows_of_cancer(self) -> pd.DataFrame:
        return self.df[self.df["cancer_type"].astype(str) == self.cancer.value]

    def _refill_options(self) -> None:
        rows = self._rows_of_cancer()
        self.settings.options = _present(rows, "setting")
        self.classes.options = _present(rows, "therapy_class")

    def _cancer_changed(self, change=None) -> None:
        self._refill_options()  # also clears the old cancer's choices
        self.update()

    def selection(self) -> pd.DataFrame:
        rows = self._rows_of_cancer()
        if self.settings.value:
            rows = rows[rows["setting"].astype(str).isin(self.settings.value)]
        if self.classes.value:
            rows = rows[rows["therapy_class"].astype(str).isin(self.classes.value)]
        return rows

    def update(self, change=None) -> None:
        self.current = self.selection()
        if self.current.empty:
            self.figure = charts.empty_figure(self.df, charts.FINDER_TITLE)
            self.summary.value = "<p>No approval actions match this selection.</p>"
        else:
            self.figure = charts.cancer_finder(self.current, self.cancer.value, menu=False)
            line = charts.cancer_summary(self.current).iloc[0]
            self.summary.value = (
                f"<p><b>{line['actions']}</b> approval action(s) for <b>{html.escape(self.cancer.value)}</b>, "
                f"{line['agents']} agent(s), from {line['first_action']} to {line['latest_action']}. "
                f"Settings reached: {html.escape(line['settings_reached'])}.</p>")
        self.chart.clear_output(wait=True)
        with self.chart:
            self.figure.show()


def cancer_finder_explorer(df: pd.DataFrame, cancer: str = "Melanoma"):
    """The live finder for a kernel, or a launch note in the static book."""
    if is_static_build():
        return launch_note("The live cancer finder")
    return CancerFinderExplorer(df, cancer).panel
