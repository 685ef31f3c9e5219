"""The instructor guide: course map, syllabi, assignment links, notebook downloads and rubrics are
generated from (or checked against) the chapters, so a new chapter cannot silently fall out of them."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from conftest import ROOT
from immunobook.book import course, syllabi
from immunobook.book.course import CourseMapError

CONFIG = course.load_config(ROOT)
SLUGS = course.toc_chapter_slugs(ROOT)


def test_every_chapter_in_the_toc_has_what_the_course_map_needs():
    assert SLUGS, "no chapters found in _toc.yml"
    for chapter in course.chapters(ROOT):
        assert 3 <= len(chapter.objectives) <= 6, chapter.slug
        assert chapter.reading_minutes > 0 and chapter.exercise_minutes > 0, chapter.slug
        assert chapter.questions >= 6 or chapter.slug in {"immune-system-primer", "cancer-and-immunity",
                                                          "approval-landscape"}, chapter.slug
        assert len(chapter.exercises) >= 3, chapter.slug
        for prerequisite in chapter.prerequisites:
            assert prerequisite in SLUGS, f"{chapter.slug} builds on unknown chapter {prerequisite}"


def test_quiz_and_exercise_counts_match_an_independent_count():
    for slug in SLUGS:
        text = (ROOT / "chapters" / f"{slug}.md").read_text(encoding="utf-8")
        quiz = re.search(r'show_quiz\("quizzes/([^"]+)"\)', text).group(1)
        questions = json.loads((ROOT / "chapters" / "quizzes" / quiz).read_text(encoding="utf-8"))
        row = next(r for r in course.course_map_rows(ROOT) if r["slug"] == slug)
        assert row["questions"] == len(questions)
        assert row["exercises"] == text.count("{exercise}")


CHAPTER = """# A title

## Learning objectives

1. **Explain** one thing.

## Prerequisites

{doc}`immune-system-primer`

## Time to learn

About 10 minutes of reading, plus 5 minutes for the exercises.

```{code-cell} ipython3
show_quiz("quizzes/demo.json")
```

```{exercise} One
:label: ex:demo-1
```
"""


@pytest.mark.parametrize("broken, message", [
    (CHAPTER.replace("## Learning objectives", "## Goals"), "Learning objectives"),
    (CHAPTER.replace("About 10 minutes of reading, plus 5 minutes", "Ten minutes"), "Time to learn"),
    (CHAPTER.replace('show_quiz("quizzes/demo.json")', "pass"), "show_quiz"),
    (CHAPTER.replace("```{exercise} One\n:label: ex:demo-1\n```", ""), "exercise"),
    (CHAPTER.replace("## Prerequisites\n\n{doc}`immune-system-primer`", "## Prerequisites\n"), "Prerequisites"),
])
def test_a_chapter_missing_a_piece_is_named(tmp_path, broken, message):
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "demo.json").write_text("[{}]", encoding="utf-8")
    (tmp_path / "demo.md").write_text(CHAPTER, encoding="utf-8")
    good = course.read_chapter(tmp_path / "demo.md")
    assert (good.reading_minutes, good.exercise_minutes, good.questions) == (10, 5, 1)
    assert good.prerequisites == ["immune-system-primer"] and good.exercises == ["ex:demo-1"]
    (tmp_path / "demo.md").write_text(broken, encoding="utf-8")
    with pytest.raises(CourseMapError, match=message) as error:
        course.read_chapter(tmp_path / "demo.md")
    assert "chapters/demo.md" in str(error.value)


def test_nbgitpuller_link_clones_this_repository_and_opens_the_chapter():
    url = course.nbgitpuller_url(CONFIG, "checkpoint-inhibitors", hub="https://hub.example.org")
    parsed = urlparse(url)
    assert parsed.netloc == "hub.example.org" and parsed.path == "/hub/user-redirect/git-pull"
    query = parse_qs(parsed.query)
    assert query["repo"] == [CONFIG["repository"]["url"]]
    assert query["branch"] == [CONFIG["repository"]["branch"]]
    repo_name = CONFIG["repository"]["url"].rstrip("/").rsplit("/", 1)[1]
    assert query["urlpath"] == [f"lab/tree/{repo_name}/chapters/checkpoint-inhibitors.md"]
    assert (ROOT / "chapters" / "checkpoint-inhibitors.md").is_file()


def test_links_follow_the_configured_repository():
    forked = {**CONFIG, "repository": {"url": "https://github.com/someone/fork", "branch": "teach"}}
    assert course.binder_url(forked, "x") == "https://mybinder.org/v2/gh/someone/fork/teach?urlpath=lab/tree/chapters/x.md"
    assert course.page_url(forked, "x") == "https://someone.github.io/fork/chapters/x.html"
    assert "repo=https%3A%2F%2Fgithub.com%2Fsomeone%2Ffork" in course.nbgitpuller_url(forked, "x")
    with pytest.raises(CourseMapError, match="repository.url"):
        course.binder_url({"repository": {"url": "https://example.org/x"}}, "x")


# --- syllabi ---------------------------------------------------------------------------------------

def test_syllabi_times_add_up_from_the_chapters_estimates():
    plans = {plan.key: plan for plan in syllabi.load_plans(ROOT)}
    assert list(plans) == ["single-lecture", "one-week", "three-week"]
    chapters = {c.slug: c for c in course.chapters(ROOT)}
    for plan in plans.values():
        assert plan.minutes == sum(i.reading_minutes + i.exercise_minutes for i in plan.items)
        for item in plan.items:
            chapter = chapters[item.chapter.slug]
            if not item.sections:
                assert item.reading_minutes == chapter.reading_minutes
            else:
                assert 0 < item.reading_minutes < chapter.reading_minutes
            share = len(item.exercises) / len(chapter.exercises)
            assert item.exercise_minutes == -(-chapter.exercise_minutes * len(item.exercises) // len(chapter.exercises)), share
    assert plans["single-lecture"].minutes < plans["one-week"].minutes < plans["three-week"].minutes
    # the longest plan covers the whole book, so a new chapter has to be placed in it
    assert [i.chapter.slug for i in plans["three-week"].items] == SLUGS


def test_syllabus_errors_name_the_plan_and_label(tmp_path):
    for name in ("_toc.yml", "_config.yml"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "chapters").symlink_to(ROOT / "chapters")
    (tmp_path / "instructors").mkdir()
    (tmp_path / "instructors" / "syllabi.yml").write_text(
        "p:\n  title: T\n  summary: S\n  items:\n    - chapter: cancer-and-immunity\n      sections: [sec:nope]\n",
        encoding="utf-8")
    with pytest.raises(CourseMapError, match=r"plan 'p'.*sec:nope"):
        syllabi.load_plans(tmp_path)


# --- assessment --------------------------------------------------------------------------------------

def test_every_chapter_has_prompts_with_rubrics():
    text = (ROOT / "instructors" / "assessment.md").read_text(encoding="utf-8")
    for slug in SLUGS:
        match = re.search(rf"^\(assess:{re.escape(slug)}\)=\n(.*?)(?=^\(assess:|\Z)", text, re.M | re.S)
        assert match, f"instructors/assessment.md has no (assess:{slug})= section"
        prompts = re.split(r"^### Prompt \d+", match.group(1), flags=re.M)[1:]
        assert 2 <= len(prompts) <= 3, slug
        for prompt in prompts:
            rubric = [line for line in prompt.splitlines() if line.startswith("|")]
            assert rubric and rubric[0].startswith("| Criterion | 3 | 2 | 1 |"), slug
            criteria = rubric[2:]
            assert len(criteria) >= 3 and all(line.count("|") == 5 for line in criteria), slug


# --- the built book -----------------------------------------------------------------------------------

@pytest.mark.build
def test_guide_course_map_lists_every_chapter(book_html):
    html = (book_html / "instructors" / "guide.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f'id="map-{slug}"' in html, slug
        assert f'href="../chapters/{slug}.html"' in html
    assert 'href="instructors/guide.html"' in (book_html / "intro.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_binder_links_equal_the_launch_buttons(book_html):
    for slug in SLUGS:
        page = unescape((book_html / "chapters" / f"{slug}.html").read_text(encoding="utf-8"))
        assert course.binder_url(CONFIG, slug) in page, slug
    assigning = unescape((book_html / "instructors" / "assigning.html").read_text(encoding="utf-8"))
    assert course.binder_url(CONFIG, "checkpoint-inhibitors") in assigning
    assert course.nbgitpuller_url(CONFIG, "checkpoint-inhibitors") in assigning


@pytest.mark.build
def test_each_chapter_offers_its_notebook_as_ipynb(book_html):
    import jupytext
    import nbformat

    for slug in SLUGS:
        page = (book_html / "chapters" / f"{slug}.html").read_text(encoding="utf-8")
        assert f'href="../_sources/chapters/{slug}.ipynb"' in page, slug
        notebook = nbformat.read(book_html / "_sources" / "chapters" / f"{slug}.ipynb", as_version=4)
        nbformat.validate(notebook)
        source = jupytext.read(ROOT / "chapters" / f"{slug}.md")
        code = [c.source for c in source.cells if c.cell_type == "code"]
        assert [c.source for c in notebook.cells if c.cell_type == "code"] == code
        assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
        assert "jupytext" not in notebook.metadata


@pytest.mark.build
def test_bibliography_page_lists_every_entry(book_html):
    from pybtex.database import parse_file

    html = (book_html / "bibliography.html").read_text(encoding="utf-8")
    entries = parse_file(str(ROOT / "references.bib")).entries
    listing = re.search(r'<ul class="simple" id="id\d+">(.*?)</ul>', html, re.S)
    assert listing, "no bibliography list on the page"
    assert len(re.findall(r"<li id=", listing.group(1))) == len(entries)
