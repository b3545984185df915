"""Penalties read with what they stand on:
- a tier (拒不改正的，处…罚款) is imposed by the body its qualified sentence names (由…部门责令改正), so a
  question asking the fine and who imposes it is answered by the asked conduct's tier, not by another
  conduct's tier that names a body inside itself;
- a penalty set by another rule's article (按照《…条例》第四十五条规定的情节严重的情形予以处罚) is a penalty, and
  so are an order suspending business (责令暂停营业三个月至半年) and a rule on how hard a conduct is punished
  (二年内再次侵犯的，从重处罚);
- a penalty naming a paragraph that lists prohibited acts (违反本条例第十二条第一款规定的) is quoted with
  the listed act the question speaks of, not the list's lead-in or an item sharing only the party's name.

The text is written here for the class."""

from __future__ import annotations

import pytest

from qa.answer.penalties import PENALTY_SENTENCE

from ..conftest import written_texts_fixture

GAS_RULES = """# 临江市燃气管理条例

第一条 为了加强燃气管理，保障公共安全，制定本条例。

第十条 瓶装燃气经营者应当如实登记购买者的身份信息。

第十一条 燃气器具经营者应当查验并登记客户身份。

第十二条 燃气经营者不得有下列行为：

（一）擅自停止供气；

（二）向未取得经营许可的单位供应燃气；

（三）在燃气中掺杂、掺假。

燃气经营者有前款行为的，燃气主管部门应当记入信用档案。

第二十条 违反本条例第十条规定，瓶装燃气经营者未如实登记购买者身份信息的，由住房城乡建设部门责令改正；拒不改正的，处一万元以上五万元以下罚款。

第二十一条 违反本条例第十一条规定，燃气器具经营者未查验并登记客户身份的，由商务部门责令改正；拒不改正的，由商务部门通报市场监管部门，并由市场监管部门处二万元以上十万元以下罚款。

第二十二条 燃气经营者未立即报告燃气安全事故，造成严重后果，或者一年内两次以上未按规定报告燃气安全事故的，按照《城镇燃气管理条例》第四十五条规定的情节严重的情形予以处罚。

第二十三条 燃气经营者违反本条例第十二条第一款规定的，由燃气主管部门责令限期改正，处五千元以上二万元以下罚款。
"""

gas_rules = written_texts_fixture({"临江市燃气管理条例.md": GAS_RULES})


@pytest.mark.model
def test_the_tier_of_the_asked_conduct_with_the_body_named_before_it(gas_rules) -> None:
    answer = gas_rules.ask("临江卖瓶装燃气的店不登记买家身份，拒不改正罚多少？归哪个部门罚？")
    assert answer.found, answer.answer
    assert "一万元以上五万元以下" in answer.citations[0].quote and "二万元以上十万元以下" not in answer.answer


@pytest.mark.model
def test_a_penalty_set_by_another_rules_article_answers(gas_rules) -> None:
    answer = gas_rules.ask("临江的燃气公司好几次没报告安全事故，什么情况下会按情节严重处罚？")
    assert answer.found, answer.answer
    assert "情节严重的情形予以处罚" in answer.citations[0].quote


@pytest.mark.model
def test_a_penalty_naming_a_listed_paragraph_is_quoted_with_the_act_asked(gas_rules) -> None:
    answer = gas_rules.ask("临江的燃气公司擅自停止供气，会被罚多少钱？")
    assert answer.found, answer.answer
    quotes = [citation.quote for citation in answer.citations]
    assert any("五千元以上二万元以下" in quote for quote in quotes), answer.answer
    assert any("擅自停止供气" in quote for quote in quotes), answer.answer


@pytest.mark.parametrize(
    ("sentence", "penalty"),
    [
        ("一年内两次以上未依法立即冻结的，按照反恐怖主义法第八十三条规定的情节严重的情形予以处罚。", True),
        ("违反本条例规定的，依照《中华人民共和国治安管理处罚法》的规定处罚。", True),
        ("（二）是从事个体经营的，由工商行政管理部门责令暂停营业三个月至半年；", True),
        ("律师事务所有下列情形之一的，由司法行政部门责令暂停执业。", True),
        # how hard a conduct is punished answers 会不会罚得更重
        ("自行政处罚决定生效之日起二年内再次侵犯商业秘密的，可以对侵权人从重处罚。", True),
        ("主动消除违法行为危害后果的，可以从轻或者减轻处罚。", True),
        # no sanction: the rule the conduct must follow, a duty to report, a suspension asked for
        ("经营者应当按照国家有关规定处理废弃物。", False),
        ("发现违法行为的，应当依照规定报告处理情况。", False),
        ("当事人可以申请暂停营业。", False),
        # a lead-in to the penalties listed after it states none itself
        ("有下列行为之一的，由城市供水行政主管部门按照下列规定给予处罚；", False),
    ],
)
def test_a_sanction_by_reference_or_suspension_is_a_penalty(sentence: str, penalty: bool) -> None:
    assert (PENALTY_SENTENCE.search(sentence) is not None) is penalty
