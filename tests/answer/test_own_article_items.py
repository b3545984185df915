"""A penalty that names items of its own article ("违反本条第一款第三项规定的，…") punishes those
items, one paragraph at a time: an article listing prohibitions (（一）…（三）) and then, in later
paragraphs of the same clause, a penalty for each item. The conduct asked is the item's; the
penalty of a sibling item is no answer, nor another figure for the asked one ("同一文件另一处写为":
`same_conduct`).

The corpus is 绍兴会稽山古香榧群保护规定 from lawrefbook (第七条 and 第八条 each list
prohibitions followed by per-item penalties). The questions are written here for the class, not
taken from a question set."""

from __future__ import annotations

import pytest

from qa.answer.penalties import cited_rules
from qa.answer.shapes.sentence import same_conduct

from ..conftest import found_quote, lawrefbook_fixture

SHAOXING_TORREYA = "DLC/浙江地方法规/地方性法规/浙江/绍兴会稽山古香榧群保护规定(2018-12-18).md"

torreya = lawrefbook_fixture(SHAOXING_TORREYA)


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "item", "fine"),
    [
        ("在绍兴会稽山的古榧树上钉钉子、剪枝，会被怎么罚？", "第三项", "二百元以上二千元以下"),
        ("绍兴古香榧单株保护范围内挖坑取土罚多少？", "第二项", "五千元以上一万元以下"),
        ("绍兴古香榧群核心区里搞全垦造林怎么罚？", "第二项", "每平方米二元"),
    ],
)
def test_the_penalty_naming_the_asked_item(torreya, question: str, item: str, fine: str) -> None:
    quote = found_quote(torreya, question)
    assert item in quote and fine in quote, quote


@pytest.mark.parametrize(
    ("quoted", "other", "same"),
    [
        # another item of the same article, another article: other conducts
        ("违反本条第一款第三项规定的，由林业行政主管部门责令改正，可以处二百元以上二千元以下的罚款", "违反本条第一款第二项规定损害古榧树的，由林业行政主管部门责令改正，可以处五千元以上一万元以下的罚款", False),
        ("违反本条例第十四条第一款第十一项规定，阻碍他人停车的，可以处二百元以上二千元以下罚款", "违反本条例第十二条第六项规定，在禁止吸烟场所吸烟的，可以处五十元以上二百元以下罚款", False),
        # a list's lead-in fines the conducts it lists, not the one quoted
        ("乱丢果皮（核）、烟头的，责令改正，并可以处20元以上50元以下罚款", "第五十五条 公园管理机构有下列行为之一的，责令改正，并可以处100元以上1000元以下罚款：", False),
        # the same rule cited, or the same conduct stated: may be the same conduct's other figure
        ("违反本条例第二十条规定的，处五百元罚款", "违反本条例第二十条规定，情节严重的，处二千元罚款", True),
        ("擅自砍伐城市园林树木的，按照补偿费的三倍至十倍处以罚款", "擅自砍伐城市园林树木，情节严重的，按照补偿费的十倍处以罚款", True),
        # no rule cited, two conducts stated: two penalties
        ("违法移植、砍伐城市园林树木的，按照补偿费的三倍至十倍处以罚款", "占用城市园林公共绿地的，按照补偿费的五倍至十倍处以罚款", False),
    ],
)
def test_which_other_fines_may_be_the_same_conducts(quoted: str, other: str, same: bool) -> None:
    assert same_conduct(cited_rules(quoted), quoted, other, 0.5) is same


@pytest.mark.parametrize(
    ("sentence", "rules"),
    [
        # items sharing one 项 (济南市名泉保护条例 第五十条, 上海市养犬管理条例): each item is cited
        ("违反本条例第二十六条第一、二、三、五项规定，在泉水补给区…新建…建（构）筑物的", {"第二十六条:1", "第二十六条:2", "第二十六条:3", "第二十六条:5"}),
        ("违反本条例第二十二条第一款第一、二项规定的，由公安部门责令改正", {"第二十二条:1", "第二十二条:2"}),
        # each item with its own 项, a range, the whole article
        ("违反本条例第二十二条第一项、第三项规定的，处五十元罚款", {"第二十二条:1", "第二十二条:3"}),
        ("违反本条例第二十二条第（一）至（三）项规定的，处五十元罚款", {"第二十二条:1", "第二十二条:2", "第二十二条:3"}),
        ("违反本条例第二十二条规定的，处五十元罚款", {"第二十二条:0"}),
    ],
)
def test_the_items_a_penalty_cites(sentence: str, rules: set[str]) -> None:
    assert cited_rules(sentence) == rules
