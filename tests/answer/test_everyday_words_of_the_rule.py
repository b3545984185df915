"""Acting without the approval, consent or licence a rule requires, asked in everyday words
(没经过批准, 没有经过同意, 不经过许可), is the rule's 未经: the question's negated act is one word
of the cut, and that word is the rule's 未经 (`keyword_lexicon.json` "everyday_terms", acts).
Every everyday word of that table is a word of the cut: cut apart (没/经过, 晚/交) it names no act.
A body's branch in everyday words (分部, 分店) is the rule's 分支机构; an exclusive licence (独家授权), its
独占使用许可.

The questions are written here for the class, not taken from a question set."""

from __future__ import annotations

import pytest

from qa.text.keywords import KeywordTokenizer
from qa.text.thesaurus import Thesaurus, everyday_terms


@pytest.fixture(scope="module")
def tokenizer() -> KeywordTokenizer:
    return KeywordTokenizer()


@pytest.mark.parametrize(
    ("question", "negated"),
    [
        ("在河南，没经过卫生部门许可就给产妇接生，罚款是多少？", "没经过"),
        ("济南有人没有经过批准就开出租车载客，怎么罚？", "没有经过"),
        ("档案馆能不经过我同意就把资料给别人看吗？", "不经过"),
    ],
)
def test_the_negated_approval_is_one_word_the_rule_writes_as_weijing(tokenizer: KeywordTokenizer, question: str, negated: str) -> None:
    assert negated in tokenizer.content_words(question)
    assert "未经" in everyday_terms()[negated]


@pytest.mark.parametrize(("question", "word"), [("水费晚交了几天怎么办", "晚交"), ("在景区乱扔垃圾罚多少", "乱扔"), ("酒驾怎么处理", "酒驾")])
def test_an_everyday_word_is_one_word_of_the_cut(tokenizer: KeywordTokenizer, question: str, word: str) -> None:
    assert word in tokenizer.content_words(question)


def test_a_word_merely_passing_through_is_no_unapproved_act(tokenizer: KeywordTokenizer) -> None:
    assert "未经" not in everyday_terms().get("经过", ())
    assert "经过" in tokenizer.content_words("公交车经过学校门口要减速吗")


@pytest.mark.parametrize("word", ["分部", "分店"])
def test_a_branch_in_everyday_words_is_the_rules_branch_office(word: str) -> None:
    """分部 and 分店, a body's branch elsewhere, are the rule's 分支机构 where the documents write that."""
    written = {"分支机构": 12}
    thesaurus = Thesaurus(occurrences=lambda other: written.get(other, 0), similarity=lambda _word, others: [0.0] * len(others), threshold=1.0)
    assert thesaurus.variants(word) == ("分支机构",)


def test_an_exclusive_licence_in_everyday_words_is_the_rules_exclusive_licence(tokenizer: KeywordTokenizer) -> None:
    """独家授权 is the rule's 独占使用许可 (or 独占许可) wherever the documents write one of them."""
    written = {"独占使用许可": 3}
    thesaurus = Thesaurus(occurrences=lambda other: written.get(other, 0), similarity=lambda _word, others: [0.0] * len(others), threshold=1.0)
    assert thesaurus.variants("独家授权") == ("独占使用许可",)
    assert "独家授权" in tokenizer.content_words("我从品牌方拿了独家授权，能自己去法院告吗")
