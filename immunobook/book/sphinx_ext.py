"""Sphinx extension of the book: local assets, fast pages, and page metadata.

Enable it in ``_config.yml`` under ``sphinx.extra_extensions``. It

- turns on the Plotly mime renderer (``immunobook_plotly_enabled``, default on);
- copies into the site's ``_static`` folder, once per build: the vendored plotly.js *basic* bundle
  (see ``plotly_bundle.py``; its file name carries the version, so caches refresh on upgrade), the
  chart loader and its styles, the shared quiz library (built from the installed jupyterquiz) and
  the DataTables bundle of itables, so pages never fetch them from a CDN;
- gives every page a ``<meta name="description">`` from its first paragraph (new chapters inherit it);
- keeps the page's head light: basic.css (imported by the theme's CSS) is preloaded, scripts that need not block rendering get ``defer``; after the build,
  the theme's 1.5 MB ``fontawesome.js`` is dropped from every page (the theme's CSS draws the same
  icons from its web font) and the search index scripts are kept only on ``search.html`` (the search
  box just submits to that page); that web font is cut down to the icons the site uses
  (``icon_fonts.py``);
- removes a duplicated inline script of sphinx-thebe that logs a console error on every page;
- sets ``IMMUNOBOOK_STATIC_BUILD=1`` so that notebooks executed for the HTML book replace live
  widgets with a launch note and quizzes with their static form (see ``immunobook.book.live``).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from docutils import nodes

from . import icon_fonts, plotly_bundle
from .live import STATIC_BUILD_ENV
from .plotly_renderer import ENABLED_CONFIG, LOADER_CSS, LOADER_JS
from .table_renderer import TABLE_JS

STATIC_DIR = Path(__file__).parent / "static"
QUIZ_JS = "immunobook-quiz.js"
QUIZ_CSS = "immunobook-quiz.css"
DESCRIPTION_CHARS = 160
# Head scripts that only act after the page is parsed; documentation_options.js stays synchronous
# because inline scripts right after it use DOCUMENTATION_OPTIONS.
DEFERRABLE = ("doctools.js", "sphinx_highlight.js", "clipboard.min.js", "copybutton.js",
              "sphinx-book-theme.js", "togglebutton.js", "design-tabs.js")
FONTAWESOME_TAG = re.compile(r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>\s*')
SEARCH_TAGS = re.compile(
    r'<script[^>]*src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)[^"]*"[^>]*>'
    r"</script>\s*")
# The quiz library: jupyterquiz's own scripts, then a starter for every quiz container on the page.
QUIZ_STARTER = """
(function () {
  function start() {
    document.querySelectorAll("script.immunobook-quiz-data").forEach(function (data) {
      var container = document.getElementById(data.getAttribute("data-target"));
      if (container && !container.dataset.started) {
        container.dataset.started = "1";
        show_questions(JSON.parse(data.textContent), container);
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
"""
QUIZ_COLORS = {
    "--jq-multiple-choice-bg": "#392061", "--jq-mc-button-bg": "#fafafa", "--jq-mc-button-border": "#e0e0e0e0",
    "--jq-mc-button-inset-shadow": "#555555", "--jq-many-choice-bg": "#f75c03ff", "--jq-numeric-bg": "#392061ff",
    "--jq-numeric-input-bg": "#c0c0c0", "--jq-numeric-input-label": "#101010", "--jq-numeric-input-shadow": "#999999",
    "--jq-string-bg": "#4c1a57", "--jq-incorrect-color": "#c80202", "--jq-correct-color": "#009113",
    "--jq-text-color": "#fafafa", "--jq-link-color": "#9abafa",
}


def plotly_file_name() -> str:
    """The bundle's name in ``_static``: the version in the name busts caches after an upgrade."""
    return f"plotly-basic-{plotly_bundle.VERSION}.min.js"


def itables_bundle_dir() -> Path:
    """The DataTables bundle that ships inside the installed itables package."""
    import itables

    return Path(itables.__file__).parent / "html"


def quiz_library() -> tuple[str, str]:
    """(script, stylesheet) of the shared quiz library, from the installed jupyterquiz."""
    import jupyterquiz

    package = Path(jupyterquiz.__file__).parent
    script = "".join(p.read_text(encoding="utf-8") + "\n" for p in sorted((package / "js").glob("*.js")))
    colors = "".join(f"  {name}: {value};\n" for name, value in QUIZ_COLORS.items())
    css = f".immunobook-quiz {{\n{colors}}}\n" + (package / "styles.css").read_text(encoding="utf-8")
    return script + QUIZ_STARTER, css


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    if app.config[ENABLED_CONFIG]:
        problems = plotly_bundle.problems(plotly_bundle.VERSION)
        if problems:
            raise RuntimeError("; ".join(problems))
        shutil.copyfile(plotly_bundle.BUNDLE_PATH, static / plotly_file_name())
        shutil.copyfile(plotly_bundle.LICENCE_PATH, static / plotly_bundle.LICENCE_PATH.name)
        loader = (STATIC_DIR / LOADER_JS).read_text(encoding="utf-8")
        (static / LOADER_JS).write_text(loader.replace("__PLOTLY_FILE__", plotly_file_name()), encoding="utf-8")
        shutil.copyfile(STATIC_DIR / LOADER_CSS, static / LOADER_CSS)
        shutil.copyfile(STATIC_DIR / TABLE_JS, static / TABLE_JS)
    script, css = quiz_library()
    (static / QUIZ_JS).write_text(script, encoding="utf-8")
    (static / QUIZ_CSS).write_text(css, encoding="utf-8")
    itables_dir = static / "itables"
    itables_dir.mkdir(exist_ok=True)
    for name in ("dt_bundle.js", "dt_bundle.css"):
        shutil.copyfile(itables_bundle_dir() / name, itables_dir / name)
    _slim_written_pages(Path(app.outdir))
    icon_fonts.subset_fonts(Path(app.outdir))


def _slim_written_pages(outdir: Path) -> None:
    """Drop fontawesome.js everywhere and the search index scripts outside search.html."""
    for page in outdir.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        slim = FONTAWESOME_TAG.sub("", text)
        if page.relative_to(outdir).as_posix() != "search.html":
            slim = SEARCH_TAGS.sub("", slim)
        if slim != text:
            page.write_text(slim, encoding="utf-8")


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
    # search.html runs Sphinx's search scripts synchronously, and they need doctools.js first.
    if pagename != "search":
        unique = [_deferred(script) for script in unique]
    context["script_files"] = unique


def _deferred(script):
    """A copy of ``script`` with ``defer`` if it is one of the DEFERRABLE files (the script objects
    are shared by all pages, so they are copied, not changed)."""
    from sphinx.builders.html._assets import _JavaScript

    filename = getattr(script, "filename", None)
    attributes = dict(getattr(script, "attributes", None) or {})
    if not filename or not filename.split("?")[0].endswith(DEFERRABLE) or "async" in attributes:
        return script
    attributes.setdefault("defer", "defer")
    return _JavaScript(filename, priority=script.priority, **attributes)


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    """Chart and quiz styles/scripts only on the pages that have charts or quizzes."""
    body = context.get("body") or ""
    if "immunobook-chart" in body or "immunobook-table" in body:
        app.add_css_file(LOADER_CSS)
    if "immunobook-quiz-data" in body:
        app.add_css_file(QUIZ_CSS)
        app.add_js_file(QUIZ_JS, defer="defer")


def first_paragraph(doctree) -> str:
    """The page's first paragraph of running text (not a note, caption, code output or table)."""
    skip = (nodes.Admonition, nodes.caption, nodes.table, nodes.sidebar, nodes.topic, nodes.raw,
            nodes.literal_block, nodes.footnote, nodes.citation)
    for paragraph in doctree.findall(nodes.paragraph):
        parent, inside = paragraph.parent, False
        while parent is not None:
            if isinstance(parent, skip) or "cell_output" in (parent.get("classes") or []):
                inside = True
                break
            parent = parent.parent
        text = " ".join(paragraph.astext().split())
        if not inside and len(text) >= 40:
            return text
    return ""


def describe(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _preload_basic_css(app, pagename, templatename, context, doctree) -> None:
    """The theme's first stylesheet @imports basic.css, one more round trip before the first paint;
    preloading that exact URL lets the browser fetch it together with the other stylesheets."""
    pathto = context.get("pathto")
    if pathto is not None:
        href = pathto("_static/basic.css", 1)
        context["metatags"] = context.get("metatags", "") + f'\n<link rel="preload" as="style" href="{href}" />'


def _add_description(app, pagename, templatename, context, doctree) -> None:
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    text = first_paragraph(doctree) if doctree is not None else ""
    if not text:
        text = f"{context.get('title') or pagename} — {app.config.project}"
    content = describe(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    context["metatags"] = metatags + f'\n<meta name="description" content="{content}" />'


def setup(app):
    app.add_config_value(ENABLED_CONFIG, True, "env")
    os.environ[STATIC_BUILD_ENV] = "1"
    app.connect("build-finished", _copy_assets)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _add_description)
    app.connect("html-page-context", _preload_basic_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.2"}
