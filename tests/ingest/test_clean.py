"""Cleaner tests on the real seeds (messy web copies), on general web chrome around a
real clause, on real laws that must come through untouched, and on arbitrary text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.ingest.clean import find_boilerplate
from qa.records import Removal

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "data" / "docs"
LAWREFBOOK = ROOT.parent / "shared" / "corpora" / "lawrefbook"

# Policy sentences (and the metadata that metadata extraction needs) per seed.
MUST_KEEP = {
    "000_4722414b3da31ddd.txt": (
        "湖政发〔2021〕23号",
        "区县每年出让土地总量中工业用地比例不低于40%",
        "力争三年全市技术交易总额突破300亿元",
        "本方案自印发之日起施行,有效期至2023年12月31日。",
        "注:[ ]内数据为累计数,其它为当年数。",
        "来源:湖州市人民政府",
    ),
    "001_edc70f5a27395571.txt": (
        "绍兴市越城区人民政府 绍兴滨海新区管理委员会",
        "到2026年,力争盘活土地空间1.2万亩",
        "力争每年引进投资额50亿元以上项目2-3个、10亿元以上项目8-10个",
    ),
    "002_8b3c7090dda657f9.txt": (
        "索引号 001008003004001/2023-241269 主题分类 政务公开",
        "文号 瑞政办〔2023〕49号 发布机构 瑞安市人民政府办公室",
        "成文日期 2023-05-18 有效性 有效",
        "发布日期: 2023- 05- 19 14: 11: 55",
        "来源: 瑞安市人民政府办公室",
        "全市出让土地总量中工业用地比例不低于30%",
        "构建帮企云助企服务平台+17687助企服务热线+两个健康直通车为企服务体系",
        "市科技局、市发改局、市经信局",
    ),
    "003_9611545d947ead31.txt": (
        "全县每年出让土地总量中工业用地比例不低于30%",
        "本方案自2022年2月1日起实施,具体指标从2021年开始计算,有效期至2023年12月31日止。".replace(",", "，"),
        "抄送：县委各部门，县人大、政协办，县人武部，县法院、检察院，",
    ),
    "004_1c58eaf33c75c96c.txt": (
        "到2025年,累计吸引落地1亿元以上强链补链项目20个以上。",
        "每年出让土地总量中优先用于工业用地且份额不低于35%",
        "(职责单位:县制高办、县经信局、县委宣扬部)",
    ),
}
MUST_GO = ("加盟电话", "133-3505-7288", "精确检索", "开始检索", "USHUI.NET®提示", "浏览次数", "字体:[",
           "【返回顶部】", "【打印本稿】", "【关闭本页】", "【重要提醒】", "微信", "免费发布", "如有侵权")


def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(DOCS.glob("*.txt"))}


def kept_text(text: str, removals: list[Removal]) -> str:
    """`text` with the removed spans cut out: what a reader sees of it (the app hides the same spans)."""
    pieces = []
    position = 0
    for removal in sorted(removals, key=lambda r: r.start):
        if removal.start > position:
            pieces.append(text[position : removal.start])
        position = max(position, removal.end)
    pieces.append(text[position:])
    return "".join(pieces)


def assert_valid_removals(text: str, removals: list[Removal]) -> None:
    previous_end = 0
    for removal in removals:
        assert 0 <= removal.start < removal.end <= len(text)
        assert removal.text == text[removal.start : removal.end]
        assert removal.start >= previous_end, "removals overlap or are out of order"
        assert removal.reason
        previous_end = removal.end
    assert len(kept_text(text, removals)) == len(text) - sum(r.end - r.start for r in removals)


def test_every_seed_is_covered() -> None:
    assert set(seed_texts()) == set(MUST_KEEP)


@pytest.mark.parametrize("name", sorted(MUST_KEEP))
def test_seed_loses_boilerplate_and_keeps_policy_text(name: str) -> None:
    text = seed_texts()[name]

    removals = find_boilerplate(text)
    kept = kept_text(text, removals)

    assert_valid_removals(text, removals)
    for boilerplate in MUST_GO:
        assert boilerplate not in kept, boilerplate
    for sentence in MUST_KEEP[name]:
        assert sentence in text, f"test data: {sentence!r} is not in {name}"
        assert sentence in kept, sentence


def test_seeds_lose_exactly_the_expected_chrome() -> None:
    found = {name: [(r.reason, r.text.strip()) for r in find_boilerplate(text)] for name, text in seed_texts().items()}

    assert found["000_4722414b3da31ddd.txt"][:3] == [
        ("ad/phone", "加盟电话:133-3505-7288"),
        ("search widget", "精确检索"),
        ("search widget", "开始检索"),
    ]
    assert found["000_4722414b3da31ddd.txt"][3][0] == "site notice"
    assert found["001_edc70f5a27395571.txt"] == []
    assert found["002_8b3c7090dda657f9.txt"] == [
        ("view counter", "浏览次数:"),
        ("font widget", "字体:[ ]"),
        ("page widget", "【返回顶部】【打印本稿】【关闭本页】"),
        ("stray counter", "0"),  # the page's hit counter printed after the footer widgets
    ]
    assert found["003_9611545d947ead31.txt"] == []
    assert [reason for reason, _ in found["004_1c58eaf33c75c96c.txt"]] == ["solicitation"]
    assert found["004_1c58eaf33c75c96c.txt"][0][1].startswith("【重要提醒】")


def test_a_closing_clause_that_mentions_wechat_is_policy_not_an_ad() -> None:
    closing = "（五）加强宣传引导。通过微信公众号、政务网站等渠道加强政策宣传解读。"
    text = seed_texts()["003_9611545d947ead31.txt"] + "\n" + closing + "\n"

    assert closing in kept_text(text, find_boilerplate(text))


def test_table_serial_numbers_are_not_taken_for_counters() -> None:
    text = seed_texts()["002_8b3c7090dda657f9.txt"]

    kept = kept_text(text, find_boilerplate(text))

    for serial in ("\n3\n", "\n8\n", "\n15\n"):
        assert serial in kept


def test_mixed_metadata_line_loses_only_the_widget() -> None:
    text = seed_texts()["002_8b3c7090dda657f9.txt"]
    line = next(line for line in text.split("\n") if line.startswith("发布日期"))

    kept = kept_text(line, find_boilerplate(line))

    assert kept == "发布日期: 2023- 05- 19 14: 11: 55 来源: 瑞安市人民政府办公室"


GENERAL_CHROME = (
    "首页 > 政务公开 > 政策文件",
    "当前位置：首页 > 政务公开 > 政策文件",
    "请输入关键字 搜索",
    "【字体：大 中 小】【打印本页】【关闭窗口】",
    "分享到：微信 微博 QQ空间",
    "扫一扫在手机打开当前页",
    "- 3 -",
    "第 2 页 共 5 页",
    "— 12 —",
    "打印本页 关闭窗口",
    "上一篇：关于印发某方案的通知",
    "下一篇：关于印发另一方案的通知",
    "主办单位：瑞安市人民政府办公室 技术支持：瑞安市大数据管理中心",
    "浙ICP备05003486号 浙公网安备 33038102000123号",
    "网站标识码：3303810001",
    "版权所有 © 2023 瑞安市人民政府 All Rights Reserved",
    "广告热线：0577-65812345",
)


def test_general_web_chrome_around_a_real_clause() -> None:
    clause = next(line for line in seed_texts()["002_8b3c7090dda657f9.txt"].split("\n") if "不低于30%" in line)
    keep = (
        "发布时间：2023-05-19 来源：瑞安市人民政府办公室",
        clause,
        "联系电话：0577-65812345",  # a notice's own contact line is content, not an ad
        "主办单位：浙江省经济和信息化厅 承办单位：瑞安市人民政府",  # an event's organisers
        "返回",  # a bare word could be a table cell
        "1",
    )
    lines = [*GENERAL_CHROME[:6], keep[0] + " 浏览次数：1234次 【打印】【关闭】", keep[1], *GENERAL_CHROME[6:], *keep[2:]]
    text = "\n".join(lines) + "\n"

    removals = find_boilerplate(text)
    kept = kept_text(text, removals)

    assert_valid_removals(text, removals)
    for chrome in GENERAL_CHROME:
        assert chrome not in kept, chrome
    assert "浏览次数" not in kept and "【打印】" not in kept
    kept_lines = kept.split("\n")
    assert [kept_lines[0].rstrip(), *kept_lines[1:]] == [*keep, ""]


@pytest.mark.lawrefbook
def test_real_laws_lose_nothing() -> None:
    if not LAWREFBOOK.is_dir():
        pytest.skip(f"{LAWREFBOOK} is not there")
    files = sorted(LAWREFBOOK.rglob("*.md"))[::25]  # an even spread of ~140 laws across the folders
    assert len(files) > 50

    removed = {
        str(path.relative_to(LAWREFBOOK)): [(r.reason, r.text[:60]) for r in find_boilerplate(path.read_text(encoding="utf-8"))]
        for path in files
    }

    assert {name: spans for name, spans in removed.items() if spans} == {}


# ---------------------------------------------------------------- properties

BOILERPLATE_FRAGMENTS = st.sampled_from(
    [*GENERAL_CHROME, "加盟电话:133-3505-7288", "精确检索", "USHUI.NET®提示:继续有效", "字体:[ ]", "浏览次数:",
     "【返回顶部】", "【重要提醒】", "微信搜索13717680188加小编好友", "0", "\n", "\r\n", "【", "】", "：", " "]
)
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=("Cs",)), max_size=300)
MIXED_TEXT = st.lists(st.one_of(ANY_TEXT, BOILERPLATE_FRAGMENTS), max_size=30).map("".join)
HUGE_LINE = st.builds(lambda piece, times: piece * times, st.one_of(ANY_TEXT, BOILERPLATE_FRAGMENTS), st.integers(0, 3000))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANY_TEXT, MIXED_TEXT, HUGE_LINE, st.just("")))
def test_any_text_gives_valid_sorted_spans(text: str) -> None:
    removals = find_boilerplate(text)

    assert_valid_removals(text, removals)
