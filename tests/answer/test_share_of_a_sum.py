"""A sum of money asked (补贴多少, 能拿多少钱) is answered by a share or a multiple only where a sum of
money is named in its phrase (当地最低工资标准的百分之六十, 并处违法所得一倍以上五倍以下的罚款): a share of
people (不得少于组成人员的二分之一) states no sum, and the question is not found.

The text is written here for the class."""

from __future__ import annotations

import pytest

from types import SimpleNamespace

from qa.answer.candidates import share_of_money
from qa.records import Clause

from ..conftest import found_quote, written_texts_fixture

MEDIATION_RULES = """# 杭州市调解员管理规定

第一条 为了规范调解员管理，制定本规定。

第二条 调解委员会由有关部门代表、村民代表和法律专业人员组成，其中村民代表和法律专业人员不得少于组成人员的二分之一。

第三条 调解员参加调解工作，由调解委员会按次发给误工补贴，补贴标准为当地最低工资标准的百分之六十。

第四条 调解员违反规定收取当事人财物的，由司法行政部门责令退还，并处违法所得一倍以上三倍以下的罚款。
"""


mediation = written_texts_fixture({"杭州市调解员管理规定.md": MEDIATION_RULES})


@pytest.mark.parametrize(
    ("sentence", "share", "of_money"),
    [
        ("补贴标准为当地最低工资标准的百分之六十。", "百分之六十", True),
        ("并处违法所得一倍以上三倍以下的罚款。", "一倍以上三倍以下", True),
        ("由司法行政部门责令退还收费额的50%。", "50%", True),
        ("其中村民代表和法律专业人员不得少于组成人员的二分之一。", "二分之一", False),
        ("绿地面积不得低于用地面积的百分之三十。", "百分之三十", False),
    ],
)
def test_a_share_is_of_money_where_its_phrase_names_a_sum(sentence: str, share: str, of_money: bool) -> None:
    clause = Clause("rule#1", "rule", [], sentence, 100, 100 + len(sentence))
    at = 100 + sentence.index(share)
    assert share_of_money(clause, SimpleNamespace(start=at, end=at + len(share), unit="%")) is of_money


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("杭州的调解员参加一次调解能拿多少补贴？", "最低工资标准的百分之六十"),
        ("杭州调解员乱收当事人东西，罚多少？", "一倍以上三倍以下"),
    ],
)
def test_a_share_of_a_sum_answers_the_sum_asked(mediation, question: str, stated: str) -> None:
    assert stated in found_quote(mediation, question)


@pytest.mark.model
def test_a_share_of_people_is_no_sum(mediation) -> None:
    answer = mediation.ask("杭州调解委员会的法律专业人员每月能拿多少钱？", [])
    assert not answer.found, answer.answer
