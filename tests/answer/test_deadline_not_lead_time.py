"""A deadline asked (多长时间内审完, 几天内批下来) is not answered by a lead time ("应当于…有效期届满
60日前向审批部门提出申请"): that sets how far ahead the applicant acts. The deadline in the sentence
after it ("审批部门应当自受理申请之日起20日内完成审查") answers; a question asking the lead time
(提前多少天申请) is still answered by the lead time.

The sentences are written here for the class (the first after 排污许可管理条例 第十四条); the end-to-end
case over a province's and a national rule is blind60's, which no test may assert."""

from __future__ import annotations

import pytest

from qa.answer.candidates import fits_an_ask
from qa.ingest.figures import extract_figures
from qa.records import Clause
from qa.text.gazetteer import Gazetteer
from qa.understand import understand

RENEWAL = "排污许可证有效期届满，排污单位需要继续排放污染物的，应当于排污许可证有效期届满60日前向审批部门提出申请。审批部门应当自受理申请之日起20日内完成审查。"
EXTENSION = "企业需要延期开工建设的，应当在期限届满的30个工作日前，向核准机关申请延期。核准机关应当自受理申请之日起20个工作日内作出决定。"


@pytest.mark.parametrize(
    ("sentence", "question", "lead_time", "deadline"),
    [
        (RENEWAL, "排污许可证申请延续以后，审批部门多长时间内要审完？", "60日", "20日"),
        (EXTENSION, "申请延期开工以后，核准机关几个工作日之内要给决定？", "30个工作日", "20个工作日"),
    ],
)
def test_a_deadline_asked_is_not_the_lead_time(sentence: str, question: str, lead_time: str, deadline: str) -> None:
    clause = Clause(clause_id="test#1", doc="test", path=["第一条"], text=sentence, start=0, end=len(sentence))
    understood = understand(question, [], Gazetteer.load())
    fits = {figure.text: fits_an_ask(clause, figure, understood) for figure in extract_figures(sentence)}
    assert fits[lead_time] is False and any(fit for text, fit in fits.items() if text.startswith(deadline)), fits


def test_a_lead_time_asked_is_answered_by_the_lead_time() -> None:
    clause = Clause(clause_id="test#1", doc="test", path=["第一条"], text=RENEWAL, start=0, end=len(RENEWAL))
    understood = understand("排污许可证要续期的话，要提前多少天去申请？", [], Gazetteer.load())
    lead_time = next(figure for figure in extract_figures(RENEWAL) if figure.text == "60日")
    assert fits_an_ask(clause, lead_time, understood)
