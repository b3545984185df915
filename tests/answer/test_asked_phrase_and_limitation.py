"""Two classes of figure question.

A limitation period asked with 多长 (诉讼时效是多长, 时效多长) asks a duration, like 工期多长: 时效 is
a period's noun, never a length in metres.

A question telling a case before asking (劳动部门提请县政府责令停产，县政府收到请示后几天内拿出决定？)
finds its case named by a figureless sentence (…提请县级以上人民政府决定责令停产整顿): that sentence
holds more of the whole question, not more of the phrase that asks, and the sentence stating the
asked period answers (…接到请示文件后，应当在十五日内作出决定).

The end-to-end case reads 最高人民法院关于审理专利纠纷案件适用法律问题的若干规定 from lawrefbook,
which no question set uses; the questions are written here for the class."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from qa.answer.compose import speaks_of_the_ask_alike
from qa.answer.sentences import Term
from qa.text.gazetteer import Gazetteer
from qa.understand import understand

from ..conftest import found_quote, lawrefbook_fixture

PATENT_DISPUTES = "司法解释/最高人民法院关于审理专利纠纷案件适用法律问题的若干规定(2015-01-29).md"

patent_disputes = lawrefbook_fixture(PATENT_DISPUTES)


@pytest.mark.parametrize("question", ["商标被人侵权，打官司的诉讼时效是多长？", "仲裁时效多长", "这种纠纷的申请时效一般是多长？"])
def test_a_limitation_asked_with_duochang_asks_a_duration(question: str) -> None:
    units = understand(question, [], Gazetteer.load()).expected_units
    assert "年" in units and "米" not in units, units


def test_a_length_is_still_a_length() -> None:
    assert "米" in understand("这条堤坝有多长？", [], Gazetteer.load()).expected_units


@pytest.mark.model
def test_the_limitation_period_answers(patent_disputes) -> None:
    assert "二年" in found_quote(patent_disputes, "专利被别人侵犯了，去法院起诉的诉讼时效是多长？")


def _candidate(text: str) -> SimpleNamespace:
    return SimpleNamespace(read_with=text)


TERMS = [Term(frozenset({word})) for word in ("劳动部门", "停产", "请示", "决定")]
CASE_NAMED = _candidate("由劳动行政主管部门责令改正，情节严重的，提请县级以上人民政府决定责令停产整顿")
PERIOD_STATED = _candidate("该级人民政府在接到请示文件后，应当在十五日内作出决定")


def test_the_case_told_is_no_lead_over_the_asked_phrase() -> None:
    assert speaks_of_the_ask_alike(CASE_NAMED, [PERIOD_STATED], TERMS, "县政府收到请示后要在几天内拿出决定")


@pytest.mark.parametrize(
    "asked_phrase",
    [
        "劳动部门提请县政府责令停产，县政府收到请示后要在几天内拿出决定",  # the whole question asks: no case told apart
        "停产要多少天",  # the figureless sentence names the asked thing, the figure sentence does not
    ],
)
def test_a_figureless_sentence_naming_what_is_asked_still_leads(asked_phrase: str) -> None:
    assert not speaks_of_the_ask_alike(CASE_NAMED, [PERIOD_STATED], TERMS, asked_phrase)


def test_a_figure_sentence_holding_other_words_of_the_asking_phrase_does_not_lead() -> None:
    """投诉 asked and held by the figureless sentence; 收到 alone, another procedure's, by the figure sentence."""
    terms = [Term(frozenset({word})) for word in ("人力资源服务机构", "投诉", "处理", "机制", "收到", "答复")]
    complaints = _candidate("人力资源服务机构应当建立投诉处理机制，及时处理服务对象的投诉")
    licensing = _candidate("人力资源社会保障主管部门应当自收到申请之日起二十日内依法作出行政许可决定")
    assert not speaks_of_the_ask_alike(complaints, [licensing], terms, "收到投诉后几天内答复")
