"""Opening a chapter in JupyterLab must not rewrite it.

JupyterLab saves a chapter through jupytext (autosave does so within minutes of opening it) after
naming the kernel it started. If that round trip changes the text, every contributor who opens a
chapter gets a noisy diff. `make normalize` puts the chapters in the form the round trip keeps.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import jupytext
import pytest

from conftest import ROOT

# Every MyST notebook of the book: the chapters and the instructor pages (they open on Binder too).
CHAPTERS = sorted(ROOT.glob("chapters/*.md")) + sorted(ROOT.glob("instructors/*.md"))
CHAPTERS = [p for p in CHAPTERS if p.read_text(encoding="utf-8").startswith("---\njupytext:")]
# What JupyterLab writes into the notebook metadata when it starts the python3 kernel (ipykernel).
STARTED_KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def test_installed_jupytext_is_the_pinned_one():
    pins = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    pinned = re.search(r"^jupytext==(\S+)", pins, re.M).group(1)
    assert jupytext.__version__ == pinned, "the round trip below is only meaningful with the pinned jupytext"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_jupytext_round_trip_leaves_chapter_byte_identical(path: Path):
    text = path.read_bytes().decode("utf-8")
    notebook = jupytext.reads(text, fmt="md:myst")
    notebook.metadata["kernelspec"] = dict(STARTED_KERNEL)
    saved = jupytext.writes(notebook, fmt="md:myst")
    assert saved == text, (
        f"{path.name} changes when JupyterLab saves it; run `make normalize` and commit the result.\n"
        + "\n".join(line for line in difflib.unified_diff(
            text.splitlines(), saved.splitlines(), "chapter", "after a save", lineterm="", n=0))[:3000]
    )
