"""Self-check quizzes that give feedback with no kernel.

Questions live in JSON files next to the chapters (``chapters/quizzes/<slug>.json``) in the format
of the `jupyterquiz` package. In a live notebook jupyterquiz renders them with its inline JavaScript.
In the static book only the questions go into the page: the jupyterquiz library and its styles are
one shared, cached file pair (``_static/immunobook-quiz.js``/``.css``, written by
``immunobook.book.sphinx_ext`` from the installed jupyterquiz) instead of 40 KB inline on every quiz
page. No server and no CDN either way.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from .live import is_static_build

REQUIRED_KEYS = {"question", "type", "answers"}
#: Where ``show_quiz("quizzes/<slug>.json")`` looks when the path is not found from the working
#: directory (a kernel started elsewhere, e.g. in the repository root).
CHAPTERS_DIR = Path(__file__).resolve().parents[2] / "chapters"
#: Options passed to jupyterquiz; answers are shuffled in the page so their order gives no cue.
QUIZ_OPTIONS = {"shuffle_answers": True, "max_width": 760}


def resolve_quiz_path(path: str | Path) -> Path:
    """``path`` as given if it exists, else relative to the chapters folder; else FileNotFoundError."""
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    in_chapters = CHAPTERS_DIR / path
    if in_chapters.exists():
        return in_chapters
    raise FileNotFoundError(f"quiz file {str(path)!r} not found in {Path.cwd()} nor in {CHAPTERS_DIR}")


def load_questions(path: str | Path) -> list[dict]:
    """Read and check a quiz file; a malformed question raises ValueError naming it."""
    path = Path(path)
    questions = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(questions, list) or not questions:
        raise ValueError(f"{path}: expected a non-empty JSON list of questions")
    for number, question in enumerate(questions, start=1):
        missing = REQUIRED_KEYS - set(question)
        if missing:
            raise ValueError(f"{path}: question {number} lacks {sorted(missing)}")
        if question["type"] == "multiple_choice":
            answers = question["answers"]
            if not any(answer.get("correct") for answer in answers):
                raise ValueError(f"{path}: question {number} has no correct answer")
            if not all(answer.get("feedback") for answer in answers):
                raise ValueError(f"{path}: question {number} has an answer without feedback")
    return questions


def show_quiz(path: str | Path, **options):
    """Display the quiz in ``path`` (relative to the notebook's folder or to ``chapters/``)."""
    questions = load_questions(resolve_quiz_path(path))
    settings = {**QUIZ_OPTIONS, **options}
    if is_static_build():
        from IPython.display import HTML, display

        display(HTML(static_quiz_html(questions, **settings)))
        return
    from jupyterquiz import display_quiz

    display_quiz(questions, **settings)


_quiz_ids = iter(range(1, 1_000_000))


def static_quiz_html(questions: list[dict], shuffle_questions: bool = False, shuffle_answers: bool = True,
                     preserve_responses: bool = False, num: int = 1_000_000, max_width: int = 600,
                     border_radius: int = 10, question_alignment: str = "left", colors: dict | None = None,
                     load_js: bool = True) -> str:
    """The quiz container and its questions; ``_static/immunobook-quiz.js`` draws it (same settings
    as jupyterquiz's ``display_quiz``, read from the container's data attributes)."""
    from jupyterquiz.dynamic.renderer import render_div

    div_id = f"immunobook-quiz-{next(_quiz_ids)}"
    container = render_div(div_id, shuffle_questions, shuffle_answers, preserve_responses,
                           num, max_width, border_radius, question_alignment)
    container = container.replace("<div ", '<div class="immunobook-quiz" ', 1)
    if colors:
        custom = "".join(f"{name}: {value};" for name, value in colors.items())
        container = container.replace('style="', f'style="{html.escape(custom)} ', 1)
    data = json.dumps(questions, ensure_ascii=False).replace("</", "<\\/")
    return (f"{container}</div>\n"
            f'<script type="application/json" class="immunobook-quiz-data" data-target="{html.escape(div_id)}">'
            f"{data}</script>")
