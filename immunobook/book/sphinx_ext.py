"""Sphinx extension of the book: ship plotly.js locally and mark the static build.

Enable it in ``_config.yml`` under ``sphinx.extra_extensions``. It

- turns on the Plotly mime renderer (``immunobook_plotly_enabled``, default on);
- copies ``plotly.min.js`` from the installed plotly package, the small loader script, and the
  DataTables bundle of itables into the site's ``_static`` folder once per build, so pages never
  fetch them from a CDN;
- removes a duplicated inline script of sphinx-thebe that logs a console error on every page;
- sets ``IMMUNOBOOK_STATIC_BUILD=1`` so that notebooks executed for the HTML book replace live
  widgets with a launch note (see ``immunobook.book.live``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .live import STATIC_BUILD_ENV
from .plotly_renderer import ENABLED_CONFIG, LOADER_JS, PLOTLY_JS

STATIC_DIR = Path(__file__).parent / "static"


def plotly_js_path() -> Path:
    """The plotly.min.js that ships inside the installed plotly package."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the plotly package at {path}")
    return path


def itables_bundle_dir() -> Path:
    """The DataTables bundle that ships inside the installed itables package."""
    import itables

    return Path(itables.__file__).parent / "html"


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if not app.config[ENABLED_CONFIG]:
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), static / PLOTLY_JS)
    shutil.copyfile(STATIC_DIR / LOADER_JS, static / LOADER_JS)
    itables_dir = static / "itables"
    itables_dir.mkdir(exist_ok=True)
    for name in ("dt_bundle.js", "dt_bundle.css"):
        shutil.copyfile(itables_bundle_dir() / name, itables_dir / name)


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """sphinx-thebe 0.3.1 adds its inline settings script twice per page, and the second copy
    throws "Identifier 'THEBE_JS_URL' has already been declared" in every reader's console."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # The copies differ only in filename: None for one, "" for the other.
        filename = getattr(script, "filename", str(script)) or None
        key = (filename, tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.add_config_value(ENABLED_CONFIG, True, "env")
    os.environ[STATIC_BUILD_ENV] = "1"
    app.connect("build-finished", _copy_assets)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
