"""Answers about the document itself: when it takes effect (its "本条例自…起施行") and its
文号, each quoted where the document states it."""

from __future__ import annotations

from qa.index.build import Index
from qa.records import Answer, Clause, Retrieval
from qa.answer.builder import AnswerBuilder
from qa.answer.candidates import ENACTMENT
from qa.answer.fidelity import check_fidelity
from qa.answer.sentences import Span, figures_in, one_line, sentences


def enactment_answer(builder: AnswerBuilder, question: str, retrieval: Retrieval) -> Answer:
    """When a rule takes effect: the sentence "本条例自…起施行" of the document asked about.
    Amendment and adoption dates are not the answer; without such a sentence, 未找到."""
    doc = retrieval.hits[0].clause.doc
    for clause in (c for c in builder.index.clauses if c.doc == doc):
        for span in sentences(clause):
            match = ENACTMENT.search(span.text)
            if match and figures_in(clause, span, ("date",)):
                start = span.start + match.start()
                quote = Span(start, start + len(match.group().strip()), match.group().strip())
                answer_text = f"{builder.region_of(clause, retrieval)}：{one_line(quote.text)}[1]"
                return builder.verified(question, retrieval, answer_text, [(clause, quote)])
    return builder.not_found(question, retrieval, "该文件的施行日期（文中没有“自…起施行”的规定）")


def doc_number_answer(builder: AnswerBuilder, question: str, retrieval: Retrieval) -> Answer:
    index = builder.index
    doc = retrieval.hits[0].clause.doc
    meta = index.documents[doc]
    source = index.sources[doc]
    position = source.text.find(meta.doc_number) if meta.doc_number else -1
    clause = next((c for c in index.clauses if c.doc == doc and c.start <= position < c.end), None)
    if position < 0 or clause is None:
        return builder.not_found(question, retrieval, "该文件的文号")
    span = Span(position, position + len(meta.doc_number), meta.doc_number)
    answer_text = f"{meta.region_label}：《{meta.title}》的文号为 {meta.doc_number}[1]"
    title_span = _title_span(index, doc, meta.title)
    cited = [(clause, span)] + ([title_span] if title_span else [])
    if check_fidelity(answer_text, [s.text for _, s in cited]):
        answer_text = f"{meta.region_label}：文号为 {meta.doc_number}[1]"
    return builder.verified(question, retrieval, answer_text, cited)


def _title_span(index: Index, doc: str, title: str) -> tuple[Clause, Span] | None:
    position = index.sources[doc].text.find(title) if title else -1
    clause = next((c for c in index.clauses if c.doc == doc and c.start <= position < c.end), None)
    if position < 0 or clause is None:
        return None
    return clause, Span(position, position + len(title), title)
