"""A penalty citing one paragraph (款) of an article punishes that paragraph's conduct: "违反本条例
第三十五条第三款规定" is read with the third paragraph of 第三十五条, not with the whole article, whose
other paragraphs the penalties beside it punish (第二款: 园林绿化用水, 第三款: 景观用水). A paragraph of
the penalty clause that names its own conduct and cites no rule punishes that conduct, and a tier
sentence citing nothing (可以责令停业整顿…) punishes what its paragraph's reference names. A list's
lead-in that ends on what only officials receive ("…可以处10万元以下的罚款；对直接负责的主管人员…，依法
给予处分：") punishes its items with the fine stated before that.

The corpus is 北京市节水条例, 上海市食品安全条例, 聊城市水环境保护条例, 上海市道路交通管理条例 and
北京市建设工程质量条例 and the national 测绘成果管理条例, read from lawrefbook (no question set uses them); the questions are written
here for the class."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer.penalties import cited_paragraphs

from ..conftest import compact, found_answer, lawrefbook_fixture

BEIJING_WATER_SAVING = "DLC/北京地方法规/地方性法规/北京/北京市节水条例(2022-11-25).md"
SHANGHAI_FOOD_SAFETY = "DLC/上海地方法规/地方性法规/上海/上海市食品安全条例(2017-01-20).md"
LIAOCHENG_WATER = "DLC/山东地方法规/地方性法规/山东/聊城市水环境保护条例(2018-01-23).md"
SHANGHAI_ROAD_TRAFFIC = "DLC/上海地方法规/地方性法规/上海/上海市道路交通管理条例.md"
BEIJING_CONSTRUCTION_QUALITY = "DLC/北京地方法规/地方性法规/北京/北京市建设工程质量条例.md"
SURVEYING_RESULTS = "行政法规/测绘成果管理条例(2006-05-27).md"

pytestmark = pytest.mark.model

penalty_clauses = lawrefbook_fixture(BEIJING_WATER_SAVING, SHANGHAI_FOOD_SAFETY, LIAOCHENG_WATER, SHANGHAI_ROAD_TRAFFIC, BEIJING_CONSTRUCTION_QUALITY)
surveying = lawrefbook_fixture(SURVEYING_RESULTS)


@pytest.mark.parametrize(
    ("sentence", "paragraphs"),
    [
        ("违反本条例第二十五条第三款规定，房屋出租人发现…未按照规定报告公安机关的，由公安机关给予警告", {3}),
        ("违反本条例第二十五条第一款、第二款规定的，处五千元以上五万元以下罚款", {1, 2}),
        ("违反本条例第二十五条规定的，处五千元以上五万元以下罚款", set()),  # the whole article
        ("违反本条例第二十三条第一款第四项规定，携带犬只外出未用牵引带的，处…罚款", set()),  # an item, not its paragraph
        ("违反本条例第二十六条第二款规定，传播媒体…未按照规定报告公安机关的", set()),  # another article
    ],
)
def test_the_paragraphs_a_penalty_cites(sentence: str, paragraphs: set[int]) -> None:
    assert cited_paragraphs(sentence, "第二十五条") == paragraphs


@pytest.mark.parametrize(
    ("question", "doc", "cited", "conduct"),
    [
        ("北京小区的景观水池用自来水补水，罚多少？", BEIJING_WATER_SAVING, "第三十五条第三款", "景观用水使用地下水、自来水"),
        ("上海食品展销会上卖散装熟食卤味，罚多少？", SHANGHAI_FOOD_SAFETY, "第四十条第三款", "散装熟食卤味"),
        ("聊城随便倒污泥的罚多少？", LIAOCHENG_WATER, "第三十三条第二款", "随意倾倒、堆放、丢弃、遗撒污泥"),
        ("上海渣土车不按核定的路线走，罚多少？", SHANGHAI_ROAD_TRAFFIC, "第五十九条第三款", "未按照核定的路线、时间运输"),
        ("北京施工单位把工程转包了，怎么罚？", BEIJING_CONSTRUCTION_QUALITY, "第三十四条第二款", "将承包的工程转包或者违法分包"),
    ],
)
def test_a_penalty_citing_a_paragraph_answers_for_that_paragraphs_conduct(
    penalty_clauses, lawrefbook: Path, question: str, doc: str, cited: str, conduct: str
) -> None:
    answer = found_answer(penalty_clauses, question)
    first = answer.citations[0]
    quote = compact(first.quote)
    assert first.doc == doc and cited in quote and conduct in quote, answer.answer
    assert quote in compact((lawrefbook / doc).read_text(encoding="utf-8"))


def test_a_lead_in_ending_on_officials_sanctions_punishes_its_items_with_its_fine(surveying) -> None:
    answer = found_answer(surveying, "擅自公布重要地理信息数据的，罚多少？")
    assert "10万元以下的罚款" in compact(answer.citations[0].quote), answer.answer
    assert any("擅自公布重要地理信息数据" in compact(citation.quote) for citation in answer.citations)
