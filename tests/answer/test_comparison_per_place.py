"""A comparison answers each place as a question about that place alone is answered: each row
comes from the place's own search, with the single-place rules (the conduct's own penalty, the
items a paragraph referring back names, the sentence nearest in meaning), not from the best
sentence of a search shared by all places.

The corpus is two cities' 养犬 rules (湖州, 嘉兴), read from lawrefbook. The questions are
written here for the class, not taken from a question set."""

from __future__ import annotations

import pytest

from ..conftest import compact, lawrefbook_fixture

HUZHOU = "DLC/浙江地方法规/地方性法规/浙江/湖州市养犬管理规定(2021-12-02).md"
JIAXING = "DLC/浙江地方法规/地方性法规/浙江/嘉兴市养犬管理条例(2021-10-13).md"

pytestmark = pytest.mark.model


two_cities = lawrefbook_fixture(HUZHOU, JIAXING)


def _first_citation_of(answer, city: str):
    return next(citation for citation in answer.citations if citation.region == city)


@pytest.mark.parametrize("question", ["遗弃犬只，湖州和嘉兴分别罚多少？", "湖州、嘉兴两地对遗弃犬只的罚款一样吗？"])
def test_each_row_is_the_places_own_answer(two_cities, question: str) -> None:
    answer = two_cities.ask(question)
    assert answer.found, answer.answer
    rows = {row.region: row for row in answer.table}
    assert set(rows) >= {"湖州市", "嘉兴市"}
    for city in ("湖州市", "嘉兴市"):
        single = two_cities.ask(f"{city[:2]}遗弃犬只罚多少？")
        assert single.found, single.answer
        assert _first_citation_of(answer, city).clause_id == single.citations[0].clause_id


def test_a_paragraph_that_states_its_own_conduct_punishes_no_other_item(two_cities) -> None:
    # 第八条: "违反本条第一款规定，养犬人未申请办理犬只准养登记的，…罚款" fines registering late,
    # not the registration condition "（五）无遗弃、虐待犬只的处罚记录" listed above it
    answer = two_cities.ask("湖州遗弃犬只罚多少？")
    assert answer.found, answer.answer
    assert "准养登记" not in compact(answer.citations[0].quote)


@pytest.mark.parametrize("question", ["湖州和宁海工业用地比例哪个更高？", "湖州、文成的工业用地出让比例分别是多少？"])
def test_a_row_quotes_its_answer_without_the_validity_note_beside_it(pipeline, question: str) -> None:
    # a place whose plan has expired is answered with the sentence and a note citing 有效期至;
    # the note is no listed conduct of the row
    answer = pipeline.ask(question)
    assert answer.found, answer.answer
    assert len(answer.table) >= 2
    assert "所列行为" not in answer.answer
    assert all("有效期至" not in row.text for row in answer.table if row.text)
