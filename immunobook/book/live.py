"""Tell a live kernel (JupyterLab, Binder) from the static HTML build.

The book's Sphinx extension sets ``IMMUNOBOOK_STATIC_BUILD=1`` before notebooks execute. Widgets
need a kernel to respond, so explorers show a short note in the static book instead of a dead frame.
"""

from __future__ import annotations

import os

STATIC_BUILD_ENV = "IMMUNOBOOK_STATIC_BUILD"

LAUNCH_HINT_HTML = (
    '<div class="admonition note immunobook-live-note">'
    '<p class="admonition-title">Live explorer</p>'
    "<p>{what} needs a running Python kernel, so it is not active on this web page. "
    "Open this chapter on Binder or JupyterHub with the rocket icon "
    "(<span aria-hidden=\"true\">&#128640;</span>) at the top of the page, then run the cells. "
    "The charts on this page stay interactive without it.</p></div>"
)


def is_static_build() -> bool:
    """True while the HTML book is being built (no kernel will be there for readers)."""
    return os.environ.get(STATIC_BUILD_ENV) == "1"


def launch_note(what: str = "This explorer"):
    """An HTML note shown in place of a live widget in the static book."""
    from IPython.display import HTML

    return HTML(LAUNCH_HINT_HTML.format(what=what))
