"""Measure the book as a reader's phone and laptop see it: Lighthouse scores, blocking time, layout
shift and transfer for every page, plus build times and each page's own HTML bytes.

Run with `make bench` (or `python scripts/bench.py --site _build/html` to measure a site already
built). It builds into a temporary folder unless given --site, so it never touches _build/. The site
is served from 127.0.0.1 by a gzip-capable server (as GitHub Pages serves it) and Lighthouse
(npm `lighthouse@12.2.3`, installed on first use into the git-ignored `.bench/`) runs each page
three times per preset; the run with the median performance score is reported. Without Node the
Lighthouse part is skipped with a message. Results are printed and written to bench-results/.
Scores are printed, not asserted: the deterministic byte budgets are asserted in tests/test_budgets.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gzip_server import serve_gzip  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
LIGHTHOUSE_VERSION = "12.2.3"
TOOLS = ROOT / ".bench"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
SKIPPED_PAGES = {"genindex.html", "search.html", "index.html"}  # index.html only redirects to intro


def build(output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(output)],
                   check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def book_pages(html: Path) -> list[str]:
    """Every page of the book (relative paths), theme-generated pages left out."""
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(p.parts) and
                  str(p.relative_to(html)) not in SKIPPED_PAGES)


def ensure_lighthouse() -> Path | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("Node.js/npm not found: skipping the Lighthouse runs (install Node 20 to get them).")
        return None
    if not Path(CHROME).exists():
        print(f"No Chromium at {CHROME} (set CHROME_PATH): skipping the Lighthouse runs.")
        return None
    if not LIGHTHOUSE.exists():
        TOOLS.mkdir(exist_ok=True)
        print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {TOOLS} ...")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True, capture_output=True)
    return LIGHTHOUSE


def lighthouse_run(url: str, preset: str, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
               "--only-categories=performance,accessibility,best-practices,seo"]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "CHROME_PATH": CHROME},
                   timeout=600)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits, categories = report["audits"], report["categories"]

    def score(name):
        value = categories[name]["score"]
        return None if value is None else round(100 * value)

    return {
        "performance": score("performance"), "accessibility": score("accessibility"),
        "best_practices": score("best-practices"), "seo": score("seo"),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 1),
        "transfer_kib": round(audits["total-byte-weight"]["numericValue"] / 1024),
        "failing": sorted(k for k, a in audits.items()
                          if a.get("score") is not None and a["score"] < 1
                          and a.get("scoreDisplayMode") in ("binary",) ),
    }


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median (ties: the first such run)."""
    middle = statistics.median_low([r["performance"] or 0 for r in runs])
    chosen = next(r for r in runs if (r["performance"] or 0) == middle)
    return {**chosen, "performance_range": [min(r["performance"] or 0 for r in runs),
                                            max(r["performance"] or 0 for r in runs)]}


def print_table(rows: list[dict]) -> None:
    head = (f"{'page':<36} {'preset':<8} {'perf':>5} {'range':>8} {'a11y':>5} {'bp':>4} {'seo':>4} "
            f"{'TBT ms':>7} {'CLS':>6} {'LCP s':>6} {'KiB':>6} {'HTML KiB':>9}")
    print(head)
    print("-" * len(head))
    for r in rows:
        low, high = r["performance_range"]
        print(f"{r['page']:<36} {r['preset']:<8} {r['performance']:>5} {f'{low}-{high}':>8} "
              f"{r['accessibility']:>5} {r['best_practices']:>4} {r['seo']:>4} {r['tbt_ms']:>7} "
              f"{r['cls']:>6} {r['lcp_s']:>6} {r['transfer_kib']:>6} {r['html_kib']:>9}")


def measure(html: Path, runs: int, presets: list[str], pages: list[str], label: str) -> list[dict]:
    lighthouse = ensure_lighthouse()
    if lighthouse is None:
        return []
    rows = []
    with tempfile.TemporaryDirectory() as tmp, serve_gzip(html) as url:
        for page in pages:
            for preset in presets:
                results = [lighthouse_run(f"{url}/{page}", preset, Path(tmp) / "report.json")
                           for _ in range(runs)]
                row = {"page": page, "preset": preset, **median_run(results),
                       "html_kib": round((html / page).stat().st_size / 1024, 1)}
                rows.append(row)
                print(f"  measured {page} ({preset}): performance {row['performance']}", flush=True)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / f"lighthouse-{label}.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (_build/html) to measure instead of building")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--presets", default="mobile,desktop")
    parser.add_argument("--pages", help="comma-separated pages (default: every page of the book)")
    parser.add_argument("--label", default="latest", help="name of the results file in bench-results/")
    args = parser.parse_args()
    presets = args.presets.split(",")
    if args.site:
        html = args.site.resolve()
        pages = args.pages.split(",") if args.pages else book_pages(html)
        rows = measure(html, args.runs, presets, pages, args.label)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp)
            clean = build(output)
            rebuild = build(output)
            print(f"clean build:        {clean:7.1f} s")
            print(f"no-change rebuild:  {rebuild:7.1f} s")
            html = output / "_build" / "html"
            pages = args.pages.split(",") if args.pages else book_pages(html)
            print("page HTML (own bytes, shared assets excluded):")
            for page in pages:
                print(f"  {(html / page).stat().st_size / 1024:9.1f} KiB  {page}")
            rows = measure(html, args.runs, presets, pages, args.label)
    if rows:
        print(f"\nLighthouse {LIGHTHOUSE_VERSION}, median of {args.runs} runs by performance score, "
              "site served with gzip from 127.0.0.1:")
        print_table(rows)


if __name__ == "__main__":
    main()
