# The two commands a newcomer needs: `make book` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD := _build
PORT ?= 8000

.PHONY: book test serve clean bench student lab install

install: $(STAMP)

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
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

student: $(STAMP)
	mkdir -p $(BUILD)
	$(BIN)/python scripts/student_config.py > $(BUILD)/student-config.yml
	$(BIN)/jupyter-book build . --config $(BUILD)/student-config.yml --path-output $(BUILD)/student
	@echo "Student edition (no solutions) at $(CURDIR)/$(BUILD)/student/_build/html/index.html"

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet jupyterlab
	$(BIN)/jupyter lab chapters

# Lighthouse (npm lighthouse@12.2.3) is installed on first use into the git-ignored .bench/; without
# Node the Lighthouse part is skipped with a message. BENCH_ARGS="--site _build/html" measures a
# site you have already built.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) .jupyter_cache .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
