"""An article may introduce its list with a full stop where most use a colon ("违反本条例有下列行为之一
的，由物价部门…可以并处10000元以下的罚款。" before "（一）擅自设置收费项目…"): its numbered items are still
read with that sentence, which says what they are about and what follows them.

The corpus is 北京市行政性事业性收费管理条例 and 广东省林木林地权属争议调解处理条例, read from lawrefbook (no
question set uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

BEIJING_FEES = "DLC/北京地方法规/地方性法规/北京/北京市行政性事业性收费管理条例(1994-05-21).md"
GUANGDONG_FOREST_DISPUTES = "DLC/广东地方法规/地方性法规/广东/广东省林木林地权属争议调解处理条例(2022-06-01).md"

pytestmark = pytest.mark.model

lists = lawrefbook_fixture(BEIJING_FEES, GUANGDONG_FOREST_DISPUTES)


def test_an_item_is_searched_with_the_sentence_its_full_stop_ends(lists) -> None:
    item = next(clause for clause in lists.index.clauses if clause.text.startswith("（二）发生群体性事件尚在处理中的"))
    assert "林权争议调处期间有下列情形之一的" in item.search_text


def test_an_item_of_a_penalty_list_led_by_a_full_stop_is_fined_by_its_lead(lists) -> None:
    answer = found_answer(lists, "北京有单位把收费许可证转借给别人用，物价部门最多能罚多少？")
    quoted = compact(" ".join(citation.quote for citation in answer.citations))
    assert "10000元以下" in quoted and "转借" in quoted, answer.answer


def test_an_item_led_by_a_full_stop_is_quoted_with_its_lead(lists) -> None:
    answer = found_answer(lists, "广东林权争议调处期间闹出群体性事件了，调处机构能不能先停下来？")
    quoted = compact(" ".join(citation.quote for citation in answer.citations))
    assert "群体性事件" in quoted and "中止调处" in quoted, answer.answer
