"""Metrics of qa/eval/evaluate.py pinned on hand-made cases.

The pipeline and embedder here are test doubles for plumbing only (they record calls
and return fixed hits); every metric is computed by the real functions.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from qa.eval.baselines import chunk_spans
from qa.eval.evaluate import (
    GoldQuestion,
    Passage,
    aggregate,
    citation_correct,
    contains_evidence,
    evaluate,
    evidence_rank,
    figures_in_answer,
    gold_documents,
    load_questions,
    parse_modes,
    percentile,
    refusal_scores,
    run_eval_command,
    score_item,
)
from qa.records import Answer, Citation, Clause, Hit, RetrievedClause, SourceDocument
from qa.settings import Settings

DEV_QUESTIONS = Path(__file__).resolve().parents[2] / "data" / "questions" / "dev.jsonl"

LAND_EVIDENCE = "全市出让土地总量中工业用地比例不低于30%"
LAND_EVIDENCE_SPACED = "全市出让土地 总量中\u3000工业用地\n比例不低于\t30 %"
DOC_A = "000_a.txt"
DOC_B = "001_b.txt"


def passage(doc: str, text: str, n: int = 0) -> Passage:
    return Passage(doc=doc, clause_id=f"{doc}#{n}", text=text)


def clause(doc: str, text: str, n: int = 0) -> Clause:
    return Clause(clause_id=f"{doc}#{n}", doc=doc, path=["一、总体要求"], text=text, start=0, end=len(text))


def citation(doc: str, context: str, quote: str = "") -> Citation:
    return Citation(
        doc=doc, title="", doc_number="", region="", clause_id=f"{doc}#0", path="一、总体要求",
        quote=quote or context, start=0, end=len(quote or context), context=context,
    )


def gold(
    id: str, question: str, evidence: tuple[str, ...], *, doc: str = DOC_A, type: str = "fact",
    answer: str = "答案", figures: tuple[str, ...] = (), history: tuple[str, ...] = (),
) -> GoldQuestion:
    return GoldQuestion(
        id=id, question=question, doc=doc, region="湖州市", answer=answer, figures=figures,
        evidence=evidence, type=type, history=history,
    )


class RecordingPipeline:
    """Returns fixed clauses/answers per question and records how it was called."""

    def __init__(
        self,
        clauses: dict[str, list[Clause]] | None = None,
        answers: dict[str, Answer] | None = None,
        documents: list[SourceDocument] | None = None,
        embedder: object = None,
        failing: set[str] | None = None,
    ) -> None:
        self.clauses = clauses or {}
        self.answers = answers or {}
        self._documents = documents or []
        self.embedder = embedder
        self.failing = failing or set()
        self.index_build_seconds: float | None = 4.5
        self.retrieve_calls: list[tuple[str, list[str] | None, str, int]] = []
        self.ask_calls: list[tuple[str, list[str] | None, str | None]] = []

    def retrieve(self, question: str, history: list[str] | None = None, mode: str = "full", k: int = 10) -> list[Hit]:
        self.retrieve_calls.append((question, history, mode, k))
        if question in self.failing:
            raise RuntimeError("index unavailable")
        return [Hit(clause=c, score=1.0 / (i + 1)) for i, c in enumerate(self.clauses.get(question, []))]

    def ask(self, question: str, history: list[str] | None = None, region: str | None = None) -> Answer:
        self.ask_calls.append((question, history, region))
        if question in self.failing:
            raise RuntimeError("index unavailable")
        return self.answers[question]

    def documents(self) -> list[SourceDocument]:
        return self._documents


class CharCountEmbedder:
    """Normalized character counts over a fixed vocabulary: enough to rank chunks deterministically."""

    def __init__(self, vocabulary: str) -> None:
        self.vocabulary = sorted(set(vocabulary))
        self.document_calls: list[list[str]] = []
        self.query_calls: list[list[str]] = []

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.array([[text.count(ch) for ch in self.vocabulary] for text in texts], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        self.document_calls.append(list(texts))
        return self._encode(texts)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        self.query_calls.append(list(texts))
        return self._encode(texts)


def answer_of(
    question: str, text: str, found: bool, citations: list[Citation], retrieved: list[Clause],
    resolved: str = "",
) -> Answer:
    return Answer(
        question=question, answer=text, found=found, citations=citations,
        retrieved=[RetrievedClause(c.clause_id, c.doc, c.text, 1.0) for c in retrieved],
        resolved_question=resolved or question,
    )


# ---------------------------------------------------------------- matching


def test_evidence_matching_ignores_spaces_ideographic_spaces_newlines_and_tabs() -> None:
    assert contains_evidence(LAND_EVIDENCE_SPACED, LAND_EVIDENCE)
    assert contains_evidence("（二）" + LAND_EVIDENCE_SPACED + "。", "比例 不低于 30%")
    assert not contains_evidence(LAND_EVIDENCE_SPACED.replace("30", "40"), LAND_EVIDENCE)
    assert not contains_evidence(LAND_EVIDENCE_SPACED, "")


def test_evidence_rank_is_first_rank_holding_the_evidence() -> None:
    retrieved = [passage(DOC_A, "其他条款", 1), passage(DOC_A, "又一条", 2), passage(DOC_A, LAND_EVIDENCE_SPACED, 3)]
    assert evidence_rank([LAND_EVIDENCE], frozenset({DOC_A}), retrieved) == 3
    assert evidence_rank([LAND_EVIDENCE], frozenset({DOC_A}), retrieved, k=2) is None


def test_multi_part_evidence_needs_every_part_and_ranks_by_the_last_part() -> None:
    parts = ["提取土地出让收入的0.5%以上", "提取土地出让结算收入的2%以上"]
    retrieved = [
        passage(DOC_A, "湖州：提取土地出让收入的0.5%以上作为专项经费", 1),
        passage(DOC_A, "无关", 2),
        passage(DOC_A, "无关", 3),
        passage(DOC_B, "文成：提取土地出让结算收入的 2% 以上作为专项经费", 4),
    ]
    docs = frozenset({DOC_A, DOC_B})
    assert evidence_rank(parts, docs, retrieved) == 4
    assert evidence_rank(parts, docs, retrieved, k=3) is None  # second part only at rank 4
    assert evidence_rank(parts, docs, retrieved[:1]) is None
    assert evidence_rank(parts[:1], docs, retrieved) == 1


def test_hit_at_k_and_reciprocal_rank_follow_the_evidence_rank() -> None:
    question = gold("q", "湖州工业用地出让比例？", (LAND_EVIDENCE,))
    filler = [passage(DOC_A, f"无关条款{i}", i) for i in range(1, 11)]

    at_seven = score_item(question, "dense", filler[:6] + [passage(DOC_A, LAND_EVIDENCE, 7)] + filler[6:], 1.0)
    assert (at_seven.evidence_rank, at_seven.hit_at_1, at_seven.hit_at_5) == (7, False, False)
    assert at_seven.reciprocal_rank == pytest.approx(1 / 7)

    at_five = score_item(question, "dense", filler[:4] + [passage(DOC_A, LAND_EVIDENCE, 5)], 1.0)
    assert (at_five.evidence_rank, at_five.hit_at_1, at_five.hit_at_5) == (5, False, True)

    beyond_ten = score_item(question, "dense", filler + [passage(DOC_A, LAND_EVIDENCE, 11)], 1.0)
    assert beyond_ten.evidence_rank is None and beyond_ten.reciprocal_rank == 0.0
    assert beyond_ten.missing_evidence == [LAND_EVIDENCE]
    assert at_seven.citation_first is None and at_seven.found is None  # retrieval modes score no answer


def test_evidence_from_the_wrong_document_does_not_count() -> None:
    wrong_first = [passage(DOC_B, LAND_EVIDENCE, 1), passage(DOC_A, LAND_EVIDENCE_SPACED, 2)]
    assert evidence_rank([LAND_EVIDENCE], frozenset({DOC_A}), wrong_first) == 2
    assert evidence_rank([LAND_EVIDENCE], frozenset({DOC_A}), wrong_first[:1]) is None
    # a document under a subfolder still matches the gold file name
    assert evidence_rank([LAND_EVIDENCE], frozenset({DOC_A}), [passage(f"uploads/{DOC_A}", LAND_EVIDENCE)]) == 1


def test_gold_documents_star_means_any_unless_evidence_docs_are_listed() -> None:
    assert gold_documents("*") is None
    assert gold_documents("*", [DOC_A, DOC_B]) == frozenset({DOC_A, DOC_B})
    assert gold_documents(DOC_A) == frozenset({DOC_A})
    assert evidence_rank([LAND_EVIDENCE], gold_documents("*"), [passage("z.txt", LAND_EVIDENCE)]) == 1
    assert evidence_rank([LAND_EVIDENCE], gold_documents("*", [DOC_A]), [passage("z.txt", LAND_EVIDENCE)]) is None


def test_citation_first_and_any_of_three_use_context_then_quote() -> None:
    citations = [
        citation(DOC_B, LAND_EVIDENCE),  # right text, wrong document
        citation(DOC_A, "无关条款"),
        citation(DOC_A, "", quote=LAND_EVIDENCE_SPACED),  # no context: the quote is judged
    ]
    docs = frozenset({DOC_A})
    assert not citation_correct([LAND_EVIDENCE], docs, citations, first_n=1)
    assert citation_correct([LAND_EVIDENCE], docs, citations, first_n=3)
    assert not citation_correct([LAND_EVIDENCE], docs, citations, first_n=2)
    assert citation_correct([LAND_EVIDENCE], docs, citations[2:], first_n=1)
    assert not citation_correct([LAND_EVIDENCE], docs, [], first_n=3)


def test_figures_in_answer_needs_every_figure_ignoring_whitespace() -> None:
    assert figures_in_answer(["50万吨标准煤"], "力争腾出用能 50 万吨\u3000标准煤")
    assert figures_in_answer(["20万元", "45万元/亩"], "宁海45万元/亩，文成20万元")
    assert not figures_in_answer(["20万元", "45万元/亩"], "宁海45万元/亩")
    assert not figures_in_answer(["40%"], "不低于30%")


def test_refusal_precision_recall_and_wrongly_refused() -> None:
    answerable = [False, False, False] + [True] * 7
    found = [False, False, True] + [False] + [True] * 6
    scores = refusal_scores(found, answerable)
    assert (scores.refused, scores.correctly_refused, scores.wrongly_refused) == (3, 2, 1)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.wrongly_refused_rate == pytest.approx(1 / 7)
    never_refuses = refusal_scores([True, True], [False, True])
    assert never_refuses.precision is None and never_refuses.recall == 0.0
    # a failed item (None) is not a refusal
    assert refusal_scores([None], [False]).recall == 0.0


def test_an_answer_citing_another_regions_document_is_counted() -> None:
    question = gold("q1", "瑞安工业用地出让比例是多少", (LAND_EVIDENCE,))
    own = score_item(question, "full", [passage(DOC_A, LAND_EVIDENCE)], 1.0, answer_text="30%", found=True,
                     citations=[citation(DOC_A, LAND_EVIDENCE)])
    foreign = score_item(question, "full", [passage(DOC_A, LAND_EVIDENCE)], 1.0, answer_text="40%", found=True,
                         citations=[citation(DOC_A, LAND_EVIDENCE), citation(DOC_B, "区县每年出让土地总量中工业用地比例不低于40%")])
    refused = score_item(question, "full", [], 1.0, answer_text="未找到", found=False, citations=[])
    assert (own.foreign_citation, foreign.foreign_citation, refused.foreign_citation) == (False, True, None)
    assert aggregate([own, foreign, refused], answers=True).foreign_answers == 1


def test_percentiles_interpolate_between_samples() -> None:
    latencies = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
    assert percentile(latencies, 50) == pytest.approx(55.0)
    assert percentile(latencies, 95) == pytest.approx(95.5)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


# ---------------------------------------------------------------- question files


def test_malformed_lines_are_reported_with_line_numbers_and_the_rest_load(tmp_path: Path) -> None:
    good = {
        "id": "q1", "question": "湖州方案提出要新增多少台工业机器人？", "doc": DOC_A, "region": "湖州市",
        "answer": "新增工业机器人6000台", "figures": ["6000台"], "evidence": "新增工业机器人6000台", "type": "figure",
    }
    missing_question = {k: v for k, v in good.items() if k != "question"} | {"id": "q2"}
    unknown_type = good | {"id": "q3", "type": "opinion"}
    unanswerable = good | {"id": "q4", "answer": "未找到", "evidence": "", "figures": [], "type": "unanswerable"}
    no_evidence = good | {"id": "q5", "evidence": " "}
    refusal_with_answer = unanswerable | {"id": "q6", "answer": "6000台"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        '{"id": "broken", "question": ',
        json.dumps(missing_question, ensure_ascii=False),
        "",
        json.dumps(unknown_type, ensure_ascii=False),
        json.dumps(unanswerable, ensure_ascii=False),
        json.dumps(good, ensure_ascii=False),  # duplicate id
        json.dumps(no_evidence, ensure_ascii=False),
        json.dumps(refusal_with_answer, ensure_ascii=False),
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    questions, errors = load_questions(path)

    assert [q.id for q in questions] == ["q1", "q4"]
    assert errors[0].startswith("line 2: bad JSON")
    assert errors[1] == "line 3: missing field 'question'"
    assert errors[2].startswith("line 5: unknown type 'opinion'")
    assert errors[3] == "line 7: duplicate id 'q1' (first on line 1)"
    assert errors[4] == "line 8: answerable item has empty evidence"
    assert errors[5] == "line 9: type 'unanswerable' needs answer '未找到'"
    assert len(errors) == 6
    assert questions[0].answerable and not questions[1].answerable
    assert questions[0].line == 1 and questions[1].line == 6


def test_evidence_is_split_on_double_bar(tmp_path: Path) -> None:
    record = {
        "id": "c1", "question": "哪个更高？", "doc": "*", "region": "*", "answer": "宁海更高",
        "figures": ["20万元", "45万元/亩"], "evidence": "亩均税收达到20万元 || 亩均税收到达45万元/亩",
        "evidence_docs": [DOC_A, DOC_B], "type": "compare",
    }
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (question,), errors = load_questions(path)
    assert errors == []
    assert question.evidence == ("亩均税收达到20万元", "亩均税收到达45万元/亩")
    assert question.gold_docs == frozenset({DOC_A, DOC_B})


def test_real_dev_questions_load_without_errors() -> None:
    questions, errors = load_questions(DEV_QUESTIONS)
    assert errors == []
    assert len(questions) == 60
    assert Counter(q.type for q in questions) == {
        "figure": 19, "fact": 13, "table": 6, "paraphrase": 6, "unanswerable": 6, "followup": 5, "compare": 5,
    }
    assert sum(not q.answerable for q in questions) == 6
    assert all(q.history for q in questions if q.type == "followup")


def test_parse_modes_accepts_comma_lists_in_canonical_order() -> None:
    assert parse_modes("naive,full") == ["full", "naive"]
    assert parse_modes(["dense", "keyword,full"]) == ["keyword", "dense", "full"]
    assert parse_modes(None) == ["keyword", "dense", "fused", "full", "naive"]
    with pytest.raises(ValueError, match="bm25"):
        parse_modes("full,bm25")


# ---------------------------------------------------------------- evaluation runs


def _scenario() -> tuple[RecordingPipeline, list[GoldQuestion]]:
    followup_evidence = "区县每年出让土地总量中工业用地比例不低于40%"
    questions = [
        gold("q1", "湖州工业用地出让比例是多少？", (LAND_EVIDENCE,), type="figure", figures=("30%",)),
        gold(
            "q2", "那湖州呢？", (followup_evidence,), doc=DOC_B, type="followup", figures=("40%",),
            history=("瑞安工业用地出让比例是多少",),
        ),
        gold("q3", "杭州的比例是多少？", (), doc="*", type="unanswerable", answer="未找到"),
        gold("q4", "责任单位有哪些？", ("市金融办、市经信局",), type="fact"),
    ]
    land = clause(DOC_A, LAND_EVIDENCE_SPACED, 1)
    followup = clause(DOC_B, followup_evidence, 2)
    other = clause(DOC_A, "其他条款", 3)
    pipeline = RecordingPipeline(
        clauses={
            "湖州工业用地出让比例是多少？": [clause(DOC_B, LAND_EVIDENCE, 9), land],  # keyword: rank 2
            "那湖州呢？": [followup],
        },
        answers={
            "湖州工业用地出让比例是多少？": answer_of(
                "湖州工业用地出让比例是多少？", "不低于30%", True, [citation(DOC_A, LAND_EVIDENCE_SPACED)], [land, other]
            ),
            "那湖州呢？": answer_of(
                "那湖州呢？", "不低于35%", True,
                [citation(DOC_A, "其他条款"), citation(DOC_B, followup_evidence)],
                [other, clause(DOC_A, "又一条", 4), followup],
                resolved="湖州工业用地出让比例是多少",
            ),
            "杭州的比例是多少？": answer_of("杭州的比例是多少？", "未找到", False, [], [other]),
            "责任单位有哪些？": answer_of("责任单位有哪些？", "未找到", False, [], [other]),
        },
    )
    return pipeline, questions


def test_followup_history_reaches_the_pipeline_and_region_is_not_leaked() -> None:
    pipeline, questions = _scenario()
    evaluate(pipeline, questions, ["keyword", "full"])
    assert ("那湖州呢？", ["瑞安工业用地出让比例是多少"], "keyword", 10) in pipeline.retrieve_calls
    assert ("那湖州呢？", ["瑞安工业用地出让比例是多少"], None) in pipeline.ask_calls
    assert ("湖州工业用地出让比例是多少？", None, None) in pipeline.ask_calls
    assert len(pipeline.ask_calls) == 4 and len(pipeline.retrieve_calls) == 4


def test_full_mode_metrics_on_a_hand_made_scenario() -> None:
    pipeline, questions = _scenario()
    report = evaluate(pipeline, questions, ["keyword", "full"])
    full = report.metrics["full"]

    # ranks of evidence in Answer.retrieved: q1 1, q2 3, q4 missing
    assert full.retrieval_n == 3
    assert full.hit_at_1 == pytest.approx(1 / 3)
    assert full.hit_at_5 == pytest.approx(2 / 3)
    assert full.mrr_at_10 == pytest.approx((1 + 1 / 3 + 0) / 3)
    # q1 first citation right; q2 right only at the second citation; q4 refused
    assert (full.citation_first_passed, full.citation_any3_passed, full.citation_n) == (1, 2, 3)
    # q1 answer holds 30%; q2 says 35% not 40%; q4 has no figures
    assert (full.figure_passed, full.figure_n) == (1, 2)
    assert full.refusal_precision == pytest.approx(1 / 2)
    assert full.refusal_recall == pytest.approx(1.0)
    assert full.wrongly_refused == pytest.approx(1 / 3)
    assert full.latency_p50_ms is not None and full.errors == 0

    keyword = report.metrics["keyword"]
    assert (keyword.hit_at_1_passed, keyword.hit_at_5_passed, keyword.retrieval_n) == (1, 2, 3)
    assert keyword.citation_n == 0 and keyword.refusal_recall is None

    followup = report.by_type["full"]["followup"]
    assert (followup.n, followup.hit_at_1_passed, followup.hit_at_5_passed, followup.figure_passed) == (1, 0, 1, 0)
    assert report.by_type["full"]["unanswerable"].refusal_recall == 1.0

    q2 = next(o for o in report.outcomes["full"] if o.id == "q2")
    assert q2.resolved_question == "湖州工业用地出让比例是多少"
    assert q2.evidence_rank == 3 and q2.citation_first is False and q2.citation_any3 is True
    assert q2.first_citation == {"doc": DOC_A, "path": "一、总体要求", "quote": "其他条款"}
    q4 = next(o for o in report.outcomes["full"] if o.id == "q4")
    assert q4.missing_evidence == ["市金融办、市经信局"] and q4.refusal_ok is False
    assert report.index_build_seconds == 4.5


def test_an_item_that_raises_is_scored_as_a_failure_and_the_rest_still_run() -> None:
    pipeline, questions = _scenario()
    pipeline.failing = {"湖州工业用地出让比例是多少？"}
    report = evaluate(pipeline, questions, ["full"])
    full = report.metrics["full"]
    assert full.errors == 1 and full.n == 4
    assert (full.hit_at_1_passed, full.retrieval_n) == (0, 3)
    assert (full.citation_any3_passed, full.figure_passed) == (1, 0)
    failed = report.outcomes["full"][0]
    assert failed.error == "RuntimeError: index unavailable" and failed.hit_at_5 is False


def test_chunk_spans_are_fixed_size_with_overlap() -> None:
    assert chunk_spans(1200) == [(0, 500), (450, 950), (900, 1200)]
    assert chunk_spans(500) == [(0, 500)]
    assert chunk_spans(30) == [(0, 30)]
    assert chunk_spans(0) == []


def test_naive_baseline_answers_with_the_best_chunk_and_ignores_history() -> None:
    land_text = "二、主要措施\n" + LAND_EVIDENCE + "。"
    tax_text = "研发经费支出占比达到3%，规上工业亩均税收达到20万元。"
    documents = [
        SourceDocument(path=DOC_A, text=land_text, sha256="a", format="txt"),
        SourceDocument(path=DOC_B, text=tax_text * 40, sha256="b", format="txt"),  # 1120 chars: 3 chunks
    ]
    embedder = CharCountEmbedder(land_text + tax_text)
    pipeline = RecordingPipeline(documents=documents, embedder=embedder)
    questions = [
        gold("q1", "全市工业用地比例不低于多少", (LAND_EVIDENCE,), type="figure", figures=("30%",), history=("上一问",)),
        gold("q2", "亩均税收目标", ("亩均税收达到20万元",), doc=DOC_B, figures=("20万元",)),
        gold("q3", "杭州呢", (), doc="*", type="unanswerable", answer="未找到"),
    ]

    report = evaluate(pipeline, questions, ["naive"])

    assert report.naive_chunks == 4
    assert [len(batch) for batch in embedder.document_calls] == [4]  # chunks encoded once per run
    assert embedder.query_calls == [["全市工业用地比例不低于多少"], ["亩均税收目标"], ["杭州呢"]]
    q1, q2, q3 = report.outcomes["naive"]
    assert q1.answer == land_text and q1.found is True
    assert q1.first_citation == {"doc": DOC_A, "path": "", "quote": land_text}
    assert q1.evidence_rank == 1 and q1.citation_first and q1.figures_ok
    assert q2.retrieved[0]["doc"] == DOC_B and q2.figures_ok
    naive = report.metrics["naive"]
    assert naive.refusal_recall == 0.0 and naive.wrongly_refused == 0.0  # never refuses
    assert pipeline.ask_calls == [] and pipeline.retrieve_calls == []


def test_ratio_over_naive_divides_full_by_naive() -> None:
    pipeline, questions = _scenario()
    # naive finds nothing useful: its only document holds none of the evidence
    pipeline._documents = [SourceDocument(path=DOC_A, text="其他条款" * 10, sha256="a", format="txt")]
    pipeline.embedder = CharCountEmbedder("其他条款湖州")
    report = evaluate(pipeline, questions, ["full", "naive"])
    assert report.metrics["naive"].hit_at_5 == 0.0
    assert report.ratio_over_naive is not None
    assert report.ratio_over_naive["hit_at_5"] is None  # division by zero is reported as n/a

    report.metrics["naive"].hit_at_1 = 1 / 6
    from qa.eval.evaluate import ratio_over_naive

    assert ratio_over_naive(report.metrics["full"], report.metrics["naive"])["hit_at_1"] == pytest.approx(2.0)


def test_run_eval_command_prints_and_writes_json_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pipeline, questions = _scenario()
    rows = [
        {
            "id": q.id, "question": q.question, "history": list(q.history), "doc": q.doc, "region": q.region,
            "answer": q.answer, "figures": list(q.figures), "evidence": " || ".join(q.evidence), "type": q.type,
        }
        for q in questions
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    json_out, md_out = tmp_path / "out" / "eval.json", tmp_path / "out" / "eval.md"

    code = run_eval_command(path, Settings(), "keyword,full", json_out, md_out, pipeline=pipeline, progress=False)

    assert code == 0
    printed = capsys.readouterr().out
    assert "evidence hit@1 (n=3)" in printed and "followup" in printed
    assert "figures missing (1): q2" in printed
    payload = json.loads(json_out.read_text(encoding="utf-8"))
    assert payload["metrics"]["full"]["citation_first_passed"] == 1
    items = {item["id"]: item for item in payload["items"]["full"]}
    assert items["q2"]["evidence_rank"] == 3 and items["q2"]["figures_ok"] is False
    assert items["q2"]["answer"] == "不低于35%"
    assert payload["machine"]["cores"] >= 1
    markdown = md_out.read_text(encoding="utf-8")
    assert "| metric | keyword | full |" in markdown and "cores" in markdown and "Python" in markdown

    # a rejected line still runs the others, but the exit code says the run was partial
    path.write_text(path.read_text(encoding="utf-8") + "not json\n", encoding="utf-8")
    assert run_eval_command(path, Settings(), "full", None, None, pipeline=pipeline, progress=False) == 1
    assert "line 5: bad JSON" in capsys.readouterr().err
    assert run_eval_command(path, Settings(), "bm25", None, None, pipeline=pipeline, progress=False) == 2


def test_a_comparison_citing_each_compared_places_rule_is_not_counted_foreign() -> None:
    question = gold("q2", "湖州和瑞安的工业用地出让比例分别是多少？", (LAND_EVIDENCE,), type="compare")
    compared = dataclasses.replace(citation(DOC_B, "工业用地比例不低于30%"), region="瑞安市")
    provincial = dataclasses.replace(citation(DOC_B, "工业用地比例不低于35%"), region="浙江省")
    elsewhere = dataclasses.replace(citation(DOC_B, "工业用地比例不低于35%"), region="宁海县")
    own = dataclasses.replace(citation(DOC_A, LAND_EVIDENCE), region="湖州市")
    scored = [
        score_item(question, "full", [passage(DOC_A, LAND_EVIDENCE)], 1.0, answer_text="40%；30%", found=True, citations=[own, other])
        for other in (compared, provincial, elsewhere)
    ]
    assert [outcome.foreign_citation for outcome in scored] == [False, False, True]
