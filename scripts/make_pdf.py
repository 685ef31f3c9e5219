"""Print the built book to PDF with Chromium: one PDF per chapter and one for the whole book.

    python scripts/make_pdf.py --html _build/html --out _build/pdf [--edition instructor|student]

The pages are served from 127.0.0.1 (every other host is blocked), each chart is scrolled into view
and waited for until plotly.js has drawn it, and the page is printed with the book's print
stylesheet (`_static/immunobook-print.css`: no navigation, buttons or chart toolbars). In the
instructor edition folded solutions are unfolded before printing; the student edition is printed from
the student build, which has no solutions at all.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from immunobook.book.course import toc_chapter_slugs, toc_pages  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]
PAGE_WIDTH_PX = 700          # A4 width less 12 mm margins at 96 dpi, so nothing is cut at the right
CHART_SELECTOR = ".immunobook-plotly"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _prepare(page, unfold_solutions: bool) -> None:
    """Draw every chart (they load when near the viewport) and unfold solutions if asked."""
    count = page.evaluate(f"document.querySelectorAll('{CHART_SELECTOR}').length")
    for index in range(count):
        page.evaluate(f"document.querySelectorAll('{CHART_SELECTOR}')[{index}].scrollIntoView()")
        page.wait_for_timeout(150)
    if count:
        page.wait_for_function(
            f"() => [...document.querySelectorAll('{CHART_SELECTOR}')].every(d => d.querySelector('svg.main-svg'))",
            timeout=60000)
    if unfold_solutions:
        page.evaluate("""() => {
            document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
            document.querySelectorAll('details').forEach(d => d.open = true);
        }""")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)


def print_book(html_dir: Path, out_dir: Path, edition: str, chromium: str,
               only: list[str] | None = None, browser=None) -> dict[str, Path]:
    """Print every page (or only the pages named in ``only``) and join them into the whole book;
    return {chapter name or "book": pdf path}. ``browser``: a Playwright browser already running
    (the tests pass theirs); otherwise Chromium is started here."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    unfold = edition == "instructor"
    out_dir.mkdir(parents=True, exist_ok=True)
    chapters = {f"chapters/{slug}" for slug in toc_chapter_slugs(ROOT)}
    printed: dict[str, Path] = {}
    blocked: list[str] = []
    with serve(html_dir) as base, contextlib.ExitStack() as stack:
        if browser is None:
            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
        context = browser.new_context(viewport={"width": PAGE_WIDTH_PX, "height": 1000})
        stack.callback(context.close)

        def route(route):
            if urlparse(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        for name in toc_pages(ROOT):
            if only is not None and name not in only:
                continue
            if not (html_dir / f"{name}.html").is_file():
                continue          # e.g. the instructor part is left out of the student edition
            page.goto(f"{base}/{name}.html", wait_until="load")
            _prepare(page, unfold)
            page.emulate_media(media="print")
            # Charts were drawn for the screen layout: redraw them at the printed column's width.
            page.evaluate("() => { if (window.Plotly) document.querySelectorAll('.js-plotly-plot')"
                          ".forEach(p => window.Plotly.Plots.resize(p)); }")
            page.wait_for_timeout(300)
            target = out_dir / f"{name}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(target), format="A4", print_background=True,
                     margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
            page.emulate_media(media="screen")
            printed[name] = target
    if blocked:
        raise RuntimeError(f"pages asked for other hosts while printing: {blocked[:5]}")
    writer = PdfWriter()
    for name, path in printed.items():
        writer.append(str(path), outline_item=name)
    book = out_dir / "book.pdf"
    with book.open("wb") as handle:
        writer.write(handle)
    printed["book"] = book
    return {name: path for name, path in printed.items() if name in chapters or name == "book"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html", type=Path, required=True, help="a built book (…/_build/html)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs")
    parser.add_argument("--edition", choices=["instructor", "student"], default="instructor")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    from pypdf import PdfReader

    printed = print_book(args.html, args.out, args.edition, args.chromium)
    for name, path in printed.items():
        print(f"{len(PdfReader(str(path)).pages):4d} pages  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
