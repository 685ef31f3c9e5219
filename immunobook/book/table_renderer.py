"""The approvals table in the static book: a light page, the full data loaded when it is needed.

``immunobook.approvals.tables.show_approvals_table`` emits ``application/vnd.immunobook.table+json``
in the static build (rows, columns, DataTables options). The book's mime renderer (registered with
the Plotly one in ``plotly_renderer.py``) turns it into a plain HTML table of the first rows, which
paints with the text and reads without JavaScript, and writes all rows into a small script file under
``_static/immunobook-tables/`` named by its content hash. ``static/immunobook-table.js`` loads that
file and the DataTables bundle of itables (search, sort, paging) when the table nears the viewport,
and swaps the full table in without moving the page under the reader's eyes.
"""

from __future__ import annotations

import hashlib
import html
import json

TABLE_MIME = "application/vnd.immunobook.table+json"
TABLE_JS = "immunobook-table.js"
TABLES_DIR = "immunobook-tables"
REQUIRED = ("columns", "rows")


def table_html(table: dict, table_id: str) -> tuple[str, str, str]:
    """``(page_html, file_name, file_text)`` for one table payload. Cells are trusted HTML (the
    table module escapes text and builds the links)."""
    missing = [k for k in REQUIRED if k not in table]
    if missing:
        raise ValueError(f"table payload lacks {missing}")
    columns, rows = table["columns"], table["rows"]
    if any(len(row) != len(columns) for row in rows):
        raise ValueError(f"table payload: every row needs {len(columns)} cells")
    options = dict(table.get("options") or {})
    preview = int(table.get("preview_rows", 10))
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    dt_args = {
        "classes": options.pop("classes", ["display", "compact"]),
        "data_json": json.dumps(rows, ensure_ascii=False),
        "table_html": f"<table><thead><tr>{head}</tr></thead></table>",
        "order": [],
        "layout": {"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"},
        "text_in_header_can_be_selected": True,
        **options,
    }
    text = json.dumps(dt_args, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20] + ".js"
    script = f"window.immunobookTable({json.dumps(key)},{text});\n"
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows[:preview])
    note = (f'<p class="immunobook-table-note">The {min(preview, len(rows))} newest of {len(rows)} rows. '
            "Tap, click or tab into the table to search, sort and page through all of them.</p>")
    page = (f'<div class="immunobook-table" data-table="{key}"><div class="immunobook-table-preview">{note}'
            f'<div class="immunobook-table-scroll" tabindex="0" role="region" aria-label="Table (scrolls sideways)">'
            f'<table id="{table_id}" class="display compact">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div></div>")
    return page, key, script
