"""Clause patterns the answer stage reads regulations by, on real lawrefbook sentences (no model)."""

from __future__ import annotations

import pytest

from qa.answer.penalties import CROSS_REFERENCE, PENALTY_TIER
from qa.answer.sentences import sentences, with_default_rule
from qa.ingest.clean import find_boilerplate
from qa.ingest.load import load_file
from qa.ingest.structure.clauses import split_clauses
from tests.conftest import LAWREFBOOK, compact


def clause_holding(relative: str, phrase: str):
    if not LAWREFBOOK.is_dir():
        pytest.fail(f"lawrefbook corpus not found at {LAWREFBOOK} (it ships in ../shared)")
    doc = load_file(LAWREFBOOK / relative, LAWREFBOOK)
    wanted = compact(phrase)
    found = [clause for clause in split_clauses(doc, find_boilerplate(doc.text), 400) if wanted in compact(clause.text)]
    assert found, f"no clause of {relative} holds {phrase!r}"
    return found[0]


@pytest.mark.parametrize(
    ("relative", "deferring", "default"),
    [
        # "按照约定…；没有约定或者约定不明确的，…": the default rule after a semicolon
        ("DLC/北京地方法规/地方性法规/北京/北京市单用途预付卡管理条例.md", "经营者应当按照约定期限一次性退回预收款余额", "十五日内退回"),
        ("DLC/上海地方法规/地方性法规/上海/上海市房屋租赁条例.md", "违约金的数额，按照租赁合同约定的标准计算", "租赁合同未约定的"),
    ],
)
def test_a_sentence_deferring_to_an_agreement_is_read_with_the_default_that_follows(relative: str, deferring: str, default: str) -> None:
    clause = clause_holding(relative, deferring)
    span = next(s for s in sentences(clause) if deferring in compact(s.text))
    extended = with_default_rule(clause, span)
    assert default in compact(extended.text) and extended.start == span.start
    assert extended.text == clause.text[extended.start - clause.start : extended.end - clause.start]  # still a verbatim quote


def test_a_sentence_without_an_agreement_is_quoted_alone() -> None:
    clause = clause_holding("DLC/上海地方法规/地方性法规/上海/上海市房屋租赁条例.md", "违约金的数额，按照租赁合同约定的标准计算")
    for span in sentences(clause):
        if "约定" not in span.text:
            assert with_default_rule(clause, span) == span


@pytest.mark.parametrize(
    ("sentence", "refs"),
    [
        ("违反本规定第五条，建设单位、设计单位、施工单位和工程监理单位选用不合格的消防产品", "第五条"),  # article, comma, conduct
        ("对违反本规定第十四条、第十五条，逾期不办理养犬变更登记的", "第十四条、第十五条"),
        ("违反本条例第二十二条第一、二、三项规定的，由公安部门责令改正", "第二十二条第一、二、三项"),
        ("违反第十九条第一款第五项规定，携犬进入公共楼道", "第十九条第一款第五项"),
    ],
)
def test_a_penalty_names_the_rule_it_enforces_by_article(sentence: str, refs: str) -> None:
    assert CROSS_REFERENCE.search(sentence).group("refs") == refs


def test_a_reference_to_the_paragraph_before_is_no_article_reference() -> None:
    assert CROSS_REFERENCE.search("违反前款规定的，由公安机关责令改正") is None


@pytest.mark.parametrize(
    ("relative", "sentence"),
    [
        ("DLC/北京地方法规/地方性法规/北京/北京市野生动物保护管理条例(2020-04-24).md", "属于其他重点保护野生动物或者其他陆生野生动物的"),
        ("DLC/浙江地方法规/地方性法规/浙江/浙江省促进散装水泥发展和应用条例(2017-11-30).md", "属于"),
    ],
)
def test_another_case_of_the_same_conduct_is_read_as_a_tier_of_its_penalty(relative: str, sentence: str) -> None:
    # "…处…罚款；属于…的，…罚款": the cases of one conduct, each with its own fine, quoted together
    text = (LAWREFBOOK / relative).read_text(encoding="utf-8")
    following = [part for part in text.split("；") if part.startswith(sentence) and "罚款" in part]
    assert following and all(PENALTY_TIER.match(part) for part in following)


@pytest.mark.parametrize(
    ("phrase", "officials_only"),
    [
        ("在气象灾害防御工作中滥用职权、玩忽职守、徇私舞弊的", True),  # misconduct in office, 处分
        ("非法向社会发布灾害性天气警报", False),  # a list under a fine anyone may receive
        ("应当安装雷电防护装置未安装", False),
    ],
)
def test_a_sanction_only_officials_receive_is_told_from_a_fine(phrase: str, officials_only: bool) -> None:
    from qa.answer.penalties import for_officials_only

    clause = clause_holding("DLC/山东地方法规/地方性法规/山东/济南市气象灾害防御条例(2014-11-27).md", phrase)
    article = clause_holding("DLC/山东地方法规/地方性法规/山东/济南市气象灾害防御条例(2014-11-27).md", clause.path[0]) if len(clause.path) > 1 else clause
    assert for_officials_only(article.text) is officials_only


@pytest.mark.parametrize(
    ("asked", "grounded"),
    [
        ("罚款", True),  # the figure's own phrase names it: 可以处三万元以下的罚款
        ("违反", True),  # the sentence's subject does: 违反本条例规定
        ("检测", False),  # named in the sentence, but neither beside the figure nor as its subject
    ],
)
def test_a_figure_answers_where_its_phrase_or_subject_names_what_is_asked(asked: str, grounded: bool) -> None:
    from qa.answer.candidates import Candidate, figure_grounded
    from qa.answer.sentences import term
    from qa.ingest.figures import attach_figures
    from qa.records import Hit

    clause = attach_figures(clause_holding("DLC/山东地方法规/地方性法规/山东/济南市气象灾害防御条例(2014-11-27).md", "应当安装雷电防护装置未安装"))
    span = next(s for s in sentences(clause) if "三万元" in s.text)
    candidate = Candidate(Hit(clause, 1.0), 0, span, 1.0, 1.0, True, False)
    assert figure_grounded(candidate, [term(asked, [])]) is grounded


@pytest.mark.parametrize(
    ("sentence", "tier"),
    [
        ("经营者属于法人的，处五千元以上二万元以下罚款。", True),  # <party>属于<kind>的: another case of one penalty
        ("违法行为人属于单位的，处一万元罚款。", True),
        ("违反本条例第十条规定的，处五百元罚款。", False),  # a penalty of its own
    ],
)
def test_a_case_named_by_what_its_party_is_reads_as_a_tier(sentence: str, tier: bool) -> None:
    assert bool(PENALTY_TIER.match(sentence)) is tier



@pytest.mark.parametrize(
    ("relative", "phrase", "clock"),
    [
        ("DLC/浙江地方法规/地方性法规/浙江/宁波市城市房屋使用安全管理条例(2015-08-25).md", "在十二时至十四时以及二十时至次日七时", True),
        ("DLC/河南地方法规/地方性法规/河南/焦作市公园管理条例(2021-08-25).md", "每日二十二时至次日六时", True),
        ("DLC/河南地方法规/地方性法规/河南/郑州市燃气管理条例(2022-01-01).md", "应当提前二十四小时通知用户", False),  # a duration
        ("DLC/河南地方法规/地方性法规/河南/郑州市燃气管理条例(2022-01-01).md", "同时", False),
    ],
)
def test_a_time_of_day_answers_when_something_may_happen(relative: str, phrase: str, clock: bool) -> None:
    from qa.answer.candidates import CLOCK_TIME

    assert phrase in (LAWREFBOOK / relative).read_text(encoding="utf-8")
    assert bool(CLOCK_TIME.search(phrase)) is clock


@pytest.mark.parametrize("question", ["晚上几点以后就不准放鞭炮了？", "当天收的东西最晚什么时间段要运走？", "装修哪个时段不能施工？"])
def test_a_question_for_a_time_of_day_asks_a_date(question: str) -> None:
    from qa.understand import asked_date

    assert asked_date(question) == "日期"


def test_an_anchored_rule_reaches_the_penalty_in_the_paragraph_after_it() -> None:
    # 第十三条: "…禁止携犬进入的区域，应当设置明显标志。\n违反本条第一款、第二款规定，…罚款。\n残疾人…"
    from qa.answer.candidates import in_anchored_paragraph

    relative = "DLC/浙江地方法规/地方性法规/浙江/湖州市养犬管理规定(2021-12-02).md"
    clause = clause_holding(relative, "禁止携犬进入的区域，应当设置明显标志")
    parts = sentences(clause)
    rule = next(part for part in parts if "设置明显标志" in part.text)
    penalty = next(part for part in parts if part.text.startswith("违反本条第一款"))
    beyond = next(part for part in parts if part.text.startswith("残疾人"))
    anchor = (clause.clause_id, rule.start)
    assert in_anchored_paragraph(clause, penalty, anchor)
    assert not in_anchored_paragraph(clause, beyond, anchor)


def test_an_anchored_paragraph_with_its_own_penalty_reaches_no_further() -> None:
    from qa.answer.candidates import in_anchored_paragraph

    relative = "DLC/浙江地方法规/地方性法规/浙江/湖州市养犬管理规定(2021-12-02).md"
    clause = clause_holding(relative, "禁止通过提供虚假材料或者其他不正当手段取得犬只准养登记")
    parts = sentences(clause)
    rule = next(part for part in parts if "虚假材料" in part.text)
    later = [part for part in parts if part.start > rule.start and "\n" in clause.text[rule.start - clause.start : part.start - clause.start]]
    assert later, "the clause has a paragraph after the anchored one"
    assert not any(in_anchored_paragraph(clause, part, (clause.clause_id, rule.start)) for part in later)


@pytest.mark.parametrize(
    ("phrase", "states"),
    [
        ("违反本条第一款规定，养犬人未申请办理犬只准养登记的", True),  # its own conduct after the reference
        ("违反本条第一款第三项、第四项规定之一的", False),  # the items it names are the conduct
    ],
)
def test_a_paragraph_referring_back_may_state_its_own_conduct(phrase: str, states: bool) -> None:
    from qa.answer.penalties import states_own_conduct

    clause = clause_holding("DLC/浙江地方法规/地方性法规/浙江/湖州市养犬管理规定(2021-12-02).md", phrase)
    paragraph = next(line for line in clause.text.splitlines() if compact(phrase) in compact(line))
    assert states_own_conduct(paragraph) is states


@pytest.mark.parametrize(
    ("relative", "item", "announcing"),
    [
        # "…有下列情形之一的，…可以处5万元以下的罚款。逾期不拆除的，…承担：": the fine stands in the sentence
        # announcing the list, not in the last one
        ("行政法规/公路安全保护条例(2011-03-07).md", "在公路建筑控制区内修建、扩建建筑物", "有下列情形之一的，由公路管理机构责令限期拆除，可以处5万元以下的罚款"),
        ("DLC/浙江地方法规/地方性法规/浙江/浙江省检验机构管理条例(2021-07-30).md", "违反本条例第十七条规定，伪造、涂改", "检验机构有下列行为之一的"),
    ],
)
def test_an_item_is_searched_with_the_sentence_announcing_its_list(relative: str, item: str, announcing: str) -> None:
    clause = clause_holding(relative, item)
    assert clause.search_text.endswith(clause.text)
    lead = clause.search_text[: len(clause.search_text) - len(clause.text)]
    assert announcing in compact(lead), clause.search_text
    assert compact(lead.strip()) in compact((LAWREFBOOK / relative).read_text(encoding="utf-8"))  # verbatim, in one piece
