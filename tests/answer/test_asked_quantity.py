"""A figure answers for the quantity the question word asks about: a share of a named sum answers
a sum asked (从该项科技成果转让净收入…中提取不低于百分之七十 for 提多少报酬, whether the sum is named
before the share or after it), a share of a named area an area asked (不低于建设用地面积的百分之三十
for 多大面积), a duty done every period its frequency (应当每年组织其工作人员接受健康检查 for 多久体检一次),
and a period opening its sentence (自…之日起15日内，) answers for what
the sentence says is done within it (…报上一级行政机关和同级财政部门备案).

The corpus is 山东省促进科技成果转化条例, 台州市城乡规划条例, 酉阳土家族苗族自治县城镇管理条例, 广州市幼儿园条例,
宁波市公共汽车客运条例 and the national 罚款决定与罚款收缴分离实施办法, read from
lawrefbook (no question set uses them); the questions are written here for the class."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

SHANDONG_TECH_TRANSFER = "DLC/山东地方法规/地方性法规/山东/山东省促进科技成果转化条例(2017-12-01).md"
FINE_COLLECTION = "行政法规/罚款决定与罚款收缴分离实施办法(1997-11-17).md"
TAIZHOU_PLANNING = "DLC/浙江地方法规/地方性法规/浙江/台州市城乡规划条例(2016-12-19).md"
YOUYANG_TOWNS = "DLC/重庆地方法规/地方性法规/重庆/酉阳土家族苗族自治县城镇管理条例(2012-12-29).md"
GUANGZHOU_KINDERGARTENS = "DLC/广东地方法规/地方性法规/广东/广州市幼儿园条例(2021-04-09).md"
NINGBO_BUSES = "DLC/浙江地方法规/地方性法规/浙江/宁波市公共汽车客运条例(2012-12-11).md"

pytestmark = pytest.mark.model

quantities = lawrefbook_fixture(SHANDONG_TECH_TRANSFER, FINE_COLLECTION, TAIZHOU_PLANNING, YOUYANG_TOWNS, GUANGZHOU_KINDERGARTENS, NINGBO_BUSES)


@pytest.mark.parametrize(
    ("question", "doc", "figure"),
    [
        ("山东的科研人员把职务成果转让出去了，单位该从转让净收入里给他提多少报酬？", SHANDONG_TECH_TRANSFER, "百分之七十"),
        ("行政机关要在多少天内向同级财政部门备案？", FINE_COLLECTION, "15日内"),
        ("台州生态廊道里最多能拿多少面积来搞建设？", TAIZHOU_PLANNING, "百分之十"),
        ("酉阳新建城区的绿化用地要有多大面积？", YOUYANG_TOWNS, "百分之三十"),
        ("广州幼儿园的老师多久要体检一次？", GUANGZHOU_KINDERGARTENS, "每年"),
        ("宁波公交公司的服务质量多长时间考核一次？", NINGBO_BUSES, "每年"),
    ],
)
def test_the_figure_of_the_quantity_asked_answers(quantities, lawrefbook: Path, question: str, doc: str, figure: str) -> None:
    answer = found_answer(quantities, question)
    first = answer.citations[0]
    assert first.doc == doc and figure in compact(first.quote), answer.answer
    assert figure in compact(answer.answer)
    assert compact(first.quote) in compact((lawrefbook / doc).read_text(encoding="utf-8"))
