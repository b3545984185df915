"""Everyday names for what regulations name otherwise (网吧 for 互联网上网服务营业场所, 房东 for
出租人, 闯红灯 for 违反交通信号): `keyword_lexicon.json` "everyday_terms", offered as the
documents' words where they write those more than the everyday word.

The index is 北京市未成年人保护条例 (2023) and 淄博市文明行为促进条例 from lawrefbook; the
questions are written here for the class."""

from __future__ import annotations

import pytest

from qa.text.thesaurus import everyday_terms

from ..conftest import found_quote, lawrefbook_fixture

texts = lawrefbook_fixture(
    "DLC/北京地方法规/地方性法规/北京/北京市未成年人保护条例(2023-05-26).md",
    "DLC/山东地方法规/地方性法规/山东/淄博市文明行为促进条例(2019-09-29).md",
)


def test_every_entry_names_other_words_than_its_own() -> None:
    terms = everyday_terms()
    assert terms and all(legal and word not in legal for word, legal in terms.items())


@pytest.mark.model
def test_an_everyday_word_is_read_as_the_documents_word(texts) -> None:
    understanding = texts.search("北京学校附近多远以内不能开网吧？").understanding
    assert "互联网上网服务营业场所" in understanding.variants.get("网吧", [])
    assert "二百米" in found_quote(texts, "北京学校附近多远以内不能开网吧？")


@pytest.mark.model
def test_a_word_the_documents_write_themselves_is_left_alone(texts) -> None:
    # 淄博 writes 闯红灯 itself (行人闯红灯，乱穿马路): no regulation word is put in its place
    understanding = texts.search("淄博行人闯红灯算不文明行为吗？").understanding
    assert "违反交通信号" not in understanding.variants.get("闯红灯", [])


leave_rules = lawrefbook_fixture("DLC/河南地方法规/地方性法规/河南/河南省警务辅助人员条例(2020-09-27).md")


@pytest.mark.model
def test_an_everyday_word_jieba_splits_is_read_as_the_documents_word(leave_rules) -> None:
    # 年假 is cut into 年/假, a run of characters no word list knows: its everyday entry still applies
    understanding = leave_rules.search("河南的辅警能不能休带薪年假？").understanding
    assert "年休假" in understanding.variants.get("年假", [])
    assert "带薪年休假" in found_quote(leave_rules, "河南的辅警能不能休带薪年假？")
