"""The usual answer: the place, then the answering sentence quoted (a figure, a rule, a
penalty); another part of the same document stating the asked figure otherwise follows it,
a penalty set by a list's lead-in is quoted with the listed conduct, and a rule asked about
(能不能…) with the penalty for breaking it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.records import Answer, Clause, Retrieval
from qa.ingest.quantities import Quantity
from qa.answer.builder import AnswerBuilder
from qa.answer.candidates import Candidate, CandidateRanker, meets_case, penalised_conduct
from qa.answer.penalties import LIST_LEAD, PENALTY_SENTENCE, cited_rules, listed_line
from qa.understand import names_a_thing
from qa.answer.sentences import SENTENCE, Span, Term, bigrams, coverage, figures_in, one_line, pieces, sentences, whole

# 突破亿大关, 达到万元: a comparator and a scale with the number between them lost from the source
LOST_NUMBER = re.compile(r"(?:突破|达到|超过|不低于|不少于|提高到|增加到|控制在)(?:亿|万|千|百)(?:元|美元|亩|吨|大关)?(?![0-9０-９一二三四五六七八九十])")
LISTED_UNDER_LABEL = "此项列于"  # the lead-in of an item's list: what it lists, or that its list is forbidden
PENALTY_LIST_LABEL = "所属条款"  # the lead-in of a penalty list whose items name the conducts by number
PUNISHED_RULE_LABEL = "所罚行为"  # the rule a penalty names by number only (违反本条例第十四条规定的)
LOOKBACK_CHARS = 30  # how far before a figure its indicator is looked for


SAME_PARAGRAPH_LABEL = "同款还规定"  # the rest of the answering sentence's paragraph
LISTED_ITEM_LABEL = "所列"  # an item of the list the answering sentence introduces (同时符合下列条件的，…：)
NEXT_PARAGRAPH_LABEL = "下款规定"  # the article's next paragraph, taking up the same matter


def sentence_answer(
    builder: AnswerBuilder, question: str, retrieval: Retrieval, cited: list[tuple[Clause, Span]],
    same_paragraph: Sequence[Span] = (), next_step: Span | None = None, listed_under: tuple[Clause, Span] | None = None,
    rules_punished: Sequence[tuple[Clause, Span]] = (), items: Sequence[tuple[Clause, Span]] = (),
) -> Answer:
    """The answering sentence, the lead-in of the list it is an item of (`listed_under`: "申请设立
    司法鉴定机构的，应当具备下列条件：" says what "（三）人民币五十万元以上的资金" is), the figures the
    rest of its paragraph states (`rest_of_paragraph`) and the next step its article's next
    paragraph sets (`next_paragraph_continuing`), then other parts of the document giving the
    asked figure otherwise (`conflicting`). A sentence introducing a list (…同时符合下列条件的，应当…：)
    is read with its `items`."""
    (clause, span), others = cited[0], cited[1:]
    lines = [f"{builder.region_of(clause, retrieval)}：{one_line(span.text)}[1]"]
    # "违反本条例第十四条规定的，…" says what it punishes only by number: the rule it cites says it
    labelled = (
        ([(LISTED_UNDER_LABEL, *listed_under)] if listed_under is not None else [])
        + [(PUNISHED_RULE_LABEL, rule, part) for rule, part in rules_punished]
        + [(LISTED_ITEM_LABEL, item, part) for item, part in items]
        + [(SAME_PARAGRAPH_LABEL, clause, part) for part in same_paragraph]
        + ([(NEXT_PARAGRAPH_LABEL, clause, next_step)] if next_step is not None else [])
    )
    context = [(part_clause, part) for _, part_clause, part in labelled]
    lines += [f"{label}：{one_line(part.text)}[{number}]" for number, (label, _, part) in enumerate(labelled, start=2)]
    others = [(other, other_span) for other, other_span in others if not any(other.doc == part_clause.doc and _overlaps(other_span, part) for part_clause, part in context)]
    # the clause path is on the citation card; digits in it (2023年…清单) are not in the quote
    lines += [f"另：同一文件另一处写为：{one_line(other_span.text)}[{number}]" for number, (_, other_span) in enumerate(others, start=len(context) + 2)]
    return builder.verified(question, retrieval, "\n".join(lines), [cited[0], *context, *others])


def _overlaps(one: Span, other: Span) -> bool:
    return one.start < other.end and other.start < one.end


def listed_answer(
    builder: AnswerBuilder, question: str, retrieval: Retrieval, lead: tuple[Clause, Span], item: tuple[Clause, Span], label: str = "所列行为"
) -> Answer:
    """The penalty a list's lead-in sets, then the listed conduct it applies to; or the body a
    lead-in names (公安机关履行下列职责：), then the listed duty asked about (label 所列职责)."""
    (lead_clause, lead_span), (_, span) = lead, item
    answer_text = listed_line(builder.region_of(lead_clause, retrieval), lead_span, span, 1, "\n", label)
    return builder.verified(question, retrieval, answer_text, [lead, item])


def penalty_of_named_items_answer(
    builder: AnswerBuilder, question: str, retrieval: Retrieval, penalty: tuple[Clause, Span], lead: tuple[Clause, Span], rules: list[Clause]
) -> Answer:
    """A penalty naming its conduct by item number only (（二）违反第二项规定的，处以…罚款): the
    penalty, the lead-in saying which article's items it means and who imposes it, and the
    items it names."""
    clause, span = penalty
    lines = [f"{builder.region_of(clause, retrieval)}：{one_line(span.text)}[1]", f"{PENALTY_LIST_LABEL}：{one_line(lead[1].text)}[2]"]
    rule_quotes = [(rule, sentences(rule)[0]) for rule in rules]
    lines += [f"{PUNISHED_RULE_LABEL}：{one_line(rule_span.text)}[{number}]" for number, (_, rule_span) in enumerate(rule_quotes, start=3)]
    return builder.verified(question, retrieval, "\n".join(lines), [penalty, lead, *rule_quotes])


def rule_with_penalty_answer(
    builder: AnswerBuilder, question: str, retrieval: Retrieval, rule: tuple[Clause, Span], penalty: tuple[Clause, Span],
    prohibited_by: tuple[Clause, Span] | None = None,
) -> Answer:
    """能不能…: the rule that forbids or requires it (a listed item with the lead-in forbidding
    it), then what breaking it costs."""
    (clause, span), (_, penalty_span) = rule, penalty
    place = builder.region_of(clause, retrieval)
    if prohibited_by is None:
        stated, cited = f"{place}：{one_line(span.text)}[1]", [rule]
    else:
        stated, cited = prohibited_item_lines(place, span, prohibited_by[1]), [rule, prohibited_by]
    answer_text = f"{stated}\n违反的处罚：{one_line(penalty_span.text)}[{len(cited) + 1}]"
    return builder.verified(question, retrieval, answer_text, [*cited, penalty])


def prohibited_item_answer(builder: AnswerBuilder, question: str, retrieval: Retrieval, item: tuple[Clause, Span], prohibited_by: tuple[Clause, Span]) -> Answer:
    """A listed conduct (（四）以上门等形式向用户推销燃气器具), then the lead-in forbidding what its
    list names: the item alone reads as what is allowed."""
    clause, span = item
    return builder.verified(question, retrieval, prohibited_item_lines(builder.region_of(clause, retrieval), span, prohibited_by[1]), [item, prohibited_by])


def prohibited_item_lines(place: str, item: Span, lead: Span) -> str:
    return f"{place}：{one_line(item.text)}[1]\n{LISTED_UNDER_LABEL}：{one_line(lead.text)}[2]"


def number_lost(clause: Clause, span: Span, terms: list[Term]) -> str:
    """The asked indicator is followed by a scale with no number ("总值突破亿大关": the
    digits were lost from the source), closer to the question than any stated figure."""
    lost = list(LOST_NUMBER.finditer(span.text))
    if not lost:
        return ""

    def lead_coverage(position: int) -> float:
        return coverage(terms, span.text[max(0, position - LOOKBACK_CHARS) : position])

    match = max(lost, key=lambda m: lead_coverage(m.start()))
    stated = [lead_coverage(f.start - span.start) for f in figures_in(clause, span)]
    closest = lead_coverage(match.start())
    return match.group() if closest > 0 and closest > max(stated, default=0.0) else ""


def _indicator_core(indicator: str) -> str:
    """The noun an indicator ends with, without its leading verb: 建成绿色低碳工厂 -> 绿色低碳工厂."""
    return re.sub(r"^(?:每年|力争|累计|全年|新增|建成|培育|实施|完成|创建|新建|引进|招引|打造|达到|确保)+", "", indicator)


def conflicting(
    clauses: list[Clause], ranker: CandidateRanker, best: Candidate, span: Span, terms: list[Term], cases: Sequence[Quantity] = ()
) -> list[tuple[Clause, Span]]:
    """Another part of the same document giving the same indicator another number.

    瑞安's text says 建成绿色低碳工厂15以上 while its 2023 task list says 新增绿色低碳工厂18家:
    both are shown, each cited, with the part of the document that says it. A tier the case
    asked about does not meet (满一年不足五年的 for 缴费满七年) is another case, not another number;
    a sentence lacking a thing the question names and the quoted one holds speaks of another
    matter (…十日内审查完毕，并作出是否核发选址意见书的决定 beside the 建设用地规划许可证's twenty
    days); an act worded otherwise (建成 beside 新增) is no other matter.
    """
    main_figures = [f for f in figures_in(best.hit.clause, span) if f.indicator]
    if not main_figures:
        return []
    main = max(main_figures, key=lambda f: coverage(terms, f.indicator))
    core = _indicator_core(main.indicator)
    if len(core) < 3:
        return []
    main_references = cited_rules(span.text)
    quoted = re.sub(r"\s", "", span.text)
    things_quoted = [term for term in terms if any(names_a_thing(form) for form in term.forms) and term.present_in(quoted)]
    for clause in clauses:
        if clause.doc != best.hit.clause.doc:
            continue
        for figure in clause.figures:
            if figure.kind != "figure" or figure.start == main.start or not figure.indicator.endswith(core):
                continue
            if figure.value == main.value or (figure.unit and main.unit and figure.unit != main.unit):
                continue
            if clause.clause_id == best.hit.clause.clause_id and span.start <= figure.start < span.end:
                continue  # already in the quote (a tier quoted with its penalty)
            around = sentence_around(clause, figure.start)
            if PENALTY_SENTENCE.search(around.text) and not same_conduct(main_references, span.text, around.text, ranker.weights.restated):
                continue  # a fine of another conduct is no other figure for this one
            if cases and meets_case(cases, around.text) is False:
                continue
            if any(not term.present_in(re.sub(r"\s", "", around.text)) for term in things_quoted):
                continue
            return [(clause, ranker.trim(clause, around, terms, True))]
    return []


def same_conduct(main_references: set[str], main: str, other: str, restated: float) -> bool:
    """Whether another penalty sentence may punish the conduct of the one quoted: not when it
    punishes the items of a list ("…有下列行为之一的，…罚款："), cites other rules than the
    quoted one does (第十二条第六项 beside 第十四条第一款第十一项, 第二项 beside 第四项), or both
    state their conducts and these share less than `restated` of their character pairs
    (进行危险作业，未…实施现场安全管理的 beside 未对从业人员进行安全生产教育和培训的)."""
    if LIST_LEAD.search(other):
        return False
    other_references = cited_rules(other)
    if main_references and other_references and main_references != other_references:
        return False
    main_conduct, other_conduct = bigrams(penalised_conduct(main)), bigrams(penalised_conduct(other))
    return not (main_conduct and other_conduct and len(main_conduct & other_conduct) < restated * min(len(main_conduct), len(other_conduct)))


def sentence_around(clause: Clause, position: int) -> Span:
    """The sentence holding a position; inside a table row, the sentence of its cell."""
    if clause.kind != "table_row":
        return next(s for s in sentences(clause) if s.start <= position < s.end)
    cell = next((c for c in clause.cells if c.start <= position < c.end), None)
    if cell is None:
        return whole(clause)
    text = clause.text[cell.start - clause.start : cell.end - clause.start]
    return next((s for s in pieces(SENTENCE, text, cell.start) if s.start <= position < s.end), whole(clause))
