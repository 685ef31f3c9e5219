"""The course map: what each chapter asks of a learner and where to open it, read from the chapters.

Instructors see one table (objectives, prerequisites, time, self-check questions, exercises and the
page, Binder and JupyterHub links). It is generated here from the chapter files and `_config.yml`,
so a new chapter appears in it, with its own numbers, as soon as it is in `_toc.yml`; a chapter that
lacks a piece raises ``CourseMapError`` naming the chapter and the piece.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlparse

import yaml



def find_book_root(start: Path | None = None) -> Path:
    """The book's folder: the nearest folder holding `_toc.yml` at or above the working directory
    (pages run in their own folder), else the one above this package (an editable install)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "_config.yml").is_file():
            return folder
    beside_package = Path(__file__).resolve().parents[2]
    if (beside_package / "_toc.yml").is_file():
        return beside_package
    raise FileNotFoundError(f"no _toc.yml found at or above {here}")

CHAPTERS_DIR = "chapters"

# "About 40 minutes of reading and exploring the charts, plus 30 minutes for the exercises."
TIME_PATTERN = re.compile(r"About (\d+) minutes of [^.]*?, plus (\d+) minutes")
QUIZ_PATTERN = re.compile(r"show_quiz\(\s*[\"']quizzes/([\w.-]+\.json)[\"']")
EXERCISE_PATTERN = re.compile(r"^(?:```|:::)\{exercise\}[^\n]*\n:label: ([\w:.-]+)", re.M)
LINKED_CHAPTER = re.compile(r"\{doc\}`(?:[^`<]*<)?(?:\.\./chapters/|\./)?([\w-]+)>?`|\{ref\}`(?:[^`<]*<)?ch:([\w-]+)>?`")
SECTION_LABEL = re.compile(r"^\((sec:[\w-]+)\)=\n#+ (.+)$", re.M)
EXAMPLE_HUB = "https://jupyterhub.example.edu"   # a placeholder host, shown only when none is configured


class CourseMapError(ValueError):
    """A chapter in the table of contents lacks something the course map needs."""


@dataclass
class Chapter:
    """What the course map shows for one chapter, read from its file."""

    slug: str
    title: str
    objectives: list[str]
    prerequisites: list[str]          # slugs of earlier chapters it builds on ([] = none)
    reading_minutes: int
    exercise_minutes: int
    questions: int
    exercises: list[str]              # exercise labels, in order
    sections: dict[str, str] = field(default_factory=dict)   # section label -> heading

    @property
    def total_minutes(self) -> int:
        return self.reading_minutes + self.exercise_minutes


def _section(text: str, heading: str, slug: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\s*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not match or not match.group(1).strip():
        raise CourseMapError(f"chapters/{slug}.md: no '## {heading}' section (or it is empty)")
    return match.group(1)


def read_chapter(path: Path) -> Chapter:
    """Read one chapter file; raise CourseMapError naming the file and the missing piece."""
    slug = path.stem
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, re.M)
    if not title:
        raise CourseMapError(f"chapters/{slug}.md: no '# Title' heading")
    objectives = [re.sub(r"\*\*", "", item).strip() for item in
                  re.findall(r"^\d+\.\s+(.+(?:\n {2,}.+)*)", _section(text, "Learning objectives", slug), re.M)]
    objectives = [re.sub(r"\s*\n\s*", " ", item) for item in objectives]
    if not objectives:
        raise CourseMapError(f"chapters/{slug}.md: 'Learning objectives' has no numbered objectives")
    prerequisites_text = _section(text, "Prerequisites", slug)
    prerequisites = []
    for doc, ref in LINKED_CHAPTER.findall(prerequisites_text):
        name = doc or ref
        if name not in prerequisites:
            prerequisites.append(name)
    time = TIME_PATTERN.search(_section(text, "Time to learn", slug).replace("\n", " "))
    if not time:
        raise CourseMapError(f"chapters/{slug}.md: 'Time to learn' must read 'About N minutes of "
                             f"reading …, plus M minutes …'")
    quiz = QUIZ_PATTERN.search(text)
    if not quiz:
        raise CourseMapError(f"chapters/{slug}.md: no show_quiz(\"quizzes/….json\") cell")
    quiz_path = path.parent / "quizzes" / quiz.group(1)
    if not quiz_path.is_file():
        raise CourseMapError(f"chapters/{slug}.md: quiz file {quiz_path.name} does not exist")
    questions = len(json.loads(quiz_path.read_text(encoding="utf-8")))
    exercises = EXERCISE_PATTERN.findall(text)
    if not exercises:
        raise CourseMapError(f"chapters/{slug}.md: no {{exercise}} with a :label:")
    sections = {label: heading.strip() for label, heading in SECTION_LABEL.findall(text)}
    return Chapter(slug, title.group(1).strip(), objectives, prerequisites, int(time.group(1)),
                   int(time.group(2)), questions, exercises, sections)


def load_config(root: Path | None = None) -> dict:
    root = root or find_book_root()
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def toc_pages(root: Path | None = None) -> list[str]:
    """Every page of `_toc.yml` in reading order (the root page first), as paths without suffix."""
    root = root or find_book_root()
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [str(toc["root"])]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                pages.append(str(node["file"]))
            for key, value in node.items():
                if key != "root":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc)
    return pages


def toc_chapter_slugs(root: Path | None = None) -> list[str]:
    """Slugs of the `chapters/…` entries of `_toc.yml`, in reading order."""
    return [Path(f).stem for f in toc_pages(root) if f.startswith(f"{CHAPTERS_DIR}/")]


def chapters(root: Path | None = None) -> list[Chapter]:
    root = root or find_book_root()
    return [read_chapter(root / CHAPTERS_DIR / f"{slug}.md") for slug in toc_chapter_slugs(root)]


# --- links ---------------------------------------------------------------------------------------

def _repository(config: dict) -> tuple[str, str, str, str]:
    """(repository URL, owner, name, branch) from `repository` in `_config.yml`."""
    repo = config.get("repository") or {}
    url = str(repo.get("url", "")).rstrip("/")
    parts = urlparse(url).path.strip("/").split("/")
    if urlparse(url).hostname != "github.com" or len(parts) != 2:
        raise CourseMapError(f"_config.yml: repository.url must be https://github.com/<owner>/<name>, got {url!r}")
    return url, parts[0], parts[1], str(repo.get("branch", "main"))


def _notebook_path(config: dict, slug: str) -> str:
    book = str((config.get("repository") or {}).get("path_to_book", "") or "").strip("/")
    return "/".join(p for p in (book, CHAPTERS_DIR, f"{slug}.md") if p)


def page_url(config: dict, slug: str) -> str:
    """The chapter's address on the published site (`html.baseurl`, else the GitHub Pages address)."""
    base = str((config.get("html") or {}).get("baseurl", "") or "").rstrip("/")
    if not base:
        _, owner, name, _ = _repository(config)
        base = f"https://{owner}.github.io/{name}"
    return f"{base}/{CHAPTERS_DIR}/{slug}.html"


def binder_url(config: dict, slug: str) -> str:
    """The same address as the chapter's Binder launch button."""
    _, owner, name, branch = _repository(config)
    binderhub = str((config.get("launch_buttons") or {}).get("binderhub_url") or "https://mybinder.org").rstrip("/")
    return f"{binderhub}/v2/gh/{owner}/{name}/{branch}?urlpath=lab/tree/{_notebook_path(config, slug)}"


def nbgitpuller_url(config: dict, slug: str, hub: str | None = None) -> str:
    """A JupyterHub link that clones (or updates) the repository for the learner, then opens the chapter.

    Format: ``<hub>/hub/user-redirect/git-pull?repo=<repository>&branch=<branch>&urlpath=lab/tree/<folder>/<path>``;
    nbgitpuller clones into a folder named after the repository.
    """
    url, _, name, branch = _repository(config)
    hub = (hub or str((config.get("launch_buttons") or {}).get("jupyterhub_url") or "") or EXAMPLE_HUB).rstrip("/")
    return (f"{hub}/hub/user-redirect/git-pull?repo={quote(url, safe='')}&branch={quote(branch)}"
            f"&urlpath={quote(f'lab/tree/{name}/{_notebook_path(config, slug)}', safe='/')}")


def hub_is_example(config: dict) -> bool:
    return not (config.get("launch_buttons") or {}).get("jupyterhub_url")


# --- the table -----------------------------------------------------------------------------------

def course_map_rows(root: Path | None = None) -> list[dict]:
    root = root or find_book_root()
    config = load_config(root)
    titles = {c.slug: c.title for c in chapters(root)}
    rows = []
    for number, chapter in enumerate(chapters(root), start=1):
        rows.append({
            "number": number, "slug": chapter.slug, "title": chapter.title,
            "objectives": chapter.objectives,
            "prerequisites": [titles.get(p, p) for p in chapter.prerequisites],
            "reading_minutes": chapter.reading_minutes, "exercise_minutes": chapter.exercise_minutes,
            "questions": chapter.questions, "exercises": len(chapter.exercises),
            "page": page_url(config, chapter.slug), "binder": binder_url(config, chapter.slug),
            "jupyterhub": nbgitpuller_url(config, chapter.slug),
        })
    return rows


def course_map_html(root: Path | None = None, page_prefix: str = "../chapters/") -> str:
    """The course map: a compact table (fits a phone), then one card per chapter with its objectives,
    prerequisites and links."""
    esc = html.escape
    rows = course_map_rows(root)
    summary = "".join(
        f'<tr><td>{r["number"]}. <a href="#map-{r["slug"]}">{esc(r["title"])}</a></td>'
        f'<td>{r["reading_minutes"]} + {r["exercise_minutes"]}</td><td>{r["questions"]}</td>'
        f'<td>{r["exercises"]}</td></tr>' for r in rows)
    total = sum(r["reading_minutes"] + r["exercise_minutes"] for r in rows)
    table = ('<table class="table immunobook-course-map"><caption>Minutes are reading + exercises; '
             'questions are the chapter\'s self-check quiz.</caption><thead><tr><th>Chapter</th>'
             '<th>Minutes</th><th>Questions</th><th>Exercises</th>'
             f'</tr></thead><tbody>{summary}<tr><th>All chapters</th><th>{total} min</th><th>'
             f'{sum(r["questions"] for r in rows)}</th><th>{sum(r["exercises"] for r in rows)}</th></tr>'
             '</tbody></table>')
    cards = []
    for r in rows:
        objectives = "".join(f"<li>{esc(o)}</li>" for o in r["objectives"])
        prereq = ", ".join(esc(p) for p in r["prerequisites"]) or "none"
        cards.append(
            f'<section class="immunobook-course-card" id="map-{r["slug"]}">'
            f'<h3>{r["number"]}. <a href="{page_prefix}{r["slug"]}.html">{esc(r["title"])}</a></h3>'
            f'<p><strong>Time:</strong> {r["reading_minutes"]} min reading + {r["exercise_minutes"]} min '
            f'exercises · <strong>Self-check:</strong> {r["questions"]} questions · '
            f'<strong>Exercises:</strong> {r["exercises"]} · <strong>Builds on:</strong> {prereq}</p>'
            f"<p><strong>Learning objectives</strong></p><ol>{objectives}</ol>"
            f'<p><strong>Links:</strong> <a href="{esc(r["page"])}">web page</a> · '
            f'<a href="{esc(r["binder"])}">Binder</a> · <a href="{esc(r["jupyterhub"])}">JupyterHub</a></p>'
            "</section>")
    return table + "".join(cards)


def show_course_map(root: Path | None = None):
    from IPython.display import HTML

    return HTML(course_map_html(root))


def assignment_links_markdown(slug: str, root: Path | None = None) -> str:
    """The three links for one chapter as copyable blocks, computed from `_config.yml`."""
    root = root or find_book_root()
    config = load_config(root)
    if slug not in toc_chapter_slugs(root):
        raise CourseMapError(f"no chapter {slug!r} in _toc.yml")
    hub_note = (" *(an example hub address: replace `" + EXAMPLE_HUB + "` with your hub's, or set "
                "`launch_buttons.jupyterhub_url` in `_config.yml` and rebuild)*") if hub_is_example(config) else ""
    return "\n\n".join([
        f"**Web page** (read on any device, no login):\n\n```text\n{page_url(config, slug)}\n```",
        f"**Binder** (a live notebook on mybinder.org, free, nothing to install):\n\n"
        f"```text\n{binder_url(config, slug)}\n```",
        f"**JupyterHub through nbgitpuller**{hub_note}:\n\n```text\n{nbgitpuller_url(config, slug)}\n```",
    ])


def show_assignment_links(slug: str, root: Path | None = None):
    from IPython.display import Markdown

    return Markdown(assignment_links_markdown(slug, root))
