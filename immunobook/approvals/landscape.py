"""Numbers quoted in the prose of the approval-landscape chapter, computed from the data.

The chapter glues each value into its text, so no figure in a sentence is typed by hand and every
one updates when a row is added to the dataset.
"""

from __future__ import annotations

import pandas as pd

from .data import split_agents

PD1_AXIS = {"PD-1", "PD-L1"}
HAEMATOLOGICAL_GROUPS = {"Lymphoma", "Leukemia", "Myeloma"}
EARLY_SETTINGS = {"adjuvant", "neoadjuvant or perioperative"}
SPLIT_YEAR = 2018  # compares the first wave of checkpoint approvals with the years since


def _targets(target: str) -> set[str]:
    return {part.strip() for part in str(target).split("+")}


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def landscape_numbers(df: pd.DataFrame) -> dict[str, int | float | str]:
    """Every number the chapter's prose uses, keyed by the name it is glued under."""
    n = len(df)
    agents = sorted({a for combo in df["agents"] for a in split_agents(combo)})
    pd1 = df["target"].map(lambda t: bool(_targets(t) & PD1_AXIS))
    checkpoint = df["therapy_class"] == "Checkpoint inhibitor"
    per_agent = pd.Series([a for combo in df["agents"] for a in split_agents(combo)]).value_counts()
    cancer_counts = df["cancer_type"].astype(str).value_counts()
    pembro_types = df[df["agents"].map(lambda a: "pembrolizumab" in split_agents(a))]["cancer_type"].nunique()
    early = df["setting"].isin(EARLY_SETTINGS)
    first_line = df["setting"] == "first line"
    later_line = df["setting"] == "later line"
    before = df["year"] < SPLIT_YEAR
    cells = df["therapy_class"].isin(["CAR T cell therapy", "TIL therapy", "TCR T cell therapy"])
    engagers = df["therapy_class"] == "T-cell engager"
    haem = df["cancer_group"].isin(HAEMATOLOGICAL_GROUPS)
    accelerated = df["approval_type"] == "accelerated"
    conversions = df["action"] == "conversion to regular approval"
    withdrawn = df["withdrawn_date"].notna()
    withdrawn_accelerated = withdrawn & accelerated
    agnostic = df["cancer_group"] == "Tumor-agnostic"
    latest = df.sort_values("approval_date").iloc[-1]
    by_class = (df.assign(acc=accelerated).groupby("therapy_class", observed=True)
                .agg(n=("acc", "size"), acc=("acc", "mean")))
    leader = by_class[by_class["n"] >= 5].sort_values("acc", ascending=False).iloc[0]
    per_year = df["year"].value_counts()
    first_checkpoint = int(df.loc[checkpoint, "year"].min()) if checkpoint.any() else 0
    return {
        "n_actions": n,
        "n_agents": len(agents),
        "n_cancer_types": df["cancer_type"].nunique(),
        "first_year": int(df["year"].min()),
        "latest_date": f"{latest['approval_date']:%Y-%m-%d}",
        "latest_agents": str(latest["agents"]),
        "first_checkpoint_year": first_checkpoint,
        "n_before_first_checkpoint": int((df["year"] < first_checkpoint).sum()),
        "busiest_year": int(per_year.idxmax()),
        "busiest_year_n": int(per_year.max()),
        "n_checkpoint": int(checkpoint.sum()),
        "pct_checkpoint": _percent(int(checkpoint.sum()), n),
        "n_pd1_axis": int(pd1.sum()),
        "pct_pd1_axis": _percent(int(pd1.sum()), n),
        "n_pembrolizumab": int(per_agent.get("pembrolizumab", 0)),
        "n_nivolumab": int(per_agent.get("nivolumab", 0)),
        "pembrolizumab_cancer_types": int(pembro_types),
        "top_cancer_type": str(cancer_counts.index[0]),
        "top_cancer_type_n": int(cancer_counts.iloc[0]),
        "n_tumor_agnostic": int(agnostic.sum()),
        "split_year": SPLIT_YEAR,
        "pct_later_line_before": _percent(int((later_line & before).sum()), int(before.sum())),
        "pct_later_line_since": _percent(int((later_line & ~before).sum()), int((~before).sum())),
        "pct_first_line_since": _percent(int((first_line & ~before).sum()), int((~before).sum())),
        "n_early_before": int((early & before).sum()),
        "n_early_since": int((early & ~before).sum()),
        "n_cell_therapy": int(cells.sum()),
        "n_cell_therapy_haem": int((cells & haem).sum()),
        "n_engager": int(engagers.sum()),
        "n_engager_solid": int((engagers & ~haem).sum()),
        "n_accelerated": int(accelerated.sum()),
        "pct_accelerated": _percent(int(accelerated.sum()), n),
        "n_conversions": int(conversions.sum()),
        "n_withdrawn": int(withdrawn.sum()),
        "n_withdrawn_accelerated": int(withdrawn_accelerated.sum()),
        "accelerated_leader": str(leader.name),
        "accelerated_leader_pct": round(100 * float(leader["acc"]), 1),
        "accelerated_leader_n": int(leader["n"]),
    }

