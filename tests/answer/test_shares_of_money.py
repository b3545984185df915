"""A sum asked (拿出多少钱) is answered by a share of the money it is taken from, written as a
percentage of that sum (提取不低于百分之二十的经费, 将不低于百分之五的门票收入用于…), a wage among
them (平均缴费工资的百分之十五).

The corpus is 宁波's 科技创新促进条例 and 广东省失业保险条例, read from lawrefbook (no question set
uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

NINGBO_INNOVATION = "DLC/浙江地方法规/地方性法规/浙江/宁波市科技创新促进条例(2011-04-11).md"

GUANGDONG_UNEMPLOYMENT = "DLC/广东地方法规/地方性法规/广东/广东省失业保险条例(2022-06-01).md"

innovation = lawrefbook_fixture(NINGBO_INNOVATION)
unemployment = lawrefbook_fixture(GUANGDONG_UNEMPLOYMENT)


@pytest.mark.model
@pytest.mark.parametrize(
    "question",
    ["宁波单位转让职务科技成果，要从净收入里拿出多少钱奖励完成人？", "宁波技术转让职务科技成果的税后净收入，至少提取多少钱奖励有贡献的人员？"],
)
def test_a_share_of_the_named_sum_answers_how_much_money(innovation, question: str) -> None:
    quote = compact(found_answer(innovation, question).citations[0].quote)
    assert "不低于百分之二十的经费" in quote, quote


@pytest.mark.model
def test_a_share_of_a_wage_answers_how_much_money(unemployment) -> None:
    quote = compact(found_answer(unemployment, "广东领失业金期间，求职补贴能拿多少钱？").citations[0].quote)
    assert "平均缴费工资的百分之十五" in quote, quote
