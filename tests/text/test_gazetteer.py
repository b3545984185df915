"""The national gazetteer (jionlp's GB/T 2260 data + place rules): coverage, containment and
finding places in real text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.records import Region
from qa.text.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
DEV_QUESTIONS = ROOT / "data" / "questions" / "dev.jsonl"
CITIES = {"杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市"}
COUNTY_KINDS = {"district", "county_city", "county"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def names(regions: list[Region]) -> list[str]:
    return [region.name for region in regions]


# --- coverage ---------------------------------------------------------------------------

def test_province_has_exactly_the_eleven_cities(gazetteer: Gazetteer) -> None:
    cities = [r for r in gazetteer.descendants("浙江省") if r.level == "city"]
    assert set(names(cities)) == CITIES
    assert all(city.parents == ("浙江省",) for city in cities)


def test_every_city_has_its_county_level_units(gazetteer: Gazetteer) -> None:
    total = 0
    for city in CITIES:
        units = [r for r in gazetteer.descendants(city) if gazetteer.kind(r.name) in COUNTY_KINDS]
        assert len(units) >= 4, city
        assert all(unit.parents == (city, "浙江省") and unit.level == "county" for unit in units)
        total += len(units)
    assert total >= 85


@pytest.mark.parametrize(
    ("city", "units"),
    [
        ("杭州市", "上城区 拱墅区 西湖区 滨江区 萧山区 余杭区 临平区 钱塘区 富阳区 临安区 桐庐县 淳安县 建德市"),
        ("温州市", "鹿城区 龙湾区 瓯海区 洞头区 瑞安市 乐清市 龙港市 永嘉县 平阳县 苍南县 文成县 泰顺县"),
        ("宁波市", "海曙区 江北区 北仑区 镇海区 鄞州区 奉化区 余姚市 慈溪市 宁海县 象山县"),
        ("绍兴市", "越城区 柯桥区 上虞区 诸暨市 嵊州市 新昌县"),
        ("湖州市", "吴兴区 南浔区 德清县 长兴县 安吉县"),
    ],
)
def test_current_divisions(gazetteer: Gazetteer, city: str, units: str) -> None:
    found = {
        r.name.removeprefix(city)  # a name shared across China is qualified by its city: 杭州市西湖区
        for r in gazetteer.descendants(city)
        if gazetteer.kind(r.name) in COUNTY_KINDS and not r.name.endswith("开发区")
    }
    assert found == set(units.split())


def test_functional_area_sits_under_its_city(gazetteer: Gazetteer) -> None:
    # 滨海新区 alone is Tianjin's district; beside a unit of 绍兴 it is 绍兴's functional area
    assert names(gazetteer.find("越城区、滨海新区")) == ["越城区", "绍兴滨海新区"]
    assert names(gazetteer.find("天津滨海新区")) == ["天津市"]
    assert gazetteer.chain("绍兴滨海新区") == ["绍兴滨海新区", "绍兴市", "浙江省"]
    assert gazetteer.kind("绍兴滨海新区") == "functional_area"
    assert "绍兴滨海新区" in names(gazetteer.descendants("绍兴市"))


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("济南市章丘区", ["章丘区", "济南市", "山东省"]),  # a district of a provincial capital
        ("郑州", ["郑州市", "河南省"]),  # a city by its short form
        ("浦东新区", ["浦东新区", "上海市"]),  # a municipality's district sits directly under it
        ("广东省佛山市", ["佛山市", "广东省"]),
        ("临沂", ["临沂市", "山东省"]),
    ],
)
def test_places_are_known_nationally(gazetteer: Gazetteer, text: str, chain: list[str]) -> None:
    found = gazetteer.without_ancestors(gazetteer.find(text))
    assert [list(region.chain) for region in found] == [chain]


def test_shared_names_are_resolved_by_the_text_around_them(gazetteer: Gazetteer) -> None:
    assert names(gazetteer.find("北京市朝阳区")) == ["北京市朝阳区"]
    assert names(gazetteer.find("长春市朝阳区")) == ["长春市朝阳区"]
    assert gazetteer.find("鼓楼区") == []  # four cities have one: no guess
    assert gazetteer.get("吉林").name == "吉林省"  # a province before its namesake city


@pytest.mark.parametrize(
    "text",
    [
        "单位擅自销毁国家所有的档案罚多少",
        "国家机关工作人员玩忽职守怎么处理",
        "猎捕国家重点保护野生动物",
        "建在国家级自然保护区里",
        "永久档案放满多少年要交给同级国家档案馆",
        "危害国家安全的行为",
    ],
)
def test_the_country_named_as_an_owner_or_a_body_is_no_place(gazetteer: Gazetteer, text: str) -> None:
    assert names(gazetteer.find(text)) == []


def test_national_names(gazetteer: Gazetteer) -> None:
    assert names(gazetteer.find("国家有没有规定")) == ["全国"]
    assert names(gazetteer.find("按国家的规定罚多少")) == ["全国"]
    assert gazetteer.get("全国").level == "national"


def test_every_unshared_form_resolves_back_to_its_region(gazetteer: Gazetteer) -> None:
    owners: dict[str, int] = {}
    for region in gazetteer:
        for form in (region.name, *region.aliases):
            owners[form] = owners.get(form, 0) + 1
    for region in gazetteer:
        for form in (region.name, *region.aliases):
            if owners[form] == 1:
                assert gazetteer.get(form) is region, form


# --- containment ------------------------------------------------------------------------

def test_alias_resolves_to_full_name_with_chain(gazetteer: Gazetteer) -> None:
    region = gazetteer.get("瑞安")
    assert region is not None and region.name == "瑞安市" and region.level == "county"
    assert gazetteer.chain("瑞安") == ["瑞安市", "温州市", "浙江省"]


@pytest.mark.parametrize(
    ("ancestor", "name"),
    [("温州市", "瑞安市"), ("浙江省", "瑞安市"), ("温州市", "文成县"), ("宁波市", "宁海县"),
     ("绍兴市", "越城区"), ("湖州", "安吉"), ("瑞安市", "瑞安市")],
)
def test_covers(gazetteer: Gazetteer, ancestor: str, name: str) -> None:
    assert gazetteer.covers(ancestor, name)


@pytest.mark.parametrize(
    ("ancestor", "name"),
    [("瑞安市", "温州市"), ("宁波市", "文成县"), ("温州市", "上海市"), ("浙江省", "北京市"), ("温州市", "火星")],
)
def test_does_not_cover(gazetteer: Gazetteer, ancestor: str, name: str) -> None:
    assert not gazetteer.covers(ancestor, name)


def test_unknown_place(gazetteer: Gazetteer) -> None:
    assert gazetteer.get("火星市") is None
    assert gazetteer.chain("火星市") == []
    assert gazetteer.descendants("火星市") == []


def test_without_ancestors_keeps_the_most_specific(gazetteer: Gazetteer) -> None:
    found = gazetteer.find("浙江省温州市瑞安市和湖州")
    assert names(gazetteer.without_ancestors(found)) == ["瑞安市", "湖州市"]


# --- finding places ---------------------------------------------------------------------

def dev_questions() -> list[dict]:
    return [json.loads(line) for line in DEV_QUESTIONS.read_text("utf-8").splitlines() if line.strip()]


def test_find_on_dev_questions(gazetteer: Gazetteer) -> None:
    checked = 0
    for item in dev_questions():
        if item["region"] == "*" or item.get("history"):
            continue
        expected = item["region"].split("、")[0]
        found = names(gazetteer.find(item["question"]))
        assert found and found[0] == gazetteer.get(expected).name, item["question"]
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("湖州、瑞安、文成三地从土地出让收入中提取专项经费的比例分别是多少？", ["湖州市", "瑞安市", "文成县"]),
        ("宁波市宁海县到2025年规上工业亩均税收目标是多少？", ["宁波市", "宁海县"]),
        ("关于越城区、滨海新区实施“1515”专项行动的若干意见", ["越城区", "绍兴滨海新区"]),
        ("温州市生态环境局瑞安分局", ["温州市", "瑞安市"]),
        ("景宁的惠明茶和上海的企业", ["景宁畲族自治县", "上海市"]),
    ],
)
def test_find_in_order_of_appearance(gazetteer: Gazetteer, text: str, expected: list[str]) -> None:
    assert names(gazetteer.find(text)) == expected


def test_longest_match_wins_and_mentions_do_not_overlap(gazetteer: Gazetteer) -> None:
    text = "宁海县和宁海、瑞安市人民政府办公室"
    mentions = gazetteer.mentions(text)
    assert [m.text for m in mentions] == ["宁海县", "宁海", "瑞安市"]
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert names(gazetteer.find(text)) == ["宁海县", "瑞安市"]


@pytest.mark.parametrize(
    "text",
    [
        "全市力争腾出用能50万吨标准煤，新增工业机器人6000台。",
        "原则上城市道路每月核查一次，穿越城区的运输车辆应当冲洗。",
        "钱塘江沿岸的西湖和杭州湾跨海大桥。",  # 杭州湾 is a bay, 钱塘江 a river
        "沿海城市、镇海岛保护专项规划，滨河南路、凤凰山西路，东平湖保护。",
        "深化“放管服”改革，推动“浙江制造”品牌建设。",
    ],
)
def test_no_false_places(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.find(text) == []


def test_weak_alias_needs_a_unit_of_its_own_city(gazetteer: Gazetteer) -> None:
    assert names(gazetteer.find("杭州西湖风景名胜区")) == ["杭州市"]  # the lake
    assert names(gazetteer.find("嘉兴市南湖保护条例")) == ["嘉兴市"]
    assert names(gazetteer.find("海曙、江北两区")) == ["海曙区", "宁波市江北区"]
    assert gazetteer.get("江北区") is None  # 宁波 and 重庆 both have one: an explicit lookup does not guess


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("临沂市蒙山保护条例", ["临沂市"]),  # 蒙山 of 临沂, not 广西's 蒙山县
        ("临沂蒙山景区门票多少钱？", ["临沂市"]),
        ("广西蒙山县的规定", ["广西壮族自治区", "蒙山县"]),  # written in full: the county
        ("温州瑞安的工业用地", ["温州市", "瑞安市"]),  # a county of the place before it
        ("上海和昆山的规定", ["上海市", "昆山市"]),  # named apart: two places
        ("青岛老城区里批个临时建筑能用多久？", ["青岛市"]),  # the old town of 青岛, not 洛阳's 老城区
        ("宁波的老城区里能不能开酒吧？", ["宁波市"]),
        ("洛阳老城区的规定", ["洛阳市", "老城区"]),  # its own city's: the district
    ],
)
def test_a_county_name_right_after_a_place_it_is_not_in_names_a_part_of_that_place(gazetteer: Gazetteer, text: str, expected: list[str]) -> None:
    assert names(gazetteer.find(text)) == expected


@pytest.mark.parametrize(("text", "place"), [("长沙商场不设无障碍通道", "长沙市"), ("南昌的停车场收费", "南昌市"), ("长沙县的商场", "长沙县")])
def test_a_city_sharing_its_short_name_with_its_own_county_is_the_city(gazetteer: Gazetteer, text: str, place: str) -> None:
    # 长沙 is both 长沙市's and 长沙县's short form, and a common word in jieba's dictionary
    assert [region.name for region in gazetteer.find(text)] == [place]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("杭州街道上乱摆摊罚多少？", "杭州市"),
        ("宁波河道管理范围有多宽？", "宁波市"),
        ("湖州路灯坏了找谁修？", "湖州市"),
        ("郑州大学生创业有补贴吗？", "郑州市"),
    ],
)
def test_a_place_before_a_word_opening_like_a_feature_is_a_place(gazetteer: Gazetteer, text: str, place: str) -> None:
    # 街道, 河道, 路灯 and 大学生 open with a feature's ending (街, 河, 路, 大学) but are words of their own
    assert names(gazetteer.find(text)) == [place]


@pytest.mark.parametrize("text", ["浙江大学的招生规定", "杭州湾跨海大桥限速多少？", "宁波大学"])
def test_a_place_name_inside_a_feature_or_institution_is_no_place(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.find(text) == []


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("青岛市南区的停车收费标准", ["青岛市", "市南区"]),  # 青岛|市南区, not 青岛市|南区
        ("上海浦东新区的规定", ["上海市", "浦东新区"]),  # written as one word: the district starts where the city ends
        ("上海市场监管部门", ["上海市"]),
    ],
)
def test_places_written_one_after_another_are_each_found(gazetteer: Gazetteer, text: str, places: list[str]) -> None:
    assert names(gazetteer.find(text)) == places
