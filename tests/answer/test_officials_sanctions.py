"""An officials' sanction does not make a rule on someone else penalised.

杭州市历史文化街区和历史建筑保护条例 obliges the 保护责任人 of a building in danger to take measures at
once (第三十五条) and sets no penalty for failing to; its 第四十七条 sanctions the 保护主管部门's staff,
whose article words echo the rule's. Asked what a 保护责任人 who does not help is fined, that
sanction is no sign that the rule is penalised, so no other conduct's fine (移动保护标志) answers;
asked about the conduct a fine is set for, that fine answers.

The corpus is that text, read from lawrefbook (no question set uses it); the questions are
written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

HANGZHOU_HISTORIC_DISTRICTS = "DLC/浙江地方法规/地方性法规/浙江/杭州市历史文化街区和历史建筑保护条例(2013-04-09).md"

pytestmark = pytest.mark.model

hangzhou = lawrefbook_fixture(HANGZHOU_HISTORIC_DISTRICTS)


def test_an_officials_sanction_leaves_a_rule_unpenalised(hangzhou) -> None:
    answer = hangzhou.ask("杭州历史建筑的保护责任人不配合抢险保护，罚多少？")
    assert not answer.found, answer.answer


def test_the_fine_of_the_asked_conduct_answers(hangzhou) -> None:
    answer = found_answer(hangzhou, "杭州有人擅自移动历史建筑的保护标志，罚多少？")
    assert "擅自设置、移动、涂改或者损毁历史文化街区、历史建筑保护标志" in compact(answer.citations[0].quote), answer.answer
