"""The searchable, sortable approvals table for the static book.

Uses itables in its offline mode: the DataTables bundle is embedded in the page itself, so search
and sort work with no kernel and no CDN.
"""

from __future__ import annotations

import html

import pandas as pd

TABLE_COLUMNS = {
    "approval_date": "Date",
    "agents": "Agent(s)",
    "brand_names": "Brand",
    "therapy_class": "Class",
    "cancer_type": "Cancer type",
    "indication": "Indication (summary)",
    "approval_type": "Approval",
    "action": "Action",
    "withdrawn_date": "Withdrawn",
    "source_url": "Source",
}


def _link(url: str) -> str:
    safe = html.escape(str(url), quote=True)
    return f'<a href="{safe}" rel="noopener" target="_blank">source</a>'


def approvals_table_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The rows and columns the table shows, newest first, with dates as text and source links."""
    table = df.sort_values("approval_date", ascending=False)[list(TABLE_COLUMNS)].copy()
    for column in ("approval_date", "withdrawn_date"):
        table[column] = table[column].dt.strftime("%Y-%m-%d").fillna("")
    for column in ("therapy_class", "cancer_type", "approval_type", "action"):
        table[column] = table[column].astype(str)
    for column in ("agents", "brand_names", "indication"):
        table[column] = table[column].fillna("").map(html.escape)
    table["source_url"] = table["source_url"].map(_link)
    return table.rename(columns=TABLE_COLUMNS).reset_index(drop=True)


def show_approvals_table(df: pd.DataFrame, page_length: int = 10) -> None:
    """Display the interactive table (search box, sortable columns, paging)."""
    from itables import init_notebook_mode, show

    init_notebook_mode(all_interactive=False, connected=False)
    show(
        approvals_table_frame(df),
        allow_html=True,
        pageLength=page_length,
        lengthMenu=[10, 25, 50, 100, 250],
        classes="display compact",
        showIndex=False,
        maxBytes=0,
    )
