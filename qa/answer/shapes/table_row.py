"""A table row answers: the cell of the column the question names, then the whole row read
as a sentence, cited with the row and the clause holding the table's column headers."""

from __future__ import annotations

import re

from qa.records import Answer, Clause, Retrieval
from qa.answer.builder import AnswerBuilder
from qa.answer.fidelity import check_fidelity
from qa.answer.sentences import one_line, whole


def table_row_answer(builder: AnswerBuilder, question: str, retrieval: Retrieval, row: Clause) -> Answer:
    cited = [(row, whole(row))]
    header = table_header(builder.index.clauses, row)
    if header is not None:
        cited.append((header, whole(header)))
    marks = "".join(f"[{n}]" for n in range(1, len(cited) + 1))
    reading = one_line(row.search_text or row.text)
    asked = asked_cell(row, retrieval.understanding.resolved_question)
    place = builder.region_of(row, retrieval)
    answer_text = f"{place}：{asked}{marks}\n整行：{reading}{marks}" if asked else f"{place}：{reading}{marks}"
    if check_fidelity(answer_text, [span.text for _, span in cited]):
        answer_text = f"{place}：{one_line(row.text)}[1]"
        cited = cited[:1]
    if row.notes:
        notes = "；".join(re.sub(r"^注[:：]\s*", "", note) for note in row.notes)
        if not check_fidelity(notes, [span.text for _, span in cited]):
            answer_text += f"\n注：{notes}"
    return builder.verified(question, retrieval, answer_text, cited)


def table_header(clauses: list[Clause], row: Clause) -> Clause | None:
    """The clause holding the column headers of a rebuilt table row."""
    position = next(i for i, c in enumerate(clauses) if c.clause_id == row.clause_id)
    columns = [re.sub(r"\s", "", cell.column) for cell in row.cells if cell.column]
    for clause in reversed(clauses[max(0, position - 80) : position]):
        if clause.doc != row.doc:
            break
        if clause.kind != "table_row" and sum(column in re.sub(r"\s", "", clause.text) for column in columns) >= 2:
            return clause
    return None


def asked_cell(row: Clause, question: str) -> str:
    """"<row label> <column>：<value>" for the column the question names (2020年基数, 2023年)."""
    compact_question = re.sub(r"\s", "", question)
    label = next((f.indicator for f in row.figures if f.indicator), "")
    for cell in row.cells:
        column = re.sub(r"\s", "", cell.column)
        years = re.findall(r"(?:19|20)\d{2}", column)
        named = column and (column in compact_question or (years and all(y in compact_question for y in years)))
        value = row.text[cell.start - row.start : cell.end - row.start].strip()
        if named and any(f.start >= cell.start and f.end <= cell.end for f in row.figures):
            return f"{label} {cell.column}：{value}" if label else f"{cell.column}：{value}"
    return ""
