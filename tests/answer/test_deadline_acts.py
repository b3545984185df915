"""A deadline is asked for an act, and a frequency for a recurring one.

- A deadline asked for a kind of act (a reply: 几天内答复; an arrival: 多少分钟内赶到现场; a
  submission: 多久内交上去) is answered by a period whose sentence states an act of that kind,
  not by the period of another step of the same procedure (一分钟内发出调度指令 is no arrival);
  how long a thing is posted (公示几天) by a sentence stating the notice; a period of a challenge
  (几天内能申请复核, 复核申请交上去以后多少天内出结果) by a sentence naming one, not by the period
  of the decision challenged (5个工作日内完成审查认定).
- How often a thing recurs (多久编制一次) is answered by a recurrence (每五年…评估), not by the
  period within which it is done once (自名录公布之日起二年内组织编制完成); days of leave (几天假)
  by a sentence granting a leave, not by another period of the same people.

The corpus is lawrefbook texts no question set uses; the questions are written here for the
classes (answer_types.json "deadline_acts" and "figure_sentences")."""

from __future__ import annotations

import pytest

from qa.answer.candidates import fits_an_ask

from ..conftest import compact, found_answer, lawrefbook_fixture

ZIBO_EMERGENCY = "DLC/山东地方法规/地方性法规/山东/淄博市院前医疗急救管理条例(2021-05-31).md"
BINZHOU_ELEVATORS = "DLC/山东地方法规/地方性法规/山东/滨州市电梯安全管理条例(2020-11-30).md"
HANGZHOU_METRO = "DLC/浙江地方法规/地方性法规/浙江/杭州市城市轨道交通管理条例(2018-12-13).md"
LUOHE_PLANNING = "DLC/河南地方法规/地方性法规/河南/漯河市城乡规划条例(2021-04-28).md"
LISHUI_VILLAGES = "DLC/浙江地方法规/地方性法规/浙江/丽水市传统村落保护条例(2019-08-19).md"
HANGZHOU_HISTORIC_DISTRICTS = "DLC/浙江地方法规/地方性法规/浙江/杭州市历史文化街区和历史建筑保护条例(2013-04-09).md"
SEAFARERS = "行政法规/船员条例(2023-07-20).md"
ZHEJIANG_COLLECTIVE_ASSETS = "DLC/浙江地方法规/地方性法规/浙江/浙江省农村集体资产管理条例(2020-09-24).md"
BEIJING_EMPLOYMENT_AID = "DLC/北京地方法规/地方性法规/北京/北京市就业援助规定.md"
WENZHOU_DANGEROUS_HOUSING = "DLC/浙江地方法规/地方性法规/浙江/温州市危险住宅处置规定(2017-12-06).md"

pytestmark = pytest.mark.model

acts = lawrefbook_fixture(ZIBO_EMERGENCY, BINZHOU_ELEVATORS, HANGZHOU_METRO, ZHEJIANG_COLLECTIVE_ASSETS)
plans = lawrefbook_fixture(LUOHE_PLANNING, LISHUI_VILLAGES, HANGZHOU_HISTORIC_DISTRICTS)
seafarers = lawrefbook_fixture(SEAFARERS)
challenges = lawrefbook_fixture(BEIJING_EMPLOYMENT_AID, WENZHOU_DANGEROUS_HOUSING)


@pytest.mark.parametrize("question", ["淄博打了120，急救车最迟多少分钟内要赶到现场？", "淄博的急救车几分钟之内得到达现场？"])
def test_another_steps_period_is_no_arrival(acts, question: str) -> None:
    answer = acts.ask(question)
    assert not answer.found, answer.answer


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("淄博120急救医院接到调度指令后几分钟内要派出急救车？", "四分钟内派出急救车辆"),  # an act of no listed kind
        ("滨州电梯困人了，维保单位多少分钟内要赶到现场？", "三十分钟内到达现场"),
        ("杭州地铁乘客投诉了，运营单位几天内要答复？", "十个工作日内作出答复"),
        ("浙江农村集体资产评估结果要公示几天？", "公示时间不少于十五日"),
    ],
)
def test_a_period_of_the_asked_act_answers(acts, question: str, period: str) -> None:
    answer = found_answer(acts, question)
    assert period in compact(answer.citations[0].quote), answer.answer


def test_another_steps_period_is_no_notice_period(acts) -> None:
    # the township's 七个工作日内完成审查 is the step before; the notice period is the plan's 公示
    answer = acts.ask("浙江村里的收益分配实施方案报乡镇审查，审查完要公示几天？")
    assert not answer.found or "七个工作日" not in answer.citations[0].quote, answer.answer


@pytest.mark.parametrize("question", ["丽水传统村落保护发展规划多久编制一次？", "杭州历史文化街区保护规划多久编一次？"])
def test_a_period_done_once_is_no_frequency(plans, question: str) -> None:
    answer = plans.ask(question)
    assert not answer.found, answer.answer


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("漯河总体规划实施情况多久评估一次？", "每五年"),
        ("丽水传统村落名录公布后，保护发展规划多长时间内要编好？", "二年内"),
        ("杭州历史文化街区公布以后，保护规划多久内要编出来？", "一年内"),
    ],
)
def test_a_recurrence_answers_how_often_and_a_period_done_once_within_how_long(plans, question: str, period: str) -> None:
    answer = found_answer(plans, question)
    assert period in compact(answer.citations[0].quote), answer.answer


@pytest.mark.parametrize("question", ["船员每年能休几天假？", "船员在船上干满两个月，能休几天年假？"])
def test_a_leave_answers_days_of_leave(seafarers, question: str) -> None:
    answer = found_answer(seafarers, question)
    assert "不少于5日的年休假" in compact(answer.citations[0].quote), answer.answer


def test_another_period_of_the_same_people_is_no_leave(seafarers) -> None:
    approval = next(clause for clause in seafarers.composer.index.clauses if "7日内做出批准" in clause.text)
    days = [figure for figure in approval.figures if figure.unit == "日"]
    assert days, approval.figures
    leave = seafarers.search("船员每年能休几天假？").understanding
    decision = seafarers.search("海事管理机构几天内做出批准决定？").understanding
    assert not any(fits_an_ask(approval, figure, leave) for figure in days)
    assert all(fits_an_ask(approval, figure, decision) for figure in days)


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("北京就业困难人员认定结果有异议，几天内能申请复核？", "15个工作日内"),
        ("温州住宅使用人对鉴定报告有异议，几天内可以重新委托鉴定？", "五日内重新委托鉴定"),
    ],
)
def test_a_challenges_period_answers_a_challenge(challenges, question: str, period: str) -> None:
    answer = found_answer(challenges, question)
    assert period in compact(answer.citations[0].quote), answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "北京就业困难人员认定，复核申请交上去以后多少天内出复核结果？",  # only the decision challenged has a period
        "温州危险住宅鉴定报告有异议的，申请复核后几天内答复？",  # a 鉴定报告 is no reply
    ],
)
def test_the_challenged_steps_period_is_no_answer(challenges, question: str) -> None:
    answer = challenges.ask(question)
    assert not answer.found, answer.answer
