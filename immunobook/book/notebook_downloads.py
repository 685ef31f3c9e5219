"""Sphinx extension: offer each chapter as a Jupyter notebook (.ipynb) in the page's download menu.

Chapters are MyST Markdown notebooks; many learning-management systems and Colab-style tools only
take ``.ipynb``. At build time each chapter is converted with jupytext (inputs only: outputs would make
it large and go stale) into ``_sources/chapters/<name>.ipynb``, and the theme's download menu, which
lists ``.ipynb`` when the page context names one, gets the link. (With launch buttons on, the theme
itself copies the *executed* notebook there, outputs, build metadata and all; we write ours after it.)
"""

from __future__ import annotations

from pathlib import Path

CHAPTER_PREFIX = "chapters/"


def _is_chapter(app, pagename: str) -> bool:
    if not pagename.startswith(CHAPTER_PREFIX) or pagename not in app.env.found_docs:
        return False
    return Path(app.env.doc2path(pagename)).suffix == ".md"


def write_notebook(source: Path, target: Path) -> None:
    """Convert one MyST Markdown chapter into an .ipynb without outputs."""
    import jupytext

    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)   # a plain notebook, not one paired with the .md
    target.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(notebook, target, fmt="ipynb")


def _name_notebook(app, pagename, templatename, context, doctree) -> None:
    """Before the theme builds its header buttons (priority 501), so the menu lists the notebook."""
    if app.builder.format == "html" and _is_chapter(app, pagename):
        context["ipynb_source"] = f"{pagename}.ipynb"


def _write_notebook(app, pagename, templatename, context, doctree) -> None:
    """After the theme's launch buttons (priority 501), which copy the executed notebook there."""
    if app.builder.format == "html" and _is_chapter(app, pagename):
        write_notebook(Path(app.env.doc2path(pagename)), Path(app.outdir) / "_sources" / f"{pagename}.ipynb")


def setup(app):
    app.connect("html-page-context", _name_notebook, priority=400)
    app.connect("html-page-context", _write_notebook, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
