"""Who a sentence or a question addresses (单位, 个人 …), as opposed to parties it only mentions."""

from __future__ import annotations

import pytest

from qa.text.parties import addressed_parties, asked_parties


@pytest.mark.parametrize(
    ("sentence", "parties"),
    [
        ("单位违反本条例第三十三条规定，由城市管理综合执法部门责令立即改正，处1000元罚款；", {"单位"}),
        ("由公安部门责令改正，对单位处1000元以上5000元以下罚款，对个人处100元以上200元以下罚款；", {"单位", "个人"}),
        ("产生生活垃圾的单位和个人是生活垃圾分类投放的责任主体", {"单位", "个人"}),  # coordinated parties
        ("将生活垃圾交由未经许可或者备案的企业和个人进行处置的", set()),  # mentioned inside a phrase
        ("由城市管理综合执法部门给予书面警告", set()),
    ],
)
def test_a_sentence_addresses_the_party_that_opens_a_phrase_or_follows_dui(sentence: str, parties: set[str]) -> None:
    assert addressed_parties(sentence) == parties


@pytest.mark.parametrize(
    ("question", "parties"),
    [
        ("北京的单位不按规定给垃圾分类，罚多少？", ["单位"]),
        ("济南个人不按规定分类投放垃圾，罚多少？", ["个人"]),  # after the place's name
        ("那要是把分好的垃圾交给不合格的单位拉走呢？", []),  # the case's receiver, not the party asked
        ("一个人养了两条狗，要登记吗？", []),
    ],
)
def test_a_question_asks_about_the_party_it_addresses(question: str, parties: list[str]) -> None:
    assert asked_parties(question, {"北京", "北京市", "济南", "济南市"}) == parties
