# Everything runs inside .venv, which the Makefile creates on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help deck watch serve all test test-fast check templates bench clean messages catalogues

help: ## Show the commands
	@echo "Usage: make <target> [CHARITY=<name>]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

deck: $(STAMP) ## Build a charity's pack into build/<name>/ (make deck CHARITY=example)
ifdef CHARITY
	$(BIN)/facilitation build $(CHARITY)
else
	@$(BIN)/facilitation list
	@echo "Choose one: make deck CHARITY=<name>"
endif

watch: $(STAMP) ## Build a charity's pack, then again on every save in content/ or templates/ (make watch CHARITY=example)
ifdef CHARITY
	$(BIN)/facilitation build $(CHARITY) --watch
else
	@$(BIN)/facilitation list
	@echo "Choose one: make watch CHARITY=<name>"
endif

serve: $(STAMP) ## Preview a charity's workshops in the browser, live as you edit (make serve CHARITY=example [PORT=8000])
ifdef CHARITY
	$(BIN)/facilitation serve $(CHARITY) --port $(or $(PORT),8000)
else
	@$(BIN)/facilitation list
	@echo "Choose one: make serve CHARITY=<name>"
endif

all: $(STAMP) ## Build every charity's pack, in parallel
	$(BIN)/facilitation build --all

test: $(STAMP) ## Run the whole test suite on every core, then the quality gate (make check)
	$(BIN)/pytest -n auto
	@$(MAKE) --no-print-directory check

test-fast: $(STAMP) ## The edit-and-test loop: unit tests only, no real clients or repeated builds (about a minute)
	$(BIN)/pytest -n auto -m "not slow"
	@$(MAKE) --no-print-directory check

check: $(STAMP) ## Build every charity, then check content, profiles and outputs against the quality rules
	$(BIN)/facilitation build --all
	$(BIN)/facilitation check

bench: $(STAMP) ## Time a clean build, an unchanged rebuild and --all, against pandoc
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python scripts/bench.py

templates: $(STAMP) ## Rebuild templates/deck.pptx and templates/guide.docx
	$(BIN)/python scripts/make_templates.py

LOCALE := facilitation/locale
LANGUAGES := cy

messages: $(STAMP) ## Extract the labels the code prints into the .pot and merge them into each language's .po
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k fill:1 --no-location --sort-output --width 100 \
		-o $(LOCALE)/facilitation.pot facilitation
	for lang in $(LANGUAGES); do \
		if [ -f $(LOCALE)/$$lang/LC_MESSAGES/facilitation.po ]; then \
			$(BIN)/pybabel update -D facilitation -i $(LOCALE)/facilitation.pot -d $(LOCALE) -l $$lang \
				--no-fuzzy-matching --ignore-obsolete --width 100; \
		else \
			$(BIN)/pybabel init -D facilitation -i $(LOCALE)/facilitation.pot -d $(LOCALE) -l $$lang; \
		fi; \
	done

catalogues: $(STAMP) ## Compile each language's .po into the .mo the toolkit reads (commit both)
	$(BIN)/pybabel compile -D facilitation -d $(LOCALE) --statistics

clean: ## Remove build outputs (keeps .venv)
	rm -rf build .pytest_cache
