"""`make pdf`: a chapter printed by Chromium keeps its chart text and glossary terms; the student
PDF has no solutions and the instructor PDF has them unfolded."""

from __future__ import annotations

import importlib.util
import re

import pytest

from conftest import ROOT, chromium_path

pytestmark = [pytest.mark.build, pytest.mark.browser]
CHAPTER = "approval-landscape"


def _make_pdf():
    spec = importlib.util.spec_from_file_location("make_pdf", ROOT / "scripts" / "make_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _text(path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return len(reader.pages), re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _chromium():
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium")
    return executable


def _expected_chart_text() -> str:
    """An axis title of the chapter's first chart, taken from the chart function itself."""
    from immunobook.approvals import charts
    from immunobook.approvals.data import load_approvals

    figure = charts.approvals_by_cancer_type(load_approvals())
    titles = [axis.title.text for axis in (figure.layout.xaxis, figure.layout.yaxis) if axis.title.text]
    assert titles, "the chart has no axis title to look for"
    return titles[0]


def _a_glossary_term() -> str:
    text = (ROOT / "chapters" / f"{CHAPTER}.md").read_text(encoding="utf-8")
    shown = re.findall(r"\{term\}`([^`<]+?)(?:\s*<[^>]+>)?`", text)
    assert shown, "the chapter uses no glossary term"
    return shown[0].strip()


def _solution_words() -> str:
    """The first words of the chapter's first solution (prose, not code)."""
    text = (ROOT / "chapters" / f"{CHAPTER}.md").read_text(encoding="utf-8")
    body = re.search(r"```\{solution\}[^\n]*\n(?::[^\n]*\n)*\n(.*?)\n```", text, re.S).group(1)
    line = next(l for l in body.splitlines() if l.strip() and not l.startswith(("`", "#", " ")))
    words = re.sub(r"[`*{}]", "", line).split()[:5]
    return " ".join(words)


def test_instructor_pdf_has_charts_terms_and_solutions(book_html, browser, tmp_path):
    printed = _make_pdf().print_book(book_html, tmp_path, "instructor", _chromium(),
                                     only=[f"chapters/{CHAPTER}"], browser=browser)
    pages, text = _text(printed[f"chapters/{CHAPTER}"])
    assert pages >= 8
    assert _expected_chart_text() in text
    assert _a_glossary_term().lower() in text.lower()
    assert "Solution to Exercise" in text and _solution_words() in text
    assert printed["book"].is_file()


def test_student_pdf_has_no_solutions(student_html, browser, tmp_path):
    printed = _make_pdf().print_book(student_html, tmp_path, "student", _chromium(),
                                     only=[f"chapters/{CHAPTER}"], browser=browser)
    pages, text = _text(printed[f"chapters/{CHAPTER}"])
    assert pages >= 8
    assert _expected_chart_text() in text
    assert "Solution to Exercise" not in text and _solution_words() not in text
    assert "Exercise" in text
