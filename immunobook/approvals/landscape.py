"""Numbers quoted in the prose of the approval-landscape chapter, computed from the data.

The chapter glues each value into its text, so no figure in a sentence is typed by hand and every
one updates when a row is added to the dataset.
"""

from __future__ import annotations

import pandas as pd

from .data import split_agents

PD1_AXIS = {"PD-1", "PD-L1"}
RESTRICTION = "label restriction"
CONVERSION = "conversion to regular approval"
# Cancer "types" that are not organ cancers: tumour-agnostic groups and a multi-cancer vaccine row.
PSEUDO_TYPES = {"Multiple solid tumors", "MSI-H/dMMR solid tumors", "TMB-H solid tumors"}
# Subcutaneous co-formulations are separate products in the data; these suffixes name the enzyme
# that is added to the antibody, so stripping them gives the active molecule.
COFORMULATION_SUFFIXES = (" and hyaluronidase", " and berahyaluronidase alfa")
HAEMATOLOGICAL_GROUPS = {"Lymphoma", "Leukemia", "Myeloma"}
EARLY_SETTINGS = {"adjuvant", "neoadjuvant or perioperative"}
SPLIT_YEAR = 2018  # compares the first wave of checkpoint approvals with the years since


def _targets(target: str) -> set[str]:
    return {part.strip() for part in str(target).split("+")}


def _percent(part: int, whole: int) -> float:
    """Unrounded: the chapter rounds once, when it formats the number."""
    return 100 * part / whole if whole else 0.0


def approval_actions(df: pd.DataFrame) -> pd.DataFrame:
    """The rows that grant or convert an approval: every row except label restrictions, which
    narrow an existing indication and are not approvals."""
    return df[df["action"] != RESTRICTION]


def molecule(agent: str) -> str:
    """'pembrolizumab and berahyaluronidase alfa' -> 'pembrolizumab'."""
    for suffix in COFORMULATION_SUFFIXES:
        if agent.endswith(suffix):
            return agent[: -len(suffix)]
    return agent


def _era_shares(rows: pd.DataFrame, before: pd.Series) -> dict[str, float]:
    later, first = rows["setting"] == "later line", rows["setting"] == "first line"
    n_before, n_since = int(before.sum()), int((~before).sum())
    return {
        "later_before": _percent(int((later & before).sum()), n_before),
        "later_since": _percent(int((later & ~before).sum()), n_since),
        "first_before": _percent(int((first & before).sum()), n_before),
        "first_since": _percent(int((first & ~before).sum()), n_since),
    }


def landscape_numbers(all_rows: pd.DataFrame) -> dict[str, int | float | str]:
    """Every number the chapter's prose uses, keyed by the name it is glued under. Counts of
    approval actions leave out label restrictions, which are counted on their own."""
    restrictions = all_rows[all_rows["action"] == RESTRICTION]
    df = approval_actions(all_rows)
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
    conversions = df["action"] == CONVERSION
    withdrawn = df["withdrawn_date"].notna()
    withdrawn_accelerated = withdrawn & accelerated
    agnostic = df["cancer_group"] == "Tumor-agnostic"
    latest = df.sort_values("approval_date").iloc[-1]
    by_class = (df.assign(acc=accelerated).groupby("therapy_class", observed=True)
                .agg(n=("acc", "size"), acc=("acc", "mean")))
    leader = by_class[by_class["n"] >= 5].sort_values("acc", ascending=False).iloc[0]
    per_year = df["year"].value_counts()
    first_checkpoint = int(df.loc[checkpoint, "year"].min()) if checkpoint.any() else 0
    cpi = df[checkpoint]
    cpi_eras = _era_shares(cpi, cpi["year"] < SPLIT_YEAR)
    molecules = {molecule(a) for a in agents}
    car_t = df["therapy_class"] == "CAR T cell therapy"
    car_t_first = df[car_t & (df["action"] == "first approval")]
    hpv = df["agents"].str.startswith("hpv vaccine")
    return {
        "n_actions": n,
        "n_rows": len(all_rows),
        "n_restrictions": len(restrictions),
        "n_restricted_agents": len({a for combo in restrictions["agents"] for a in split_agents(combo)}),
        "first_restriction_year": int(restrictions["year"].min()) if len(restrictions) else 0,
        "latest_restriction_year": int(restrictions["year"].max()) if len(restrictions) else 0,
        "n_molecules": len(molecules),
        "n_coformulations": len(agents) - len(molecules),
        "n_pseudo_types": int(df["cancer_type"].astype(str).isin(PSEUDO_TYPES).groupby(df["cancer_type"].astype(str)).any().sum()),
        "n_hpv_vaccine": int(hpv.sum()),
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
        "n_pembrolizumab_sc": int(per_agent.get("pembrolizumab and berahyaluronidase alfa", 0)),
        "n_nivolumab": int(per_agent.get("nivolumab", 0)),
        "pembrolizumab_cancer_types": int(pembro_types),
        "top_cancer_type": str(cancer_counts.index[0]),
        "top_cancer_type_n": int(cancer_counts.iloc[0]),
        "n_tumor_agnostic": int(agnostic.sum()),
        "split_year": SPLIT_YEAR,
        "pct_later_line_before": _percent(int((later_line & before).sum()), int(before.sum())),
        "pct_later_line_since": _percent(int((later_line & ~before).sum()), int((~before).sum())),
        "pct_first_line_since": _percent(int((first_line & ~before).sum()), int((~before).sum())),
        "pct_cpi_later_before": cpi_eras["later_before"],
        "pct_cpi_later_since": cpi_eras["later_since"],
        "pct_cpi_first_before": cpi_eras["first_before"],
        "pct_cpi_first_since": cpi_eras["first_since"],
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
        "accelerated_leader_pct": 100 * float(leader["acc"]),
        "accelerated_leader_n": int(leader["n"]),
        "pct_accelerated_car_t": _percent(int((accelerated & car_t).sum()), int(car_t.sum())),
        "pct_accelerated_checkpoint": _percent(int((accelerated & checkpoint).sum()), int(checkpoint.sum())),
        "n_car_t_first": len(car_t_first),
        "n_car_t_first_regular": int((car_t_first["approval_type"] == "regular").sum()),
    }


def restriction_table(df: pd.DataFrame) -> pd.DataFrame:
    """The label restrictions, oldest first, with the columns a reader needs to match each one to
    the approval it narrowed."""
    rows = df[df["action"] == RESTRICTION].sort_values(["approval_date", "agents"])
    table = pd.DataFrame({
        "Date": rows["approval_date"].dt.strftime("%Y-%m-%d"),
        "Agent": rows["agents"].astype(str),
        "Cancer type": rows["cancer_type"].astype(str),
        "What changed": rows["indication"].astype(str),
    })
    return table.reset_index(drop=True)
