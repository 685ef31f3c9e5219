"""The searchable, sortable approvals table.

Uses itables (DataTables). In the static HTML book the notebook emits the rows as
``application/vnd.immunobook.table+json``; the book's renderer (``immunobook.book.table_renderer``)
puts a plain preview of the newest rows in the page and loads all rows and the DataTables bundle (from
the site's own ``_static/itables/``) only when the table comes into view: search and sort work with
no kernel and no CDN, and the 100 KB of rows are not in the page. In a live notebook the bundle is
embedded in the notebook instead (itables' offline mode).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd

from ..book.live import is_static_build

BUNDLE_DIR = "_static/itables"

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


def site_bundle_url(start: Path | None = None) -> str:
    """The DataTables bundle in the built site, relative to the page being built.

    Notebooks execute in their own folder, and each page lands at the same depth in the site, so
    the path from the notebook's folder up to the book root (the folder with ``_config.yml``) is
    also the path from the page up to the site root.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file():
            return f"{Path(os.path.relpath(folder, here)).as_posix()}/{BUNDLE_DIR}/dt_bundle.js"
    raise FileNotFoundError(f"no _config.yml above {here}: is this running inside the book?")


def show_approvals_table(df: pd.DataFrame, page_length: int = 10) -> None:
    """Display the interactive table (search box, sortable columns, paging)."""
    from itables import init_notebook_mode, show

    if is_static_build():
        from IPython.display import display

        from ..book.table_renderer import TABLE_MIME

        frame = approvals_table_frame(df)
        payload = {"columns": list(frame.columns), "rows": frame.astype(str).to_numpy().tolist(),
                   "preview_rows": page_length,
                   "options": {"pageLength": page_length, "lengthMenu": [10, 25, 50, 100, 250],
                               "classes": ["display", "compact"]}}
        display({TABLE_MIME: payload, "text/plain": f"Approvals table ({len(frame)} rows)"}, raw=True)
        return
    init_notebook_mode(all_interactive=False, connected=False)
    show(
        approvals_table_frame(df),
        connected=False,
        allow_html=True,
        pageLength=page_length,
        lengthMenu=[10, 25, 50, 100, 250],
        classes="display compact",
        showIndex=False,
        maxBytes=0,
    )
