"""Chart functions and the live explorer, checked against counts computed independently."""

from __future__ import annotations

import collections
import csv

import pandas as pd
import pytest

from conftest import ROOT
from immunobook.approvals import charts
from immunobook.approvals.data import load_approvals
from immunobook.approvals.explorer import ApprovalsExplorer, approvals_explorer
from immunobook.book.live import STATIC_BUILD_ENV
from immunobook.approvals.tables import approvals_table_frame
from immunobook.theme import CLASS_COLORS


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load_approvals(ROOT / "data")


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    """The CSV read with the csv module only: an independent count of the same facts."""
    with open(ROOT / "data" / "fda_approvals.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def bar_totals(fig_or_traces, axis="x", by="y") -> collections.Counter:
    traces = getattr(fig_or_traces, "data", fig_or_traces)
    totals = collections.Counter()
    for trace in traces:
        for category, value in zip(getattr(trace, by), getattr(trace, axis)):
            totals[category] += value
    return totals


def test_by_cancer_type_matches_raw_counts(df, raw):
    fig = charts.approvals_by_cancer_type(df)
    assert bar_totals(fig) == +collections.Counter(r["cancer_type"] for r in raw)
    assert [t.name for t in fig.data] == [c for c in CLASS_COLORS if any(r["therapy_class"] == c for r in raw)]
    for trace in fig.data:  # one colour per class, the same everywhere in the book
        assert trace.marker.color == CLASS_COLORS[trace.name]


def test_by_cancer_type_sorted_longest_on_top(df):
    fig = charts.approvals_by_cancer_type(df)
    totals = bar_totals(fig)
    order = list(fig.data[0].y)
    assert [totals[c] for c in order] == sorted(totals[c] for c in order)


def test_by_cancer_group(df, raw):
    fig = charts.approvals_by_cancer_type(df, by="cancer_group")
    assert bar_totals(fig) == +collections.Counter(r["cancer_group"] for r in raw)


def test_class_dropdown_shows_one_class_at_a_time(df):
    fig = charts.approvals_by_cancer_type(df)
    buttons = fig.layout.updatemenus[0].buttons
    names = [t.name for t in fig.data]
    assert buttons[0].args[0]["visible"] == [True] * len(names)
    for button in buttons[1:]:
        visible = button.args[0]["visible"]
        assert [n for n, v in zip(names, visible) if v] == [button.label]


def test_hover_lists_agents_and_dates(df, raw):
    fig = charts.approvals_by_cancer_type(df)
    trace = next(t for t in fig.data if t.name == "CAR T cell therapy")
    hover = dict(zip(trace.y, trace.customdata))["Multiple myeloma"]
    expected = {f"{r['agents']} ({r['approval_date']})" for r in raw
                if r["cancer_type"] == "Multiple myeloma" and r["therapy_class"] == "CAR T cell therapy"}
    assert set(hover.split("<br>")) == expected


def test_filter_changes_totals(df, raw):
    car_t = charts.filter_approvals(df, classes=["CAR T cell therapy"])
    fig = charts.approvals_by_cancer_type(car_t)
    assert [t.name for t in fig.data] == ["CAR T cell therapy"]
    assert sum(bar_totals(fig).values()) == sum(r["therapy_class"] == "CAR T cell therapy" for r in raw)
    window = charts.filter_approvals(df, years=(2020, 2021), approval_types=["accelerated"])
    assert len(window) == sum(r["approval_date"][:4] in ("2020", "2021") and r["approval_type"] == "accelerated"
                              for r in raw)


def test_filter_by_agent_includes_combinations(df, raw):
    ipi = charts.filter_approvals(df, agent="ipilimumab")
    assert len(ipi) == sum("ipilimumab" in r["agents"].split(" + ") for r in raw)
    assert (ipi["agents"] == "nivolumab + ipilimumab").any()


def test_over_time_yearly_and_cumulative(df, raw):
    fig = charts.approvals_over_time(df)
    n = len(fig.data) // 2
    yearly, cumulative = fig.data[:n], fig.data[n:]
    per_year = collections.Counter(int(r["approval_date"][:4]) for r in raw)
    totals = bar_totals(yearly, axis="y", by="x")
    assert {k: v for k, v in totals.items() if v} == dict(per_year)
    assert sum(trace.y[-1] for trace in cumulative) == len(raw)
    per_year_button, cumulative_button = fig.layout.updatemenus[0].buttons
    assert per_year_button.args[0]["visible"] == [True] * n + [False] * n
    assert cumulative_button.args[0]["visible"] == [False] * n + [True] * n


def test_landmarks_are_the_known_firsts(df):
    marks = charts.landmarks(df).set_index("label")
    assert marks.loc["First checkpoint inhibitor", "agents"] == "ipilimumab"
    assert marks.loc["First CAR T", "agents"] == "tisagenlecleucel"
    assert marks.loc["First tumor-agnostic approval", "approval_date"] == pd.Timestamp("2017-05-23")


def test_matrix_counts_each_agent_of_a_combination(df, raw):
    fig = charts.agent_cancer_matrix(df)
    shown = {(agent, cancer): c for t in fig.data for cancer, agent, c in zip(t.x, t.y, t.customdata)}
    expected = collections.Counter(
        (agent, r["cancer_type"]) for r in raw for agent in r["agents"].split(" + ")
    )
    assert shown == dict(expected)
    order = list(fig.layout.yaxis.tickvals)
    assert order[0] == "pembrolizumab"  # the agent approved across the most cancer types
    assert set(fig.layout.xaxis.tickvals) == {r["cancer_type"] for r in raw}  # every column labelled


def test_first_approval_timeline_has_one_mark_per_agent(df, raw):
    fig = charts.first_approvals_timeline(df)
    agents = {a for r in raw for a in r["agents"].split(" + ")}
    marks = [row[0] for t in fig.data for row in t.customdata]
    assert sorted(marks) == sorted(agents)


def test_approval_types_by_year_adds_up(df, raw):
    fig = charts.approval_types_by_year(df)
    regular, accelerated, conversions = fig.data
    is_conversion = [r["action"] == "conversion to regular approval" for r in raw]
    assert sum(accelerated.y) == sum(r["approval_type"] == "accelerated" for r in raw)
    assert sum(conversions.y) == sum(is_conversion)
    assert sum(regular.y) == sum(r["approval_type"] == "regular" and not c for r, c in zip(raw, is_conversion))


def test_withdrawn_indications_chart(df, raw):
    fig = charts.withdrawn_indications(df)
    assert sum(len(t.y) for t in fig.data) == sum(bool(r["withdrawn_date"]) for r in raw) > 0
    # the bar ends at the date the withdrawal was announced (see the data README), and the hover says so
    for trace in fig.data:
        assert "withdrawal announced %{customdata[1]}" in trace.hovertemplate


@pytest.mark.parametrize(
    "name",
    ["approvals_by_cancer_type", "approvals_over_time", "agent_cancer_matrix", "first_approvals_timeline",
     "approval_types_by_year", "withdrawn_indications"],
)
def test_empty_selection_gives_an_empty_state_figure(df, name):
    empty = charts.filter_approvals(df, classes=["CAR T cell therapy"], cancer_types=["Melanoma"])
    assert empty.empty
    fig = getattr(charts, name)(empty)
    assert len(fig.data) == 0
    assert any("No" in a.text for a in fig.layout.annotations)
    assert "current to" in fig.layout.title.subtitle.text


def test_every_chart_has_a_title_axis_labels_and_source_note(df):
    for fig in (charts.approvals_by_cancer_type(df), charts.approvals_over_time(df),
                charts.agent_cancer_matrix(df), charts.approval_types_by_year(df)):
        assert fig.layout.title.text
        assert fig.layout.xaxis.title.text
        assert f"current to {df.attrs['current_to']}" in fig.layout.title.subtitle.text


def test_table_frame_has_every_row_and_a_source_link(df):
    table = approvals_table_frame(df)
    assert len(table) == len(df)
    assert table["Source"].str.startswith('<a href="http').all()


def test_explorer_filters_redraw_chart_count_and_table(df, raw, monkeypatch):
    monkeypatch.delenv(STATIC_BUILD_ENV, raising=False)
    explorer = ApprovalsExplorer(df)
    assert f"<b>{len(raw)}</b>" in explorer.count.value
    explorer.classes.value = ("CAR T cell therapy",)
    n_car_t = sum(r["therapy_class"] == "CAR T cell therapy" for r in raw)
    assert f"<b>{n_car_t}</b>" in explorer.count.value
    assert sum(bar_totals(explorer.current_figure).values()) == n_car_t
    assert explorer.table.value.count("<tr>") == 1 + min(n_car_t, 15)
    explorer.years.value = (2017, 2017)
    in_2017 = sum(r["therapy_class"] == "CAR T cell therapy" and r["approval_date"].startswith("2017") for r in raw)
    assert len(explorer.current) == in_2017
    explorer.chart_kind.value = "Over time"
    assert explorer.current_figure.layout.title.text.startswith("FDA immunotherapy approval actions per year")
    explorer.reset()
    assert len(explorer.current) == len(raw)


def test_explorer_with_nothing_selected_shows_empty_state(df, monkeypatch):
    monkeypatch.delenv(STATIC_BUILD_ENV, raising=False)
    explorer = ApprovalsExplorer(df)
    explorer.classes.value = ("TIL therapy",)
    explorer.groups.value = ("Myeloma",)
    assert "<b>0</b>" in explorer.count.value and len(explorer.current_figure.data) == 0


def test_explorer_in_static_build_is_a_launch_note(df, monkeypatch):
    monkeypatch.setenv(STATIC_BUILD_ENV, "1")
    note = approvals_explorer(df)
    assert "Binder" in note.data and "rocket" in note.data
    monkeypatch.delenv(STATIC_BUILD_ENV)
    assert hasattr(approvals_explorer(df), "children")


def test_table_bundle_path_is_relative_to_the_page(tmp_path):
    from immunobook.approvals.tables import site_bundle_url

    assert site_bundle_url(ROOT / "chapters") == "../_static/itables/dt_bundle.js"
    assert site_bundle_url(ROOT) == "./_static/itables/dt_bundle.js"
    with pytest.raises(FileNotFoundError, match="no _config.yml"):
        site_bundle_url(tmp_path)
