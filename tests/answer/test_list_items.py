"""An answer quoting an item of a list ("（一）有不低于人民币100万元的注册资本；") quotes the sentence
introducing the list as well ("保安服务公司应当具备下列条件："), the whole of it where semicolons part
its consequences: the item alone does not say what it lists. The item's citation carries that lead-in in its context, both parts verbatim, with "……" where
other items stand between them; a clause that is no list item keeps its own text as its context.

The corpus is the national 保安服务管理条例 and 河南省城市房地产开发经营管理条例, read from lawrefbook
(no question set uses them); the questions are written here for the class."""

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
