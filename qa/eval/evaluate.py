"""Evaluation: a question file -> metrics per mode and per question type.

Modes:
- keyword / dense / fused: retrieval metrics only, from `Pipeline.retrieve(mode=...)`.
- full: `Pipeline.ask` -> every metric; retrieval is read from `Answer.retrieved`.
- naive: the textbook baseline a user would otherwise build (qa/eval/baselines.py: fixed 500-character
  chunks with 50 overlap, dense inner product, answer = the best chunk), every metric.

Evidence and figures are matched with all whitespace removed on both sides, since
extracted text breaks lines and pads with spaces and U+3000 where the gold does not.
The metric functions are pure; `evaluate` runs a pipeline over the questions and
`run_eval_command` is the whole `qa eval` command.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import re
import shutil
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Protocol, Sequence

import numpy as np
from tqdm import tqdm

from qa.eval.baselines import NAIVE_CHUNK_CHARS, NAIVE_CHUNK_OVERLAP, EmbedderLike, NaiveBaseline
from qa.records import Answer, Citation, Hit, SourceDocument
from qa.settings import PROJECT_ROOT, Settings
from qa.text.gazetteer import NATIONAL

QUESTION_TYPES = ("figure", "fact", "table", "compare", "followup", "unanswerable", "paraphrase")
REQUIRED_FIELDS = ("id", "question", "doc", "region", "answer", "figures", "evidence", "type")
NOT_FOUND_ANSWER = "未找到"
ANY_DOC = "*"
EVIDENCE_SEPARATOR = "||"

RETRIEVAL_MODES = ("keyword", "dense", "fused")
ANSWER_MODES = ("full", "naive")
ALL_MODES = RETRIEVAL_MODES + ANSWER_MODES
DEFAULT_MODES = ALL_MODES

RETRIEVAL_DEPTH = 10  # MRR@10, and how many hits are asked of the pipeline
CITATION_WINDOW = 3  # the "any of the first three citations" variant


RATIO_METRICS = ("hit_at_1", "hit_at_5", "citation_first", "citation_any3", "figure_accuracy")

_WHITESPACE = re.compile(r"\s+")  # str patterns are Unicode-aware: covers \u3000, \xa0, \n, \t


# ---------------------------------------------------------------- contracts


class PipelineLike(Protocol):
    """What evaluation needs of `qa.pipeline.Pipeline` (a protocol so tests can pass a double)."""

    embedder: EmbedderLike
    index_build_seconds: float | None

    def ask(self, question: str, history: list[str] | None = None, region: str | None = None) -> Answer: ...

    def retrieve(
        self, question: str, history: list[str] | None = None, mode: str = "full", k: int = 10
    ) -> list[Hit]: ...

    def documents(self) -> list[SourceDocument]: ...


# ---------------------------------------------------------------- questions


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    doc: str  # gold document path, or "*" for several documents
    region: str
    answer: str
    figures: tuple[str, ...]
    evidence: tuple[str, ...]  # exact source substrings, all needed; empty when unanswerable
    type: str
    history: tuple[str, ...] = ()
    evidence_docs: tuple[str, ...] = ()
    notes: str = ""
    line: int = 0

    @property
    def answerable(self) -> bool:
        return self.answer.strip() != NOT_FOUND_ANSWER

    @property
    def gold_docs(self) -> frozenset[str] | None:
        """Documents evidence may come from; None means any document."""
        return gold_documents(self.doc, self.evidence_docs)


def gold_documents(doc: str, evidence_docs: Sequence[str] = ()) -> frozenset[str] | None:
    """`doc` plus `evidence_docs`; "*" without `evidence_docs` accepts any document."""
    named = {d for d in (doc, *evidence_docs) if d and d != ANY_DOC}
    if doc == ANY_DOC and not evidence_docs:
        return None
    return frozenset(named)


HALVES = ("calibration", "check")


def half_of(item_id: str) -> str:
    """A fixed half for every item: thresholds are fitted on "calibration" and reported on "check"."""
    return HALVES[hashlib.sha256(item_id.encode("utf-8")).digest()[0] % 2]


def split_evidence(evidence: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in evidence.split(EVIDENCE_SEPARATOR) if normalize(part))


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def parse_question(record: Any, line: int) -> GoldQuestion:
    """One JSON-decoded line -> GoldQuestion; ValueError with a readable reason otherwise."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if len(missing) == 1:
        raise ValueError(f"missing field '{missing[0]}'")
    if missing:
        raise ValueError("missing fields " + ", ".join(f"'{name}'" for name in missing))
    for name in ("id", "question", "doc", "region", "answer", "evidence", "type"):
        if not isinstance(record[name], str):
            raise ValueError(f"field '{name}' must be a string")
    for name in ("id", "question", "doc"):
        if not record[name].strip():
            raise ValueError(f"field '{name}' is empty")
    if record["type"] not in QUESTION_TYPES:
        raise ValueError(f"unknown type '{record['type']}' (expected one of {', '.join(QUESTION_TYPES)})")
    if not _is_str_list(record["figures"]):
        raise ValueError("field 'figures' must be a list of strings")
    history = record.get("history") or []
    if not _is_str_list(history):
        raise ValueError("field 'history' must be a list of strings")
    evidence_docs = record.get("evidence_docs") or []
    if not _is_str_list(evidence_docs):
        raise ValueError("field 'evidence_docs' must be a list of strings")
    notes = record.get("notes") or ""

    question = GoldQuestion(
        id=record["id"],
        question=record["question"],
        doc=record["doc"],
        region=record["region"],
        answer=record["answer"],
        figures=tuple(record["figures"]),
        evidence=split_evidence(record["evidence"]),
        type=record["type"],
        history=tuple(history),
        evidence_docs=tuple(evidence_docs),
        notes=notes if isinstance(notes, str) else json.dumps(notes, ensure_ascii=False),
        line=line,
    )
    # Without these the item would be silently scored against nothing.
    if question.type == "unanswerable" and question.answerable:
        raise ValueError(f"type 'unanswerable' needs answer '{NOT_FOUND_ANSWER}'")
    if question.answerable and not question.evidence:
        raise ValueError("answerable item has empty evidence")
    if not question.answerable and question.evidence:
        raise ValueError(f"answer '{NOT_FOUND_ANSWER}' but evidence is given")
    return question


def load_questions(path: str | Path) -> tuple[list[GoldQuestion], list[str]]:
    """Questions from a JSON-lines file, and one message per rejected line ("line 7: ...").

    Blank lines are skipped; a rejected line does not stop the others from loading.
    """
    questions: list[GoldQuestion] = []
    errors: list[str] = []
    first_line_of_id: dict[str, int] = {}
    text = Path(path).read_text(encoding="utf-8-sig")
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: bad JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            question = parse_question(record, number)
        except ValueError as exc:
            errors.append(f"line {number}: {exc}")
            continue
        if question.id in first_line_of_id:
            errors.append(f"line {number}: duplicate id '{question.id}' (first on line {first_line_of_id[question.id]})")
            continue
        first_line_of_id[question.id] = number
        questions.append(question)
    return questions, errors


# ---------------------------------------------------------------- metric functions


@dataclass(frozen=True)
class Passage:
    """A retrieved or cited text with where it came from; the unit evidence is looked for in."""

    doc: str
    clause_id: str
    text: str


def normalize(text: str) -> str:
    return _WHITESPACE.sub("", text)


def contains_evidence(text: str, evidence: str) -> bool:
    """Whether `evidence` occurs in `text`, ignoring all whitespace on both sides."""
    needle = normalize(evidence)
    return bool(needle) and needle in normalize(text)


@functools.cache
def _gazetteer():
    from qa.text.gazetteer import Gazetteer

    return Gazetteer.load()


def applies_to_compared_place(region: str, question: str) -> bool:
    """A comparison cites each compared place's own rule (or its province's, or a national one):
    a citation of such a rule is not another place's document, though the gold names one place."""
    gazetteer = _gazetteer()
    named = [place.name for place in gazetteer.find(question)]
    return any(
        gazetteer.covers(part, place) for part in region.split("、") for place in named
    ) or region in ("", NATIONAL)


def doc_matches(doc: str, gold_docs: frozenset[str] | None) -> bool:
    """Gold names files as in data/docs; a document under a subfolder matches by file name too."""
    if gold_docs is None:
        return True
    return doc in gold_docs or PurePosixPath(doc).name in gold_docs


def part_ranks(
    evidence_parts: Sequence[str],
    gold_docs: frozenset[str] | None,
    passages: Sequence[Passage],
    k: int = RETRIEVAL_DEPTH,
) -> list[int | None]:
    """For each evidence part, the 1-based rank of the first passage in the top k holding it."""
    normalized = [normalize(p.text) if doc_matches(p.doc, gold_docs) else None for p in passages[:k]]
    ranks: list[int | None] = []
    for part in evidence_parts:
        needle = normalize(part)
        ranks.append(
            next((i for i, text in enumerate(normalized, 1) if text is not None and needle and needle in text), None)
        )
    return ranks


def evidence_rank(
    evidence_parts: Sequence[str],
    gold_docs: frozenset[str] | None,
    retrieved: Sequence[Passage],
    k: int = RETRIEVAL_DEPTH,
) -> int | None:
    """Rank at which the last evidence part is covered within the top k, or None.

    Every part must occur in some passage from a gold document; a part found only
    in another document does not count.
    """
    if not evidence_parts:
        return None
    ranks = part_ranks(evidence_parts, gold_docs, retrieved, k)
    if any(rank is None for rank in ranks):
        return None
    return max(rank for rank in ranks if rank is not None)


def hit_at(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def reciprocal_rank(rank: int | None, k: int = RETRIEVAL_DEPTH) -> float:
    return 1.0 / rank if hit_at(rank, k) and rank else 0.0


def citation_passages(citations: Sequence[Citation]) -> list[Passage]:
    """A citation is judged by its whole clause (`context`), falling back to the quote."""
    return [Passage(c.doc, c.clause_id, c.context or c.quote) for c in citations]


def citation_correct(
    evidence_parts: Sequence[str],
    gold_docs: frozenset[str] | None,
    citations: Sequence[Citation],
    first_n: int = 1,
) -> bool:
    """Every evidence part is covered by the first `first_n` citations from gold documents."""
    return evidence_rank(evidence_parts, gold_docs, citation_passages(citations), k=first_n) is not None


def figures_in_answer(figures: Sequence[str], answer_text: str) -> bool:
    """Every gold figure string appears in the answer text, ignoring whitespace."""
    return all(contains_evidence(answer_text, figure) for figure in figures)


def rate(passed: int, n: int) -> float | None:
    return passed / n if n else None


@dataclass(frozen=True)
class RefusalScores:
    """found=false treated as a prediction of "unanswerable"."""

    refused: int
    correctly_refused: int
    wrongly_refused: int
    unanswerable: int
    answerable: int

    @property
    def precision(self) -> float | None:
        return rate(self.correctly_refused, self.refused)

    @property
    def recall(self) -> float | None:
        return rate(self.correctly_refused, self.unanswerable)

    @property
    def wrongly_refused_rate(self) -> float | None:
        return rate(self.wrongly_refused, self.answerable)


def refusal_scores(found: Sequence[bool | None], answerable: Sequence[bool]) -> RefusalScores:
    """Only found=False is a refusal; None (the pipeline failed) is not one."""
    if len(found) != len(answerable):
        raise ValueError("found and answerable differ in length")
    refusals = [f is False for f in found]
    return RefusalScores(
        refused=sum(refusals),
        correctly_refused=sum(r and not a for r, a in zip(refusals, answerable)),
        wrongly_refused=sum(r and a for r, a in zip(refusals, answerable)),
        unanswerable=sum(not a for a in answerable),
        answerable=sum(answerable),
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linearly interpolated between samples; None when empty."""
    if not values:
        return None
    return float(np.percentile(np.asarray(values, dtype=float), q))


# ---------------------------------------------------------------- outcomes and aggregation


@dataclass
class ItemOutcome:
    """One question in one mode: what came back and which metrics it passed (None = not scored)."""

    id: str
    type: str
    mode: str
    question: str
    history: list[str]
    answerable: bool
    gold_doc: str
    gold_answer: str
    gold_evidence: list[str]
    gold_figures: list[str]
    latency_ms: float
    resolved_question: str = ""
    answer: str | None = None
    found: bool | None = None
    first_citation: dict[str, Any] | None = None
    evidence_rank: int | None = None
    missing_evidence: list[str] = field(default_factory=list)  # parts not in the top 10
    hit_at_1: bool | None = None
    hit_at_5: bool | None = None
    reciprocal_rank: float | None = None
    citation_first: bool | None = None
    citation_any3: bool | None = None
    figures_ok: bool | None = None
    refusal_ok: bool | None = None  # found == answerable
    foreign_citation: bool | None = None  # found, but cites a document outside the gold one(s)
    faithful: bool | None = None  # every number of the answer (Arabic or Chinese) stands in a quote
    retrieved: list[dict[str, Any]] = field(default_factory=list)  # top 5, text shortened
    error: str | None = None


def score_item(
    question: GoldQuestion,
    mode: str,
    retrieved: Sequence[Passage],
    latency_ms: float,
    *,
    answer_text: str | None = None,
    found: bool | None = None,
    citations: Sequence[Citation] | None = None,
    resolved_question: str = "",
    error: str | None = None,
) -> ItemOutcome:
    """Score one item. Answer metrics are scored when `citations` is given (answering modes)."""
    outcome = ItemOutcome(
        id=question.id, type=question.type, mode=mode, question=question.question,
        history=list(question.history), answerable=question.answerable, gold_doc=question.doc,
        gold_answer=question.answer, gold_evidence=list(question.evidence),
        gold_figures=list(question.figures), latency_ms=round(latency_ms, 1),
        resolved_question=resolved_question, answer=answer_text, found=found, error=error,
        retrieved=[
            {"rank": i, "doc": p.doc, "clause_id": p.clause_id, "text": _shorten(p.text, 120)}
            for i, p in enumerate(retrieved[:5], 1)
        ],
    )
    gold_docs = question.gold_docs
    if question.answerable:
        ranks = part_ranks(question.evidence, gold_docs, retrieved)
        outcome.missing_evidence = [part for part, r in zip(question.evidence, ranks) if r is None]
        outcome.evidence_rank = evidence_rank(question.evidence, gold_docs, retrieved)
        outcome.hit_at_1 = hit_at(outcome.evidence_rank, 1)
        outcome.hit_at_5 = hit_at(outcome.evidence_rank, 5)
        outcome.reciprocal_rank = reciprocal_rank(outcome.evidence_rank)
    if citations is None:
        return outcome
    if citations:
        first = citations[0]
        outcome.first_citation = {"doc": first.doc, "path": first.path, "quote": first.quote}
    if question.answerable:
        if question.type == "compare":
            # a comparison answers each place from its own document: the first citation of each
            # document, together, must hold every place's evidence
            firsts = [c for number, c in enumerate(citations) if c.doc not in {d.doc for d in citations[:number]}]
            outcome.citation_first = citation_correct(question.evidence, gold_docs, firsts, len(firsts))
        else:
            outcome.citation_first = citation_correct(question.evidence, gold_docs, citations, 1)
        outcome.citation_any3 = citation_correct(question.evidence, gold_docs, citations, CITATION_WINDOW)
        if question.figures:
            outcome.figures_ok = figures_in_answer(question.figures, answer_text or "")
    outcome.refusal_ok = found is not None and found == question.answerable
    if found and question.answerable and gold_docs is not None:
        outcome.foreign_citation = any(
            not doc_matches(c.doc, gold_docs) and not (question.type == "compare" and applies_to_compared_place(c.region, question.question))
            for c in citations
        )
    if found and answer_text:
        from qa.answer.fidelity import check_fidelity

        places = {c.region for c in citations} | {part for c in citations for part in c.region.split("、")}
        lead = answer_text.split("：", 1)[0] if "：" in answer_text else ""
        outcome.faithful = not check_fidelity(answer_text, [c.quote for c in citations], places | {lead})
    return outcome


@dataclass
class ModeMetrics:
    """Aggregates over a set of outcomes; rates are None when their count is 0 or not scored."""

    n: int
    errors: int
    retrieval_n: int = 0
    hit_at_1: float | None = None
    hit_at_1_passed: int = 0
    hit_at_5: float | None = None
    hit_at_5_passed: int = 0
    mrr_at_10: float | None = None
    citation_n: int = 0
    citation_first: float | None = None
    citation_first_passed: int = 0
    citation_any3: float | None = None
    citation_any3_passed: int = 0
    figure_n: int = 0
    figure_accuracy: float | None = None
    figure_passed: int = 0
    answerable_n: int = 0
    unanswerable_n: int = 0
    refused: int | None = None
    refusal_precision: float | None = None
    refusal_recall: float | None = None
    wrongly_refused: float | None = None
    wrongly_refused_count: int | None = None
    foreign_answers: int | None = None  # answers citing another region's document: the worst bug
    confident_wrong: int | None = None  # found, yet unanswerable or citing another document
    unfaithful: int | None = None  # answers carrying a number that no cited quote holds
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None


def _count(outcomes: Iterable[ItemOutcome], name: str) -> tuple[int, int]:
    """(passed, n) over outcomes where metric `name` was scored."""
    scored = [getattr(o, name) for o in outcomes if getattr(o, name) is not None]
    return sum(bool(v) for v in scored), len(scored)


def aggregate(outcomes: Sequence[ItemOutcome], answers: bool) -> ModeMetrics:
    """Metrics over `outcomes`; `answers` says whether the mode produced answers (refusal scored)."""
    metrics = ModeMetrics(
        n=len(outcomes),
        errors=sum(o.error is not None for o in outcomes),
        answerable_n=sum(o.answerable for o in outcomes),
        unanswerable_n=sum(not o.answerable for o in outcomes),
    )
    metrics.hit_at_1_passed, metrics.retrieval_n = _count(outcomes, "hit_at_1")
    metrics.hit_at_5_passed, _ = _count(outcomes, "hit_at_5")
    metrics.hit_at_1 = rate(metrics.hit_at_1_passed, metrics.retrieval_n)
    metrics.hit_at_5 = rate(metrics.hit_at_5_passed, metrics.retrieval_n)
    reciprocal = [o.reciprocal_rank for o in outcomes if o.reciprocal_rank is not None]
    metrics.mrr_at_10 = sum(reciprocal) / len(reciprocal) if reciprocal else None
    metrics.citation_first_passed, metrics.citation_n = _count(outcomes, "citation_first")
    metrics.citation_any3_passed, _ = _count(outcomes, "citation_any3")
    metrics.citation_first = rate(metrics.citation_first_passed, metrics.citation_n)
    metrics.citation_any3 = rate(metrics.citation_any3_passed, metrics.citation_n)
    metrics.figure_passed, metrics.figure_n = _count(outcomes, "figures_ok")
    metrics.figure_accuracy = rate(metrics.figure_passed, metrics.figure_n)
    if answers:
        refusal = refusal_scores([o.found for o in outcomes], [o.answerable for o in outcomes])
        metrics.refused = refusal.refused
        metrics.refusal_precision = refusal.precision
        metrics.refusal_recall = refusal.recall
        metrics.wrongly_refused = refusal.wrongly_refused_rate
        metrics.wrongly_refused_count = refusal.wrongly_refused
        metrics.foreign_answers = sum(bool(o.foreign_citation) for o in outcomes)
        metrics.unfaithful = sum(o.faithful is False for o in outcomes)
        metrics.confident_wrong = sum(bool(o.found) and (not o.answerable or bool(o.foreign_citation)) for o in outcomes)
    latencies = [o.latency_ms for o in outcomes if o.error is None]
    metrics.latency_p50_ms = percentile(latencies, 50)
    metrics.latency_p95_ms = percentile(latencies, 95)
    return metrics


def ratio_over_naive(full: ModeMetrics, naive: ModeMetrics) -> dict[str, float | None]:
    """full / naive for the headline rates; None when naive scored 0 or either is missing."""
    ratios: dict[str, float | None] = {}
    for name in RATIO_METRICS:
        ours, theirs = getattr(full, name), getattr(naive, name)
        ratios[name] = ours / theirs if ours is not None and theirs else None
    return ratios


# ---------------------------------------------------------------- running


def parse_modes(modes: str | Sequence[str] | None) -> list[str]:
    """"full,naive" or ["full", "naive"] -> known modes in canonical order; ValueError if unknown."""
    if modes is None:
        return list(DEFAULT_MODES)
    items = modes.split(",") if isinstance(modes, str) else [p for m in modes for p in m.split(",")]
    wanted = {m.strip().lower() for m in items if m.strip()}
    unknown = wanted - set(ALL_MODES)
    if unknown:
        raise ValueError(f"unknown mode(s): {', '.join(sorted(unknown))} (choose from {', '.join(ALL_MODES)})")
    if not wanted:
        raise ValueError(f"no mode given (choose from {', '.join(ALL_MODES)})")
    return [m for m in ALL_MODES if m in wanted]


@dataclass
class EvalReport:
    modes: list[str]
    question_count: int
    type_counts: dict[str, int]
    metrics: dict[str, ModeMetrics]
    by_type: dict[str, dict[str, ModeMetrics]]  # mode -> type -> metrics
    outcomes: dict[str, list[ItemOutcome]]
    ratio_over_naive: dict[str, float | None] | None
    by_half: dict[str, dict[str, ModeMetrics]] = field(default_factory=dict)  # mode -> half -> metrics
    index_build_seconds: float | None = None
    pipeline_open_seconds: float | None = None
    naive_chunks: int | None = None
    naive_encode_seconds: float | None = None
    load_errors: list[str] = field(default_factory=list)
    questions_path: str = ""

    @property
    def item_errors(self) -> int:
        return sum(m.errors for m in self.metrics.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "questions_path": self.questions_path,
            "modes": self.modes,
            "question_count": self.question_count,
            "type_counts": self.type_counts,
            "load_errors": self.load_errors,
            "index_build_seconds": self.index_build_seconds,
            "pipeline_open_seconds": self.pipeline_open_seconds,
            "naive_chunks": self.naive_chunks,
            "naive_encode_seconds": self.naive_encode_seconds,
            "metrics": {mode: asdict(m) for mode, m in self.metrics.items()},
            "ratio_over_naive": self.ratio_over_naive,
            "metrics_by_half": {
                mode: {half: asdict(m) for half, m in per_half.items()} for mode, per_half in self.by_half.items()
            },
            "metrics_by_type": {
                mode: {t: asdict(m) for t, m in per_type.items()} for mode, per_type in self.by_type.items()
            },
            "items": {mode: [asdict(o) for o in items] for mode, items in self.outcomes.items()},
        }


def _shorten(text: str, limit: int) -> str:
    text = _WHITESPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hit_passages(hits: Sequence[Hit]) -> list[Passage]:
    return [Passage(h.clause.doc, h.clause.clause_id, h.clause.text) for h in hits]


def _answer_passages(answer: Answer) -> list[Passage]:
    return [Passage(r.doc, r.clause_id, r.text) for r in answer.retrieved]


def _run_item(
    pipeline: PipelineLike, question: GoldQuestion, mode: str, naive: NaiveBaseline | None
) -> ItemOutcome:
    history = list(question.history) or None
    started = time.perf_counter()
    try:
        if mode in RETRIEVAL_MODES:
            hits = pipeline.retrieve(question.question, history=history, mode=mode, k=RETRIEVAL_DEPTH)
            latency = (time.perf_counter() - started) * 1000
            return score_item(question, mode, _hit_passages(hits), latency)
        if mode == "full":
            # The gold region is what the system should infer; passing it would leak the answer.
            answer = pipeline.ask(question.question, history=history, region=None)
            latency = (time.perf_counter() - started) * 1000
            return score_item(
                question, mode, _answer_passages(answer), latency, answer_text=answer.answer,
                found=answer.found, citations=answer.citations, resolved_question=answer.resolved_question,
            )
        assert naive is not None
        chunks, text, citations = naive.answer(question.question, RETRIEVAL_DEPTH)
        passages = [Passage(chunk.doc, chunk.chunk_id, chunk.text) for chunk in chunks]
        latency = (time.perf_counter() - started) * 1000
        return score_item(question, mode, passages, latency, answer_text=text, found=True, citations=citations)
    except Exception as exc:  # one failing item must not end the run; it is scored as a failure
        latency = (time.perf_counter() - started) * 1000
        return score_item(
            question, mode, [], latency, citations=[] if mode in ANSWER_MODES else None,
            error=f"{type(exc).__name__}: {exc}",
        )


def evaluate(
    pipeline: PipelineLike,
    questions: Sequence[GoldQuestion],
    modes: Sequence[str] = DEFAULT_MODES,
    *,
    progress: bool = False,
) -> EvalReport:
    """Run every question in every mode and aggregate, overall and per question type."""
    modes = parse_modes(modes)
    naive: NaiveBaseline | None = None
    if "naive" in modes:
        naive = NaiveBaseline(pipeline.embedder, pipeline.documents(), progress=progress)
    outcomes: dict[str, list[ItemOutcome]] = {}
    for mode in modes:
        # each mode pays for its own question embeddings, so latencies compare fairly
        getattr(pipeline.embedder, "clear_query_cache", lambda: None)()
        outcomes[mode] = [
            _run_item(pipeline, q, mode, naive)
            for q in tqdm(questions, desc=f"eval {mode}", unit="q", file=sys.stderr, disable=not progress)
        ]
    type_counts = Counter(q.type for q in questions)
    present_types = [t for t in QUESTION_TYPES if t in type_counts]
    metrics = {mode: aggregate(items, mode in ANSWER_MODES) for mode, items in outcomes.items()}
    by_type = {
        mode: {t: aggregate([o for o in items if o.type == t], mode in ANSWER_MODES) for t in present_types}
        for mode, items in outcomes.items()
    }
    by_half = {
        mode: {half: aggregate([o for o in items if half_of(o.id) == half], mode in ANSWER_MODES) for half in HALVES}
        for mode, items in outcomes.items()
    }
    return EvalReport(
        modes=list(modes),
        question_count=len(questions),
        type_counts={t: type_counts[t] for t in present_types},
        metrics=metrics,
        by_type=by_type,
        by_half=by_half,
        outcomes=outcomes,
        ratio_over_naive=ratio_over_naive(metrics["full"], metrics["naive"]) if {"full", "naive"} <= set(modes) else None,
        index_build_seconds=getattr(pipeline, "index_build_seconds", None),
        naive_chunks=len(naive.chunks) if naive else None,
        naive_encode_seconds=round(naive.encode_seconds, 2) if naive else None,
    )


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class MachineFacts:
    cores: int | None
    cpu_model: str
    python: str
    torch_threads: int | None
    platform: str


def machine_facts() -> MachineFacts:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    # torch is there only when bf16 encoded something (QA_ENCODER=torch-bf16, or a clause to embed); not imported for this
    torch = sys.modules.get("torch")
    torch_threads: int | None = torch.get_num_threads() if torch is not None else None
    return MachineFacts(
        cores=os.cpu_count(),
        cpu_model=cpu_model or platform.processor() or "unknown",
        python=platform.python_version(),
        torch_threads=torch_threads,
        platform=platform.platform(),
    )


def _fmt_rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _fmt_ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"×{value:.2f}"


def _fmt_fraction(passed: int, n: int) -> str:
    return "—" if n == 0 else f"{passed}/{n}"


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool = False) -> str:
    """First column left-aligned, the rest right-aligned; Markdown pipes when `markdown`."""
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(["---"] + ["---:"] * (len(headers) - 1)) + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(_display_width(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def render(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _display_width(cell))
            parts.append(cell + pad if i == 0 else pad + cell)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([render(headers), rule, *(render(row) for row in rows)])


def summary_rows(report: EvalReport) -> tuple[list[str], list[list[str]]]:
    """The main table: one column per mode (plus full/naive), one row per metric."""
    modes = report.modes
    metrics = [report.metrics[m] for m in modes]
    ratios = report.ratio_over_naive
    headers = ["metric", *modes] + (["full/naive"] if ratios is not None else [])
    first = metrics[0] if metrics else ModeMetrics(n=0, errors=0)
    answer_metrics = next((report.metrics[m] for m in modes if m in ANSWER_MODES), first)

    def row(label: str, attr: str, fmt: Any, ratio_key: str | None = None) -> list[str]:
        cells = [label, *(fmt(getattr(m, attr)) for m in metrics)]
        if ratios is not None:
            cells.append(_fmt_ratio(ratios.get(ratio_key)) if ratio_key else "")
        return cells

    def count(value: int | None) -> str:
        return "—" if value is None else str(value)

    rows = [
        row("questions", "n", count),
        row(f"evidence hit@1 (n={first.retrieval_n})", "hit_at_1", _fmt_rate, "hit_at_1"),
        row(f"evidence hit@5 (n={first.retrieval_n})", "hit_at_5", _fmt_rate, "hit_at_5"),
        row(f"evidence MRR@10 (n={first.retrieval_n})", "mrr_at_10", _fmt_rate),
        row(f"citation first (n={answer_metrics.citation_n})", "citation_first", _fmt_rate, "citation_first"),
        row(f"citation any of 3 (n={answer_metrics.citation_n})", "citation_any3", _fmt_rate, "citation_any3"),
        row(f"figure accuracy (n={answer_metrics.figure_n})", "figure_accuracy", _fmt_rate, "figure_accuracy"),
        row("refusal precision", "refusal_precision", _fmt_rate),
        row(f"refusal recall (n={answer_metrics.unanswerable_n})", "refusal_recall", _fmt_rate),
        row(f"wrongly refused (n={answer_metrics.answerable_n})", "wrongly_refused", _fmt_rate),
        row("answers citing another document", "foreign_answers", count),
        row("confident wrong (unanswerable answered or other document)", "confident_wrong", count),
        row("answers with a number not in their quotes", "unfaithful", count),
        row("latency p50 ms", "latency_p50_ms", _fmt_ms),
        row("latency p95 ms", "latency_p95_ms", _fmt_ms),
        row("pipeline errors", "errors", count),
    ]
    return headers, rows


def type_rows(report: EvalReport, mode: str = "full") -> tuple[list[str], list[list[str]]]:
    """Per-type breakdown of one mode, as passed/n fractions."""
    headers = ["type", "n", "hit@1", "hit@5", "MRR@10", "cite first", "cite any 3", "figures", "refused", "p50 ms"]
    per_type = report.by_type.get(mode, {})

    def row(label: str, m: ModeMetrics) -> list[str]:
        return [
            label, str(m.n),
            _fmt_fraction(m.hit_at_1_passed, m.retrieval_n),
            _fmt_fraction(m.hit_at_5_passed, m.retrieval_n),
            _fmt_rate(m.mrr_at_10),
            _fmt_fraction(m.citation_first_passed, m.citation_n),
            _fmt_fraction(m.citation_any3_passed, m.citation_n),
            _fmt_fraction(m.figure_passed, m.figure_n),
            "—" if m.refused is None else f"{m.refused}/{m.n}",
            _fmt_ms(m.latency_p50_ms),
        ]

    rows = [row(t, m) for t, m in per_type.items()]
    if mode in report.metrics:
        rows.append(row("all", report.metrics[mode]))
    return headers, rows


def failure_lines(report: EvalReport, mode: str = "full") -> list[str]:
    """Which items failed which metric, for the console; the JSON has the details."""
    items = report.outcomes.get(mode, [])
    checks = [
        ("evidence not in top 5", "hit_at_5"),
        ("first citation wrong", "citation_first"),
        ("figures missing", "figures_ok"),
        ("refusal wrong", "refusal_ok"),
    ]
    lines = []
    for label, attr in checks:
        failed = [o.id for o in items if getattr(o, attr) is False]
        if failed:
            lines.append(f"  {label} ({len(failed)}): {', '.join(failed)}")
    errored = [f"{o.id} ({o.error})" for o in items if o.error]
    if errored:
        lines.append(f"  pipeline errors ({len(errored)}): {'; '.join(errored)}")
    return lines


def _build_line(report: EvalReport) -> str:
    if report.index_build_seconds is not None:
        return f"index built during this run in {report.index_build_seconds:.1f} s"
    return "index loaded from disk (no build)"


def half_rows(report: EvalReport, mode: str = "full") -> tuple[list[str], list[list[str]]]:
    """The calibration and check halves of one mode side by side: fit on one, report the other."""
    halves = report.by_half.get(mode, {})
    if not halves:
        return [], []
    headers = ["metric", *(f"{half} (n={m.n})" for half, m in halves.items())]

    def row(label: str, fmt: Any) -> list[str]:
        return [label, *(fmt(m) for m in halves.values())]

    rows = [
        row("cited first", lambda m: _fmt_fraction(m.citation_first_passed, m.citation_n)),
        row("cited in any of 3", lambda m: _fmt_fraction(m.citation_any3_passed, m.citation_n)),
        row("figures", lambda m: _fmt_fraction(m.figure_passed, m.figure_n)),
        row("unanswerable refused", lambda m: "—" if m.refusal_recall is None else f"{round(m.refusal_recall * m.unanswerable_n)}/{m.unanswerable_n}"),
        row("answerable refused", lambda m: "—" if m.wrongly_refused_count is None else f"{m.wrongly_refused_count}/{m.answerable_n}"),
        row("confident wrong", lambda m: "—" if m.confident_wrong is None else str(m.confident_wrong)),
        row("number not in quotes", lambda m: "—" if m.unfaithful is None else str(m.unfaithful)),
    ]
    return headers, rows


def render_text(report: EvalReport) -> str:
    headers, rows = summary_rows(report)
    parts = [format_table(headers, rows)]
    answer_mode = next((m for m in ("full", "naive") if m in report.modes), None)
    if answer_mode:
        headers, rows = half_rows(report, answer_mode)
        if rows:
            parts += ["", f"{answer_mode} mode, calibration and check halves (by a hash of the id):", format_table(headers, rows)]
    if "full" in report.modes:
        headers, rows = type_rows(report, "full")
        parts += ["", "full mode by question type:", format_table(headers, rows)]
        failures = failure_lines(report, "full")
        if failures:
            parts += ["", "full mode failures (see --json for why):", *failures]
    facts = [_build_line(report)]
    if report.pipeline_open_seconds is not None:
        facts.append(f"pipeline opened in {report.pipeline_open_seconds:.1f} s")
    if report.naive_chunks is not None:
        facts.append(f"naive: {report.naive_chunks} chunks encoded in {report.naive_encode_seconds:.1f} s")
    parts += ["", "; ".join(facts)]
    return "\n".join(parts)


def render_markdown(report: EvalReport, facts: MachineFacts, when: datetime | None = None) -> str:
    when = when or datetime.now().astimezone()
    type_list = ", ".join(f"{t} {n}" for t, n in report.type_counts.items())
    lines = [
        f"## Evaluation — {when.strftime('%Y-%m-%d %H:%M %Z').strip()}",
        "",
        f"Questions: `{report.questions_path}`, {report.question_count} items ({type_list})"
        + (f"; {len(report.load_errors)} lines rejected" if report.load_errors else "")
        + ".",
        "",
        f"Machine: {facts.cores} cores, {facts.cpu_model}; Python {facts.python}; "
        f"torch threads {facts.torch_threads if facts.torch_threads is not None else 'n/a'}; {_build_line(report)}.",
        "",
    ]
    headers, rows = summary_rows(report)
    lines += [format_table(headers, rows, markdown=True), ""]
    if "naive" in report.modes:
        lines += [
            f"`naive` is the textbook baseline: {NAIVE_CHUNK_CHARS}-character chunks with {NAIVE_CHUNK_OVERLAP} overlap, "
            "dense inner product on the question alone, the best chunk as the answer and the top chunks as citations.",
            "",
        ]
    if "full" in report.modes:
        headers, rows = half_rows(report, "full")
        if rows:
            lines += ["### Full mode, calibration and check halves", "", format_table(headers, rows, markdown=True), ""]
        headers, rows = type_rows(report, "full")
        lines += ["### Full mode by question type", "", format_table(headers, rows, markdown=True), ""]
    return "\n".join(lines)


def write_json(report: EvalReport, path: str | Path, facts: MachineFacts | None = None) -> None:
    payload = report.to_json()
    payload["date"] = datetime.now().astimezone().isoformat(timespec="seconds")
    if facts is not None:
        payload["machine"] = asdict(facts)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_markdown(report: EvalReport, path: str | Path, facts: MachineFacts) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_markdown(report, facts), encoding="utf-8")


def document_set_settings(questions_path: Path, settings: Settings) -> Settings:
    """Settings for a question set that names its own documents.

    `laws-dev.jsonl` beside `laws-dev-docs.txt` (paths relative to the lawrefbook corpus,
    `QA_LAWREFBOOK`, default ../shared/corpora/lawrefbook) is evaluated over those documents:
    they are copied once into the cache (`$QA_HOME/eval/<set>/docs`, never into the repo) and
    indexed there, unless --docs was given.
    """
    listing = questions_path.with_name(f"{questions_path.stem}-docs.txt")
    if not listing.is_file() or settings.docs_dir != Settings.docs_dir:
        return settings
    root = Path(os.environ.get("QA_LAWREFBOOK", PROJECT_ROOT.parent / "shared" / "corpora" / "lawrefbook"))
    target = settings.home / "eval" / questions_path.stem
    docs_dir = target / "docs"
    for line in listing.read_text(encoding="utf-8").splitlines():
        relative = line.strip()
        if not relative:
            continue
        source, copy = root / relative, docs_dir / relative
        if not source.is_file():
            raise FileNotFoundError(f"{listing}: 找不到文件 {source}（设置 QA_LAWREFBOOK 指向 lawrefbook 目录）")
        if not copy.is_file() or copy.stat().st_size != source.stat().st_size:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
    index_dir = settings.index_dir if settings.index_dir != Settings.index_dir else target / "index"
    print(f"documents of {listing.name}: {docs_dir} (index {index_dir})")
    return replace(settings, docs_dir=docs_dir, index_dir=index_dir)


def run_eval_command(
    questions_path: str | Path,
    settings: Settings,
    modes: str | Sequence[str] | None,
    json_out: str | Path | None,
    md_out: str | Path | None,
    *,
    pipeline: PipelineLike | None = None,
    progress: bool = True,
) -> int:
    """Everything `qa eval` does. Exit code: 0 clean; 1 when lines were rejected or an item
    raised (the report is still printed and written); 2 when nothing could be evaluated."""
    try:
        chosen = parse_modes(modes)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        questions, load_errors = load_questions(questions_path)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {questions_path}: {exc}", file=sys.stderr)
        return 2
    for message in load_errors:
        print(f"{questions_path}: {message}", file=sys.stderr)
    if not questions:
        print(f"error: no valid questions in {questions_path}", file=sys.stderr)
        return 2
    counts = Counter(q.type for q in questions)
    print(
        f"{len(questions)} questions from {questions_path} "
        f"({', '.join(f'{t} {counts[t]}' for t in QUESTION_TYPES if counts[t])}); "
        f"{len(load_errors)} lines rejected; modes: {', '.join(chosen)}"
    )

    settings = document_set_settings(Path(questions_path), settings)
    open_seconds: float | None = None
    if pipeline is None:
        from qa.pipeline import Pipeline  # late: heavy, and opening may build the index

        started = time.perf_counter()
        pipeline = Pipeline.open(settings)
        open_seconds = time.perf_counter() - started

    report = evaluate(pipeline, questions, chosen, progress=progress)
    report.load_errors = list(load_errors)
    report.questions_path = str(questions_path)
    report.pipeline_open_seconds = round(open_seconds, 2) if open_seconds is not None else None

    print()
    print(render_text(report))
    facts = machine_facts()
    if json_out:
        write_json(report, json_out, facts)
        print(f"wrote {json_out}")
    if md_out:
        write_markdown(report, md_out, facts)
        print(f"wrote {md_out}")
    return 1 if load_errors or report.item_errors else 0
