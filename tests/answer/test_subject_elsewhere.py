"""A place whose rules say nothing on a question's subject gets 未找到 naming the places whose rules
do, not a clause of its own rules on another subject that shares a word with the question: the
library's clauses nearest the question are another place's and clearly nearer than any clause that
applies to the asked place.

The corpus is two cities of one province with rules on different subjects (威海's 文明行为促进条例,
菏泽's 城市供水条例), read from lawrefbook; the questions are written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import lawrefbook_fixture

WEIHAI = "DLC/山东地方法规/地方性法规/山东/威海市文明行为促进条例(2018-09-21).md"
HEZE = "DLC/山东地方法规/地方性法规/山东/菏泽市城市供水条例(2020-11-30).md"

pytestmark = pytest.mark.model


two_cities = lawrefbook_fixture(WEIHAI, HEZE)


@pytest.mark.parametrize("question", ["菏泽有人乘电梯时在里面跳跃打闹，会怎么处理？", "菏泽在公园里焚烧冥纸会被罚多少钱？"])
def test_a_subject_only_another_places_rule_speaks_of_is_not_found_here(two_cities, question: str) -> None:
    answer = two_cities.ask(question)
    assert not answer.found, answer.answer
    assert "威海市" in answer.answer  # where a rule on it is


@pytest.mark.parametrize("question", ["威海有人乘电梯时在里面跳跃打闹，会怎么处理？", "菏泽有人在供水设施保护区里挖坑取土，会被罚多少钱？"])
def test_a_subject_the_places_own_rule_speaks_of_is_answered_from_it(two_cities, question: str) -> None:
    answer = two_cities.ask(question)
    assert answer.found, answer.answer
    assert answer.citations[0].doc == (WEIHAI if question.startswith("威海") else HEZE)


# Two sibling cities' 物业管理条例: 台州 sets a 保修金 share and a 物业管理用房 ratio, 温州 writes
# neither word; its clauses on fees and shares of owners come near in meaning all the same.
WENZHOU = "DLC/浙江地方法规/地方性法规/浙江/温州市物业管理条例(2017-04-06).md"
TAIZHOU = "DLC/浙江地方法规/地方性法规/浙江/台州市物业管理条例(2021-04-06).md"

sibling_cities = lawrefbook_fixture(WENZHOU, TAIZHOU)


@pytest.mark.parametrize(
    ("asked", "figure"),
    [("的物业保修金按建筑安装总造价的百分之几交？", "百分之二"), ("新建住宅的物业管理用房按地上总建筑面积的千分之几配建？", "千分之七")],
)
def test_a_figure_only_a_sibling_city_states_is_not_found_for_the_city_that_does_not(sibling_cities, asked: str, figure: str) -> None:
    answer = sibling_cities.ask("温州" + asked)
    assert not answer.found, answer.answer
    assert "台州市" in answer.answer and figure not in answer.answer

    own = sibling_cities.ask("台州" + asked)
    assert own.found, own.answer
    assert own.citations[0].doc == TAIZHOU and figure in own.citations[0].quote


def test_a_share_asked_as_a_fraction_is_answered_by_a_fraction(sibling_cities) -> None:
    answer = sibling_cities.ask("台州业主共同决定事项，要几分之几的业主参与表决？")
    assert answer.found, answer.answer
    assert "三分之二" in answer.citations[0].quote
