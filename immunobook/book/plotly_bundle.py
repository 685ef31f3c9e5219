"""The plotly.js partial bundle the book ships, and the facts that keep it honest.

``static/plotly-basic.min.js`` is npm's ``plotly.js-basic-dist-min`` (MIT licence, text in
``static/plotly-basic.LICENSE.txt``), vendored by ``scripts/vendor_plotly.py`` at exactly the
plotly.js version that the installed plotly Python package bundles. VERSION and SHA256 are written
by that script; tests fail when they drift from the plotly package or from the file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
BUNDLE_PATH = STATIC_DIR / "plotly-basic.min.js"
LICENCE_PATH = STATIC_DIR / "plotly-basic.LICENSE.txt"
NPM_PACKAGE = "plotly.js-basic-dist-min"
VERSION = "4.1.1"
SHA256 = "99784e3abfb07b142a15e521a439e6d9addceadb3f79553fd24c72774f0649ba"
NPM_INTEGRITY = "sha512-1oNF8PeQx2hv/y7tqEVWKD3JGwn/MGEMQ8mL9HUwsaqG9FGy/OU5FHUHvzqbqxN4mnwZGI9abTiE775C4kkjMQ=="
#: Trace types registered by the basic bundle (checked against the bundle itself in Chromium).
TRACE_TYPES = frozenset({"scatter", "bar", "pie"})


def header_version(path: Path = BUNDLE_PATH) -> str:
    """The version in the bundle's licence header, e.g. ``4.1.1``."""
    head = path.read_bytes()[:300].decode("utf-8", "replace")
    match = re.search(r"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)", head)
    if not match:
        raise ValueError(f"{path}: no 'plotly.js (basic - minified) vX.Y.Z' header")
    return match.group(1)


def problems(expected_version: str) -> list[str]:
    """What is wrong with the vendored bundle, given the plotly.js version of the plotly package."""
    found = []
    if not BUNDLE_PATH.is_file():
        return [f"{BUNDLE_PATH} is missing: run scripts/vendor_plotly.py"]
    digest = hashlib.sha256(BUNDLE_PATH.read_bytes()).hexdigest()
    if digest != SHA256:
        found.append(f"{BUNDLE_PATH.name}: sha256 {digest} differs from the recorded {SHA256}")
    if header_version() != VERSION:
        found.append(f"{BUNDLE_PATH.name} is v{header_version()} but VERSION records {VERSION}")
    if VERSION != expected_version:
        found.append(f"the bundle is plotly.js {VERSION} but the plotly package ships {expected_version}: "
                     "run scripts/vendor_plotly.py")
    return found


def unsupported_traces(figure: dict) -> set[str]:
    """Trace types in ``figure`` (data and frames) that the basic bundle cannot draw."""
    traces = list(figure.get("data") or [])
    for frame in figure.get("frames") or []:
        traces += list(frame.get("data") or [])
    return {t.get("type", "scatter") for t in traces} - TRACE_TYPES
