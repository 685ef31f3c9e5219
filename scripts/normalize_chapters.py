"""Rewrite chapters the way JupyterLab + jupytext would save them, so opening one changes nothing.

JupyterLab names the kernel "Python 3 (ipykernel)" when it starts one, and jupytext writes its own
layout of the front matter, captions and blank lines. Doing both once here makes the round trip a
no-op (checked by tests/test_roundtrip.py). Usage: python scripts/normalize_chapters.py [files...]
(default: every MyST notebook in chapters/ and instructors/).
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[1]
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def normalized(text: str) -> str:
    """The chapter text as JupyterLab would save it after opening it with a Python kernel."""
    notebook = jupytext.reads(text, fmt="md:myst")
    if notebook.metadata.get("kernelspec", {}).get("name") == KERNELSPEC["name"]:
        notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    return jupytext.writes(notebook, fmt="md:myst")


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or [
        p for p in sorted(ROOT.glob("chapters/*.md")) + sorted(ROOT.glob("instructors/*.md"))
        if p.read_text(encoding="utf-8").startswith("---\njupytext:")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        new = normalized(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"normalized {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
