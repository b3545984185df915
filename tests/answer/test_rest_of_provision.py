"""A figure is answered with the figures the rest of its paragraph (款) states: the limit of the
renewal it asks for (续期期限最长不得超过六个月), the next step's deadline (决定受理的，…二十个工作日内
作出处理决定), and the next step the article's next paragraph sets on the same matter (鉴定委员会应当在
收到书面申请之日起三十日内作出鉴定结论), each quoted verbatim on a line of its own after the answering
sentence. A penalty stated in tiers by the illegal income made (有违法所得的，…并处…罚款) is quoted with
the conduct its paragraph names first; a short penalised conduct naming its act (擅自修剪树木) punishes
the rule forbidding that act, not another act on the same thing (挖掘城市绿地 is not 挖掘城镇道路).

The corpus is 山东省港口条例, 深圳经济特区外商投资条例, 广东省人力资源市场条例, 山东省规范海洋渔业船舶捕捞规定,
菏泽市城镇容貌和环境卫生管理条例 and 上海市母婴保健条例, read from lawrefbook (no question set uses them);
the questions are written here for the class."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer.penalties import restates_act
from qa.answer.sentences import bigrams
from qa.answer.shapes.sentence import NEXT_PARAGRAPH_LABEL, SAME_PARAGRAPH_LABEL

from ..conftest import compact, found_answer, lawrefbook_fixture

SHANDONG_PORTS = "DLC/山东地方法规/地方性法规/山东/山东省港口条例(2012-01-13).md"
SHENZHEN_FOREIGN_INVESTMENT = "DLC/广东地方法规/地方性法规/广东/深圳经济特区外商投资条例(2022-09-05).md"
GUANGDONG_HR_MARKET = "DLC/广东地方法规/地方性法规/广东/广东省人力资源市场条例(2021-12-01).md"
SHANDONG_FISHING_VESSELS = "DLC/山东地方法规/地方性法规/山东/山东省规范海洋渔业船舶捕捞规定(2021-01-28).md"
HEZE_CITY_APPEARANCE = "DLC/山东地方法规/地方性法规/山东/菏泽市城镇容貌和环境卫生管理条例(2021-02-01).md"
SHANGHAI_MATERNAL_CARE = "DLC/上海地方法规/地方性法规/上海/上海市母婴保健条例.md"

pytestmark = pytest.mark.model

provisions = lawrefbook_fixture(SHANDONG_PORTS, SHENZHEN_FOREIGN_INVESTMENT, GUANGDONG_HR_MARKET, SHANDONG_FISHING_VESSELS)
provisions_with_heze = lawrefbook_fixture(HEZE_CITY_APPEARANCE, SHANGHAI_MATERNAL_CARE)


def _source(lawrefbook: Path, relative: str) -> str:
    return compact((lawrefbook / relative).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("question", "doc", "asked", "beside"),
    [
        ("山东港口岸线没按期达到最低投资额，要提前几天申请续期？", SHANDONG_PORTS, "三十日前", "六个月"),
        ("深圳外资企业投诉了，负责的部门几个工作日内决定受不受理？", SHENZHEN_FOREIGN_INVESTMENT, "五个工作日", "二十个工作日"),
    ],
)
def test_the_rest_of_the_paragraph_stating_figures_is_quoted_after_the_answer(
    provisions, lawrefbook: Path, question: str, doc: str, asked: str, beside: str
) -> None:
    answer = found_answer(provisions, question)
    first, *others = answer.citations
    assert first.doc == doc and asked in compact(first.quote), first.quote
    context = [citation for citation in others if beside in compact(citation.quote)]
    assert context and all(citation.doc == doc for citation in context), answer.answer
    assert f"{SAME_PARAGRAPH_LABEL}：" in answer.answer
    source = _source(lawrefbook, doc)
    assert all(compact(citation.quote) in source for citation in answer.citations)


@pytest.mark.parametrize(
    ("question", "doc", "conduct"),
    [
        ("广东没拿到许可证就做职业中介，会被罚多少钱？", GUANGDONG_HR_MARKET, "擅自从事职业中介活动"),
        ("山东有中介介绍没有船员证书的人上渔船干活，怎么罚？", SHANDONG_FISHING_VESSELS, "介绍未取得船员证书的人员上船工作"),
    ],
)
def test_a_penalty_tiered_by_illegal_income_is_quoted_with_the_conduct_its_paragraph_names(provisions, question: str, doc: str, conduct: str) -> None:
    quote = compact(found_answer(provisions, question).citations[0].quote)
    assert conduct in quote and "有违法所得的" in quote and "一万元以上五万元以下" in quote, quote


@pytest.mark.parametrize(
    ("conduct", "rule", "restated"),
    [
        ("擅自修剪树木", "其他任何单位或者个人不得擅自修剪城市绿地内的树木。", True),
        ("未经批准擅自取水", "任何单位和个人未经批准不得擅自取水。", True),
        ("擅自迁移树木", "其他任何单位或者个人不得擅自修剪城市绿地内的树木。", False),
        ("驾驶电动自行车", "驾驶电动自行车应当佩戴安全头盔。", False),
    ],
)
def test_a_short_conduct_naming_its_act_restates_the_rule_forbidding_it(conduct: str, rule: str, restated: bool) -> None:
    assert restates_act(conduct, bigrams(rule)) is restated


def test_a_penalty_for_another_act_on_the_same_thing_is_no_answer(provisions_with_heze) -> None:
    answer = provisions_with_heze.ask("菏泽有人擅自挖掘城市绿地，罚多少？")
    assert not answer.found, answer.answer


def test_the_next_paragraph_taking_up_the_matter_gives_the_next_step(provisions_with_heze, lawrefbook: Path) -> None:
    answer = found_answer(provisions_with_heze, "上海产前诊断的结果有异议，多少天内可以申请医学技术鉴定？")
    first, *others = answer.citations
    assert first.doc == SHANGHAI_MATERNAL_CARE and "十五日内" in compact(first.quote), first.quote
    assert any("三十日内作出鉴定结论" in compact(citation.quote) for citation in others), answer.answer
    assert f"{NEXT_PARAGRAPH_LABEL}：" in answer.answer
    source = _source(lawrefbook, SHANGHAI_MATERNAL_CARE)
    assert all(compact(citation.quote) in source for citation in answer.citations)
