"""A plan's targets are often listed as plain paragraphs under one that ends in a colon
("…经过四大攻坚举动,到2025年完结以下方针:" then "工业展开绿色高新。累计筛选落后产能企业200家…"):
the year and the matter the listed paragraphs serve stand in that lead only. A sentence of such a
paragraph is read with the lead's last sentence (its words, and a number the question quotes);
the lead itself, and a paragraph with no colon-ended paragraph before it in its clause, are read
alone. (Where each listed paragraph is a clause of its own, as in 越城's targets, the clause's
search text carries the lead: tests/answer/test_list_items.py.) The corpus is the bundled seed
plans; no question is asked here."""

from __future__ import annotations

import pytest

from qa.answer.sentences import list_lead, sentences

pytestmark = pytest.mark.model


def clause_holding(pipeline, text: str):
    return next(clause for clause in pipeline.index.clauses if text in clause.text)


def test_paragraphs_under_a_colon_lead_are_read_with_it(pipeline) -> None:
    lead, year = "完结以下方针:", "2025年"
    clause = clause_holding(pipeline, lead)
    lead_end = clause.start + clause.text.index(lead) + len(lead)
    listed = [span for span in sentences(clause) if span.start >= lead_end]
    assert listed, clause.text
    for span in listed:
        read_with = list_lead(clause, span)
        assert read_with.endswith(lead) and year in read_with, (span.text, read_with)
        assert "。" not in read_with  # the lead's last sentence, not its paragraph
    for span in sentences(clause):
        if span.end <= lead_end:
            assert list_lead(clause, span) == "", span.text


def test_a_clause_without_a_colon_lead_reads_its_paragraphs_alone(pipeline) -> None:
    plain = [
        clause for clause in pipeline.index.clauses
        if clause.kind == "body" and "\n" in clause.text.strip() and not any(
            line.rstrip().endswith(("：", ":")) for line in clause.text.splitlines()
        )
    ]
    assert plain
    for clause in plain:
        for span in sentences(clause):
            assert list_lead(clause, span) == "", span.text
