"""Whose penalty answers: a question about one party (对个人, 单位) is answered by the penalty
addressed to a party of that kind, not by a neighbouring tier for another party; a sentence
naming its own conduct ("违反本条例规定，在禁止吸烟场所吸烟不听劝阻的") in a clause that punishes
another rule's breach punishes that conduct only; a penalty clause citing many articles answers
for the conduct of each of them; a penalty of the asked conduct that sets no amount is not
replaced by another conduct's fine.

The corpus is 青岛's and 济南's smoking rules, municipal rules whose penalty clauses cite three or
more articles at once, 浙江's fishing-boat rules and the national 劳动法, read from lawrefbook; the
questions are written here."""

from __future__ import annotations

import pytest

from qa.answer.shapes.sentence import same_conduct
from qa.records import Hit, QueryUnderstanding, Retrieval

from ..conftest import LAWREFBOOK, found_quote, lawrefbook_fixture

QINGDAO = "DLC/山东地方法规/地方性法规/山东/青岛市控制吸烟条例(2013-08-01).md"
JINAN = "DLC/山东地方法规/地方性法规/山东/济南市公共场所禁止吸烟的规定(2010-11-25).md"
NINGBO = "DLC/浙江地方法规/地方性法规/浙江/宁波市市政设施管理条例(2016-01-13).md"
DEZHOU = "DLC/山东地方法规/地方性法规/山东/德州市扬尘污染防治条例(2019-02-13).md"
PINGDINGSHAN = "DLC/河南地方法规/地方性法规/河南/平顶山市建设工地扬尘污染防治条例(2020-01-10).md"

pytestmark = pytest.mark.model

smoking_rules = lawrefbook_fixture(QINGDAO, JINAN)
many_article_penalties = lawrefbook_fixture(NINGBO, DEZHOU, PINGDINGSHAN)


@pytest.mark.parametrize(
    ("question", "conduct", "fine"),
    [
        ("在青岛的禁烟场所抽烟，对个人怎么罚？", "在禁止吸烟场所吸烟不听劝阻", "二百元"),
        ("青岛禁烟场所的经营者不管，对单位怎么罚？", "经营者或者管理者", "一千元以上一万元以下"),
        ("济南公共场所抽烟，个人罚多少？", "吸烟者", "十元"),
        ("济南禁止吸烟场所的管理单位不按规定，对单位怎么罚？", "管理单位", "五百元以上三千元以下"),
    ],
)
def test_the_penalty_of_the_asked_party_answers(smoking_rules, question: str, conduct: str, fine: str) -> None:
    quote = found_quote(smoking_rules, question)
    assert conduct in quote and fine in quote


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("宁波压占检查井、消防栓怎么处罚？", "第四十九条"),
        ("德州高空抛撒建筑垃圾怎么处罚？", "第三十七条"),
        ("平顶山工地车辆带泥上路行驶怎么处罚？", "第二十一条"),
        ("平顶山工地现场搅拌混凝土罚多少？", "第二十一条"),
    ],
)
def test_a_penalty_citing_many_articles_answers_for_each(many_article_penalties, question: str, article: str) -> None:
    assert found_quote(many_article_penalties, question).startswith(article)


def test_a_penalty_found_on_its_own_words_ranks_with_the_rule_it_enforces(many_article_penalties) -> None:
    penalties = many_article_penalties.composer.penalties
    clauses = [clause for clause in penalties.index.clauses if clause.doc.endswith(PINGDINGSHAN.rsplit("/", 1)[1])]
    rule = next(clause for clause in clauses if any(part.startswith("第十二条") for part in clause.path))
    number, _, enforcing = penalties.penalties_enforcing(rule)
    assert number == "第十二条" and enforcing
    penalty = enforcing[0]
    understanding = QueryUnderstanding(question="平顶山工地怎么罚", resolved_question="平顶山工地怎么罚", asks_penalty=True)
    retrieval = Retrieval(hits=[Hit(rule, 1.0, dense_similarity=0.7), Hit(penalty, 0.2, dense_similarity=0.4)], understanding=understanding)
    raised, enforced = penalties.with_penalties_of(retrieval)
    scores = {hit.clause.clause_id: hit.score for hit in raised.hits}
    assert scores[penalty.clause_id] == 1.0 and enforced[penalty.clause_id].article == "第十二条"


FISHING_BOATS = LAWREFBOOK / "DLC/浙江地方法规/地方性法规/浙江/浙江省渔港渔业船舶管理条例(2020-09-24).md"


def _article(text: str, number: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(number))


def test_penalties_stating_different_conducts_are_no_other_figure_for_each_other() -> None:
    text = FISHING_BOATS.read_text(encoding="utf-8")
    engine_power, unlicensed_leisure, off_route = (_article(text, number) for number in ("第四十二条", "第四十四条", "第四十六条"))
    assert not same_conduct(set(), engine_power, unlicensed_leisure, 0.5)
    assert not same_conduct(set(), engine_power, off_route, 0.5)
    assert same_conduct(set(), engine_power, engine_power.replace("第四十二条 ", ""), 0.5)


labour_rules = lawrefbook_fixture("社会法/劳动法(2018-12-29).md", PINGDINGSHAN)


@pytest.mark.parametrize(
    ("question", "found"),
    [
        # 劳动法 punishes it, "可以处以罚款", and sets no amount: 平顶山's dust fines are no answer
        ("平顶山用人单位违法延长劳动者工作时间，罚款多少？", False),
        ("平顶山工地车辆带泥上路行驶，罚款多少？", True),
    ],
)
def test_a_fine_of_another_conduct_does_not_stand_for_an_amount_the_asked_penalty_does_not_set(labour_rules, question: str, found: bool) -> None:
    answer = labour_rules.ask(question, [])
    assert answer.found is found
    if not found:
        assert "具体数额" in answer.answer

