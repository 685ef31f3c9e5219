"""Measure the book: clean build time, no-change rebuild time, page sizes, shared asset sizes.

Run with `make bench`. It builds into a temporary folder, so it never touches _build/.
Results are printed and written to bench-results/latest.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def build(output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(output)],
                   check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp)
        clean = build(output)
        rebuild = build(output)
        html = output / "_build" / "html"
        pages = {str(p.relative_to(html)): p.stat().st_size for p in sorted(html.rglob("*.html"))
                 if "_static" not in p.parts}
        static = html / "_static"
        assets = {
            "_static (all shared assets)": folder_bytes(static),
            "_static/plotly.min.js": (static / "plotly.min.js").stat().st_size,
            "_static/immunobook-plotly.js": (static / "immunobook-plotly.js").stat().st_size,
            "_images": folder_bytes(html / "_images") if (html / "_images").exists() else 0,
            "_downloads": folder_bytes(html / "_downloads") if (html / "_downloads").exists() else 0,
        }
    results = {"clean_build_seconds": round(clean, 1), "no_change_rebuild_seconds": round(rebuild, 1),
               "page_html_bytes": pages, "shared_asset_bytes": assets}
    print(f"clean build:        {clean:7.1f} s")
    print(f"no-change rebuild:  {rebuild:7.1f} s")
    print("page HTML (own bytes, shared assets excluded):")
    for name, size in pages.items():
        print(f"  {size / 1024:9.1f} KiB  {name}")
    print("shared assets:")
    for name, size in assets.items():
        print(f"  {size / 1024:9.1f} KiB  {name}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
