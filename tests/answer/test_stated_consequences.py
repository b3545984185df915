"""A question asking what follows a conduct (…会怎么样？) without naming a sanction is answered by the
duty's own sentence when that sentence states the consequence of its breach ("无正当理由逾期交纳租金的，
每逾期一个月，出租人可以按应交租金额的百分之三十收取违约金") and no penalty of the document names the
conduct: the penalties found punish other conducts, and "未设罚则" would hide what the rule says.
A fine asked of a conduct the document does penalise is answered with that penalty. A fine asked of a
conduct no penalty names is not answered with another conduct's fine whose base shares the question's
word (房租 asked, "未办理《房屋租赁许可证》出租…的，…处以租金总额一倍以下罚款" found: 租金 is what that fine
is counted on, not the conduct it punishes).

The corpus is 郑州市城市公有房屋管理条例, read from lawrefbook (no question set uses it); the questions
are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

ZHENGZHOU_PUBLIC_HOUSING = "DLC/河南地方法规/地方性法规/河南/郑州市城市公有房屋管理条例.md"

pytestmark = pytest.mark.model

public_housing = lawrefbook_fixture(ZHENGZHOU_PUBLIC_HOUSING)


@pytest.mark.parametrize(
    ("question", "consequence"),
    [
        ("郑州租的公房，房租拖了两个月没交，会怎么样？", "按应交租金额的百分之三十收取违约金"),
        ("郑州公房的租金一直不按期交，有什么后果？", "按应交租金额的百分之三十收取违约金"),
        # the same rule's other sentence, answered before as well (a control)
        ("郑州公房租赁到期了不续签也不退房，会怎么样？", "视同强占公有房屋"),
    ],
)
def test_a_consequence_asked_is_answered_by_the_rule_stating_it(public_housing, question: str, consequence: str) -> None:
    answer = found_answer(public_housing, question)
    assert consequence in compact(answer.citations[0].quote), answer.answer


def test_a_fine_asked_of_a_penalised_conduct_is_answered(public_housing) -> None:
    answer = found_answer(public_housing, "郑州有人强占公有房屋，会被罚多少？")
    assert "二百元以上一千元以下" in compact(answer.citations[0].quote), answer.answer


@pytest.mark.parametrize(
    "question",
    ["郑州公房的房租晚交了，要罚款多少？", "郑州公房租金拖欠几个月，会被罚款吗？罚多少？"],
)
def test_a_fine_asked_of_a_conduct_only_a_fine_base_names_is_not_answered(public_housing, question: str) -> None:
    answer = public_housing.ask(question)
    assert not answer.found, answer.answer
    assert "租金总额一倍以下罚款" not in answer.answer


def test_the_conduct_whose_fine_has_that_base_is_still_answered(public_housing) -> None:
    answer = found_answer(public_housing, "郑州公房没办房屋租赁许可证就出租，会被罚多少？")
    assert "租金总额一倍以下罚款" in compact(answer.citations[0].quote), answer.answer


HANGZHOU_PLANNING = "DLC/浙江地方法规/地方性法规/浙江/杭州市城乡规划条例(2017-12-08).md"
planning = lawrefbook_fixture(HANGZHOU_PLANNING)


def test_a_permit_lapsing_is_a_consequence_stated(planning) -> None:
    """"逾期未申请延续…的，相应的…建设工程规划许可证失效": a permit that lapses is what follows the breach."""
    answer = found_answer(planning, "杭州拿到建设工程规划许可证，一年内没办下施工许可证也没去申请延续，会怎么样？")
    assert "许可证失效" in compact("".join(citation.quote for citation in answer.citations)), answer.answer
