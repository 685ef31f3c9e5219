"""agent_summary against counts computed independently from the CSV with the csv module."""

import csv

import pytest

from immunobook.approvals.charts import filter_approvals
from immunobook.approvals.data import find_data_dir, load_approvals
from immunobook.approvals.summaries import SUMMARY_COLUMNS, agent_summary


@pytest.fixture(scope="module")
def approvals():
    return load_approvals()


@pytest.fixture(scope="module")
def raw_rows():
    with open(find_data_dir() / "fda_approvals.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _involves(row, agent):
    return agent in [a.strip() for a in row["agents"].split(" + ")]


def test_every_agent_once_with_independent_counts(approvals, raw_rows):
    summary = agent_summary(approvals)
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert summary["agent"].is_unique
    expected_agents = {a.strip() for row in raw_rows for a in row["agents"].split(" + ")}
    assert set(summary["agent"]) == expected_agents
    for record in summary.itertuples():
        rows = [r for r in raw_rows if _involves(r, record.agent)]
        assert record.approval_actions == len(rows)
        assert record.withdrawn == sum(1 for r in rows if r["withdrawn_date"])
        assert record.cancer_types == len({r["cancer_type"] for r in rows if not r["withdrawn_date"]})
        assert record.first_approval.strftime("%Y-%m-%d") == min(r["approval_date"] for r in rows)


def test_known_facts(approvals):
    summary = agent_summary(approvals).set_index("agent")
    assert summary.loc["ipilimumab", "first_approval"].strftime("%Y-%m-%d") == "2011-03-25"
    assert summary.loc["ipilimumab", "target"] == "CTLA-4"
    assert summary.loc["relatlimab", "brand"] == "Opdualag"   # only ever given with nivolumab
    assert summary.loc["nivolumab", "brand"] == "Opdivo"      # not the combination's brand


def test_sorted_by_first_approval_and_filtered(approvals):
    car_t = agent_summary(filter_approvals(approvals, classes=["CAR T cell therapy"]))
    assert list(car_t["first_approval"]) == sorted(car_t["first_approval"])
    assert set(car_t["therapy_class"]) == {"CAR T cell therapy"}
    assert car_t.iloc[0]["agent"] == "tisagenlecleucel"


def test_empty_selection_gives_empty_table(approvals):
    assert agent_summary(approvals.iloc[0:0]).empty
