# The two commands of the README:  make run  (set up everything, open the app)  and  make test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
QA := $(VENV)/bin/qa

.PHONY: run test setup model index system-deps eval bench clean

run: index
	$(PY) app.py --single-user

test: index system-deps
	$(PY) -m pytest -q -ra $(PYTEST_ARGS)

setup: $(VENV)/.installed

# torch first and pinned: a looser requirement pulls several GB of CUDA wheels.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# the weights, and once the int8 ONNX export the default encoder runs questions through; made even
# when QA_ENCODER=torch-bf16 is set, since the tests compare the export with bf16
model: setup
	$(QA) model fetch
	QA_ENCODER=onnx-int8 $(QA) model fetch

index: model
	$(QA) build

# Debian packages the tests use: Chromium + driver for the browser test, a CJK font for the PDF loader test.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "installing Debian packages: chromium chromium-driver fonts-noto-cjk"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	fi

eval: index
	$(QA) eval data/questions/dev.jsonl --mode naive,keyword,dense,fused,full --json reports/eval.json --md reports/eval.md

bench: index
	$(QA) bench

clean:
	rm -rf $(VENV) index/gen-* index/CURRENT
