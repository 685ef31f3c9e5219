"""Every chapter quiz teaches: no answer cue, feedback everywhere, shuffled in the page.

Quiz files are discovered in ``chapters/quizzes/``, so quizzes added by new chapters are checked
without editing this file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from immunobook.book import quiz

ROOT = Path(__file__).resolve().parents[1]
QUIZ_DIR = ROOT / "chapters" / "quizzes"
QUIZ_FILES = sorted(QUIZ_DIR.glob("*.json"))
# "All of the above", "none of these", "both of the above" and friends reward test-taking tricks.
CATCH_ALL = re.compile(r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them|those)\b", re.IGNORECASE)

def _questions(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _multiple_choice(path: Path) -> list[dict]:
    return [q for q in _questions(path) if q["type"] == "multiple_choice"]


def _ids(paths):
    return [p.name for p in paths]


def test_quiz_files_are_discovered():
    assert len(QUIZ_FILES) >= 3
    chapters = {p.stem for p in (ROOT / "chapters").glob("*.md")}
    for path in QUIZ_FILES:
        assert path.stem in chapters, f"{path.name} has no chapter of the same name"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_ids(QUIZ_FILES))
def test_quiz_loads_and_every_option_has_feedback(path):
    questions = quiz.load_questions(path)
    assert len(questions) >= 6
    for number, question in enumerate(questions, start=1):
        for answer in question["answers"]:
            feedback = str(answer.get("feedback", "")).strip()
            assert feedback, f"{path.name} question {number}: option {answer.get('answer')!r} has no feedback"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_ids(QUIZ_FILES))
def test_each_multiple_choice_question_has_exactly_one_correct_answer(path):
    for number, question in enumerate(_multiple_choice(path), start=1):
        n_correct = sum(1 for answer in question["answers"] if answer.get("correct") is True)
        assert n_correct == 1, f"{path.name} question {number}: {n_correct} answers marked correct"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_ids(QUIZ_FILES))
def test_no_catch_all_options(path):
    for number, question in enumerate(_questions(path), start=1):
        for answer in question["answers"]:
            text = str(answer.get("answer", ""))
            assert not CATCH_ALL.search(text), f"{path.name} question {number}: catch-all option {text!r}"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_ids(QUIZ_FILES))
def test_no_position_holds_more_than_half_of_the_correct_answers(path):
    """Holds even if shuffling were switched off (or JavaScript does not run)."""
    positions = Counter(
        next(i for i, answer in enumerate(q["answers"]) if answer.get("correct")) for q in _multiple_choice(path)
    )
    total = sum(positions.values())
    position, count = positions.most_common(1)[0]
    assert count <= total / 2, f"{path.name}: option {position + 1} is correct in {count} of {total} questions"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_ids(QUIZ_FILES))
def test_correct_answer_is_not_given_away_by_length(path):
    """The correct option is the longest in at most half of the questions, and options stay
    within a factor of two of each other in length."""
    questions = _multiple_choice(path)
    longest = 0
    for number, question in enumerate(questions, start=1):
        lengths = [len(answer["answer"]) for answer in question["answers"]]
        correct = next(i for i, answer in enumerate(question["answers"]) if answer.get("correct"))
        assert max(lengths) <= 2 * min(lengths), f"{path.name} question {number}: option lengths {lengths}"
        longest += lengths[correct] == max(lengths)
    assert longest <= len(questions) / 2, f"{path.name}: correct answer longest in {longest} of {len(questions)}"


@pytest.fixture
def shown(monkeypatch):
    """Capture what jupyterquiz would display (HTML and JavaScript objects)."""
    import jupyterquiz.dynamic.display as jq_display

    captured = []
    monkeypatch.setattr(jq_display, "display", lambda obj: captured.append(obj))
    return captured


def _shown_html(shown) -> str:
    from IPython.display import HTML

    return "".join(obj.data for obj in shown if isinstance(obj, HTML))


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_ids(QUIZ_FILES))
def test_page_shuffles_the_answers(path, shown, monkeypatch):
    monkeypatch.chdir(ROOT / "chapters")
    quiz.show_quiz(f"quizzes/{path.name}")
    html = _shown_html(shown)
    assert 'data-shuffleanswers="True"' in html
    # The chapter calls show_quiz without switching shuffling off again.
    chapter = (ROOT / "chapters" / f"{path.stem}.md").read_text(encoding="utf-8")
    calls = re.findall(r"show_quiz\(([^)]*)\)", chapter)
    assert calls, f"{path.stem}.md does not show its quiz"
    assert not any("shuffle_answers" in call for call in calls)


def test_show_quiz_finds_a_relative_path_from_another_working_directory(shown, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # e.g. a kernel started in the repository root or elsewhere
    quiz.show_quiz("quizzes/immune-system-primer.json")
    html = _shown_html(shown)
    assert "data-shuffleanswers" in html
    scripts = "".join(getattr(obj, "data", "") or "" for obj in shown)
    assert "A mature dendritic cell" in scripts  # the questions of that quiz were passed on


def test_resolve_quiz_path_prefers_the_working_directory(monkeypatch, tmp_path):
    local = tmp_path / "quizzes" / "mine.json"
    local.parent.mkdir()
    local.write_text("[]", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert quiz.resolve_quiz_path("quizzes/mine.json") == Path("quizzes/mine.json")
    assert quiz.resolve_quiz_path("quizzes/cancer-and-immunity.json") == QUIZ_DIR / "cancer-and-immunity.json"


def test_missing_quiz_file_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="no-such-quiz.json"):
        quiz.show_quiz("quizzes/no-such-quiz.json")


@pytest.mark.parametrize("path", QUIZ_FILES, ids=_ids(QUIZ_FILES))
def test_built_page_asks_for_shuffled_answers(book_html, path):
    html = (book_html / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8")
    assert 'data-shuffleanswers="True"' in html
    assert 'data-shuffleanswers="False"' not in html


def test_answer_order_changes_between_page_loads(browser, book_url):
    """Real Chromium: the same question shows its options in different orders on different visits."""
    from conftest import visit

    first = _multiple_choice(QUIZ_DIR / "immune-system-primer.json")[0]
    expected = sorted(answer["answer"] for answer in first["answers"])
    orders = set()
    for _ in range(6):
        with visit(browser, f"{book_url}/chapters/immune-system-primer.html") as seen:
            buttons = seen.page.locator(".MCButton")
            buttons.first.wait_for(timeout=10000)
            shown = [text.strip() for text in buttons.all_inner_texts()[: len(expected)]]
        assert sorted(shown) == expected
        orders.add(tuple(shown))
    assert len(orders) > 1, f"the options came in the same order on every visit: {orders}"
