"""Shared fixtures: one real build of the book per test session, a local web server and Chromium.

Browser tests abort every request that leaves 127.0.0.1 and record it, so a CDN reference fails the
test instead of silently working on a machine with internet.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
RENDERER_BOOK = ROOT / "tests" / "renderer_book"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build_book(source: Path, output: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run a real `jupyter-book build` of ``source`` into ``output``; return the finished process."""
    command = [str(JUPYTER_BOOK), "build", str(source), "--path-output", str(output), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=1800)


def assert_built(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, (
        f"jupyter-book build failed ({result.returncode}):\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    )


@pytest.fixture(scope="session")
def book_html(tmp_path_factory) -> Path:
    """The whole book, built once per session with warnings as errors."""
    output = tmp_path_factory.mktemp("book")
    assert_built(build_book(ROOT, output, "-W", "-n", "--keep-going"))
    return output / "_build" / "html"


@dataclass
class StudentBuild:
    html: Path
    stdout: str


@pytest.fixture(scope="session")
def student_build(tmp_path_factory) -> StudentBuild:
    """The student edition (no solutions), built once per session by `make student` (the command
    how-to-use.md gives), with warnings as errors."""
    build = tmp_path_factory.mktemp("student") / "build"
    result = subprocess.run(
        ["make", "-o", ".venv/.installed", "student", f"BUILD={build}", "STUDENT_FLAGS=-W -n --keep-going"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, f"make student failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    return StudentBuild(build / "student" / "html", result.stdout)


@pytest.fixture(scope="session")
def student_html(student_build) -> Path:
    return student_build.html


@pytest.fixture(scope="session")
def renderer_html(tmp_path_factory) -> Path:
    """The tiny test book with a Plotly chart page, built with the renderer on."""
    output = tmp_path_factory.mktemp("renderer-book")
    assert_built(build_book(RENDERER_BOOK, output, "-W", "-n", "--keep-going"))
    return output / "_build" / "html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def book_url(book_html):
    with serve(book_html) as url:
        yield url


@pytest.fixture(scope="session")
def renderer_url(renderer_html):
    with serve(renderer_html) as url:
        yield url


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """Chromium driven by Playwright. Missing browser: a skip locally, a failure in CI."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    if executable is None:
        message = "no Chromium found (set CHROMIUM_PATH or run scripts/ensure-chromium.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageVisit:
    """A loaded page plus what happened while it loaded."""

    page: object
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@contextmanager
def visit(browser, url: str, wait_ms: int = 0):
    """Open ``url`` in a fresh context that blocks and records requests to any other host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    record = PageVisit(page=context.new_page())

    def route(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            record.external_requests.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = record.page
    page.on("console", lambda m: record.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: record.page_errors.append(str(e)))
    page.goto(url, wait_until="load")
    if wait_ms:
        page.wait_for_timeout(wait_ms)
    try:
        yield record
    finally:
        context.close()


def rendered_plot_count(page) -> tuple[int, int]:
    """(figures on the page, figures whose SVG plotly.js has drawn). Charts are drawn when they near
    the viewport, so each is scrolled into view first, as a reader would."""
    for chart in page.locator(".immunobook-plotly").all():
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(50)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.immunobook-plotly')]"
        ".every(d => d.querySelector('svg.main-svg'))",
        timeout=20000,
    )
    return page.evaluate(
        "() => { const d = [...document.querySelectorAll('.immunobook-plotly')];"
        " return [d.length, d.filter(x => x.querySelector('svg.main-svg')).length]; }"
    )
