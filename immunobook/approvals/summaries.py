"""Per-agent summaries of the approvals data, for the tables the therapy chapters show.

Every number comes from ``data/fda_approvals.csv``: a chapter calls ``agent_summary`` (optionally on
rows narrowed with ``charts.filter_approvals``) instead of typing a table by hand.
"""

from __future__ import annotations

import pandas as pd

from .data import split_agents

SUMMARY_COLUMNS = ["agent", "brand", "target", "therapy_class", "first_approval", "first_cancer",
                   "cancer_types", "approval_actions", "withdrawn"]


def agent_rows(df: pd.DataFrame, agent: str) -> pd.DataFrame:
    """Rows of ``df`` whose regimen includes ``agent`` (alone or in a combination)."""
    mask = df["agents"].map(lambda agents: agent in split_agents(agents))
    return df[mask.astype(bool)]


def agent_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per agent in ``df``, in order of first approval.

    - ``brand``, ``target``: from the agent's own single-agent rows where there are any (so a
      combination's second brand or target is not attributed to it), else from its first row.
    - ``first_approval``, ``first_cancer``: the agent's earliest row in ``df``.
    - ``cancer_types``: distinct cancer types with at least one action that was not withdrawn.
    - ``approval_actions``: every row involving the agent (alone or in a combination);
      ``withdrawn``: those later withdrawn.
    """
    records = []
    agents = []
    for value in df.sort_values(["approval_date", "id"])["agents"]:
        for agent in split_agents(value):
            if agent not in agents:
                agents.append(agent)
    for agent in agents:
        rows = agent_rows(df, agent).sort_values(["approval_date", "id"])
        alone = rows[rows["agents"] == agent]
        label_row = (alone if not alone.empty else rows).iloc[0]
        first = rows.iloc[0]
        active = rows[rows["withdrawn_date"].isna()]
        records.append({
            "agent": agent,
            "brand": str(label_row["brand_names"]) if pd.notna(label_row["brand_names"]) else "",
            "target": str(label_row["target"]),
            "therapy_class": str(label_row["therapy_class"]),
            "first_approval": first["approval_date"],
            "first_cancer": str(first["cancer_type"]),
            "cancer_types": int(active["cancer_type"].astype(str).nunique()),
            "approval_actions": int(len(rows)),
            "withdrawn": int(rows["withdrawn_date"].notna().sum()),
        })
    return pd.DataFrame(records, columns=SUMMARY_COLUMNS)
