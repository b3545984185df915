"""Whether a person may act on a matter is answered by the rule that he must stand aside
(有下列情形之一的，应当回避 / 应当自行回避 / 申请回避) and its item naming his case; one's own
relatives in everyday words (女儿, 儿子, 老婆) are the rule's 子女 and 配偶.

The texts are lawrefbook rules no question set uses; the questions are written here for the class."""

from __future__ import annotations

import pytest


from ..conftest import compact, found_answer, lawrefbook_fixture

NINGBO_AUXILIARY_POLICE = "DLC/浙江地方法规/地方性法规/浙江/宁波市公安机关警务辅助人员管理规定(2020-12-09).md"
GOVERNMENT_SANCTIONS = "宪法相关法/公职人员政务处分法(2020-06-20).md"

recusal = lawrefbook_fixture(NINGBO_AUXILIARY_POLICE, GOVERNMENT_SANCTIONS)


@pytest.mark.model
@pytest.mark.parametrize(
    "question",
    [
        "我是宁波的辅警，手上这起纠纷的当事人是我亲戚，我还能接着处理吗？",
        "参加调查公职人员违法案子的人，以前当过这个案子的证人，还可以继续参加调查吗？",
    ],
)
def test_may_i_act_is_answered_by_the_rule_to_stand_aside(recusal, question: str) -> None:
    answer = found_answer(recusal, question)
    assert any("回避" in compact(citation.quote) for citation in answer.citations[:2]), answer.answer


LUOYANG_WORKERS_RIGHTS = "DLC/河南地方法规/地方性法规/河南/洛阳市企业职工民主权利保障条例(2001-08-06).md"
ZHEJIANG_VILLAGE_ELECTIONS = "DLC/浙江地方法规/地方性法规/浙江/浙江省村民委员会选举办法(2020-07-31).md"

relatives_barred = lawrefbook_fixture(LUOYANG_WORKERS_RIGHTS, ZHEJIANG_VILLAGE_ELECTIONS)


@pytest.mark.model
@pytest.mark.parametrize(
    ("question", "everyday", "relative"),
    [
        ("在洛阳，企业法定代表人的儿子能不能当本企业的工会负责人？", "儿子", "子女"),
        ("浙江村委会选举，正式候选人的老婆可以当唱票人吗？", "老婆", "配偶"),
    ],
)
def test_ones_relative_in_everyday_words_is_the_rules_relative(relatives_barred, question: str, everyday: str, relative: str) -> None:
    assert relative in relatives_barred.search(question).understanding.variants.get(everyday, [])
    answer = found_answer(relatives_barred, question)
    quote = compact(answer.citations[0].quote)
    assert relative in quote and "不得" in quote, answer.answer
