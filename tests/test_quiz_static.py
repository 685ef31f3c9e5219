"""The static-book form of a quiz: questions in the page, library in one shared file."""

from __future__ import annotations

import json
import re

import pytest

from immunobook.book.quiz import static_quiz_html
from immunobook.book.sphinx_ext import quiz_library

QUESTIONS = [{"question": "Which </script> cell?", "type": "multiple_choice",
              "answers": [{"answer": "T", "correct": True, "feedback": "Yes"},
                          {"answer": "B", "correct": False, "feedback": "No"}]}]


def test_page_holds_only_the_questions_and_the_settings():
    html = static_quiz_html(QUESTIONS, shuffle_answers=True, max_width=700)
    container = re.match(r'<div class="immunobook-quiz" id="([^"]+)"[^>]*>', html)
    assert container and 'data-shuffleanswers="True"' in container.group(0)
    assert 'data-maxwidth="700"' in container.group(0)
    data = re.search(r'<script type="application/json" class="immunobook-quiz-data" data-target="([^"]+)">(.*)</script>',
                     html, re.S)
    assert data.group(1) == container.group(1)
    assert "</script>" not in data.group(2)
    assert json.loads(data.group(2).replace("<\\/", "</")) == QUESTIONS
    assert "function" not in html  # no library code inline


def test_unknown_option_is_an_error():
    with pytest.raises(TypeError, match="shuffle_everything"):
        static_quiz_html(QUESTIONS, shuffle_everything=True)


def test_shared_library_has_jupyterquiz_and_a_starter():
    script, css = quiz_library()
    assert "function show_questions" in script and "immunobook-quiz-data" in script
    assert css.startswith(".immunobook-quiz {") and ".MCButton" in css
