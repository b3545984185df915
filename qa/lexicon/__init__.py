"""Rule tables as data: one JSON file a table, each entry naming the class of input it serves.

    answer_types.json        question patterns -> answer type and the units it asks for (understand)
    keyword_lexicon.json     domain terms and written variants for jieba and BM25 (qa/text/keywords.py)
    question_words.json      stop words and words that only shape a question (qa/text/keywords.py)
    units.json               units of figures, their normal forms, scales and comparisons (qa/ingest/figures.py, quantities.py)
    place_rules.json         how places are named and abbreviated (qa/text/gazetteer.py)
    eval_sheets.json         column spellings and refusal phrases of evaluators' sheets (qa/eval)
    failure_reasons_zh.json  loader and build reasons shown in Chinese (qa/app/render.py)

`load` reads a file each time it is asked; modules that keep a table as constants read it once,
when they are imported, and callers cache what they derive.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The data file of table `name` (`keyword_lexicon` -> .../qa/lexicon/keyword_lexicon.json)."""
    return LEXICON_DIR / f"{name}.json"


def load(name: str) -> Any:
    return json.loads(path(name).read_text(encoding="utf-8"))
