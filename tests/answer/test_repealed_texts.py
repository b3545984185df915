"""A text another indexed text repeals ("《上海市建筑节能条例》同时废止") is no rule of its place once
the repeal is in force: questions on the subject are answered from the text in force, not from the
repealed one with a note, unless the question asks about the older text or whether a text is in force.

The corpus is 上海市绿色建筑条例 (2024) and the 上海市建筑节能条例 (2010) it repeals, read from lawrefbook
(no question set uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import found_answer, lawrefbook_fixture

SHANGHAI_GREEN_BUILDINGS = "DLC/上海地方法规/地方性法规/上海/上海市绿色建筑条例(2024-09-27).md"
SHANGHAI_BUILDING_ENERGY = "DLC/上海地方法规/地方性法规/上海/上海市建筑节能条例(2010-09-17).md"

pytestmark = pytest.mark.model

old_and_new = lawrefbook_fixture(SHANGHAI_GREEN_BUILDINGS, SHANGHAI_BUILDING_ENERGY)


@pytest.mark.parametrize("question", ["上海建筑节能方面，设计单位不按节能标准设计，罚多少？", "上海的建筑能耗统计由哪个部门负责？"])
def test_a_repealed_text_does_not_answer_beside_the_text_repealing_it(old_and_new, question: str) -> None:
    answer = found_answer(old_and_new, question)
    assert answer.citations and all(citation.doc == SHANGHAI_GREEN_BUILDINGS for citation in answer.citations), answer.answer


TAX_CRIMES = "司法解释/最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释(2024-03-15).md"
# both named in one list of TAX_CRIMES's closing article: "《甲》（…）、《乙》（…）、《丙》（…）同时废止"
EXPORT_REBATE_FRAUD = "司法解释/最高人民法院关于审理骗取出口退税刑事案件具体应用法律若干问题的解释(2002-09-17).md"
TAX_EVASION = "司法解释/最高人民法院关于审理偷税抗税刑事案件具体应用法律若干问题的解释(2002-11-05).md"

listed_repeal = lawrefbook_fixture(TAX_CRIMES, EXPORT_REBATE_FRAUD, TAX_EVASION)


@pytest.mark.parametrize("question", ["骗取出口退税，骗了多少钱算数额较大？", "抗税数额多少算情节严重？"])
def test_texts_repealed_in_a_list_are_no_answer_beside_the_text_repealing_them(listed_repeal, question: str) -> None:
    answer = listed_repeal.ask(question)
    assert all(citation.doc == TAX_CRIMES for citation in answer.citations), answer.answer
    assert "5万元" not in answer.answer and "抗税数额在十万元" not in answer.answer, answer.answer
