"""A city with no rule of its own is answered by its province's rule before the national one
on the same point: both apply, the province's applies to the city more narrowly (the province
implements the national law for its cities). `AnswerWeights.national_level`.

The texts are lawrefbook rules no question set uses: the national 教师法 and 浙江's rule
implementing it, both on a teacher's appeal; the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import found_answer, lawrefbook_fixture

TEACHERS_LAW = "行政法/教师法(2009-08-27).md"
ZHEJIANG_TEACHERS = "DLC/浙江地方法规/地方性法规/浙江/浙江省实施《教师法》办法(2004-05-28).md"

teachers = lawrefbook_fixture(TEACHERS_LAW, ZHEJIANG_TEACHERS)


@pytest.mark.model
@pytest.mark.parametrize(
    "question",
    [
        "宁波的老师对学校处理不服，能向谁申诉？",
        "杭州的中学老师觉得学校侵犯了自己的权益，向教育部门申诉后，多长时间内要给处理？",
    ],
)
def test_a_city_is_answered_by_its_provinces_rule_before_the_national_one(teachers, question: str) -> None:
    answer = found_answer(teachers, question)
    assert answer.citations[0].doc == ZHEJIANG_TEACHERS, answer.answer
    assert "浙江省" in answer.answer.splitlines()[0], answer.answer
