"""The approvals explorer's 'first' landmarks after filtering (a bug the Binder review found).

Expected firsts come from the CSV read with the csv module, not from the package.
"""

from __future__ import annotations

import csv

import pytest

from conftest import ROOT
from immunobook.approvals.data import load_approvals
from immunobook.approvals.explorer import ApprovalsExplorer


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with (ROOT / "data" / "fda_approvals.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def first(rows: list[dict], therapy_class: str) -> dict:
    return min((r for r in rows if r["therapy_class"] == therapy_class), key=lambda r: r["approval_date"])


def landmark_texts(explorer: ApprovalsExplorer) -> list[str]:
    return [a.text for a in explorer.current_figure.layout.annotations if a.text and ": " in a.text]


def test_landmarks_after_a_year_filter_are_the_true_firsts(rows):
    explorer = ApprovalsExplorer(load_approvals())
    explorer.chart_kind.value = "Over time"
    explorer.years.value = (2016, explorer.years.max)
    texts = landmark_texts(explorer)
    checkpoint = first(rows, "Checkpoint inhibitor")
    assert checkpoint["approval_date"] < "2016"  # the real first lies before the selection ...
    assert not any(t.startswith("First checkpoint inhibitor") for t in texts), texts  # ... so no mark
    car_t = first(rows, "CAR T cell therapy")
    assert f"First CAR T: {car_t['agents']} ({car_t['approval_date'][:4]})" in texts


def test_class_filter_keeps_that_class_true_first(rows):
    explorer = ApprovalsExplorer(load_approvals())
    explorer.chart_kind.value = "Over time"
    explorer.classes.value = ("Cytokine",)
    cytokine = first(rows, "Cytokine")
    assert f"First cytokine: {cytokine['agents']} ({cytokine['approval_date'][:4]})" in landmark_texts(explorer)
    explorer.years.value = (2020, explorer.years.max)
    assert not any(t.startswith("First cytokine") for t in landmark_texts(explorer))
