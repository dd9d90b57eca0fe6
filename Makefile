# Everything runs from a local virtualenv in .venv; `make run` and `make test` create it on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run show test lint bench vendor clean train-attributions agents kb-phoenix cameo demonyms

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# the bundled examples into ./khabar.db (already stored ones are skipped), then the web app on it
run: install
	$(BIN)/khabar ingest examples/ --db khabar.db
	$(BIN)/khabar serve --db khabar.db

# what `khabar extract` finds in the examples, as tables in the terminal
show: install
	@mkdir -p out
	$(BIN)/khabar extract examples/ -o out/examples.jsonl
	$(BIN)/khabar show out/examples.jsonl

# copy the vendored front-end libraries again from the npm registry (web/package.json)
vendor:
	web/vendor.sh

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

# the attribution taggers shipped in the package, trained on PolNeAR (github.com/networkdynamics/polnear,
# converted as in the corpus README); prints the taggers' exact-span scores on the dev split
POLNEAR ?= ../shared/corpus/polnear-train
POLNEAR_DEV ?= ../shared/corpus/polnear-dev
train-attributions: install
	$(BIN)/python -m khabar.attributions.train --corpus $(POLNEAR) --out src/khabar/data/attribution-tagger \
		--cache out/parsed $(if $(wildcard $(POLNEAR_DEV)),--dev $(POLNEAR_DEV))

# the agent words, armed groups and story discards of data/agents.json, from the Phoenix dictionaries of
# PETRARCH2 (github.com/openeventdata/petrarch2, MIT)
PHOENIX ?= ../shared/lexicons/petrarch2
agents: install
	$(BIN)/python -m khabar.entities.build_agents --phoenix $(PHOENIX) --out src/khabar/data/agents.json

# the CAMEO verb dictionary mapped to PLOVER, data/plover-cameo.json
cameo: install
	$(BIN)/python -m khabar.events.build_cameo --cameo $(PHOENIX)/CAMEO.2.0.txt \
		--plover $(PHOENIX)/../plover/CAMEO2PLOVER-2021.txt --out src/khabar/data/plover-cameo.json

# the broad knowledge base, data/phoenix-actors.json, from the same dictionaries
kb-phoenix: install
	$(BIN)/python -m khabar.entities.build_kb --phoenix $(PHOENIX) --out src/khabar/data/phoenix-actors.json

# every other country's adjective and people (Moldovan, Peruvians), data/demonyms-phoenix.json
demonyms: install
	$(BIN)/python -m khabar.entities.build_demonyms --phoenix $(PHOENIX) --out src/khabar/data/demonyms-phoenix.json

N ?= 200
bench: install
	$(BIN)/python bench/bench.py --n $(N) --out out/bench.json

lint: install
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) out .pytest_cache
