"""Every page gets a description (from its first paragraph) and the favicon; search engines and
Lighthouse's SEO and best-practice audits look for both."""

from __future__ import annotations

import html
import re

import pytest
from docutils.core import publish_doctree

from immunobook.book.sphinx_ext import describe, first_paragraph
from test_chapters import toc_files


def test_first_paragraph_skips_notes_and_short_lines():
    doctree = publish_doctree(
        "Title\n=====\n\nShort.\n\n.. note::\n\n   A note that is long enough to count but is only a note.\n\n"
        "The real opening paragraph of this page, long enough to describe it.\n")
    assert first_paragraph(doctree) == "The real opening paragraph of this page, long enough to describe it."


def test_description_is_cut_at_a_word():
    text = "word " * 60
    cut = describe(text.strip())
    assert len(cut) <= 160 and cut.endswith("word…")


@pytest.mark.build
@pytest.mark.parametrize("name", toc_files())
def test_every_page_has_a_description_from_its_text_and_a_favicon(book_html, name):
    page = (book_html / f"{name}.html").read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]+)"', page)
    assert description, name
    words = html.unescape(description.group(1)).rstrip("…").split()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert len(words) >= 8 and " ".join(words[:8]) in " ".join(text.split()), name
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon and (book_html / name).parent.joinpath(icon.group(1)).resolve().is_file()
