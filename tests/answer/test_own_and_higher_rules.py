"""A city's own rule answers for the conducts it punishes; for a conduct only its province's rule
punishes, the province's penalty answers, labelled with its level, however many fines of other
conducts the city's rule sets.

The corpus is 温州's 物业管理条例 and 浙江省's (2009), read from lawrefbook; the questions are
written here for the class."""

from __future__ import annotations

import pytest

from qa.records import Clause, Hit, Retrieval

from ..conftest import compact, found_answer, lawrefbook_fixture

WENZHOU = "DLC/浙江地方法规/地方性法规/浙江/温州市物业管理条例(2017-04-06).md"
ZHEJIANG = "DLC/浙江地方法规/地方性法规/浙江/浙江省物业管理条例(2009-11-27).md"

pytestmark = pytest.mark.model

property_rules = lawrefbook_fixture(WENZHOU, ZHEJIANG)


@pytest.mark.parametrize(
    ("question", "doc", "conduct"),
    [
        ("温州的开发商不交物业保修金，会被怎么罚？", ZHEJIANG, "不按规定交纳物业保修金"),
        ("温州的建设单位不按规定配置物业管理用房，罚多少？", ZHEJIANG, "不按规定配置物业管理用房"),
        ("温州物业公司没按要求公布收费标准，会被罚多少？", WENZHOU, "未按照要求公布相关信息"),
        ("温州物业公司骗取、侵占物业专项维修资金，怎么处罚？", WENZHOU, "骗取、侵占物业专项维修资金"),
    ],
)
def test_the_rule_punishing_the_asked_conduct_answers_at_its_level(property_rules, question: str, doc: str, conduct: str) -> None:
    answer = found_answer(property_rules, question)
    assert answer.citations[0].doc == doc and conduct in compact(answer.citations[0].quote)
    assert ("适用浙江省的规定" in answer.answer) is (doc == ZHEJIANG)


def test_a_sibling_clause_nearer_in_meaning_does_not_refuse_an_applicable_clause_holding_more_words(property_rules) -> None:
    # 衢州 has no rule of its own: 浙江省's is applicable, 温州's is a sibling city's. However much
    # nearer in meaning 温州's clause comes, 浙江省's holding more of the question's words speaks
    # of the asked thing; one holding fewer does not.
    composer = property_rules.composer
    understanding = property_rules.search("衢州的建设单位不按规定配置物业管理用房，罚多少？").understanding
    clauses = composer.index.clauses
    province = next(c for c in clauses if c.doc.endswith(ZHEJIANG.rsplit("/", 1)[1]) and c.text.startswith("第五十二条"))
    province_aside = next(c for c in clauses if c.doc.endswith(ZHEJIANG.rsplit("/", 1)[1]) and c.text.startswith("第一条"))
    sibling = next(c for c in clauses if c.doc.endswith(WENZHOU.rsplit("/", 1)[1]) and c.text.startswith("第十四条"))

    def refused_for(applicable: Clause) -> list[str]:
        retrieval = Retrieval(
            hits=[Hit(applicable, 1.0, dense_similarity=0.55)],
            understanding=understanding,
            in_scope_docs=[applicable.doc],
            nearest=[Hit(sibling, 1.0, dense_similarity=0.70), Hit(applicable, 1.0, dense_similarity=0.55)],
            levels={applicable.doc: "above"},
        )
        return [composer.index.documents[doc].region_label for doc in composer._subject_only_elsewhere(retrieval)]

    assert refused_for(province) == []
    assert refused_for(province_aside) == ["温州市"]
