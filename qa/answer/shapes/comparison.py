"""A comparison across places: one row per place in scope with its best answering sentence
(and the figure, date or penalty compared), or 未规定. Figures are compared in one base unit;
a superlative in the question (最高, 最少, 最早 …) names the row that wins."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from qa.records import Answer, Clause, ComparisonRow, Figure, QueryUnderstanding, Retrieval
from qa.retrieve.retriever import unit_compatible
from qa.ingest.quantities import Quantity, in_days, quantities, same_quantity
from qa.text.gazetteer import NATIONAL
from qa.answer.builder import AnswerBuilder, applying_rule
from qa.answer.candidates import ENACTMENT, Candidate, CandidateRanker, asked_cases
from qa.answer.penalties import Enforced, item_number, listed_line
from qa.answer.sentences import Span, Term, coverage, figures_in, one_line, opens_a_list
from qa.understand import SAME_OR_NOT, answer_rule, money_units

# 最高/最多/最晚 name the largest value, 最低/最少/最早 the smallest
SUPERLATIVE = re.compile(r"(?P<high>最高|最多|最大|最长|最晚|最严|更高|更多|更大|更长|更晚|更严)|(?P<low>最低|最少|最小|最短|最早|最宽松|更低|更少|更小|更短|更早)")
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def date_value(text: str) -> float | None:
    """2016年2月2日 -> 20160202, so dates sort; None when the text is no full date."""
    match = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text.translate(FULLWIDTH_DIGITS))
    return float(f"{match.group(1)}{int(match.group(2)):02d}{int(match.group(3)):02d}") if match else None


def base_value(figure: Figure) -> float | None:
    """A figure's value in its base unit, so 5万元 and 8000元 sort together, and 2年 and 十五日."""
    found = quantities(figure.text)
    if not found:
        return figure.value
    return in_days(found[0].value, found[0].unit) or found[0].value


def measure(row: ComparisonRow) -> str:
    """What a row's figure measures: a time whatever its unit, else its base unit."""
    found = quantities(row.figure) if row.figure else []
    if not found:
        return row.unit or ""
    return "time" if in_days(1.0, found[0].unit) is not None else found[0].unit


def compare(
    builder: AnswerBuilder,
    ranker: CandidateRanker,
    question: str,
    retrieval: Retrieval,
    answer_place: Callable[[str], Answer] | None = None,
) -> Answer:
    """`answer_place` answers the question for one place as a question about that place alone is
    answered (its own search; the conduct's own penalty, its party, the tier, the sentence
    nearest in meaning); a place it finds nothing for falls back to the best sentence of the
    place's documents in the comparison's own search."""
    understanding = retrieval.understanding
    documents = builder.index.documents
    terms = ranker.asked_terms(understanding)
    units = list(understanding.expected_units)
    wants_figure = understanding.figure_intent
    kinds = ("figure", "year") if "年" in units or re.search(r"年份|哪年", question) else ("figure",)
    enforced: dict[str, Enforced] = {}
    if understanding.asks_penalty:
        retrieval, enforced = ranker.penalties.with_penalties_of(retrieval, limit=len(retrieval.hits))
    places = list(dict.fromkeys(documents[doc].region_label for doc in retrieval.in_scope_docs))
    # a named place with no rule of its own is answered by the rule applying to it (济南 by 山东省's)
    unowned = [place for place in retrieval.compared_without_own if place not in places]
    answered = _answers_per_place(ranker, places + unowned, answer_place) if answer_place is not None else {}
    places += unowned
    asked_order = {place: number for number, place in enumerate(understanding.regions)}
    places.sort(key=lambda place: asked_order.get(place, len(asked_order)))  # rows in the order the question names them
    # the shared search's best sentence per place, read only for places not answered on their own
    best_per_place = _best_per_place(ranker, retrieval, terms, enforced, kinds) if any(place not in answered for place in places) else {}
    cited: list[tuple[Clause, Span]] = []
    rows: list[ComparisonRow] = []
    lines = []
    for place in places:
        candidate = best_per_place.get(place)
        if place in answered:
            quotes = answered[place]
            clause, span = quotes[0]
            if len(quotes) > 1:  # a listed conduct under the lead-in that states its penalty
                cited += quotes[:2]
                rows.append(ComparisonRow(place, text=span.text, citation=len(cited) - 2))
                lines.append(listed_line(_applying(place, documents[clause.doc].region_label), span, quotes[1][1], len(cited) - 1, " "))
                continue
        elif candidate is None:
            rows.append(ComparisonRow(place))
            continue
        else:
            clause = candidate.hit.clause
            span = ranker.trim(clause, candidate.span, terms, wants_figure, wants_penalty=understanding.asks_penalty) if clause.kind != "table_row" else candidate.span
        if understanding.asks_penalty and place not in answered:
            quote = ranker.penalties.quote(clause, span)
            if quote.lead is not None:
                cited += [quote.lead, (clause, span)]
                rows.append(ComparisonRow(place, text=quote.lead[1].text, citation=len(cited) - 2))
                lines.append(listed_line(_applying(place, documents[clause.doc].region_label), quote.lead[1], span, len(cited) - 1, " "))
                continue
            span = quote.span
        cited.append((clause, span))
        row = ComparisonRow(place, text=span.text, citation=len(cited) - 1)
        figures = figures_in(clause, span, kinds) if wants_figure else []
        dates = figures_in(clause, span, ("date",)) if understanding.asks_date else []
        if dates:  # compared as dates: 最早/最晚 施行
            row = replace(row, figure=dates[0].text, sort_value=date_value(dates[0].text))
        elif figures:
            figure = compared_figure(figures, understanding, terms)
            row = replace(row, figure=figure.text, value=figure.value, unit=figure.unit, comparator=figure.comparator, period=figure.period, sort_value=base_value(figure))
        rows.append(row)
        lines.append(f"{_applying(place, documents[clause.doc].region_label)}：{one_line(span.text)}[{len(cited)}]")
    if not cited:
        return builder.not_found(question, retrieval, "可比较的内容")
    superlative = SUPERLATIVE.search(question)
    highest = superlative is None or superlative.group("high") is not None
    # the table in the order the question asks for (largest first unless it asks for the least);
    # places that state nothing last
    rows.sort(key=lambda row: (row.sort_value is None, -(row.sort_value or 0) if highest else (row.sort_value or 0)))
    ranked = [row for row in rows if row.sort_value is not None]
    if superlative and len(ranked) >= 2 and len({measure(row) for row in ranked}) == 1:
        winners = [row for row in ranked if row.sort_value == ranked[0].sort_value]
        sources = "".join(f"[{row.citation + 1}]" for row in winners)
        if len(winners) == len(ranked):  # nobody wins: 十八个月 in both
            lines.insert(0, f"比较：各地相同（{ranked[0].figure}）{sources}")
        else:
            lines.insert(0, f"比较：{'、'.join(row.region for row in winners)}{'并列' if len(winners) > 1 else ''}{superlative.group()}（{ranked[0].figure}）{sources}")
    elif SAME_OR_NOT.search(question) and len(ranked) >= 2 and len(ranked) == len(rows) and len({measure(row) for row in ranked}) == 1:
        # 一样吗 / 有什么不同, every place stating a figure of one measure: say whether they agree
        lines.insert(0, same_or_not_line(ranked))
    elif SAME_OR_NOT.search(question) and understanding.asks_penalty and len(rows) >= 2:
        # 罚款一样吗: each row's fine, where its quote states exactly one amount
        fined = [replace(row, figure=fines[0].text) for row in rows if row.citation is not None and len(fines := _fines(*cited[row.citation])) == 1]
        if len(fined) == len(rows):
            lines.insert(0, same_or_not_line(fined))
    covering = [place for place in understanding.regions if place not in places and not any(place in documents[doc].regions for doc in retrieval.in_scope_docs)]
    if covering:
        lines.insert(0, f"{'、'.join(covering)}所辖、有文件的地区：{'、'.join(places)}")
    missing = [row.region for row in rows if row.citation is None]
    if missing:
        lines.append(f"未规定（文件中未找到对应内容）：{'、'.join(missing)}")
    return builder.verified(question, retrieval, "\n".join(lines), cited, rows)


def _fines(clause: Clause, span: Span) -> list[Figure]:
    """The amounts of money a quoted penalty states (the clause's figures, read once at indexing)."""
    return [figure for figure in figures_in(clause, span) if figure.unit in money_units()]


def same_or_not_line(ranked: list[ComparisonRow]) -> str:
    """"比较：各地相同（五万元以上五十万元以下）[1][2]" when every row states the same quantity
    (range and comparator included), else the places grouped by what they state: "比较：各地不同
    （广东省、浙江省：十日；上海市：五天）"."""
    sources = "".join(f"[{row.citation + 1}]" for row in ranked if row.citation is not None)
    groups: list[tuple[list[Quantity], list[ComparisonRow]]] = []
    for row in ranked:
        stated = quantities(row.figure)
        group = next((rows for found, rows in groups if stated and found and same_quantity(stated[0], found[0], strict_comparator=True)), None)
        if group is None:
            groups.append((stated, [row]))
        else:
            group.append(row)
    if len(groups) == 1 and groups[0][0]:
        return f"比较：各地相同（{ranked[0].figure}）{sources}"
    stated_by = "；".join(f"{'、'.join(row.region for row in rows)}：{rows[0].figure}" for _, rows in groups)
    return f"比较：各地不同（{stated_by}）{sources}"


def compared_figure(figures: list[Figure], understanding: QueryUnderstanding, terms: list[Term]) -> Figure:
    """The figure a row compares: in the asked unit; not a threshold of the case asked (满五年不足
    十年 for 缴费满七年); the one stated as the limit asked (最长能领多久: 领取期限最长为十八个月);
    then the one whose indicator holds most of the question's words, the first of equals."""
    units = list(understanding.expected_units)
    matching = [f for f in figures if not units or unit_compatible(f.unit, units)] or figures
    case_units = {case.unit for case in asked_cases(understanding)}
    matching = [f for f in matching if f.unit not in case_units] or matching
    bound = understanding.asked_bound
    bound_words = answer_rule("bound", "upper" if bound == "<=" else "lower") if bound else None

    def states_bound(figure: Figure) -> bool:
        return bound_words is not None and (figure.comparator == bound or bound_words.search(figure.indicator) is not None)

    return max(matching, key=lambda f: (states_bound(f), coverage(terms, f.indicator) if f.indicator else 0.0, -f.start))


def _applying(place: str, rule_place: str) -> str:
    """A row's place, saying whose rule answers when it is not the place's own."""
    return place if rule_place == place else applying_rule(place, rule_place, rule_place == NATIONAL)


def _answers_per_place(ranker: CandidateRanker, places: list[str], answer_place: Callable[[str], Answer]) -> dict[str, list[tuple[Clause, Span]]]:
    """Each compared place answered on its own: the quotes its answer cites (the sentence, or a
    lead-in and its listed conduct); places answered 未找到 are left out."""
    answered: dict[str, list[tuple[Clause, Span]]] = {}
    for place in places:
        answer = answer_place(place)
        clauses = {clause.clause_id: clause for doc in {c.doc for c in answer.citations} for clause in ranker.penalties.clauses_of(doc)}
        quotes = [(clauses[c.clause_id], Span(c.start, c.end, c.quote)) for c in answer.citations if c.clause_id in clauses]
        if answer.found and quotes:
            # a lead-in ("有下列行为之一的，处…罚款：") is quoted with the listed conduct after it;
            # any other later citation (a validity note's 有效期至) is not part of the row
            listed = len(quotes) > 1 and opens_a_list(quotes[0][1].text) and item_number(quotes[1][0].path[-1]) is not None
            answered[place] = quotes[:2] if listed else quotes[:1]
    return answered


def _best_per_place(
    ranker: CandidateRanker, retrieval: Retrieval, terms: list[Term], enforced: dict[str, Enforced], kinds: tuple[str, ...]
) -> dict[str, Candidate]:
    """Each place's best sentence in the comparison's own search: the first that shares a word
    with the question and states what is asked (a penalty, a date, 施行, a figure of `kinds` in
    the asked unit)."""
    understanding = retrieval.understanding
    documents = ranker.penalties.index.documents
    units = list(understanding.expected_units)
    best_per_place: dict[str, Candidate] = {}
    for candidate in ranker.candidates(retrieval, terms, limit=len(retrieval.hits), enforced=enforced):
        place = documents[candidate.hit.clause.doc].region_label
        enacts = understanding.asks_date == "施行" and ENACTMENT.search(candidate.span.text) is not None
        if (candidate.relevance < ranker.weights.min_relevance and not enacts) or place in best_per_place:
            continue  # a place's "本条例自…起施行" answers when by its role, whatever its words
        if candidate.words == 0 and not enacts:
            continue  # a row shares at least one word with the question, or the place has 未规定
        if understanding.asks_penalty and not candidate.penalty_ok:
            continue
        if understanding.asks_date and not candidate.date_ok:
            continue
        if understanding.asks_date == "施行" and not enacts:
            continue  # each place's own "自…起施行", not another date of its text
        figures = figures_in(candidate.hit.clause, candidate.span, kinds)
        if understanding.figure_intent and (not figures or (units and "年" not in units and not any(unit_compatible(f.unit, units) for f in figures))):
            continue
        best_per_place[place] = candidate
    return best_per_place
