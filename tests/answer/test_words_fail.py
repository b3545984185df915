"""Answers where the question's words fail: a spoken question naming its matter with single
characters (树…挡了光…剪), and a case the rule's brackets do not reach (一炮二十公斤炸药 against
brackets up to 十五公斤). Sentences written here, for the class."""

from __future__ import annotations

import pytest

from qa.answer.candidates import Candidate, beyond_every_bracket, figure_phrase_names, nearest_by_morphemes
from qa.answer.sentences import Span
from qa.ingest.figures import extract_figures
from qa.ingest.quantities import stated_quantities
from qa.records import Clause, Hit


def candidate(clause_id: str, text: str, unit_ok: bool = False) -> Candidate:
    clause = Clause(clause_id=clause_id, doc="test", path=["第一条"], text=text, start=0, end=len(text), figures=extract_figures(text))
    return Candidate(Hit(clause, 1.0), 0, Span(0, len(text), text), 1.0, 0.0, unit_ok, False, read_with=text)


TREES = [
    candidate("t#1", "补植的树木胸径不得小于十厘米。"),
    candidate("t#2", "树木生长影响市民采光、通风，市民提出修剪请求的，管理责任人应当组织修剪。"),
    candidate("t#3", "因抢险救灾确需砍伐树木的，可以先行实施。"),
]


def test_the_sentence_holding_most_of_the_spoken_matter_answers() -> None:
    # 树长得太高，把我家光都挡了，能让人来剪吗: 光, 挡, 剪
    assert nearest_by_morphemes(TREES, ["光", "挡", "剪"], 2) == ("t#2", 0)


def test_one_character_is_no_evidence() -> None:
    assert nearest_by_morphemes(TREES, ["剪"], 2) is None


def test_a_tie_between_clauses_answers_nothing() -> None:
    tied = [candidate("a#1", "无法投递的信件由邮政企业处理。"), candidate("b#1", "信件无法投递的，退回寄件人。")]
    assert nearest_by_morphemes(tied, ["信", "投"], 2) is None


BRACKETS = "炸药量在一至三公斤，补偿范围为距炮点半径四十米以内，炸药量在十一至十五公斤，补偿范围为距炮点半径八十米以内。"


@pytest.mark.parametrize(
    ("case", "beyond"),
    [
        ("一炮用了二十公斤炸药", True),  # above every bracket
        ("一炮用了两公斤炸药", False),
        ("一炮用了十几公斤炸药", False),
        ("一炮用了五公斤炸药", True),  # between the brackets: neither states it
    ],
)
def test_a_case_beyond_every_bracket_is_no_case_the_rule_sets(case: str, beyond: bool) -> None:
    ranked = [candidate("r#1", BRACKETS, unit_ok=True)]
    assert beyond_every_bracket(ranked, stated_quantities(case)) is beyond


def test_a_case_met_by_another_stating_sentence_is_not_beyond() -> None:
    ranked = [candidate("r#1", BRACKETS, unit_ok=True), candidate("r#2", "炸药量在十六公斤以上的，补偿范围为一百米以内。", unit_ok=True)]
    assert not beyond_every_bracket(ranked, stated_quantities("一炮用了二十公斤炸药"))


def test_a_figure_stated_for_a_kind_named_by_one_character_answers_for_it() -> None:
    ages = candidate("a#1", "凡是公民，男十一岁至六十岁，女十一岁至五十五岁，均应承担义务植树任务。", unit_ok=True)
    other = candidate("a#2", "年满十八岁的成年公民无故不履行此项义务的，责令限期补栽。", unit_ok=True)
    assert figure_phrase_names(ages, ["男"])
    assert not figure_phrase_names(other, ["男"])
