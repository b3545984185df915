"""Who is responsible: the 责任单位 of a task (the first listed leads), quoted from the
table cell or the （责任单位：…） marker that names them."""

from __future__ import annotations

import re

from qa.records import Answer, Clause, Retrieval
from qa.answer.builder import AnswerBuilder
from qa.answer.sentences import Span, one_line, whole


def responsible_units_answer(builder: AnswerBuilder, question: str, retrieval: Retrieval, clause: Clause, span: Span) -> Answer:
    units = clause.responsible_units
    if clause.kind == "table_row":
        unit_cell = next((c for c in clause.cells if re.search(r"责任|职责|牵头", c.column)), None)
        span = Span(unit_cell.start, unit_cell.end, clause.text[unit_cell.start - clause.start : unit_cell.end - clause.start]) if unit_cell else whole(clause)
    else:
        marker = re.search(r"[(（]?(?:责任单位|职责单位|牵头单位|责任部门)[:：][^)）]*[)）]?", clause.text)
        if marker:
            start = clause.start + marker.start()
            span = Span(start, start + len(marker.group()), marker.group())
    lead = f"{builder.region_of(clause, retrieval)}：责任单位为{'、'.join(units)}（列第一位的为牵头单位）"
    answer_text = f"{lead}[1]\n原文：{one_line(span.text)}[1]"
    return builder.verified(question, retrieval, answer_text, [(clause, span)])
