"""Two ways a labour rule states money, and one way it states a lead time.

- A sum can be a count of months of a monthly sum (不超过当地月最低工资标准十二个月金额): it answers
  a question asking how much (多少钱), as a share of a named sum does.
- An order to pay compensation on top (逾期不支付的，…加付赔偿金) is the sanction for not paying: it
  answers what happens when the payer still does not pay.
- 不应早于两个工作日 bounds how early a notice may come: it answers 最早提前几天.

The corpus is the 2020 interpretation of labour-dispute law by the Supreme People's Court and
河南省进城务工人员权益保护条例, read from lawrefbook; the questions are written here for the classes."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer.candidates import as_lead_time
from qa.ingest.documents import ingest_folder
from qa.settings import Settings

from ..conftest import found_answer, lawrefbook_fixture

LABOUR_DISPUTES = "司法解释/最高人民法院关于审理劳动争议案件适用法律问题的解释（一）(2020-12-29).md"
HENAN_MIGRANT_WORKERS = "DLC/河南地方法规/地方性法规/河南/河南省进城务工人员权益保护条例(2007-12-03).md"

texts = lawrefbook_fixture(LABOUR_DISPUTES, HENAN_MIGRANT_WORKERS)


@pytest.mark.model
@pytest.mark.parametrize(
    "question",
    [
        "劳动者追索劳动报酬申请仲裁，每项数额不超过多少钱的按终局裁决处理？",
        "讨薪仲裁的金额在多少以内算一裁终局？",
    ],
)
def test_a_sum_written_as_months_of_a_monthly_standard_answers_how_much(texts, question: str) -> None:
    answer = found_answer(texts, question)
    assert "十二个月金额" in answer.citations[0].quote, answer.answer


@pytest.mark.model
@pytest.mark.parametrize(
    "question",
    [
        "在河南，劳动保障部门责令老板限期支付拖欠的加班费，到期了还是不给，会怎么样？",
        "河南务工人员的劳动报酬被拖欠，责令限期支付后用人单位逾期仍不支付的，怎么处理？",
    ],
)
def test_compensation_ordered_on_top_answers_what_befalls_a_payer_who_still_does_not_pay(texts, question: str) -> None:
    answer = found_answer(texts, question)
    assert any("加付赔偿金" in citation.quote for citation in answer.citations), answer.answer
    assert "百分之五十以上百分之一百以下" in answer.answer


@pytest.mark.parametrize(
    ("sentence", "lead_time"),
    [
        ("督学实施经常性督导可以不事先通知学校；确需通知的，不应早于两个工作日。", True),
        ("检查组应当提前三个工作日通知被检查单位。", True),
        ("被检查单位应当在收到通知之日起三个工作日内提交材料。", False),
    ],
)
def test_a_bound_on_how_early_is_a_lead_time(tmp_path: Path, sentence: str, lead_time: bool) -> None:
    (tmp_path / "规定.txt").write_text(f"某市教育督导规定\n\n第一条 {sentence}\n", encoding="utf-8")
    clause = next(clause for document in ingest_folder(tmp_path, Settings.from_env()).documents for clause in document.clauses if sentence in clause.text)
    figure = next(figure for figure in clause.figures if "工作日" in figure.text)
    assert as_lead_time(clause, figure) is lead_time
