"""`qa ask` as evaluation relies on it: the JSON contract, verbatim quotes, JSONL mode."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from qa.ingest.load import load_file
from qa.settings import PROJECT_ROOT
from tests.conftest import DOCS_DIR, compact

pytestmark = pytest.mark.model

CONTRACT_KEYS = {"id", "question", "answer", "found", "citations", "figures", "retrieved", "latency_ms"}
CITATION_KEYS = {"doc", "title", "region", "clause_id", "path", "quote", "start", "end", "context"}


def _qa(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args, "--index", str(PROJECT_ROOT / "index")],
        input=stdin, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300,
    )


def _assert_quotes_are_verbatim(answer: dict) -> None:
    for citation in answer["citations"] + answer.get("related", []):
        source = load_file(DOCS_DIR / citation["doc"], DOCS_DIR)
        assert source.text[citation["start"] : citation["end"]] == citation["quote"]
        assert citation["quote"] in citation["context"] or compact(citation["quote"]) in compact(citation["context"])


def test_ask_json_answers_ruian_with_30_percent_from_the_ruian_document() -> None:
    result = _qa("ask", "--json", "瑞安工业用地出让比例是多少")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert CONTRACT_KEYS <= set(answer)
    assert answer["found"] is True
    assert "30%" in answer["answer"]
    first = answer["citations"][0]
    assert CITATION_KEYS <= set(first)
    assert first["doc"].startswith("002_")
    assert "瑞安" in first["region"]
    assert "工业用地比例不低于30%" in compact(first["quote"])
    assert len(answer["retrieved"]) <= 10 and answer["retrieved"][0]["clause_id"]
    for figure in answer["figures"]:
        assert 0 <= figure["citation"] < len(answer["citations"])
    _assert_quotes_are_verbatim(answer)


def test_ask_jsonl_keeps_order_and_history_and_reports_bad_lines() -> None:
    lines = [
        {"id": "a", "question": "瑞安工业用地出让比例是多少"},
        "this is not json",
        {"id": "b", "question": "那湖州呢？", "history": ["瑞安工业用地出让比例是多少"]},
    ]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines)
    result = _qa("ask", "--jsonl", "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [o.get("id") for o in outputs] == ["a", None, "b"]
    assert "error" in outputs[1] and outputs[1]["line"] == 2
    assert "30%" in outputs[0]["answer"]
    assert "40%" in outputs[2]["answer"] and outputs[2]["citations"][0]["doc"].startswith("000_")
    for answer in (outputs[0], outputs[2]):
        _assert_quotes_are_verbatim(answer)


def test_ask_on_missing_index_says_to_build(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", "瑞安工业用地出让比例是多少", "--index", str(tmp_path / "none")],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300,
    )
    assert result.returncode != 0
    assert "qa build" in result.stderr
