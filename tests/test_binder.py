"""Binder-faithful test: every chapter opens, runs and responds in JupyterLab as Binder installs it.

For each JupyterLab set (Binder's base image, tests/binder-base.txt, and a current JupyterLab,
tests/binder-current.txt) a virtualenv is built the way repo2docker builds the image: the base
versions, then the requirements file, then the package install repo2docker adds (only without a
binder/ folder), then postBuild. The installed base + requirements layer is cached outside the
repository (``IMMUNOBOOK_BINDER_CACHE``, default ~/.cache/immunobook-binder) keyed by a hash of
those files; postBuild and the package install run afresh on a throw-away copy of the repository
every session. JupyterLab then serves that copy on 127.0.0.1 with a token, HOME in a temp folder,
and Chromium opens each chapter listed in _toc.yml by its launch-button path
(``lab/tree/chapters/<name>.md``), runs all cells and checks what a learner would see. Every request
to another host is aborted and recorded; the only one tolerated is jupyterquiz's MathJax script
(upstream behaviour, the quizzes contain no mathematics and work without it).

Per-chapter results are printed (run pytest with -s to see them) and written to
``<cache>/results-<set>.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT
from test_chapters import toc_files

pytestmark = [pytest.mark.browser]

JUPYTERLAB_SETS = {
    "binder-base": ROOT / "tests" / "binder-base.txt",
    "current": ROOT / "tests" / "binder-current.txt",
}
CACHE = Path(os.environ.get("IMMUNOBOOK_BINDER_CACHE", Path.home() / ".cache" / "immunobook-binder"))
CHAPTERS = [f.removeprefix("chapters/") for f in toc_files() if f.startswith("chapters/")]
# Pages that are not notebooks (no jupytext front matter); the instructor pages are notebooks with a
# kernel, like the chapters, and open without the kernel dialog.
FRONT_PAGES = [f"{f}.md" for f in toc_files() if not f.startswith("chapters/") and (ROOT / f"{f}.md").exists()
               and not (ROOT / f"{f}.md").read_text(encoding="utf-8").startswith("---\njupytext:")]
# jupyterquiz loads MathJax from a CDN when JupyterLab's MathJax lacks `typeset` (upstream code in
# jupyterquiz/js/show_questions.js). Blocked like every other outside request, but not a failure.
TOLERATED_EXTERNAL = ("https://cdn.jsdelivr.net/npm/mathjax@3/",)
# Known upstream page errors, recorded but not failures: itables' offline init runs before its bundle
# is defined (the table still works), and jupyterquiz's MathJax call fails once its CDN script is
# blocked (feedback still shows). The second is tolerated only when that request was blocked.
ITABLES_INIT_ERROR = "Cannot destructure property 'set_or_remove_dark_class'"
QUIZ_MATHJAX_ERROR = "Cannot read properties of undefined (reading '0')"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
MINUTE = 60_000


# --- the image, built the way repo2docker builds it ----------------------------------------------

def binder_dir() -> Path:
    """repo2docker reads binder/ when it exists and then ignores the top-level files."""
    return ROOT / "binder" if (ROOT / "binder").is_dir() else ROOT


def is_local_requirement(line: str) -> bool:
    line = line.split("#", 1)[0].strip()
    return line.startswith(("-e", ".", "/", "file:")) or line in (".",)


def requirement_lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def is_python_package() -> bool:
    """repo2docker's rule: with no binder/ folder, a setup.py or a [project] pyproject is installed."""
    if binder_dir() != ROOT:
        return False
    if (ROOT / "setup.py").exists():
        return True
    pyproject = ROOT / "pyproject.toml"
    if pyproject.exists():
        import tomllib
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        return "project" in data and "build-system" in data
    return False


def run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"


def cached_environment(set_name: str) -> Path:
    """The base versions plus the requirements (without local references), cached by content."""
    versions = JUPYTERLAB_SETS[set_name]
    requirements = binder_dir() / "requirements.txt"
    kept = [line for line in requirement_lines(requirements) if not is_local_requirement(line)]
    digest = hashlib.sha256()  # comments do not count: editing one should not rebuild the venv
    digest.update(f"{sys.version_info[:2]}".encode())
    digest.update("\n".join(requirement_lines(versions) + ["--"] + kept).encode())
    venv = CACHE / f"{set_name}-{digest.hexdigest()[:16]}"
    if (venv / ".complete").exists():
        return venv
    for stale in CACHE.glob(f"{set_name}-*"):  # older versions of this set's environment
        shutil.rmtree(stale, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]  # pip's cache speeds the second set
    run([*pip, "-r", str(versions)])  # the base image
    layer = venv / "binder-requirements.txt"
    layer.write_text("\n".join(kept) + "\n", encoding="utf-8")
    run([*pip, "-r", str(layer)])  # repo2docker: pip install -r requirements.txt
    (venv / ".complete").write_text(json.dumps({"versions": versions.name}), encoding="utf-8")
    return venv


def repository_copy(target: Path) -> Path:
    """What Binder clones: the tracked (and new, not ignored) files, without local build output."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True)
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.split("\0")):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:
        shutil.copytree(ROOT, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".git", ".venv*", "_build", ".jupyter_cache", "__pycache__",
                                                      "build", "*.egg-info", ".pytest_cache"))
    return target


def server_environment(venv: Path, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV", "IMMUNOBOOK_STATIC_BUILD"))}
    env.update(HOME=str(home), VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}:{os.environ.get('PATH', '')}")
    return env


def finish_image(venv: Path, repo: Path, env: dict) -> None:
    """The steps that need the whole repository: local requirements, package install, postBuild."""
    config = repo / binder_dir().relative_to(ROOT)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-cache-dir"]
    requirements = config / "requirements.txt"
    if any(is_local_requirement(line) for line in requirements.read_text(encoding="utf-8").splitlines()):
        run([*pip, "-r", str(requirements)], cwd=repo, env=env)
    if is_python_package():
        run([*pip, "."], cwd=repo, env=env)
    post_build = config / "postBuild"
    if post_build.exists():
        run([str(post_build)], cwd=repo, env=env)


def show_every_cell(home: Path) -> None:
    """JupyterLab 4 only draws the cells near the viewport; the checks below need them all in the
    page. A settings override in the temporary HOME, not in the image."""
    overrides = home / ".jupyter" / "labconfig" / "default_setting_overrides.json"
    settings = json.loads(overrides.read_text(encoding="utf-8")) if overrides.exists() else {}
    settings.setdefault("@jupyterlab/notebook-extension:tracker", {})["windowingMode"] = "none"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    overrides.write_text(json.dumps(settings, indent=2), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyterlab(venv: Path, workdir: Path):
    repo = repository_copy(workdir / "repo")
    home = workdir / "home"
    home.mkdir()
    env = server_environment(venv, home)
    finish_image(venv, repo, env)
    show_every_cell(home)
    token, port = secrets.token_hex(16), free_port()
    command = [str(venv / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={repo}",
               "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: read the notebook model
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",  # stay offline
               "--LabApp.news_url=None"]
    if os.geteuid() == 0:
        command.append("--allow-root")  # this container runs as root; Binder runs as jovyan
    log = (workdir / "jupyterlab.log").open("w")
    server = subprocess.Popen(command, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (workdir / "jupyterlab.log").read_text()[-4000:]
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not start within 2 minutes"
                time.sleep(0.5)
        yield {"url": url, "token": token, "repo": repo, "venv": venv, "log": workdir / "jupyterlab.log"}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def installed_versions(venv: Path) -> dict:
    names = ["jupyterlab", "notebook", "jupyter_server", "ipykernel", "ipywidgets", "jupyterlab_widgets",
             "jupytext", "jupyterlab_myst", "plotly"]
    code = ("import importlib.metadata as m, json, sys; "
            "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code, *names], capture_output=True, text=True)
    return json.loads(out.stdout)


# --- the browser part --------------------------------------------------------------------------

# Reads the open notebook's model: what every code cell produced.
NOTEBOOK_MODEL_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = [];
  const model = panel.content.model;
  for (let i = 0; i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== 'code') { cells.push(null); continue; }
    const outputs = [];
    for (let j = 0; j < cell.outputs.length; j++) {
      const o = cell.outputs.get(j).toJSON();
      outputs.push({type: o.output_type, name: o.name || null, mimes: Object.keys(o.data || {}),
                    text: o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : (o.name === 'stderr' ? String(o.text) : '')});
    }
    cells.push({count: cell.executionCount, outputs});
  }
  return cells;
}"""

# The DOM of cell i: drawn Plotly figures among its own outputs and inside its widgets.
CELL_DOM_JS = """(i) => {
  const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
  const area = node.querySelector('.jp-Cell-outputArea');
  const top = area ? [...area.querySelectorAll(':scope > .jp-OutputArea-child > .jp-OutputArea-output')] : [];
  const drawn = el => !!el.querySelector('.main-svg');  // jupyterlab-plotly: the output is the plot div
  const inWidget = area ? [...area.querySelectorAll('.jupyter-widgets .js-plotly-plot')] : [];
  return {
    topPlotlyDrawn: top.filter(o => o.matches('.jp-RenderedPlotly') && drawn(o)).length,
    widgetViews: area ? area.querySelectorAll('.jupyter-widgets.widget-container, .jupyter-widgets.widget-box, .lm-Widget.jupyter-widgets').length : 0,
    widgetPlotly: inWidget.filter(p => p.querySelector('.main-svg')).length,
    widgetErrors: area ? /Error displaying widget|Loading widget\\.\\.\\./.test(area.innerText) : false,
    text: area ? area.innerText : '',
  };
}"""

# A signature of the first Plotly figure inside cell i's widgets: data and title.
FIGURE_SIGNATURE_JS = """(i) => {
  const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
  const plot = node.querySelector('.jp-Cell-outputArea .jupyter-widgets .js-plotly-plot');
  if (!plot || !plot.querySelector('.main-svg') || !plot.data) return null;
  return JSON.stringify([plot.data.map(t => [t.x, t.y, t.z, t.visible]), plot.layout && plot.layout.title]);
}"""

# What an explorer without a figure shows in cell i: the text of its Output widgets (e.g. a table),
# not of its controls, whose labels change with the control itself.
OUTPUT_SIGNATURE_JS = """(i) => {
  const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
  const outputs = [...node.querySelectorAll('.jp-Cell-outputArea .jupyter-widgets .widget-output')];
  return outputs.length ? outputs.map(o => o.innerText).join('\\n') : null;
}"""

# The first control of each kind in cell i's widgets, as [kind, css path index].
CONTROLS_JS = """(i) => {
  const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
  const area = node.querySelector('.jp-Cell-outputArea');
  const found = [];
  area.querySelectorAll('.widget-toggle-buttons, .widget-dropdown select, .widget-select select, select[multiple], .widget-slider, .widget-hslider')
    .forEach((el, k) => found.push(el.matches('.widget-toggle-buttons') ? 'toggle'
                                   : el.tagName === 'SELECT' ? 'select' : 'slider'));
  return found;
}"""


def open_chapter(page, lab: dict, name: str) -> str:
    """Open the launch-button path; return what JupyterLab opened it as."""
    return open_path(page, lab, f"chapters/{name}.md")


def open_path(page, lab: dict, path: str) -> str:
    page.goto(f"{lab['url']}/lab/tree/{path}?reset&token={lab['token']}", wait_until="load")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.node.querySelector('.jp-Notebook, .jp-FileEditor, .jp-RenderedMarkdown')",
                           timeout=2 * MINUTE)
    return page.evaluate("() => { const n = window.jupyterapp.shell.currentWidget.node;"
                         " return n.querySelector('.jp-Notebook') ? 'notebook'"
                         " : n.querySelector('.jp-FileEditor') ? 'file editor' : 'markdown preview'; }")


def run_all(page) -> float:
    page.wait_for_function("async () => { const s = window.jupyterapp.shell.currentWidget.sessionContext;"
                           " await s.ready; return s.session && s.session.kernel && s.session.kernel.status === 'idle'; }",
                           timeout=2 * MINUTE)
    started = time.monotonic()
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        "() => { const p = window.jupyterapp.shell.currentWidget; const m = p.content.model; let done = true;"
        " for (let i = 0; i < m.cells.length; i++) { const c = m.cells.get(i);"
        "   if (c.type === 'code' && (c.executionCount === null || c.executionState === 'running')) done = false; }"
        " return done && p.sessionContext.session.kernel.status === 'idle'; }",
        timeout=5 * MINUTE, polling=200)
    return time.monotonic() - started


def change_control_and_wait(page, cell: int, kind: str) -> None:
    """Change the first control of ``kind`` in the cell as a user would."""
    area = page.locator(".jp-Notebook .jp-Cell").nth(cell).locator(".jp-Cell-outputArea")
    if kind == "toggle":
        area.locator(".widget-toggle-buttons button:not(.mod-active)").first.click()
    elif kind == "select":
        select = area.locator(".widget-dropdown select, .widget-select select, select[multiple]").first
        options = select.locator("option")
        value = options.nth(1 if options.count() > 1 else 0).get_attribute("value")
        select.select_option(value)
    else:
        handle = area.locator(".widget-slider .noUi-handle, .widget-hslider .noUi-handle").first
        handle.focus()
        for _ in range(3):
            handle.press("ArrowRight")


def check_chapter(browser, lab: dict, name: str) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    external, console, page_errors = [], [], []

    def route(route):
        if urlparse(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    source = (lab["repo"] / "chapters" / f"{name}.md").read_bytes()
    result = {"chapter": name}
    try:
        result["opened_as"] = open_chapter(page, lab, name)
        if result["opened_as"] != "notebook":
            return result
        result["run_all_s"] = round(run_all(page), 1)
        cells = page.evaluate(NOTEBOOK_MODEL_JS)
        code = [(i, c) for i, c in enumerate(cells) if c is not None]
        result["code_cells"] = len(code)
        result["errors"] = [o["text"] for _, c in code for o in c["outputs"] if o["type"] == "error"]
        result["stderr"] = [o["text"][:300] for _, c in code for o in c["outputs"] if o["name"] == "stderr"]
        expected_figures = drawn_figures = 0
        result["widgets"] = []
        output_text = ""
        for i, cell in code:
            plotly = sum(PLOTLY_MIME in o["mimes"] for o in cell["outputs"])
            has_widget = any(WIDGET_MIME in o["mimes"] for o in cell["outputs"])
            if plotly:
                page.wait_for_function(f"() => ({CELL_DOM_JS})({i}).topPlotlyDrawn >= {plotly}", timeout=MINUTE)
            if has_widget:
                page.wait_for_function(f"() => ({CELL_DOM_JS})({i}).widgetViews > 0", timeout=MINUTE)
                page.wait_for_timeout(1000)  # widget views fill their output areas asynchronously
            dom = page.evaluate(f"() => ({CELL_DOM_JS})({i})")
            output_text += dom["text"]
            expected_figures += plotly
            drawn_figures += dom["topPlotlyDrawn"]
            if has_widget:
                widget = {"cell": i, "rendered": dom["widgetViews"] > 0 and not dom["widgetErrors"],
                          "figures": dom["widgetPlotly"]}
                # An explorer: changing a control must redraw its figure, or its table when it has none.
                kinds = page.evaluate(f"() => ({CONTROLS_JS})({i})")
                widget["control"] = kinds[0] if kinds else None
                signature = FIGURE_SIGNATURE_JS if dom["widgetPlotly"] else OUTPUT_SIGNATURE_JS
                widget["watched"] = "figure" if dom["widgetPlotly"] else "output"
                before = page.evaluate(f"() => ({signature})({i})")
                if kinds and (dom["widgetPlotly"] or before is not None):
                    change_control_and_wait(page, i, kinds[0])
                    try:
                        page.wait_for_function(
                            f"(b) => {{ const s = ({signature})({i}); return s !== null && s !== b; }}",
                            arg=before, timeout=30000)
                        widget["changed"] = True
                    except Exception:
                        widget["changed"] = False
                result["widgets"].append(widget)
        result["figures"] = f"{drawn_figures}/{expected_figures}"
        result["figures_ok"] = drawn_figures == expected_figures
        # Glued numbers: the live notebook shows each key the prose refers to in an output.
        keys = {k.split(":")[0] for k in re.findall(r"\{glue(?::\w+)?\}`([^`]+)`", source.decode("utf-8"))}
        result["glue_keys_missing"] = sorted(k for k in keys if k not in output_text)
        # Saving what was opened and run must give back the file unchanged (no autosave rewrite).
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30000)
        result["unchanged_after_save"] = (lab["repo"] / "chapters" / f"{name}.md").read_bytes() == source
        (lab["repo"] / "chapters" / f"{name}.md").write_bytes(source)
    finally:
        result["jupytext_console"] = [m for m in console if "jupytext" in m.lower()]
        result["page_errors"] = page_errors
        result["external"] = external
        try:  # one kernel at a time on a 2-core machine
            page.evaluate("() => window.jupyterapp && window.jupyterapp.serviceManager.sessions.shutdownAll()")
        except Exception:
            pass  # the page is gone; the server's shutdown ends the kernel
        context.close()
    return result


# --- the tests ---------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=list(JUPYTERLAB_SETS))
def lab(request, tmp_path_factory, browser):
    venv = cached_environment(request.param)
    with jupyterlab(venv, tmp_path_factory.mktemp(f"binder-{request.param}")) as server:
        server["set"] = request.param
        server["versions"] = installed_versions(venv)
        server["results"] = []
        print(f"\n[binder:{request.param}] {json.dumps(server['versions'])}")
        yield server
        out = CACHE / f"results-{request.param}.json"
        out.write_text(json.dumps({"versions": server["versions"], "chapters": server["results"]}, indent=1))
        print(f"\n[binder:{request.param}] results: {out}")


def test_there_are_chapters_to_check():
    assert CHAPTERS, "no chapters/ entries in _toc.yml"


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_opens_runs_and_responds_on_binder(browser, lab, name):
    result = check_chapter(browser, lab, name)
    lab["results"].append(result)
    widgets = "; ".join(f"cell {w['cell']}: {'ok' if w['rendered'] else 'BROKEN'}"
                        + (f", {w['control']} -> {w['watched']} {'changed' if w['changed'] else 'UNCHANGED'}"
                           if "changed" in w else "") for w in result.get("widgets", []))
    print(f"\n[binder:{lab['set']}] {name}: opened as {result['opened_as']}; run all "
          f"{result.get('run_all_s')} s; errors {len(result.get('errors', []))}, stderr {len(result.get('stderr', []))}; "
          f"figures {result.get('figures')}; widgets: {widgets or '-'}; "
          f"unchanged after save: {result.get('unchanged_after_save')}; external (blocked): {result['external']}")
    assert result["opened_as"] == "notebook", f"{name} opened as {result['opened_as']}: {result['jupytext_console']}"
    assert result["jupytext_console"] == []
    assert result["errors"] == [] and result["stderr"] == []
    assert result["figures_ok"], f"Plotly figures drawn: {result['figures']}"
    for widget in result["widgets"]:
        assert widget["rendered"], f"widget output in cell {widget['cell']} did not render"
        if widget["figures"]:
            assert widget.get("control"), f"explorer in cell {widget['cell']} has no control we can change"
        if "changed" in widget:
            assert widget["changed"], (f"changing the {widget['control']} in cell {widget['cell']} left the "
                                       f"{widget['watched']} as it was")
    assert result["glue_keys_missing"] == [], "glued values not shown in the live notebook"
    assert [u for u in result["external"] if not u.startswith(TOLERATED_EXTERNAL)] == []
    tolerated = [ITABLES_INIT_ERROR] + ([QUIZ_MATHJAX_ERROR] if result["external"] else [])
    assert [e for e in result["page_errors"] if not e.startswith(tuple(tolerated))] == []
    assert result["unchanged_after_save"], f"saving {name} in JupyterLab rewrote it (run `make normalize`)"


def test_front_pages_read_with_no_kernel_and_stay_unchanged(browser, lab):
    """The other Markdown pages also open as notebooks (JupyterLab's default viewer is per file type
    and cannot be limited to chapters/) and ask for a kernel. how-to-use.md tells readers to choose
    No Kernel: check that this works and that saving the page then leaves it unchanged."""
    assert FRONT_PAGES
    seen = {}
    for path in FRONT_PAGES:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort())
        page = context.new_page()
        source = (lab["repo"] / path).read_bytes()
        try:
            opened = open_path(page, lab, path)
            dialog = page.locator(".jp-Dialog")
            dialog.wait_for(timeout=MINUTE)
            asked = dialog.inner_text().splitlines()[0]
            dialog.locator(".jp-Dialog-button", has_text="No Kernel").click()
            dialog.wait_for(state="detached", timeout=MINUTE)
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30000)
            seen[path] = (opened, asked, (lab["repo"] / path).read_bytes() == source)
            (lab["repo"] / path).write_bytes(source)
        finally:
            context.close()
    print(f"\n[binder:{lab['set']}] front pages (opened as, dialog, unchanged after save): {seen}")
    assert all(opened == "notebook" and asked == "Select Kernel" and same for opened, asked, same in seen.values()), seen
