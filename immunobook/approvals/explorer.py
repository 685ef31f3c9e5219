"""A live ipywidgets explorer of the approvals data (JupyterLab, Binder).

Filters: therapy class, cancer group, cancer type, target, approval type and a year range. Every
change redraws the chart and the table and updates the count. In the static book, where no kernel
answers the widgets, ``approvals_explorer`` returns a short launch note instead.
"""

from __future__ import annotations

import functools
import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from . import charts
from ..book.live import is_static_build, launch_note

CHART_CHOICES = {
    "By cancer type": charts.approvals_by_cancer_type,
    "Over time": charts.approvals_over_time,
    "Drugs x cancers": charts.agent_cancer_matrix,
    "First approvals": charts.first_approvals_timeline,
}
TABLE_ROWS = 15


def _options(df: pd.DataFrame, column: str) -> list[str]:
    present = set(df[column].dropna().astype(str))
    if isinstance(df[column].dtype, pd.CategoricalDtype):
        return [c for c in df[column].cat.categories if c in present]
    return sorted(present)


class ApprovalsExplorer:
    """The widgets and their wiring; ``panel`` is what a notebook displays."""

    def __init__(self, df: pd.DataFrame):
        self.df = df
        years = (int(df["year"].min()), int(df["year"].max()))
        layout = widgets.Layout(width="98%")
        style = {"description_width": "initial"}  # full labels, never "Cancer gr…"
        self.classes = widgets.SelectMultiple(options=_options(df, "therapy_class"), rows=6,
                                              description="Class", layout=layout,
                                            style=style)
        self.groups = widgets.SelectMultiple(options=_options(df, "cancer_group"), rows=6,
                                             description="Cancer group", layout=layout,
                                            style=style)
        self.cancers = widgets.SelectMultiple(options=_options(df, "cancer_type"), rows=6,
                                              description="Cancer type", layout=layout,
                                            style=style)
        self.targets = widgets.SelectMultiple(options=_options(df, "target"), rows=6,
                                              description="Target", layout=layout,
                                            style=style)
        self.approval_types = widgets.SelectMultiple(options=_options(df, "approval_type"), rows=2,
                                                     description="Approval", layout=layout,
                                            style=style)
        self.years = widgets.IntRangeSlider(value=years, min=years[0], max=years[1], step=1,
                                            description="Years", continuous_update=False, layout=layout,
                                            style=style)
        self.chart_kind = widgets.ToggleButtons(options=list(CHART_CHOICES), description="Chart", style=style)
        self.count = widgets.HTML()
        self.chart_out = widgets.Output()
        self.table = widgets.HTML()
        self.current = df
        self.current_figure: go.Figure | None = None
        for control in (self.classes, self.groups, self.cancers, self.targets, self.approval_types,
                        self.years, self.chart_kind):
            control.observe(self.update, names="value")
        reset = widgets.Button(description="Clear filters", icon="undo", layout=widgets.Layout(width="auto"))
        reset.on_click(self.reset)
        filters = widgets.GridBox(
            [self.classes, self.groups, self.cancers, self.targets, self.approval_types, self.years],
            layout=widgets.Layout(grid_template_columns="repeat(2, 1fr)", grid_gap="4px 12px"),
        )
        self.panel = widgets.VBox([filters, widgets.HBox([self.chart_kind, reset]), self.count,
                                   self.chart_out, self.table])
        self.update()

    def selection(self) -> pd.DataFrame:
        return charts.filter_approvals(
            self.df,
            classes=self.classes.value,
            cancer_groups=self.groups.value,
            cancer_types=self.cancers.value,
            targets=self.targets.value,
            approval_types=self.approval_types.value,
            years=self.years.value,
        )

    def update(self, change=None) -> None:
        self.current = self.selection()
        n = len(self.current)
        agents = self.current["agents"].nunique()
        self.count.value = f"<b>{n}</b> approval action{'s' if n != 1 else ''} match, covering <b>{agents}</b> regimen{'s' if agents != 1 else ''}."
        chart = CHART_CHOICES[self.chart_kind.value]
        if chart is charts.approvals_over_time:  # the true 'firsts', not the selection's earliest rows
            chart = functools.partial(chart, landmarks_from=self.df)
        self.current_figure = chart(self.current)
        self.chart_out.clear_output(wait=True)
        with self.chart_out:
            self.current_figure.show()
        self.table.value = self._table_html()

    def _table_html(self) -> str:
        rows = self.current.sort_values("approval_date", ascending=False).head(TABLE_ROWS)
        body = "".join(
            f"<tr><td>{d:%Y-%m-%d}</td><td>{html.escape(str(a))}</td><td>{html.escape(str(c))}</td>"
            f"<td>{html.escape(str(i))}</td><td><a href=\"{html.escape(str(u), quote=True)}\" target=\"_blank\">source</a></td></tr>"
            for d, a, c, i, u in zip(rows["approval_date"], rows["agents"], rows["cancer_type"],
                                     rows["indication"], rows["source_url"])
        )
        more = len(self.current) - len(rows)
        note = f"<p>Showing the {len(rows)} most recent; {more} more match.</p>" if more > 0 else ""
        return ("<table><thead><tr><th>Date</th><th>Agent(s)</th><th>Cancer type</th><th>Indication</th>"
                f"<th>Source</th></tr></thead><tbody>{body}</tbody></table>{note}")

    def reset(self, button=None) -> None:
        for control in (self.classes, self.groups, self.cancers, self.targets, self.approval_types):
            control.value = ()
        self.years.value = (self.years.min, self.years.max)


def approvals_explorer(df: pd.DataFrame):
    """The explorer panel for a live kernel, or a launch note in the static book."""
    if is_static_build():
        return launch_note("The approvals explorer")
    return ApprovalsExplorer(df).panel
