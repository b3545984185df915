"""A question naming a period by its own noun (禁火期, 开山期, 有效期, 规划期) asks that period: a
sentence dating or measuring another period of the text ("全省森林防火期为每年的11月1日至次年的4月30日"
beside the 禁火期 a county proclaims by 森林禁火令; 义务植树周; 三个月内申请领取) is no answer, and the
period named where the text states it still is, also where an earlier sentence of the answer's
paragraph names it ("护士在其执业注册有效期内变更执业地点的，…报告。…自收到报告之日起7个工作日内…").

The corpus is 浙江省森林消防条例, 居民身份证法, 重庆市实施全民义务植树条例 and 护士条例, read from lawrefbook (no
question set uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.understand import named_period

from ..conftest import compact, found_answer, lawrefbook_fixture

ZHEJIANG_FOREST_FIRE = "DLC/浙江地方法规/地方性法规/浙江/浙江省森林消防条例(2009-11-27).md"
IDENTITY_CARDS = "宪法相关法/居民身份证法(2011-10-29).md"
CHONGQING_TREE_PLANTING = "DLC/重庆地方法规/地方性法规/重庆/重庆市实施全民义务植树条例(2010-07-30).md"

NURSES = "行政法规/护士条例(2020-03-27).md"

zhejiang = lawrefbook_fixture(ZHEJIANG_FOREST_FIRE)
nurses = lawrefbook_fixture(NURSES)


@pytest.mark.model
def test_a_period_named_earlier_in_the_answers_paragraph_is_named_by_it(nurses) -> None:
    answer = found_answer(nurses, "护士注册有效期内换到别的医院，多少个工作日能变更好？")
    assert "7个工作日内" in compact(answer.citations[0].quote), answer.answer


@pytest.mark.model
@pytest.mark.parametrize("question", ["浙江森林禁火期是哪段时间？", "浙江的禁火期是几月到几月？"])
def test_another_periods_span_does_not_answer_the_asked_period(zhejiang, question: str) -> None:
    answer = zhejiang.ask(question)
    assert "11月1日" not in answer.answer, answer.answer


@pytest.mark.model
@pytest.mark.parametrize("question", ["浙江森林防火期是哪段时间？", "浙江的防火期是几月到几月？"])
def test_the_named_periods_own_span_answers(zhejiang, question: str) -> None:
    answer = found_answer(zhejiang, question)
    assert "11月1日至次年的4月30日" in compact(answer.citations[0].quote), answer.answer


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("河南封山育林区的开山期是每年几月到几月？", "开山期"),
        ("森林公园总体规划的规划期一般定多少年？", "规划期"),
        ("试用期最长几个月？", "试用期"),
        ("逾期多少天要罚款？", ""),
        ("申请延续的期限是多少天？", ""),
        ("到期前多久要申请？", ""),
    ],
)
def test_a_period_named_by_its_own_noun_is_read_from_the_question(question: str, period: str) -> None:
    assert named_period(question) == period


cards_and_trees = lawrefbook_fixture(IDENTITY_CARDS, CHONGQING_TREE_PLANTING)


@pytest.mark.model
def test_a_period_the_text_states_is_answered(cards_and_trees) -> None:
    answer = found_answer(cards_and_trees, "未满十六周岁的孩子申领的身份证，有效期是几年？")
    assert "有效期五年" in answer.citations[0].quote, answer.answer


@pytest.mark.model
@pytest.mark.parametrize(
    "question",
    [
        "重庆义务植树的考核期是每年几月到几月？",  # the text dates its 义务植树周 only
        "居民身份证换领新证的过渡期有多长？",  # the text measures 申请领取 and 办理 only
    ],
)
def test_a_period_the_text_does_not_name_is_not_answered_by_another(cards_and_trees, question: str) -> None:
    answer = cards_and_trees.ask(question)
    assert not answer.found, answer.answer
