"""Building an `Answer` from cited spans: the citation of each quote, the place it speaks
for, the fidelity check, and the refusals (未找到 with 相关条款, a question to complete).

Fidelity rule: every number in the answer text appears verbatim in one of its cited quotes;
an answer that would break it is not returned (`AnswerBuilder.verified` raises `FidelityError`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from qa.index.build import Index
from qa.records import Answer, AnswerFigure, Citation, Clause, ComparisonRow, Hit, RetrievedClause, Retrieval
from qa.answer.fidelity import check_fidelity
from qa.answer.sentences import Span, figures_in, whole
from qa.answer.validity_notes import with_validity

NOT_FOUND = "未找到：所检索的文件中没有明确规定{what}。"
RELATED_NOTE = "以下相关条款仅供参考（并非答案）。"
NEEDS_CONTEXT = "请把问题说完整：这个问题接着上一个问题问，但前面没有问题可接。请说明想了解哪个地区、哪项规定或哪个指标，例如“某市工业用地出让比例是多少？”"


class FidelityError(RuntimeError):
    pass


def applying_rule(asked: str, rule_place: str, national: bool, no_local_rule: bool = False) -> str:
    """The asked place labelled with the higher rule that answers for it: 济南市（适用山东省的规定）,
    佛山市（适用全国性规定）, or （无本地规定，适用全国性规定） where the place has no rule of its own."""
    if national:
        return f"{asked}（无本地规定，适用全国性规定）" if no_local_rule else f"{asked}（适用全国性规定）"
    return f"{asked}（适用{rule_place}的规定）"


# a list item -> the sentence introducing its list, with its clause (Penalties.list_introduction); None for no item
ListIntroduction = Callable[[Clause], tuple[Clause, Span] | None]
# stands in a citation's context for the items between a list's lead-in and the cited item
ITEMS_BETWEEN = "……"


class AnswerBuilder:
    """What every answer shape builds with: the index its quotes come from, and how a list item
    finds the sentence introducing its list."""

    def __init__(self, index: Index, list_introduction: ListIntroduction | None = None) -> None:
        self.index = index
        self.list_introduction = list_introduction

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
            context=self.context_of(clause),
        )

    def context_of(self, clause: Clause) -> str:
        """The clause as a reader needs it around the quote: a list item with the sentence that
        introduces its list ("申请设立司法鉴定机构的，应当具备下列条件：……（三）人民币五十万元以上的资金；"),
        since the item alone does not say what it lists. Both parts verbatim; `ITEMS_BETWEEN`
        where other items stand between them."""
        lead = self.list_introduction(clause) if self.list_introduction is not None else None
        if lead is None:
            return clause.text
        lead_span = lead[1]
        return lead_span.text + self.gap(clause.doc, lead_span.end, clause.start) + clause.text

    def gap(self, doc: str, end: int, start: int) -> str:
        """What a context joining two verbatim parts of a document shows between them: the blank
        lines as written, `ITEMS_BETWEEN` for other items."""
        between = self.index.sources[doc].text[end:start]
        return between if not between.strip() else ITEMS_BETWEEN

    def lead_ins_with_their_items(self, cited: list[tuple[Clause, Span]], citations: list[Citation]) -> list[Citation]:
        """A list's lead-in cited together with one of its items ("…有下列行为之一的，…处一万元以上
        十万元以下罚款：" and "（一）无正当理由拒绝入户安全检查的；") is the passage of both: its
        context reads on to the item, as the item's reads back to the lead-in."""
        if self.list_introduction is None:
            return citations
        extended = list(citations)
        for number, (clause, _) in enumerate(cited):
            item = next((later for later, _ in cited[number + 1 :] if later.doc == clause.doc and later.start > clause.end), None)
            if item is None or (introduction := self.list_introduction(item)) is None or introduction[0].clause_id != clause.clause_id:
                continue
            extended[number] = replace(citations[number], context=citations[number].context + self.gap(clause.doc, clause.end, item.start) + item.text)
        return extended

    def region_of(self, clause: Clause, retrieval: Retrieval | None = None) -> str:
        """The place an answer speaks for; a rule from above the asked place says so
        (济南市（适用山东省的规定）, 佛山市（适用全国性规定）)."""
        label = self.index.documents[clause.doc].region_label
        level = retrieval.levels.get(clause.doc) if retrieval else None
        if level in ("national", "above"):
            return applying_rule("、".join(retrieval.understanding.regions), label, level == "national", bool(retrieval.uncovered_places))
        return label

    def verified(
        self, question: str, retrieval: Retrieval, answer_text: str, cited: list[tuple[Clause, Span]], table: list[ComparisonRow] | None = None
    ) -> Answer:
        answer_text, cited, statuses = with_validity(self.index, retrieval, answer_text, cited, table)
        citations = [replace(self.citation(clause, span), status=statuses.get(clause.doc, "")) for clause, span in cited]
        citations = self.lead_ins_with_their_items(cited, citations)
        places = {meta.region_label for meta in self.index.documents.values()} | {
            name for meta in self.index.documents.values() for name in meta.regions
        } | set(retrieval.understanding.regions) | set(retrieval.uncovered_places)
        unsupported = check_fidelity(answer_text, [c.quote for c in citations], places)
        if unsupported:
            raise FidelityError(f"answer carries numbers not in its quotes: {unsupported}")
        figures = [
            AnswerFigure(figure.text, figure.value, figure.unit, number)
            for number, (clause, span) in enumerate(cited)
            for figure in figures_in(clause, span)
        ]
        return Answer(
            question=question,
            answer=answer_text,
            found=True,
            citations=citations,
            figures=figures,
            retrieved=self.retrieved(retrieval.hits, [clause for clause, _ in cited]),
            resolved_question=retrieval.understanding.resolved_question,
            table=table or [],
        )

    def retrieved(self, hits: list[Hit], cited: list[Clause] | None = None) -> list[RetrievedClause]:
        """The top 10 clauses as finally ranked: the clauses the answer cites first (the answer
        stage reranks by sentence-level evidence), then the retrieval order."""
        first_ids = list(dict.fromkeys(clause.clause_id for clause in cited or []))
        by_id = {hit.clause.clause_id: hit for hit in hits}
        ordered = [by_id[i] for i in first_ids if i in by_id] + [hit for hit in hits if hit.clause.clause_id not in first_ids]
        return [RetrievedClause(hit.clause.clause_id, hit.clause.doc, hit.clause.text, round(hit.score, 6)) for hit in ordered[:10]]

    def places_with_rules(self, retrieval: Retrieval) -> list[str]:
        """Places whose documents hold the clauses nearest the question, for a refusal to name."""
        return list(dict.fromkeys(self.index.documents[hit.clause.doc].region_label for hit in retrieval.nearest[:5]))

    def needs_context(self, question: str, retrieval: Retrieval, message: str = NEEDS_CONTEXT) -> Answer:
        """A follow-up with nothing before it, or a question naming nothing the documents could
        state: ask for what it leaves out instead of guessing."""
        return Answer(
            question=question,
            answer=message,
            found=False,
            resolved_question=retrieval.understanding.resolved_question,
        )

    def not_found(self, question: str, retrieval: Retrieval, what: str) -> Answer:
        uncovered = retrieval.uncovered_places
        # a place without a local rule: the nearest clauses anywhere, and the places they are from
        related_hits = (retrieval.nearest if uncovered else retrieval.hits or retrieval.nearest)[:3]
        related = [self.citation(hit.clause, whole(hit.clause)) for hit in related_hits]
        answer_text = NOT_FOUND.format(what=what)
        if uncovered and "文件库中没有适用于该地区的文件" not in what:
            elsewhere = [place for place in self.places_with_rules(retrieval) if place not in uncovered]
            answer_text += f"{'、'.join(uncovered)}没有本地规定，适用的上级或全国性文件也未规定"
            answer_text += f"；有相关规定的地区：{'、'.join(elsewhere)}。" if elsewhere else "。"
        answer_text += RELATED_NOTE if related else ""
        return Answer(
            question=question,
            answer=answer_text,
            found=False,
            related=related,
            retrieved=self.retrieved(retrieval.hits or retrieval.nearest),
            resolved_question=retrieval.understanding.resolved_question,
        )
