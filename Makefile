# The two commands a newcomer needs: `make book` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD := _build
PORT ?= 8000

.PHONY: book test serve clean bench student lab normalize install pdf

install: $(STAMP)

$(STAMP): requirements.txt binder/requirements.txt requirements-test.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-test.txt
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build .
	@echo "The book is at $(CURDIR)/$(BUILD)/html/index.html (preview: make serve)"

test: $(STAMP)
	bash scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

serve:
	@test -d $(BUILD)/html || (echo "Run 'make book' first." && exit 1)
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(BUILD)/html $(PORT)

# jupyter-book writes to <path-output>/_build/html; the student edition is built in a work folder
# and its site copied to the short path that how-to-use.md gives instructors.
STUDENT_FLAGS ?=
student: $(STAMP)
	mkdir -p $(BUILD)/student
	$(BIN)/python scripts/student_config.py > $(BUILD)/student-config.yml
	$(BIN)/jupyter-book build . --config $(BUILD)/student-config.yml --path-output $(BUILD)/student-work $(STUDENT_FLAGS)
	rm -rf $(BUILD)/student/html
	cp -R $(BUILD)/student-work/_build/html $(BUILD)/student/html
	@echo "Student edition (no solutions) at $(BUILD)/student/html/index.html"

# JupyterLab in .venv; chapters open as notebooks (the same default viewer as binder/postBuild, but
# written to the virtualenv's own settings, not to ~/.jupyter).
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet jupyterlab
	$(BIN)/jupytext-config --settings-file $(VENV)/etc/jupyter/labconfig/default_setting_overrides.json \
		set-default-viewer markdown myst
	$(BIN)/jupyter lab chapters

# Rewrite chapters as JupyterLab + jupytext save them, so opening one leaves no diff.
normalize: $(STAMP)
	$(BIN)/python scripts/normalize_chapters.py

pdf: book student
	$(BIN)/python scripts/make_pdf.py --html $(BUILD)/html --out $(BUILD)/pdf/instructor --edition instructor
	$(BIN)/python scripts/make_pdf.py --html $(BUILD)/student/html --out $(BUILD)/pdf/student --edition student
	@echo "PDFs in $(CURDIR)/$(BUILD)/pdf/instructor (with solutions) and $(BUILD)/pdf/student (without)"

# Lighthouse (npm lighthouse@12.2.3) is installed on first use into the git-ignored .bench/; without
# Node the Lighthouse part is skipped with a message. BENCH_ARGS="--site _build/html" measures a
# site you have already built.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) .jupyter_cache .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
