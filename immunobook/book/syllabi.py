"""Suggested syllabi: which chapters, sections and exercises each uses, with times from the chapters.

The plans live in ``instructors/syllabi.yml``. A plan names whole chapters, or chosen sections
(``sec:`` labels) and exercises (``ex:`` labels) of a chapter. Minutes are never typed: a whole
chapter takes its own "Time to learn" estimate; a part of a chapter takes the chapter's reading
estimate in proportion to the words of the chosen sections, plus its exercise estimate in
proportion to the chosen exercises. Unknown chapters, sections or exercises raise
``CourseMapError`` naming the plan and the label.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .course import Chapter, CourseMapError, find_book_root, read_chapter, toc_chapter_slugs

SYLLABI_FILE = Path("instructors") / "syllabi.yml"
CODE_BLOCK = re.compile(r"^```.*?^```", re.M | re.S)


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", CODE_BLOCK.sub(" ", text)))


def section_words(path: Path) -> tuple[dict[str, int], int]:
    """Words per labelled ``##`` section of a chapter, and the words of the whole chapter."""
    text = path.read_text(encoding="utf-8")
    counts = {}
    for match in re.finditer(r"^\((sec:[\w-]+)\)=\n(## .+?)(?=^(?:\([\w:-]+\)=\n)?## |\Z)", text, re.M | re.S):
        counts[match.group(1)] = _words(match.group(2))
    return counts, _words(text)


@dataclass
class Item:
    """One chapter (or part of it) in a plan, with its computed time."""

    chapter: Chapter
    sections: list[str]      # [] = the whole chapter
    exercises: list[str]
    reading_minutes: int
    exercise_minutes: int
    note: str = ""

    @property
    def minutes(self) -> int:
        return self.reading_minutes + self.exercise_minutes


@dataclass
class Plan:
    key: str
    title: str
    summary: str
    items: list[Item]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


def _item(plan: str, spec: dict, root: Path) -> Item:
    slug = spec.get("chapter")
    if slug not in toc_chapter_slugs(root):
        raise CourseMapError(f"{SYLLABI_FILE}: plan {plan!r} names chapter {slug!r}, which is not in _toc.yml")
    path = root / "chapters" / f"{slug}.md"
    chapter = read_chapter(path)
    sections = list(spec.get("sections") or [])
    if "exercises" in spec:
        exercises = list(spec.get("exercises") or [])
    else:
        exercises = list(chapter.exercises) if not sections else []
    for label in exercises:
        if label not in chapter.exercises:
            raise CourseMapError(f"{SYLLABI_FILE}: plan {plan!r}: chapter {slug!r} has no exercise {label!r}")
    if sections:
        words, total = section_words(path)
        for label in sections:
            if label not in words:
                raise CourseMapError(f"{SYLLABI_FILE}: plan {plan!r}: chapter {slug!r} has no section {label!r}")
        reading = math.ceil(chapter.reading_minutes * sum(words[s] for s in sections) / total)
    else:
        reading = chapter.reading_minutes
    exercise = math.ceil(chapter.exercise_minutes * len(exercises) / len(chapter.exercises))
    return Item(chapter, sections, exercises, reading, exercise, str(spec.get("note", "")))


def load_plans(root: Path | None = None) -> list[Plan]:
    root = root or find_book_root()
    raw = yaml.safe_load((root / SYLLABI_FILE).read_text(encoding="utf-8"))
    plans = []
    for key, spec in raw.items():
        items = [_item(key, item, root) for item in spec["items"]]
        plans.append(Plan(key, spec["title"], spec["summary"], items))
    return plans


def plan_html(plan: Plan) -> str:
    """One plan as a numbered list (readable on a phone): chapter, what to use, exercises, minutes."""
    esc = html.escape
    items = []
    for item in plan.items:
        chapter = item.chapter
        use = ("sections " + "; ".join(f"“{esc(chapter.sections.get(s, s))}”" for s in item.sections)
               if item.sections else "the whole chapter")
        exercises = ", ".join(esc(e) for e in item.exercises) or "none"
        note = f" <em>({esc(item.note)})</em>" if item.note else ""
        items.append(f'<li><a href="../chapters/{chapter.slug}.html">{esc(chapter.title)}</a>{note}: '
                     f"{use}; exercises: {exercises}. <strong>{item.minutes} min</strong> "
                     f"({item.reading_minutes} reading + {item.exercise_minutes} exercises)</li>")
    return (f'<ol class="immunobook-plan">{"".join(items)}</ol>'
            f"<p><strong>Total: {plan.minutes} minutes</strong> (about {plan.minutes / 60:.1f} hours).</p>")


def show_plan(key: str, root: Path | None = None):
    from IPython.display import HTML

    plans = {plan.key: plan for plan in load_plans(root)}
    if key not in plans:
        raise CourseMapError(f"{SYLLABI_FILE}: no plan {key!r} (plans: {', '.join(plans)})")
    return HTML(plan_html(plans[key]))
