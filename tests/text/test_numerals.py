"""Numbers as written in Chinese text: one converter, comparable quantities across notations."""

from __future__ import annotations

import pytest

from qa.ingest.figures import extract_figures
from qa.ingest.quantities import fits, of_asked_magnitude, quantities, same_quantity, stated_quantities
from qa.text.numerals import chinese_number


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十五", 15), ("一百零五", 105), ("两百", 200), ("二十万", 200_000), ("一万五千", 15_000),
     ("二〇二三", 2023), ("零点五", 0.5), ("五亿", 500_000_000)],
)
def test_chinese_numerals(numeral: str, value: float) -> None:
    assert chinese_number(numeral) == value


@pytest.mark.parametrize("text", ["万", "百", "", "abc"])
def test_what_is_no_number_is_none(text: str) -> None:
    assert chinese_number(text) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("处一千元以上一万元以下罚款", "1000元至10000元"),  # a legal range, two notations
        ("二万元以上十万元以下", "2万元至10万元"),
        ("百分之三十", "30%"),
        ("三十日内", "30天内"),  # 天 and 日 are one unit
        ("0.5万元", "五千元"),  # scales
        ("十个工作日", "10个工作日"),
    ],
)
def test_the_same_quantity_in_two_notations(first: str, second: str) -> None:
    (a,), (b,) = quantities(first), quantities(second)
    assert same_quantity(a, b), (a, b)


@pytest.mark.parametrize(("first", "second"), [("一千元以上一万元以下", "一千元以上五千元以下"), ("三十日", "三十个月"), ("百分之三", "千分之三")])
def test_different_quantities_differ(first: str, second: str) -> None:
    (a,), (b,) = quantities(first), quantities(second)
    assert not same_quantity(a, b)


@pytest.mark.parametrize(
    ("case", "low", "high"),
    [("超出两成到五成的部分", 20, 50), ("涨了三成", 30, 30)],  # tenths, as people say a share
)
def test_a_share_in_tenths_is_read_as_per_cent(case: str, low: float, high: float) -> None:
    (quantity,) = stated_quantities(case)
    assert (quantity.unit, quantity.value, quantity.value_to or quantity.value) == ("%", low, high)
    if quantity.comparator == "range":
        assert same_quantity(quantity, quantities("超出计划量百分之二十至百分之五十的部分")[0])


@pytest.mark.parametrize(
    ("case", "low", "high"),
    [
        ("电梯已经用了十七八年", 17, 18),  # two neighbouring digits: a range
        ("一棵八九十年的树", 80, 90),
        ("走了七八百米", 700, 800),
        ("一棵七十来年的老树", 70, None),  # 来/多/余: at least
        ("五百多年的古树", 500, None),
        ("住了三年", 3, 3),  # an exact figure
        ("家里有位百岁老人", 100, 100),  # a bare 百 or 千 is one hundred or one thousand
        ("村口那棵千年古树", 1000, 1000),
        ("百多年的老房子", 100, None),
        ("家里囤了几十条烟", 20, 99),  # 几十, 几百: some tens or hundreds, not ten or a hundred
        ("违法所得有几十万元", 200000, 990000),
    ],
)
def test_a_case_is_read_with_its_approximate_numerals(case: str, low: float, high: float | None) -> None:
    (quantity,) = stated_quantities(case)
    assert quantity.value == low
    assert (quantity.value_to if quantity.comparator == "range" else quantity.value if quantity.comparator == "=" else None) == high


@pytest.mark.parametrize(
    ("case", "rule", "verdict"),
    [
        ("用了十七八年", "使用期限超过十五年的", True),
        ("八九十年树龄", "树龄在八十年以上一百年以下的树木", True),
        ("百岁老人", "对一百周岁以上的老年人", True),
        ("八九十年树龄", "树龄在一百年以上的名木", False),
        ("七十来年", "树龄在五十年以上不满一百年", True),  # 不满: below
        ("十五六岁", "不满十四周岁的", False),
        ("十七八年", "处五千元以上五万元以下罚款", None),  # other units: not comparable
        ("屋里只有十五度", "室内温度高于或者等于十四摄氏度、低于十六摄氏度的", True),  # 度 said, 摄氏度 written; 或者等于
        ("屋里只有十五度", "室内温度低于十四摄氏度的", False),
        ("面积九十平方米", "建筑面积小于或等于一百平方米的", True),
    ],
)
def test_a_case_meets_or_fails_a_rules_threshold(case: str, rule: str, verdict: bool | None) -> None:
    (asked,) = stated_quantities(case)
    verdicts = {fits(asked, stated) for stated in quantities(rule)}
    if verdict is None:
        assert verdicts == {None}
    else:
        assert verdict in verdicts and (not verdict) not in verdicts


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("按照百分之三点七五的比例", 3.75, "%"),  # Chinese decimals
        ("水平距离不小于一点五米", 1.5, "米"),
        ("不小于零点九五米", 0.95, "米"),
        ("处二点五万元罚款", 25_000, "元"),  # decimals before a scale
        ("总投资150000000元", 150_000_000, "元"),  # a long Arabic amount is money, not an index number
    ],
)
def test_decimals_and_long_amounts_are_read_whole(text: str, value: float, unit: str) -> None:
    (quantity,) = quantities(text)
    assert quantity.value == pytest.approx(value) and quantity.unit == unit


@pytest.mark.parametrize(
    ("rule", "asked", "answers"),
    [
        ("应当在二个工作日内告知", "年", False),  # days are no answer to 几年
        ("应当在三十日内办结", "小时", False),
        ("提前二十四小时通知", "天", True),  # one day, in hours
        ("保存期限为六个月", "年", True),
        ("处一年以上三年以下", "个月", True),
        ("十五分钟内到达", "小时", True),
        ("罚款五千元", "年", True),  # not a duration: another check decides
        ("公示期限为十五日", "工作日", False),  # calendar days do not state working days asked by name
        ("自受理之日起五个工作日内办结", "工作日", True),
        ("应当在五个工作日内答复", "日", True),
        ("六十秒内出动消防车", "分钟", True),
    ],
)
def test_a_duration_answers_a_question_asked_in_a_unit_of_its_magnitude(rule: str, asked: str, answers: bool) -> None:
    figure = next(f for f in extract_figures(rule) if f.kind == "figure")
    assert of_asked_magnitude(figure.value, figure.value_to, figure.unit, asked) is answers


@pytest.mark.parametrize(
    ("case", "rule", "verdicts"),
    [
        ("超速一倍还多", "超过百分之百以上的，处二千元罚款", {True}),
        ("超了一倍多", "超过百分之二十不足百分之五十的", {True, False}),  # above the bracket: not met
        ("超了两倍", "超过百分之五十的", {True}),
        ("超了一倍多", "超过百分之七十不足百分之百的", {True, False}),  # more than 100: not below it
        ("超了一倍", "超过百分之七十不足百分之百的", {True}),
    ],
)
def test_an_excess_said_as_a_multiple_is_read_as_the_share_rules_write(case: str, rule: str, verdicts: set) -> None:
    (share,) = [quantity for quantity in stated_quantities(case) if quantity.unit == "%"]
    assert {fits(share, stated) for stated in quantities(rule) if stated.unit == "%"} == verdicts


def test_a_bare_hundred_per_cent_is_a_figure() -> None:
    (figure,) = [quantity for quantity in quantities("超过百分之百以上的，处二千元罚款") if quantity.unit == "%"]
    assert (figure.value, figure.comparator) == (100.0, ">=")



def test_periods_in_different_units_compare_in_days() -> None:
    # a comparison of places ranks 两年 above 十五日 (qa/answer/shapes/comparison.py base_value)
    from qa.ingest.quantities import in_days

    assert in_days(2, "年") > in_days(15, "日") > in_days(2, "周")
    assert in_days(10, "元") is None


def test_trees_counted_in_ke_meet_thresholds_written_in_zhu() -> None:
    from qa.answer.candidates import meets_case
    from qa.ingest.quantities import stated_quantities

    case = stated_quantities("一个项目要砍六十棵树")
    assert meets_case(case, "一次或者累计砍伐树木50株以上的，由市人民政府批准") is True
    assert meets_case(case, "同一建设项目砍伐树木不满20株的，由区主管部门批准") is False


@pytest.mark.parametrize(
    ("case", "rule", "meets"),
    [
        ("停气超过一天", "超过二十四小时", True),
        ("停水两天", "超过四十八小时", True),
        ("拖了三个月", "逾期九十日以上", True),
        ("拖了两个月", "逾期九十日以上", False),
        ("晚了一天", "超过十个工作日", None),  # working days are no fixed number of days
    ],
)
def test_a_case_meets_a_threshold_written_in_another_unit_of_time(case: str, rule: str, meets: bool | None) -> None:
    (stated,) = stated_quantities(case)
    (threshold,) = quantities(rule)
    assert fits(stated, threshold) is meets


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("按学生人数六百比一的比例配备专职卫生技术人员", "六百比一", 600.0),
        ("师生比不低于1∶19", "1∶19", 1 / 19),
        ("按照二比一的比例配套建设", "二比一", 2.0),
    ],
)
def test_a_ratio_of_two_counts_is_one_figure(text: str, figure: str, value: float) -> None:
    ratios = [f for f in extract_figures(text) if f.kind == "figure" and f.unit == "比"]
    assert len(ratios) == 1 and figure in ratios[0].text
    assert ratios[0].value == pytest.approx(value)


@pytest.mark.parametrize("text", ["测绘一比五百地形图", "同比增长百分之十", "比上年增长二倍"])
def test_a_map_scale_or_a_comparison_is_no_ratio(text: str) -> None:
    assert not [f for f in extract_figures(text) if f.unit == "比"]


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("风力六级以上天气停止土石方作业", "六级以上", 6.0),
        ("风速达到四级以上时，停止拆除作业", "四级以上", 4.0),
        ("遇有5级以上大风天气，应当停止露天作业", "5级以上", 5.0),
    ],
)
def test_a_grade_of_wind_or_earthquake_is_a_figure(text: str, figure: str, value: float) -> None:
    grades = [f for f in extract_figures(text) if f.kind == "figure" and f.unit == "级"]
    assert [(f.text, f.value, f.comparator) for f in grades] == [(figure, value, ">=")]


@pytest.mark.parametrize("text", ["在饮用水水源一级保护区内禁止游泳", "二级以上医疗机构应当设立", "三级文物的修复"])
def test_a_grade_that_ranks_things_is_no_figure(text: str) -> None:
    assert not [f for f in extract_figures(text) if f.kind == "figure"]
