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
import csv
import json

from immunobook.approvals.landscape import approval_actions, landscape_numbers, restriction_table

CHAPTER = ROOT / "chapters" / "approval-landscape.md"


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load_approvals(ROOT / "data")


@pytest.fixture(scope="module")
def numbers(df) -> dict:
    return landscape_numbers(df)


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    """The CSV read with the csv module only, for counts independent of the loader and pandas."""
    with open(ROOT / "data" / "fda_approvals.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_glued_name_exists_and_prose_has_no_typed_counts(numbers):
    text = CHAPTER.read_text(encoding="utf-8")
    glued = set(re.findall(r"\{glue:(?:text|md)\}`([a-z_0-9]+)", text))
    assert glued and glued <= set(numbers), sorted(glued - set(numbers))
    prose = re.sub(r"```.*?```", "", text, flags=re.S)  # code, figures, exercises' code
    prose = re.sub(r"\{[a-z:]+\}`[^`]*`", "", prose)    # roles (glue, refs, terms, cites)
    counts = re.findall(r"\b(\d+) (?:actions|approval actions|approvals|agents|per cent)\b", prose)
    assert counts == [], f"numbers typed by hand: {counts}"


def test_numbers_match_an_independent_count(raw, numbers):
    grants = [r for r in raw if r["action"] != "label restriction"]
    assert numbers["n_rows"] == len(raw)
    assert numbers["n_actions"] == len(grants)
    assert numbers["n_restrictions"] == len(raw) - len(grants) >= 1
    assert numbers["n_checkpoint"] == sum(r["therapy_class"] == "Checkpoint inhibitor" for r in grants)
    assert numbers["n_withdrawn"] == sum(bool(r["withdrawn_date"]) for r in grants)
    accelerated = sum(r["approval_type"] == "accelerated" for r in grants)
    assert numbers["pct_accelerated"] == pytest.approx(100 * accelerated / len(grants))  # rounded once, in the prose
    assert numbers["n_conversions"] == sum(r["action"] == "conversion to regular approval" for r in grants)


def test_counting_conventions_are_independently_right(raw, numbers):
    agents = {a for r in raw for a in r["agents"].split(" + ")}
    molecules = {re.sub(r" and (bera)?hyaluronidase( alfa)?$", "", a) for a in agents}
    assert (numbers["n_agents"], numbers["n_molecules"]) == (len(agents), len(molecules))
    assert numbers["n_agents"] - numbers["n_molecules"] == numbers["n_coformulations"] >= 1
    pseudo = {r["cancer_type"] for r in raw if r["cancer_type"].endswith("solid tumors")}
    assert numbers["n_pseudo_types"] == len(pseudo)


def test_checkpoint_setting_shares_are_independently_right(raw, numbers):
    cpi = [r for r in raw if r["therapy_class"] == "Checkpoint inhibitor" and r["action"] != "label restriction"]
    before = [r for r in cpi if int(r["approval_date"][:4]) < numbers["split_year"]]
    since = [r for r in cpi if int(r["approval_date"][:4]) >= numbers["split_year"]]
    share = lambda rows, setting: 100 * sum(r["setting"] == setting for r in rows) / len(rows)
    assert numbers["pct_cpi_later_before"] == pytest.approx(share(before, "later line"))
    assert numbers["pct_cpi_first_since"] == pytest.approx(share(since, "first line"))
    assert numbers["pct_cpi_later_since"] < numbers["pct_cpi_later_before"]   # the prose says the drugs moved earlier
    assert numbers["pct_cpi_first_since"] > numbers["pct_cpi_first_before"]


def test_car_t_first_approvals_were_mostly_regular(raw, numbers):
    firsts = [r for r in raw if r["therapy_class"] == "CAR T cell therapy" and r["action"] == "first approval"]
    regular = [r for r in firsts if r["approval_type"] == "regular"]
    assert (numbers["n_car_t_first"], numbers["n_car_t_first_regular"]) == (len(firsts), len(regular))
    assert len(regular) > len(firsts) / 2  # exercise 1 says "most CAR T products received regular approval"


def test_restriction_table_lists_every_restriction_in_date_order(df, raw):
    table = restriction_table(df)
    expected = sorted((r["approval_date"], r["agents"]) for r in raw if r["action"] == "label restriction")
    assert list(zip(table["Date"], table["Agent"])) == expected
    assert {"pembrolizumab", "atezolizumab", "nivolumab"} == set(table["Agent"])  # the agents the prose names


def test_approval_actions_leave_out_only_restrictions(df):
    grants = approval_actions(df)
    assert len(grants) + (df["action"] == "label restriction").sum() == len(df)
    assert "label restriction" not in set(grants["action"].astype(str))


def test_quiz_vaccine_feedback_states_the_count_in_the_data(numbers):
    quiz = json.loads((ROOT / "chapters" / "quizzes" / "approval-landscape.json").read_text(encoding="utf-8"))
    words = {6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
    feedback = " ".join(a["feedback"] for q in quiz for a in q["answers"] if "HPV" in a["feedback"])
    assert f"{words[numbers['n_hpv_vaccine']]} preventive HPV vaccine actions" in feedback


def test_menu_position_matches_the_chart(numbers):
    from immunobook.approvals import charts

    text = CHAPTER.read_text(encoding="utf-8")
    menu = charts.approvals_by_cancer_type(approval_actions(load_approvals(ROOT / "data"))).layout.updatemenus[0]
    side = "left" if menu.x is None or menu.x < 0.5 else "right"
    assert f"menu at\nits top {side}" in text or f"menu at its top {side}" in text


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
    df = approval_actions(df)
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
