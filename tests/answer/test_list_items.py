"""An answer quoting an item of a list ("（一）有不低于人民币100万元的注册资本；") quotes the sentence
introducing the list as well ("保安服务公司应当具备下列条件："), the whole of it where semicolons part
its consequences: the item alone does not say what it lists. The item's citation carries that lead-in in its context, both parts verbatim, with "……" where
other items stand between them; a clause that is no list item keeps its own text as its context.

A listed conduct's penalty stated by its list's lead-in is quoted from the sentence that opens the list
through the colon, not from the lead-in's last semicolon: "有下列行为之一的，由…责令改正，没收违法所得和种子；
违法生产经营的货值金额不足一万元的，并处三千元以上三万元以下罚款；…；可以吊销种子生产经营许可证：" quoted as
"可以吊销种子生产经营许可证：" alone loses every fine. A lead-in whose parts are tiers ("…并处…罚款；没有违法所得
…的，并处…；情节严重的，责令停业整顿…：") was quoted whole before and still is.

The corpus is the national 保安服务管理条例 and 河南省城市房地产开发经营管理条例, and for the penalties
种子法 and 娱乐场所管理条例, read from lawrefbook (no question set uses them or asks about these
articles); the questions are written here for the class."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer.builder import ITEMS_BETWEEN
from qa.answer.shapes.sentence import LISTED_UNDER_LABEL

from ..conftest import compact, found_answer, lawrefbook_fixture

SECURITY_SERVICES = "行政法规/保安服务管理条例(2022-03-29).md"
HENAN_REAL_ESTATE = "DLC/河南地方法规/地方性法规/河南/河南省城市房地产开发经营管理条例(2010-07-30).md"

pytestmark = pytest.mark.model

listed_conditions = lawrefbook_fixture(SECURITY_SERVICES, HENAN_REAL_ESTATE)


@pytest.mark.parametrize(
    ("question", "item", "lead_in", "items_between"),
    [
        ("开一家保安服务公司，注册资本最少要多少？", "有不低于人民币100万元的注册资本", "保安服务公司应当具备下列条件", False),
        ("做武装守护押运的保安公司，国有资本至少要占多少？", "国有资本占注册资本总额的51%以上", "并符合下列条件", True),
        ("河南开房地产开发公司，至少要有几名专职会计？", "有二名以上持有会计从业资格证书的专职会计人员", "还应当具备下列条件", True),
        # the whole sentence, not its last part after a semicolon (构成犯罪的，依法追究刑事责任：)
        ("保安员私自扣押别人的身份证，会怎么处理？", "扣押、没收他人证件、财物的", "保安员有下列行为之一的，由公安机关予以训诫", True),
    ],
)
def test_a_listed_item_is_quoted_with_the_lead_in_of_its_list(
    listed_conditions, lawrefbook: Path, question: str, item: str, lead_in: str, items_between: bool
) -> None:
    answer = found_answer(listed_conditions, question)
    first = answer.citations[0]
    assert item in compact(first.quote), answer.answer
    # the answer names what the item lists, in a line of its own citing the lead-in
    assert any(line.startswith(LISTED_UNDER_LABEL) and lead_in in line for line in answer.answer.splitlines()), answer.answer
    assert any(lead_in in citation.quote for citation in answer.citations[1:]), answer.answer
    # the item's card shows it under its lead-in, each part verbatim from the source
    source = compact((lawrefbook / first.doc).read_text(encoding="utf-8"))
    assert lead_in in first.context and first.quote in first.context
    assert (ITEMS_BETWEEN in first.context) == items_between, first.context
    assert all(compact(part) in source for part in first.context.split(ITEMS_BETWEEN))


def test_a_clause_that_is_no_list_item_keeps_its_own_text_as_context(listed_conditions, lawrefbook: Path) -> None:
    answer = found_answer(listed_conditions, "保安培训单位开始培训后，多少天内要去公安机关备案？")
    first = answer.citations[0]
    assert "30日内" in first.quote, answer.answer
    assert not any(line.startswith(LISTED_UNDER_LABEL) for line in answer.answer.splitlines()), answer.answer
    assert first.context.startswith("第三十三条") and ITEMS_BETWEEN not in first.context
    assert compact(first.context) in compact((lawrefbook / first.doc).read_text(encoding="utf-8"))


listed_penalties = lawrefbook_fixture("经济法/种子法(2021-12-24).md", "行政法规/娱乐场所管理条例(2020-11-29).md")


@pytest.mark.parametrize(
    ("question", "item", "opening", "closing"),
    [
        ("租借别人的种子生产经营许可证来卖种子，会怎么处罚？", "伪造、变造、买卖、租借种子生产经营许可证", "有下列行为之一的，由县级以上人民政府农业农村", "并处三千元以上三万元以下罚款"),
        ("用行贿的办法拿到种子生产经营许可证，会怎么处罚？", "以欺骗、贿赂等不正当手段取得种子生产经营许可证", "有下列行为之一的，由县级以上人民政府农业农村", "可以吊销种子生产经营许可证"),
        # tiers only: quoted whole before this rule too (a control)
        ("娱乐场所拿现金当奖品，会怎么罚？", "以现金、有价证券作为奖品", "有下列情形之一的，由县级公安部门没收违法所得", "责令停业整顿1个月至3个月"),
    ],
)
def test_a_lead_in_penalty_is_quoted_from_the_opening_of_its_list(listed_penalties, question: str, item: str, opening: str, closing: str) -> None:
    answer = found_answer(listed_penalties, question)
    lead_in = next((citation for citation in answer.citations if opening in compact(citation.quote)), None)
    assert lead_in is not None, answer.answer
    assert closing in compact(lead_in.quote), answer.answer
    assert any(item in compact(citation.quote) for citation in answer.citations), answer.answer
    assert listed_penalties.index.sources[lead_in.doc].text[lead_in.start : lead_in.end] == lead_in.quote
    # the lead-in is the passage of the item cited with it: its context reads on to that item
    assert lead_in.quote in lead_in.context and item in compact(lead_in.context), lead_in.context
