"""A conduct asked in everyday words the text never uses (楼上往下扔东西 for 从建筑物向外抛掷物品)
is answered from the clause nearest the question in meaning when no retrieved sentence holds any
of the question's words and that clause is clearly the nearest; a penalty is found for the listed
duty it punishes, never for the article's other items.

The corpus is one city's 文明行为促进条例 (威海), whose articles list duties and then punish some
of their items in paragraphs of their own ("违反本条第一款第六项规定，…"). The questions are
written here for the class, not taken from a question set."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

CITY = "DLC/山东地方法规/地方性法规/山东/威海市文明行为促进条例(2018-09-21).md"

pytestmark = pytest.mark.model


weihai = lawrefbook_fixture(CITY)


def test_a_conduct_in_everyday_words_is_answered_with_its_own_penalty(weihai) -> None:
    # no word of the question stands in 第十一条第一款第六项 or the paragraph that punishes it
    answer = weihai.ask("威海有人从楼上往下扔东西，会被怎么处罚？")
    assert answer.found, answer.answer
    quote = compact(answer.citations[0].quote)
    assert "罚款" in quote
    cited_paragraph = weihai.index.sources[answer.citations[0].doc].text[: answer.citations[0].end].rsplit("\n", 1)[-1]
    assert "抛掷物品" in cited_paragraph


def test_an_item_a_later_paragraph_does_not_name_has_no_penalty(weihai) -> None:
    # 第十二条 punishes its items 2 and 4 in later paragraphs; flying a drone (item 5) is unpunished
    answer = weihai.ask("威海有人在小区附近放无人机，会怎么处理？")
    assert not answer.found, answer.answer


def test_a_listed_duty_named_in_the_question_gets_the_paragraph_that_punishes_it(weihai) -> None:
    answer = weihai.ask("威海有人在电梯里蹦来蹦去，会怎么处理？")
    assert answer.found, answer.answer
    cited_paragraph = weihai.index.sources[answer.citations[0].doc].text[: answer.citations[0].end].rsplit("\n", 1)[-1]
    assert "电梯" in cited_paragraph and "罚款" in compact(answer.citations[0].quote)


def test_a_question_near_no_clause_in_meaning_is_refused(weihai) -> None:
    # playing music loudly (第十二条第一款第三项) is a duty no paragraph punishes
    answer = weihai.ask("威海半夜跳广场舞音响开太大，罚多少钱？")
    assert not answer.found, answer.answer


@pytest.mark.parametrize(
    ("word", "text", "present"),
    [
        ("禁放区", "在禁止燃放烟花爆竹的区域、地点燃放烟花爆竹的", True),
        ("业委会", "业主委员会每届任期为三年至五年", True),
        ("禁放区", "禁止在道路上停放车辆，区人民政府应当", False),  # its characters across two phrases
        ("禁放区", "禁止擅自占用、挖掘城市道路和堆放物料的区域", False),  # too far apart
        # a two-character word: two two-character words cut to their first characters
        ("履职", "无正当理由连续六个月不履行职责的", True),
        ("人防", "人民防空工程竣工经验收合格的", True),
        ("社保", "向当地社会保险经办机构申请办理社会保险登记", True),
        ("履职", "履行法定职责", False),  # more than one character between them
        ("人防", "个人，防止", False),  # across a phrase break
    ],
)
def test_an_abbreviation_is_present_where_its_characters_stand_in_order_in_one_phrase(word: str, text: str, present: bool) -> None:
    from qa.answer.sentences import Term, abbreviation_pattern

    assert Term(frozenset({word}), shortened=abbreviation_pattern(word)).present_in(text) is present


@pytest.mark.parametrize(
    ("word", "text", "present"),
    [
        ("低保", "最低生活保障家庭成员在接受救助期间", True),  # 低 from inside 最低
        ("低保", "低于保障标准的", True),
        ("低保", "最低工资标准和社会保险", False),  # across a phrase of three characters
    ],
)
def test_a_two_character_abbreviation_the_documents_never_write_may_take_a_character_from_inside_a_word(word: str, text: str, present: bool) -> None:
    from qa.answer.sentences import Term, abbreviation_pattern

    assert Term(frozenset({word}), shortened=abbreviation_pattern(word, unwritten=True)).present_in(text) is present
    assert not Term(frozenset({word}), shortened=abbreviation_pattern(word)).present_in("最低生活保障家庭成员")  # written, it is two words cut


@pytest.mark.parametrize(
    ("word", "text", "present"),
    [
        ("电力企业", "电力企业对事故发生负有责任的，由电力监管机构依照下列规定处以罚款", True),
        ("电力企业", "电力企业主要负责人未依法履行安全生产管理职责，导致事故发生的", False),  # a person of the body
        ("检验机构", "检验机构工作人员出具虚假检验报告的", False),
        ("检验机构", "检验机构及其工作人员出具虚假检验报告的", True),  # the body itself is named too
        ("罚款", "罚款负责人", True),  # a word naming no body has no persons
    ],
)
def test_a_body_asked_is_not_found_where_only_a_person_of_it_is_named(word: str, text: str, present: bool) -> None:
    from qa.answer.sentences import Term, person_suffixes

    assert Term(frozenset({word}), persons=person_suffixes(word)).present_in(text) is present
