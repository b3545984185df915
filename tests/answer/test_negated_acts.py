"""An everyday negated act (不戴, 没戴, 没系, 没办) is the regulation's 未/不 of the same act written
out longer (未佩戴, 未系, 未办理): the question's word is present in the sentence that negates that
act, and nowhere the act is merely named or required.

The end-to-end cases read 潮州市文明行为促进条例 from lawrefbook, whose penalty for riding an
e-bike without a helmet cites its rule by item number. The questions are written here for the
class, not taken from a question set."""

from __future__ import annotations

import pytest

from qa.answer.sentences import Term, negated_pattern

from ..conftest import found_quote, lawrefbook_fixture

CHAOZHOU = "DLC/广东地方法规/地方性法规/广东/潮州市文明行为促进条例(2022-12-16).md"

chaozhou = lawrefbook_fixture(CHAOZHOU)


@pytest.mark.parametrize(
    ("word", "sentence", "present"),
    [
        ("不戴", "驾驶、乘坐电动自行车未佩戴安全头盔的，由公安机关交通管理部门处警告", True),
        ("没戴", "驾驶人未戴头盔的", True),
        ("没系", "驾驶人未系安全带的", True),
        ("没办", "未办理养犬登记的", True),
        ("不戴", "驾驶、乘坐电动自行车按规定佩戴安全头盔；", False),  # the duty names the act, negates nothing
        ("不戴", "互联网电动自行车租赁企业未按规定提供安全头盔的", False),  # another act negated
    ],
)
def test_a_negated_act_matches_the_text_negating_it(word: str, sentence: str, present: bool) -> None:
    as_unknown_run = Term(frozenset({word}), shortened=negated_pattern(word))
    assert as_unknown_run.present_in(sentence) is present


@pytest.mark.parametrize("word", ["戴头盔", "不按规定停放车辆", "头盔"])
def test_other_words_are_not_read_as_a_negated_act(word: str) -> None:
    assert negated_pattern(word) == ""


@pytest.mark.model
@pytest.mark.parametrize("question", ["潮州骑电动车不戴头盔罚多少？", "在潮州坐电瓶车没戴头盔会怎么处理？"])
def test_the_penalty_for_the_negated_act(chaozhou, question: str) -> None:
    assert "未佩戴安全头盔" in found_quote(chaozhou, question)
