"""A question naming one item of a list ("（三）建议审查的规范性文件相关规定已经修改或者废止；") may ask
the figure of the paragraph that closes the list ("不启动审查程序的，…应当自作出决定之日起十日内告知
审查建议提起人"): that paragraph goes on with what the list's items lead to, so it answers, though
it holds none of the question's words and the search may not reach it. A paragraph of another
article is no such answer.

A figure's phrase opening with 并 (并可加收五倍票款) goes on with the act of the phrase before it,
which may name what the question asks.

The corpus is 北京市各级人民代表大会常务委员会规范性文件备案审查条例, 郑州市房屋登记条例 and 北京市实施
《工会法》办法, read from lawrefbook (no question set uses them); the questions are written here for
the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

REVIEW = "DLC/北京地方法规/地方性法规/北京/北京市各级人民代表大会常务委员会规范性文件备案审查条例(2024-09-27).md"
TRADE_UNIONS = "DLC/北京地方法规/地方性法规/北京/北京市实施《工会法》办法.md"
ZHENGZHOU_REGISTRY = "DLC/河南地方法规/地方性法规/河南/郑州市房屋登记条例(2011-12-20).md"

pytestmark = pytest.mark.model

lists = lawrefbook_fixture(REVIEW, ZHENGZHOU_REGISTRY)
trade_unions = lawrefbook_fixture(TRADE_UNIONS)


@pytest.mark.parametrize(
    ("question", "figure", "closing"),
    [
        ("在北京，我提的审查建议说的那个规范性文件已经废止了，多少天内给我答复？", "十日内", "不启动审查程序的"),
        ("北京这边，同一件事以前已经审查过、有结论了，我再提审查建议，几天内会告诉我结果？", "十日内", "不启动审查程序的"),
    ],
)
def test_an_item_asked_is_answered_by_the_paragraph_closing_its_list(lists, question: str, figure: str, closing: str) -> None:
    answer = found_answer(lists, question)
    quote = compact(answer.citations[0].quote)
    assert closing in quote and figure in quote, answer.answer


def test_a_figure_of_another_article_is_still_no_answer(lists) -> None:
    # 第二十五条's items lead to no fee; no paragraph of the article states one
    answer = lists.ask("在北京，审查建议理由不明确被退回的，要交多少钱手续费？")
    assert not answer.found, answer.answer


def test_a_figure_in_a_phrase_opening_with_并_is_grounded_by_the_phrase_before_it(trade_unions) -> None:
    # "逾期未缴或者少缴的，应当及时补缴，并按照欠缴金额日5‰缴纳滞纳金": 补缴 stands before the figure's phrase
    answer = found_answer(trade_unions, "北京的企业工会经费拖着没交，补缴的时候还要多掏多少？")
    assert "5‰" in answer.citations[0].quote, answer.answer
