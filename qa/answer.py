"""Compose an extractive answer with verified citations from retrieved clauses.

Fidelity rule: every number in the answer text appears verbatim in one of its cited
quotes; an answer that would break it is not returned (see `check_fidelity`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.index import Index
from qa.keywords import SYNONYMS, KeywordTokenizer
from qa.records import Answer, AnswerFigure, Citation, Clause, Figure, Hit
from qa.retrieve import Retrieval

SENTENCE_END = re.compile(r"[^。；;！？!?\n]*[。；;！？!?]?")
CITATION_MARK = re.compile(r"\[\d+\]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
NOT_FOUND = "未找到：所检索的文件中没有明确规定{what}。"
MIN_COVERAGE = 0.5  # share of the question's content words a found answer's sentence must hold


class FidelityError(RuntimeError):
    pass


@dataclass
class Span:
    start: int  # absolute offsets in the source text
    end: int
    text: str


def sentences(clause: Clause) -> list[Span]:
    """Sentences of a clause (cells for a table row), with absolute source offsets."""
    if clause.kind == "table_row":
        return [Span(clause.start, clause.end, clause.text)]
    spans = []
    for match in SENTENCE_END.finditer(clause.text):
        text = match.group(0)
        stripped = text.strip()
        if not stripped:
            continue
        lead = len(text) - len(text.lstrip())
        start = clause.start + match.start() + lead
        spans.append(Span(start, start + len(stripped), stripped))
    return spans or [Span(clause.start, clause.end, clause.text)]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def numbers_in(text: str) -> list[str]:
    return NUMBER.findall(CITATION_MARK.sub("", text))


def check_fidelity(answer_text: str, quotes: list[str]) -> list[str]:
    """Numbers in the answer that stand in no quote (whitespace ignored); [] when faithful."""
    joined = "".join(re.sub(r"\s", "", quote) for quote in quotes)
    quote_numbers = set(NUMBER.findall(joined))
    return [number for number in numbers_in(answer_text) if number not in quote_numbers and number not in joined]


def _variants(token: str) -> set[str]:
    forms = {token, *SYNONYMS.get(token, ())}
    for standard, variants in SYNONYMS.items():
        if token in variants:
            forms.add(standard)
    return forms


def coverage(content_tokens: list[str], text: str) -> float:
    """Share of content tokens (any synonym form) present in text."""
    if not content_tokens:
        return 0.0
    compact = re.sub(r"\s", "", text)
    present = sum(1 for token in content_tokens if any(form in compact for form in _variants(token)))
    return present / len(content_tokens)


class Composer:
    def __init__(self, index: Index, tokenizer: KeywordTokenizer) -> None:
        self.index = index
        self.tokenizer = tokenizer

    # --- citations --------------------------------------------------------------------
    def citation(self, clause: Clause, span: Span) -> Citation:
        source = self.index.sources[clause.doc]
        if source.text[span.start : span.end] != span.text:
            raise FidelityError(f"quote does not match source at {clause.doc}:{span.start}-{span.end}")
        meta = self.index.documents[clause.doc]
        return Citation(
            doc=clause.doc,
            title=meta.title,
            doc_number=meta.doc_number,
            region=meta.region_label,
            clause_id=clause.clause_id,
            path=clause.path_label,
            quote=span.text,
            start=span.start,
            end=span.end,
            context=clause.text,
        )

    def content_tokens(self, question: str, retrieval: Retrieval) -> list[str]:
        places = set()
        for name in retrieval.understanding.regions:
            places.add(name)
            if len(name) > 2:
                places.add(name[:-1])  # 瑞安市 -> 瑞安
        tokens = []
        for token in self.tokenizer.tokenize(question):
            if token in places or any(token in place for place in places) or len(token) < 2:
                continue
            if token not in tokens:
                tokens.append(token)
        return tokens

    def best_sentence(self, clause: Clause, tokens: list[str], units: list[str]) -> tuple[Span, float]:
        best: tuple[Span, float] | None = None
        for span in sentences(clause):
            score = coverage(tokens, span.text)
            if units and any(
                figure.unit in units and span.start <= figure.start < span.end for figure in clause.figures
            ):
                score += 0.5
            if best is None or score > best[1]:
                best = (span, score)
        assert best is not None
        return best

    # --- answers ----------------------------------------------------------------------
    def compose(self, question: str, retrieval: Retrieval) -> Answer:
        understanding = retrieval.understanding
        resolved = understanding.resolved_question
        if retrieval.uncovered_places and not retrieval.hits:
            places = "、".join(retrieval.uncovered_places)
            return self.not_found(question, retrieval, f"{places}的相关内容（文件库中没有覆盖该地区的文件）")
        if not retrieval.hits:
            return self.not_found(question, retrieval, "相关内容")
        if understanding.is_comparison and len({hit.clause.doc for hit in retrieval.hits}) > 1:
            return self.compare(question, retrieval)
        if understanding.asks_doc_number:
            return self.doc_number(question, retrieval)
        tokens = self.content_tokens(resolved, retrieval)
        units = list(understanding.expected_units) if understanding.figure_intent else []
        candidates = []
        for rank, hit in enumerate(retrieval.hits[:5]):
            span, score = self.best_sentence(hit.clause, tokens, units)
            candidates.append((score - 0.05 * rank, rank, hit, span))
        candidates.sort(key=lambda item: (-item[0], item[1]))
        _, _, hit, span = candidates[0]
        cover = coverage(tokens, span.text) if tokens else 1.0
        clause_cover = coverage(tokens, hit.clause.text) if tokens else 1.0
        has_unit = not units or any(
            figure.unit in units and span.start <= figure.start < span.end for figure in hit.clause.figures
        )
        if max(cover, clause_cover) < MIN_COVERAGE or not has_unit:
            return self.not_found(question, retrieval, "该问题所问的内容")
        if understanding.asks_responsible_units and hit.clause.responsible_units:
            return self.responsible_units(question, retrieval, hit, span)
        return self.finish(question, retrieval, [(hit.clause, span)], lead=self.region_of(hit.clause))

    def region_of(self, clause: Clause) -> str:
        return self.index.documents[clause.doc].region_label

    def finish(self, question: str, retrieval: Retrieval, cited: list[tuple[Clause, Span]], lead: str, extra: str = "") -> Answer:
        citations = [self.citation(clause, span) for clause, span in cited]
        lines = []
        for number, (clause, span) in enumerate(cited, start=1):
            text = span.text if clause.kind != "table_row" else (clause.search_text or span.text)
            prefix = f"{lead}：" if number == 1 else f"另（{clause.path_label or '同一文件'}）："
            lines.append(f"{prefix}{one_line(text)}[{number}]")
        answer_text = "\n".join(lines) + (f"\n{extra}" if extra else "")
        return self.verified(question, retrieval, answer_text, citations, cited)

    def verified(self, question: str, retrieval: Retrieval, answer_text: str, citations: list[Citation], cited: list[tuple[Clause, Span]], table: list[dict] | None = None) -> Answer:
        unsupported = check_fidelity(answer_text, [c.quote for c in citations])
        if unsupported:
            raise FidelityError(f"answer carries numbers not in its quotes: {unsupported}")
        figures = [
            AnswerFigure(figure.text, figure.value, figure.unit, number)
            for number, (clause, span) in enumerate(cited)
            for figure in clause.figures
            if figure.kind == "figure" and span.start <= figure.start and figure.end <= span.end
        ]
        return Answer(
            question=question,
            answer=answer_text,
            found=True,
            citations=citations,
            figures=figures,
            retrieved=self.retrieved(retrieval.hits),
            resolved_question=retrieval.understanding.resolved_question,
            table=table or [],
        )

    def retrieved(self, hits: list[Hit]) -> list[dict]:
        return [
            {"clause_id": hit.clause.clause_id, "doc": hit.clause.doc, "text": hit.clause.text, "score": round(hit.score, 6)}
            for hit in hits[:10]
        ]

    def not_found(self, question: str, retrieval: Retrieval, what: str) -> Answer:
        related_hits = retrieval.hits[:3] or retrieval.nearest[:3]
        related = [self.citation(hit.clause, Span(hit.clause.start, hit.clause.end, hit.clause.text)) for hit in related_hits]
        answer_text = NOT_FOUND.format(what=what)
        if related:
            answer_text += "以下相关条款仅供参考（并非答案）。"
        return Answer(
            question=question,
            answer=answer_text,
            found=False,
            citations=[],
            related=related,
            retrieved=self.retrieved(retrieval.hits or retrieval.nearest),
            resolved_question=retrieval.understanding.resolved_question,
        )

    def responsible_units(self, question: str, retrieval: Retrieval, hit: Hit, span: Span) -> Answer:
        clause = hit.clause
        units = clause.responsible_units
        marker = re.search(r"[(（]?(责任单位|职责单位|牵头单位|责任部门)[:：]", clause.text)
        if marker and clause.kind != "table_row":
            start = clause.start + marker.start()
            close = re.search(r"[)）]", clause.text[marker.end():])
            end = clause.start + (marker.end() + close.end() if close else len(clause.text))
            span = Span(start, end, clause.text[start - clause.start : end - clause.start])
        lead = f"{self.region_of(clause)}：责任单位为{'、'.join(units)}（列第一位的一般为牵头单位）"
        citations = [self.citation(clause, span)]
        answer_text = f"{lead}[1]\n原文：{one_line(span.text)}[1]"
        return self.verified(question, retrieval, answer_text, citations, [(clause, span)])

    def doc_number(self, question: str, retrieval: Retrieval) -> Answer:
        doc = retrieval.hits[0].clause.doc
        meta = self.index.documents[doc]
        source = self.index.sources[doc]
        position = source.text.find(meta.doc_number) if meta.doc_number else -1
        if position < 0:
            return self.not_found(question, retrieval, "文号")
        clause = next((c for c in self.index.clauses if c.doc == doc and c.start <= position < c.end), None)
        if clause is None:
            return self.not_found(question, retrieval, "文号")
        span = Span(position, position + len(meta.doc_number), meta.doc_number)
        return self.finish(question, retrieval, [(clause, span)], lead=f"{meta.region_label}《{meta.title}》文号")

    def compare(self, question: str, retrieval: Retrieval) -> Answer:
        understanding = retrieval.understanding
        tokens = self.content_tokens(understanding.resolved_question, retrieval)
        units = list(understanding.expected_units)
        best_per_doc: dict[str, tuple[Hit, Span, float]] = {}
        for hit in retrieval.hits:
            span, score = self.best_sentence(hit.clause, tokens, units)
            if hit.clause.doc not in best_per_doc:
                best_per_doc[hit.clause.doc] = (hit, span, score)
        cited: list[tuple[Clause, Span]] = []
        table: list[dict] = []
        lines = []
        for doc, (hit, span, score) in best_per_doc.items():
            figure = next(
                (f for f in hit.clause.figures if f.kind == "figure" and span.start <= f.start < span.end and (not units or f.unit in units)),
                None,
            )
            region = self.region_of(hit.clause)
            if figure is None or coverage(tokens, span.text) < MIN_COVERAGE:
                table.append({"region": region, "value": None, "text": "未规定", "citation": None})
                continue
            cited.append((hit.clause, span))
            number = len(cited)
            table.append({
                "region": region, "value": figure.value, "unit": figure.unit, "text": figure.text,
                "comparator": figure.comparator, "period": figure.period, "citation": number - 1,
            })
            lines.append(f"{region}：{one_line(span.text)}[{number}]")
        if not cited:
            return self.not_found(question, retrieval, "可比较的数字")
        table.sort(key=lambda row: (row["value"] is None, -(row["value"] or 0)))
        missing = [row["region"] for row in table if row["value"] is None]
        if missing:
            lines.append(f"未规定：{'、'.join(missing)}")
        citations = [self.citation(clause, span) for clause, span in cited]
        return self.verified(question, retrieval, "\n".join(lines), citations, cited, table)
