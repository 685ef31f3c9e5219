"""Glue computed numbers into a chapter's prose, visibly in a live notebook too.

In the HTML book ``{glue:text}`key``` roles show each value in the sentence. A live notebook
(JupyterLab, Binder) does not resolve those roles, so there the same call also shows a small table
of the values, and a reader sees the numbers the sentences refer to.
"""

from __future__ import annotations

from .live import is_static_build


def glue_numbers(numbers: dict, title: str = "Numbers quoted in this chapter") -> None:
    """Publish each value for ``{glue:text}`` (numbers) and ``{glue:md}`` (strings) roles."""
    from IPython.display import Markdown, display
    from myst_nb import glue

    if not is_static_build():
        # Shown before the glue records: each record is an output of its own, and JupyterLab folds a
        # cell's outputs after the first 50, which would hide a table placed last.
        rows = "\n".join(f"| `{key}` | {value} |" for key, value in numbers.items())
        display(Markdown(f"**{title}** (the text shows them where it names each key)\n\n"
                         f"| key | value |\n|---|---|\n{rows}"))
    for key, value in numbers.items():
        glue(key, Markdown(value) if isinstance(value, str) else value, display=False)
