"""A later paragraph of an article opening on the matter of the article's first sentence
("门楼牌应当在…三十个工作日内完成安装。" below "第十六条 …委托第三方完成门楼牌的制作、安装。") is read
with that sentence: it says what the paragraph's figure is about where the paragraph itself names
less of the question ("补栽的树木胸径不得小于五厘米" below "经批准砍伐树木的，应当…进行补栽"). A paragraph
opening on a matter of its own, a later sentence of a paragraph and a first paragraph are read alone.

The corpus is 江门市门楼号牌管理条例 and 重庆市行政执法监督条例, read from lawrefbook (no question set
uses them); the questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.answer.candidates import opening_taken_up
from qa.answer.sentences import sentences

from ..conftest import found_quote, lawrefbook_fixture

JIANGMEN_DOOR_PLATES = "DLC/广东地方法规/地方性法规/广东/江门市门楼号牌管理条例(2022-12-05).md"
CHONGQING_ENFORCEMENT_SUPERVISION = "DLC/重庆地方法规/地方性法规/重庆/重庆市行政执法监督条例(2010-07-30).md"

pytestmark = pytest.mark.model

openings = lawrefbook_fixture(JIANGMEN_DOOR_PLATES, CHONGQING_ENFORCEMENT_SUPERVISION)


def clause_holding(pipeline, text: str):
    return next(clause for clause in pipeline.index.clauses if text in clause.text)


def test_a_paragraph_taking_up_the_opening_is_read_with_it(openings) -> None:
    clause = clause_holding(openings, "门楼牌应当在公安机关出具")
    first, *later = sentences(clause)
    taken_up = next(span for span in later if span.text.startswith("门楼牌应当"))
    assert "委托第三方完成门楼牌的制作、安装" in opening_taken_up(clause, taken_up)
    assert opening_taken_up(clause, first) == ""  # the opening itself


def test_a_paragraph_opening_on_its_own_matter_is_read_alone(openings) -> None:
    for clause in openings.index.clauses:
        paragraphs = [part.strip() for part in clause.text.split("\n") if part.strip()]
        for span in sentences(clause)[1:]:
            own = span.text.strip()[:2]
            opening = opening_taken_up(clause, span)
            if opening:
                assert own in opening or own in ("前款", "前述", "上述") or own.startswith("该"), (clause.path, span.text)
                assert any(paragraph.startswith(span.text.strip()) for paragraph in paragraphs[1:]), span.text


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("江门的门楼牌委托第三方安装，确认书出了以后几天内必须装上？", "三十个工作日"),
        ("重庆新法规实施后，主管部门过多久要报告执行情况？", "施行一年后"),
    ],
)
def test_a_figure_in_a_paragraph_taking_up_the_opening_answers(openings, question: str, figure: str) -> None:
    assert figure in found_quote(openings, question)
