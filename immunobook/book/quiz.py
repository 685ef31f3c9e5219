"""Self-check quizzes that give feedback with no kernel.

Questions live in JSON files next to the chapters (``chapters/quizzes/<slug>.json``) in the format
of the `jupyterquiz` package, which renders them with inline JavaScript: the static book needs no
server and no CDN.
"""

from __future__ import annotations

import json
from pathlib import Path

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
    from jupyterquiz import display_quiz

    questions = load_questions(resolve_quiz_path(path))
    settings = {**QUIZ_OPTIONS, **options}
    display_quiz(questions, **settings)
