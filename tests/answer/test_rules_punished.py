"""A penalty that names its conduct only by the number of the rule it enforces ("（六）违反本条例第三十五条规定
的，处五百元以上二千元以下罚款") is answered with that rule quoted beside it (所罚行为：第三十五条 从事车辆清洗…
的经营者应当采取措施防止废水、废油…): the number alone does not tell the reader what is punished. Of a reference
naming many rules, the one speaking of the question is quoted; a penalty stating its conduct itself
("违反本条例第十八条第一款规定，擅自堆放物料的，…") needs no such line.

The corpus is 焦作市城市市容和环境卫生管理条例, read from lawrefbook (no question set uses it); the questions
are written here for the class."""

from __future__ import annotations

import pytest

from qa.answer.shapes.sentence import PUNISHED_RULE_LABEL

from ..conftest import compact, found_answer, lawrefbook_fixture

JIAOZUO_CITY_APPEARANCE = "DLC/河南地方法规/地方性法规/河南/焦作市城市市容和环境卫生管理条例(2017-11-01).md"

pytestmark = pytest.mark.model

city_appearance = lawrefbook_fixture(JIAOZUO_CITY_APPEARANCE)


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("焦作洗车店的废水废油弄得到处都是，会罚多少？", "从事车辆清洗、维护、装饰的经营者应当采取措施防止废水、废油"),
        # one of six rules the penalty cites by number: the one about balconies
        ("焦作有人在临街阳台上晾晒衣物，罚多少？", "阳台外、窗外，不得堆放、吊挂、晾晒有碍市容的物品"),
    ],
)
def test_the_rule_a_penalty_cites_by_number_is_quoted(city_appearance, question: str, rule: str) -> None:
    answer = found_answer(city_appearance, question)
    lines = [line for line in answer.answer.splitlines() if line.startswith(PUNISHED_RULE_LABEL)]
    assert len(lines) == 1 and rule in compact(lines[0]), answer.answer
    quoted = next(citation for citation in answer.citations if rule in compact(citation.quote))
    assert city_appearance.index.sources[quoted.doc].text[quoted.start : quoted.end] == quoted.quote


def test_a_penalty_stating_its_conduct_quotes_no_rule(city_appearance) -> None:
    answer = found_answer(city_appearance, "焦作有人在路边擅自堆放物料，罚多少？")
    assert "擅自堆放物料" in compact(answer.citations[0].quote), answer.answer
    assert not any(line.startswith(PUNISHED_RULE_LABEL) for line in answer.answer.splitlines()), answer.answer
