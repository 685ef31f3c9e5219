"""The approval-landscape chapter's numbers come from the data, and its qualitative claims hold.

The prose glues every number from ``landscape_numbers``; the sentences around them also make claims
that depend on the data (which class leads, which agents are exceptions). These tests fail if a
change to the dataset makes a sentence wrong.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT
from immunobook.approvals.data import load_approvals, split_agents
from immunobook.approvals.landscape import landscape_numbers

CHAPTER = ROOT / "chapters" / "approval-landscape.md"


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load_approvals(ROOT / "data")


@pytest.fixture(scope="module")
def numbers(df) -> dict:
    return landscape_numbers(df)


def test_every_glued_name_exists_and_prose_has_no_typed_counts(numbers):
    text = CHAPTER.read_text(encoding="utf-8")
    glued = set(re.findall(r"\{glue:(?:text|md)\}`([a-z_0-9]+)", text))
    assert glued and glued <= set(numbers), sorted(glued - set(numbers))
    prose = re.sub(r"```.*?```", "", text, flags=re.S)  # code, figures, exercises' code
    prose = re.sub(r"\{[a-z:]+\}`[^`]*`", "", prose)    # roles (glue, refs, terms, cites)
    counts = re.findall(r"\b(\d+) (?:actions|approval actions|approvals|agents|per cent)\b", prose)
    assert counts == [], f"numbers typed by hand: {counts}"


def test_numbers_match_an_independent_count(df, numbers):
    assert numbers["n_actions"] == len(df)
    assert numbers["n_checkpoint"] == (df["therapy_class"] == "Checkpoint inhibitor").sum()
    assert numbers["n_withdrawn"] == df["withdrawn_date"].notna().sum()
    assert numbers["pct_accelerated"] == round(100 * (df["approval_type"] == "accelerated").mean(), 1)


def test_checkpoint_inhibitors_are_most_actions_and_lead_every_long_bar(df, numbers):
    assert numbers["pct_checkpoint"] > 50
    top = df["cancer_type"].astype(str).value_counts().head(3).index
    for cancer in top:
        classes = df[df["cancer_type"] == cancer]["therapy_class"].astype(str).value_counts()
        assert classes.index[0] == "Checkpoint inhibitor"


def test_top_cancer_type_is_non_small_cell_lung_cancer(numbers):
    assert numbers["top_cancer_type"] == "Non-small cell lung cancer"  # the prose explains lung cancer


def test_pembrolizumab_and_nivolumab_lead(df):
    counts = pd.Series([a for combo in df["agents"] for a in split_agents(combo)]).value_counts()
    assert list(counts.index[:2]) == ["pembrolizumab", "nivolumab"]


def test_car_t_targets_are_cd19_or_bcma(df):
    assert set(df[df["therapy_class"] == "CAR T cell therapy"]["target"]) <= {"CD19", "BCMA"}


def test_solid_tumour_cell_therapies_are_lifileucel_and_afamitresgene(df):
    cells = df["therapy_class"].isin(["CAR T cell therapy", "TIL therapy", "TCR T cell therapy"])
    solid = df[cells & ~df["cancer_group"].isin(["Lymphoma", "Leukemia", "Myeloma"])]
    assert set(solid["agents"]) == {"lifileucel", "afamitresgene autoleucel"}


def test_solid_tumour_engagers_include_tarlatamab_and_tebentafusp(df):
    engagers = df[(df["therapy_class"] == "T-cell engager")
                  & ~df["cancer_group"].isin(["Lymphoma", "Leukemia", "Myeloma"])]
    assert {"tarlatamab", "tebentafusp"} <= set(engagers["agents"])


def test_first_checkpoint_inhibitor_was_ipilimumab_for_melanoma_in_2011(df, numbers):
    assert numbers["first_checkpoint_year"] == 2011
    first = df[df["therapy_class"] == "Checkpoint inhibitor"].sort_values("approval_date").iloc[0]
    assert (first["agents"], first["cancer_type"]) == ("ipilimumab", "Melanoma")


def test_shift_to_earlier_settings(numbers):
    assert numbers["pct_later_line_since"] < numbers["pct_later_line_before"]
    assert numbers["n_early_since"] > numbers["n_early_before"]


def test_withdrawal_example_used_in_a_solution_exists(df):
    example = df[(df["agents"] == "atezolizumab") & (df["cancer_type"] == "Urothelial carcinoma")
                 & (df["year"] == 2016)]
    assert len(example) == 1 and pd.notna(example["withdrawn_date"].iloc[0])
    assert example["approval_type"].iloc[0] == "accelerated"


def test_four_dangling_withdrawals_between_december_2020_and_march_2021(df):
    window = df[df["withdrawn_date"].between("2020-12-01", "2021-03-31")]
    assert len(window) == 4


def test_engagers_have_the_highest_accelerated_share_among_larger_classes(df):
    share = (df.assign(acc=df["approval_type"] == "accelerated")
             .groupby("therapy_class", observed=True)
             .agg(n=("id", "size"), acc=("acc", "mean")))
    larger = share[share["n"] >= 5].sort_values("acc", ascending=False)
    assert larger.index[0] == "T-cell engager"  # the solution to ex:landscape-1 explains this class


def test_glue_numbers_shows_a_table_only_in_a_live_kernel(monkeypatch):
    """Live notebooks cannot resolve {glue:text}: the numbers must be displayed there."""
    from immunobook.book import glue as glue_module
    from immunobook.book.live import STATIC_BUILD_ENV

    shown = []
    real_display = __import__("IPython.display", fromlist=["display"]).display

    def fake_display(*objs, **kwargs):  # glue itself displays raw mime bundles: let those through
        if kwargs.get("raw"):
            return real_display(*objs, **kwargs)
        shown.extend(objs)

    monkeypatch.setattr("IPython.display.display", fake_display)
    monkeypatch.delenv(STATIC_BUILD_ENV, raising=False)
    glue_module.glue_numbers({"n_actions": 209, "latest": "2026"})
    assert len(shown) == 1 and "| `n_actions` | 209 |" in shown[0].data
    shown.clear()
    monkeypatch.setenv(STATIC_BUILD_ENV, "1")
    glue_module.glue_numbers({"n_actions": 209})
    assert shown == []
