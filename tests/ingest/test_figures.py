"""Figure extraction: unit tests, the walk over every gold figure of dev.jsonl, fuzzing, lawrefbook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.ingest.figures import attach_figures, extract_figures
from qa.records import Clause, Figure, TableCell

ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = ROOT / "data" / "docs"
DEV_QUESTIONS = ROOT / "data" / "questions" / "dev.jsonl"
LAWREFBOOK = Path(__file__).parents[2].parent / "shared/corpora/lawrefbook"


def only(text: str, kind: str = "figure") -> Figure:
    found = [f for f in extract_figures(text) if f.kind == kind]
    assert len(found) == 1, [(f.text, f.kind) for f in extract_figures(text)]
    return found[0]


def by_text(clause: str, text: str) -> Figure:
    found = [f for f in extract_figures(clause) if f.text == text]
    assert found, [(f.text, f.kind) for f in extract_figures(clause)]
    return found[0]


def texts(text: str, kind: str = "figure") -> list[str]:
    return [f.text for f in extract_figures(text) if f.kind == kind]


def compact(text: str) -> str:
    return re.sub(r"\s", "", text)


# ---------------------------------------------------------------- comparators


@pytest.mark.parametrize(
    ("clause", "text", "comparator", "value", "unit"),
    [
        ("全市出让土地总量中工业用地比例不低于30%。", "不低于30%", ">=", 30, "%"),
        ("每年完成低效工业用地改造开发1800亩以上", "1800亩以上", ">=", 1800, "亩"),
        ("全部工业增加值突破1000亿元", "突破1000亿元", ">=", 1000, "亿元"),
        ("高新区规上工业增加值占全市比重超过50%", "超过50%", ">=", 50, "%"),
        ("每年导入先进质量管理方法企业不少于190家", "不少于190家", ">=", 190, "家"),
        ("全员劳动生产率应高于上年度全省同行业平均10%以上", "10%以上", ">=", 10, "%"),
        ("修建高度不超过8米的厂房", "不超过8米", "<=", 8, "米"),
        ("容积率不超越1.0的厂房", "不超越1.0", "<=", 1.0, ""),
        ("全县亩均税收5万元以下的低效企业全面出清", "5万元以下", "<=", 5, "万元"),
        ("单位能耗控制在0.5吨标准煤", "控制在0.5吨标准煤", "<=", 0.5, "吨标准煤"),
        ("单位产品能耗低于5%", "低于5%", "<=", 5, "%"),
        ("规上工业亩均增加值达到220万元", "220万元", "=", 220, "万元"),
        ("新增工业机器人6000台", "6000台", "=", 6000, "台"),
        ("带动工业投资增长12%", "12%", "change", 12, "%"),
        ("单位工业增加值能耗下降9%以上", "9%以上", "change", 9, "%"),
        ("培育高新技术企业100多家", "100多家", ">=", 100, "家"),
        ("排名力争进入全国前50强", "前50强", "<=", 50, "强"),
        ("应当在十五日内作出决定", "十五日内", "<=", 15, "日"),
        # a comparator forbidden by a modal is negated: 不得超过 caps, 不应低于 floors
        ("临时占用期限最长不得超过2年。", "不得超过2年", "<=", 2, "年"),
        ("每次延期不得超过一年", "不得超过一年", "<=", 1, "年"),
        ("罚款数额不能高于一万元", "不能高于一万元", "<=", 1, "万元"),
        ("与居民住宅的距离不应当低于五十米", "不应当低于五十米", ">=", 50, "米"),
        ("每个考场的监考人员不得少于三人", "不得少于三人", ">=", 3, "人"),
        # 提前 + a time is a lead time, not a rank (前50强)
        ("并提前二十四小时通知用户", "二十四小时", "=", 24, "小时"),
        # a share in excess of the reference named between the comparator and the share
        ("车辆超过核定载质量百分之三十的，处五百元罚款", "百分之三十", ">=", 30, "%"),
        ("检测值低于国家标准20%的，不予验收", "20%", "<=", 20, "%"),
    ],
)
def test_comparators_units_and_values(clause: str, text: str, comparator: str, value: float, unit: str) -> None:
    figure = by_text(clause, text)
    assert figure.comparator == comparator
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit


@pytest.mark.parametrize(
    ("clause", "text", "low", "high", "unit"),
    [
        ("力争每年引进10亿元以上项目8-10个", "8-10个", 8, 10, "个"),
        ("重点培育1—2个高能级战略平台", "1—2个", 1, 2, "个"),
        ("引进50亿元至100亿元项目", "50亿元至100亿元", 50, 100, "亿元"),
        ("新增1～2家", "1～2家", 1, 2, "家"),
        ("处五千元以上二万元以下罚款", "五千元以上二万元以下", 0.5, 2, "万元"),
        ("处五日以上十日以下拘留", "五日以上十日以下", 5, 10, "日"),
        ("代表人为二至五人", "二至五人", 2, 5, "人"),
        # a range of counts whose top is a lone 两 (两名 alone would be 两名代理人, no quantity)
        ("当事人可以委托一至两名代理人参加听证。", "一至两名", 1, 2, "名"),
        ("每组配备一到两位讲解员", "一到两位", 1, 2, "位"),
    ],
)
def test_ranges(clause: str, text: str, low: float, high: float, unit: str) -> None:
    figure = by_text(clause, text)
    assert (figure.comparator, figure.unit) == ("range", unit)
    assert figure.value == pytest.approx(low)
    assert figure.value_to == pytest.approx(high)


def test_change_from_to_spans_both_numbers() -> None:
    clause = "可将配套设施用地面积占项目总用地面积的比例上限由7%提高到15%,建筑面积占比上限相应提高到30%"
    change, target = extract_figures(clause)
    assert change.text == "由7%提高到15%"
    assert (change.comparator, change.value, change.value_to, change.unit) == ("change", 7, 15, "%")
    assert change.indicator == "比例上限"
    assert (target.text, target.comparator, target.value) == ("30%", "=", 30)


def test_list_continuation_keeps_change_and_indicator() -> None:
    first, second = extract_figures("亩均税收、亩均增加值分别增长10%、12%以上")
    assert first.comparator == second.comparator == "change"
    assert (first.value, second.value) == (10, 12)
    assert second.indicator == first.indicator == "亩均增加值"


# ---------------------------------------------------------------- numerals and multipliers


@pytest.mark.parametrize(
    ("clause", "text", "value", "unit"),
    [
        ("确保每年制造业项目数不低于三分之一", "不低于三分之一", 100 / 3, "%"),
        ("按照不少于总建筑面积千分之三的比例配置", "千分之三", 3, "‰"),
        ("文物古迹用地不足百分之六十的地区", "不足百分之六十", 60, "%"),
        ("处五千元罚款", "五千元", 5000, "元"),
        ("并处二十万元罚款", "二十万元", 20, "万元"),
        ("至少保存两年", "两年", 2, "年"),
        ("试点十五项", "十五项", 15, "项"),
        ("力争盘活土地空间1.2万亩", "1.2万亩", 12000, "亩"),
        ("全市力争腾出用能50万吨标准煤", "50万吨标准煤", 500000, "吨标准煤"),
        ("腾出用能空间1.35万吨标煤", "1.35万吨标煤", 13500, "吨标准煤"),
        ("腾出用能3万吨规范煤", "3万吨规范煤", 30000, "吨标准煤"),
        ("新增孵化场地面积23万平方米", "23万平方米", 230000, "平方米"),
        ("实到制造业外资18亿美元以上", "18亿美元以上", 18, "亿美元"),
        ("亩均增加值到达180万元/亩", "180万元/亩", 180, "万元/亩"),
        ("规上制造业全员劳动生产率达到20万元/人", "20万元/人", 20, "万元/人"),
        ("新增融资5千万元", "5千万元", 5000, "万元"),
        ("腾出低效工业用地１２００亩", "１２００亩", 1200, "亩"),
        ("减碳100万吨", "100万吨", 1_000_000, "吨"),
        ("面积累计75.0cm2以上", "75.0cm2以上", 75, "平方厘米"),
        ("110千伏以下线路", "110千伏以下", 110, "千伏"),
        ("阅览座位达到30席以上", "30席以上", 30, "席"),
    ],
)
def test_numerals_multipliers_and_units(clause: str, text: str, value: float, unit: str) -> None:
    figure = only(clause)
    assert (figure.text, figure.unit) == (text, unit)
    assert figure.value == pytest.approx(value)


def test_bracketed_table_value_is_cumulative() -> None:
    figure = only("[1500]")
    assert (figure.text, figure.value, figure.period) == ("[1500]", 1500, "累计")


def test_bare_decimal_is_a_figure() -> None:
    assert texts("容积率宜高则高,一般不低于2.0,有条件的项目试点探索3.0以上容积率") == ["不低于2.0", "3.0以上"]
    assert only("25.3").value == pytest.approx(25.3)


# ---------------------------------------------------------------- non-figures


@pytest.mark.parametrize(
    ("clause", "text", "kind"),
    [
        ("本方案自印发之日起施行,有效期至2023年12月31日。", "2023年12月31日", "date"),
        ("本方案自2022年2月1日起实施", "2022年2月1日", "date"),
        ("成文日期 2023-05-18 有效性", "2023-05-18", "date"),
        ("4月28日,宁海县人民政府发布", "4月28日", "date"),
        ("本条例自2020年１月１日起施行", "2020年１月１日", "date"),
        ("二〇二三年十二月三十一日", "二〇二三年十二月三十一日", "date"),
        ("发布日期: 2023- 05- 19 14: 11: 55 浏览次数", "2023- 05- 19 14: 11: 55", "date"),
        ("文号 瑞政办〔2023〕49号 发布机构", "瑞政办〔2023〕49号", "doc_number"),
        ("根据湖政发〔2022〕21号规定", "湖政发〔2022〕21号", "doc_number"),
        ("加盟电话:133-3505-7288", "133-3505-7288", "phone"),
        ("微信搜索13717680188加小编好友", "13717680188", "phone"),
        ("索引号 001008003004001/2023-241269 主题分类", "001008003004001/2023-241269", "code"),
        ("实施“1515”专项行动", "1515", "code"),
        ("培育“415X”先进制造业产业集群", "415X", "code"),
        ("构建321现代产业集群体系", "321", "code"),
        ("打造特色小镇2.0版", "2.0版", "code"),
        ("“5G+8K”等智能视觉", "5G+8K", "code"),
    ],
)
def test_non_figures_have_their_own_kind(clause: str, text: str, kind: str) -> None:
    found = [(f.text, f.kind) for f in extract_figures(clause)]
    assert (text, kind) in found
    assert all(k != "figure" for _, k in found), found


def test_years_are_years_not_figures() -> None:
    year_span, year = extract_figures("行动方案(2023-2027年)。到2025年,")
    assert (year_span.kind, year_span.value, year_span.value_to, year_span.comparator) == ("year", 2023, 2027, "range")
    assert (year.kind, year.text) == ("year", "2025年")


@pytest.mark.parametrize(
    "clause",
    [
        "第十二条 本条例自公布之日起施行。",
        "依照第2项规定",
        "1.加快高耗低效企业淘汰整治。",
        "实施目标；2.规上制造业",
        "（三）实施招大引强攻坚行动",
        "一、总体要求",
        "3、 重点任务",
        "推进一批项目，实施“一企一策”，确定一个集群一个综合体",
        "省委十四届九次全会",
        "前向所在地管理机构报告上一年度情况",
        "一级至七级航道",
        "打造“万亩千亿”新产业平台",
    ],
)
def test_ordinals_articles_and_lone_counts_are_skipped(clause: str) -> None:
    assert texts(clause) == []


def test_lone_count_with_comparator_is_a_figure() -> None:
    assert texts("配备至少一名专职人员") == ["至少一名"]


@pytest.mark.parametrize(
    ("clause", "found"),
    [
        ("每辆救护车应当至少配备急救医师一名，驾驶员、担架员等急救辅助人员两名。", ["一名", "两名"]),  # a count closing its phrase
        ("每个监测点配备采样设备一台；", ["一台"]),
        ("驾驶员一年内违章记录达到三次或者", ["一年内", "三次"]),  # a threshold the text states
        ("累计两次未参加年检的", ["两次"]),
    ],
)
def test_a_lone_count_closing_its_phrase_is_a_figure(clause: str, found: list[str]) -> None:
    assert texts(clause) == found


@pytest.mark.parametrize(
    "clause",
    [
        "托育机构应当建立一日生活制度，保证婴幼儿睡眠时间",
        "鼓励开发一日游、半日游线路",
        "小学一年级新生入学",
        "设置一米线，引导排队",
    ],
)
def test_a_lone_one_that_begins_a_name_is_no_figure(clause: str) -> None:
    assert texts(clause) == []


@pytest.mark.parametrize(
    ("clause", "found"),
    [
        ("应当在一日内作出答复", ["一日内"]),
        ("连续一年未参加年检的", ["一年"]),
        ("停止供水一天的，应当提前通知", ["一天"]),
        ("处一年以上三年以下", ["一年以上三年以下"]),
    ],
)
def test_a_lone_one_stating_a_duration_is_a_figure(clause: str, found: list[str]) -> None:
    assert texts(clause) == found


def test_a_population_is_counted_in_people() -> None:
    population, count = extract_figures("本市行政区域内每四万常住人口至少配备一辆急救车")
    assert (population.text, population.unit, population.value) == ("四万常住人口", "人", 40000.0)
    assert (count.text, count.unit, count.value) == ("一辆", "辆", 1.0)  # 至少 a verb before: the bound stated


@pytest.mark.parametrize(
    ("clause", "found"),
    [
        ("每学年至少组织一次有针对性的应急演练", ["一次"]),  # a bound, its verb between
        ("每年举办一次运动会", ["每年", "一次"]),  # a frequency: its period and its count
        ("至少配备两名专职人员", ["两名"]),
        ("组织一批企业参加", []),  # no bound, no period: a lone count
        ("一次性收取", []),
    ],
)
def test_a_count_after_a_bound_or_a_period_is_a_figure(clause: str, found: list[str]) -> None:
    assert texts(clause) == found


# ---------------------------------------------------------------- indicator, period, offsets


def test_indicator_and_period_from_the_clause_before() -> None:
    first, second = extract_figures("每年新增高新技术企业2家、科技型中小企业8家。")
    assert (first.indicator, first.period) == ("高新技术企业", "每年")
    assert (second.indicator, second.period) == ("科技型中小企业", "每年")
    assert only("区县每年出让土地总量中工业用地比例不低于40%").indicator == "出让土地总量中工业用地比例"
    assert only("新增工业机器人6000台").indicator == "工业机器人"
    assert only("全市力争腾出用能50万吨标准煤").indicator == "腾出用能"
    figure = only("到2025年,规上工业亩均增加值达到220万元")
    assert (figure.indicator, figure.period) == ("规上工业亩均增加值", "到2025年")
    assert by_text("到2025年累计创立三星级以上绿色工厂150家", "150家").period == "到2025年累计"
    money = [f for f in extract_figures("力争三年全市技术交易总额突破300亿元") if f.unit == "亿元"][0]
    assert (money.indicator, money.period) == ("技术交易总额", "三年")


def test_offsets_point_into_the_source_and_column_is_kept() -> None:
    source = "前言。" * 10 + "完成工业产值240亿元,新增科技贷款30亿元"
    start = source.index("完成")
    figures = extract_figures(source[start:], offset=start, column="主要目标")
    assert [source[f.start:f.end] for f in figures] == ["240亿元", "30亿元"]
    assert all(f.column == "主要目标" for f in figures)


# ---------------------------------------------------------------- attach_figures


def _table_row(doc_text: str, first_line: str, columns: list[str]) -> Clause:
    """A table row as the splitter builds it: one cell per non-blank line from `first_line`."""
    start = doc_text.index(first_line)
    cells: list[TableCell] = []
    position = start
    for column in columns:
        while doc_text[position] == "\n":
            position += 1
        end = doc_text.index("\n", position)
        cells.append(TableCell(position, end, column))
        position = end
    end = cells[-1].end
    return Clause("000#t", "000", ["附件"], doc_text[start:end], start, end, kind="table_row", cells=cells)


HUZHOU_COLUMNS = ["序号", "二级指标", "全省目标", "2020年基数", "2023年", "责任部门"]


@pytest.fixture(scope="module")
def huzhou_text() -> str:
    return next(DOCS_DIR.glob("000_*.txt")).read_text(encoding="utf-8")


def test_attach_table_row_reads_cells_under_their_columns(huzhou_text: str) -> None:
    clause = attach_figures(_table_row(huzhou_text, "1\n\n规上工业亩均税收", HUZHOU_COLUMNS))
    figures = [f for f in clause.figures if f.kind == "figure"]
    assert [f.text for f in figures] == ["37", "25.3", "37"]  # no sequence number
    base = next(f for f in figures if f.column == "2020年基数")
    assert (base.value, base.unit, base.indicator, base.period) == (25.3, "万元/亩", "规上工业亩均税收", "2020年")
    assert all(huzhou_text[f.start:f.end] == f.text for f in clause.figures)


def test_attach_table_row_bracketed_values_are_cumulative(huzhou_text: str) -> None:
    clause = attach_figures(_table_row(huzhou_text, "5\n\n腾出低效工业用地", HUZHOU_COLUMNS))
    target = next(f for f in clause.figures if f.column == "2023年")
    assert (target.text, target.value, target.unit, target.period) == ("[20]", 20, "平方公里", "累计")
    assert target.indicator == "腾出低效工业用地"


def test_attach_task_list_row_keeps_prose_indicators() -> None:
    ruian = next(DOCS_DIR.glob("002_*.txt")).read_text(encoding="utf-8")
    columns = ["序号", "具体内容举措", "主要目标", "责任单位"]
    clause = attach_figures(_table_row(ruian, "3\n\n依法整治高耗低效企业", columns))
    found = {f.text: f for f in clause.figures}
    assert set(found) == {"150家以上", "1350亩", "1.35万吨标煤"}
    assert found["150家以上"].indicator == "整治提升高耗低效企业"
    assert found["1.35万吨标煤"].unit == "吨标准煤" and found["1.35万吨标煤"].column == "主要目标"


def test_attach_body_clause_offsets() -> None:
    text = "每年新增高新技术企业2家、科技型中小企业8家。"
    clause = attach_figures(Clause("d#1", "d", [], text, 500, 500 + len(text)))
    assert [(f.start, f.end) for f in clause.figures] == [(510, 512), (520, 522)]


# ---------------------------------------------------------------- the gold walk


def _dev_items() -> list[dict]:
    items = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [item for item in items if item["type"] != "unanswerable" and item["figures"]]


def _documents(doc: str) -> dict[str, str]:
    paths = sorted(DOCS_DIR.glob("*.txt")) if doc == "*" else [DOCS_DIR / doc]
    return {path.name: path.read_text(encoding="utf-8") for path in paths}


def _find_ignoring_whitespace(text: str, needle: str) -> tuple[int, int] | None:
    kept = [i for i, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(text[i] for i in kept)
    at = flat.find(compact(needle))
    if at < 0 or not needle.strip():
        return None
    return kept[at], kept[at + len(compact(needle)) - 1] + 1


SENTENCE_BOUNDARY = re.compile(r"[。；;！？\n]")


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in SENTENCE_BOUNDARY.finditer(text, 0, start)]
    after = SENTENCE_BOUNDARY.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


# units as written in the gold strings -> the normalized unit the extractor must give
GOLD_UNITS = {
    "%": "%", "台": "台", "家": "家", "亩": "亩", "万亩": "亩", "个": "个", "项": "项", "强": "强",
    "万元": "万元", "亿元": "亿元", "亿美元": "亿美元", "万元/亩": "万元/亩", "万吨标准煤": "吨标准煤",
}
DATE_GOLD = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日$")
YEAR_GOLD = re.compile(r"^(?:19|20)\d{2}$")


def _gold_matches(gold: str, figure: Figure) -> bool:
    if compact(gold) not in compact(figure.text):
        return False
    if DATE_GOLD.match(gold):
        return figure.kind == "date"
    if YEAR_GOLD.match(gold):
        return figure.kind == "year"
    if figure.kind != "figure":
        return False
    written_unit = re.sub(r"^[0-9.]+", "", gold)
    if not written_unit:
        return True  # bare table numbers: being extracted is enough
    assert written_unit in GOLD_UNITS, f"add the unit of gold {gold!r} to GOLD_UNITS"
    return figure.unit == GOLD_UNITS[written_unit]


DEV_ITEMS = _dev_items()


def test_gold_walk_covers_every_item_with_figures() -> None:
    lines = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    expected = sum(1 for item in lines if item["type"] != "unanswerable" and item["figures"])
    assert len(DEV_ITEMS) == expected >= 40


@pytest.mark.parametrize("item", DEV_ITEMS, ids=[item["id"] for item in DEV_ITEMS])
def test_gold_walk(item: dict) -> None:
    documents = _documents(item["doc"])
    extracted: list[Figure] = []
    for part in item["evidence"].split(" || "):
        hits = 0
        for text in documents.values():
            found = _find_ignoring_whitespace(text, part)
            if found is None:
                continue
            hits += 1
            start, end = _sentence_span(text, *found)
            for figure in extract_figures(text[start:end], offset=start):
                assert text[figure.start:figure.end] == figure.text
                extracted.append(figure)
        assert hits, f"evidence {part!r} not in {item['doc']}"
    for gold in item["figures"]:
        assert any(_gold_matches(gold, figure) for figure in extracted), (
            gold, [(f.text, f.kind, f.unit) for f in extracted])


# ---------------------------------------------------------------- robustness

TRICKY = ("0123456789０１２３４５６７８９.．,，、;；:：-—–~～至到/％%[]［］()（）〔〕【】“”《》\"' \t\n\r\x00\x1b\u3000\xa0"
          "零〇一二两三四五六七八九十百千万亿第分之以上下内多余不低于超过突破控制在由提高到增长下降年月日号"
          "元亩家个项台吨标准煤规范平方公里米人强星级版XGk+＋")


def _assert_slices(text: str, offset: int = 0) -> None:
    for figure in extract_figures(text, offset):
        assert 0 <= figure.start - offset <= figure.end - offset <= len(text)
        assert text[figure.start - offset:figure.end - offset] == figure.text
        assert figure.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.text(alphabet=TRICKY, max_size=400)), st.integers(0, 10**9))
def test_arbitrary_text_never_raises_and_slices_back(text: str, offset: int) -> None:
    _assert_slices(text, offset)


def test_huge_and_degenerate_lines() -> None:
    for text in ["", "\x00" * 10, "1" * 100_000, "一" * 100_000, "1." * 50_000,
                 "不低于" * 20_000 + "30%", "[" * 50_000 + "1" + "]" * 50_000,
                 "2023年" * 20_000, ("由7%提高到15%、" * 5_000)]:
        _assert_slices(text)


def test_attach_never_raises_on_odd_clauses() -> None:
    odd = Clause("x#1", "x", [], "1\n[2]", 10, 15, kind="table_row",
                 cells=[TableCell(10, 11, ""), TableCell(12, 15, ""), TableCell(99, 120, "二级指标")])
    attach_figures(odd)
    assert all(odd.text[f.start - 10:f.end - 10] == f.text for f in odd.figures)


# ---------------------------------------------------------------- lawrefbook


@pytest.mark.lawrefbook
def test_lawrefbook_sample() -> None:
    if not LAWREFBOOK.is_dir():
        pytest.skip(f"no corpus at {LAWREFBOOK}")
    files = sorted(LAWREFBOOK.rglob("*.md"))
    sample = files[:: max(1, len(files) // 300)][:300]
    kinds: dict[str, int] = {}
    fines = 0
    for path in sample:
        text = path.read_text(encoding="utf-8", errors="replace")
        for figure in extract_figures(text):
            assert text[figure.start:figure.end] == figure.text
            kinds[figure.kind] = kinds.get(figure.kind, 0) + 1
            if figure.kind == "figure":
                assert not re.match(r"^第", figure.text), figure.text
                fines += figure.unit.endswith("元")
    assert len(sample) >= 250
    assert kinds.get("figure", 0) > 1000 and kinds.get("date", 0) > 100
    assert fines > 100


def test_candidate_scan_finds_what_a_full_scan_finds() -> None:
    """The speed-up (trying the master pattern only at candidate characters) loses nothing."""
    from qa.ingest import figures

    for path in sorted(DOCS_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        full = [m.span() for m in figures._MASTER.finditer(text)]
        assert full and [m.span() for m in figures._master_matches(text)] == full


@pytest.mark.parametrize(
    ("clause", "period", "value", "unit"),
    [
        ("生产经营单位应当每半年向有关部门报告一次", "每半年", 0.5, "年"),
        ("人大街道工委每季度至少召开一次会议", "每季度", 3.0, "个月"),
        ("区（县）河长每月巡查不少于一次", "每月", 1.0, "个月"),
        ("每周检查1次", "每周", 1.0, "周"),
        # a duty done every period, with no count: once a period, as 每年…一次 says (units.json "frequency_duties")
        ("主管部门应当每年开展阅读状况调查评估", "每年", 1.0, "年"),
        ("水行政部门应当每年向社会公告水土流失监测情况", "每年", 1.0, "年"),
        ("街道每季度组织消防演练", "每季度", 3.0, "个月"),
    ],
)
def test_the_period_of_a_frequency_written_without_a_numeral_is_a_duration(clause: str, period: str, value: float, unit: str) -> None:
    first = extract_figures(clause)[0]
    assert (first.text, first.value, first.unit) == (period, value, unit)


@pytest.mark.parametrize("clause", ["每年度考核一次", "每日七时至二十四时可以燃放", "每月发放补贴", "每三年进行一次安全评价"])
def test_a_period_with_no_count_after_it_or_a_numeral_of_its_own_is_no_frequency_period(clause: str) -> None:
    assert not any(figure.text.startswith("每") for figure in extract_figures(clause))


@pytest.mark.parametrize("clause", ["县级人民政府每年安排专项资金", "每月发放补贴", "每年度考核"])
def test_a_period_before_no_duty_done_in_it_is_no_frequency(clause: str) -> None:
    assert not any(figure.text.startswith("每") for figure in extract_figures(clause))


@pytest.mark.parametrize(("clause", "text", "value"), [("每周累计开放时间不少于五十六个小时", "不少于五十六个小时", 56.0), ("应当在24个小时内报告", "24个小时内", 24.0)])
def test_hours_counted_with_ge_are_hours(clause: str, text: str, value: float) -> None:
    figure = extract_figures(clause)[0]
    assert (figure.text, figure.value, figure.unit) == (text, value, "小时")


@pytest.mark.parametrize(
    ("clause", "value", "unit"),
    [
        ("对在现居住地连续居住半年以上的患者建立健康档案", 0.5, "年"),
        ("应当在一年半以内完成整改", 1.5, "年"),
        ("接到报告后两个半小时内到达现场", 2.5, "小时"),
        ("自受理之日起一个半月内作出决定", 1.5, "个月"),
        ("公示期不少于半个月", 0.5, "个月"),
        ("试用期为1年半", 1.5, "年"),
    ],
)
def test_a_period_and_a_half_is_a_figure(clause: str, value: float, unit: str) -> None:
    (figure,) = extract_figures(clause)
    assert (figure.value, figure.unit) == (value, unit)


@pytest.mark.parametrize(
    "clause",
    ["大于、等于五千分之一比例尺的地形图测绘，应当按照统一的平面坐标系统进行分幅", "测制一万分之一地形图", "半数以上成员同意"],
)
def test_a_map_scale_or_a_majority_is_no_share_figure(clause: str) -> None:
    assert [figure for figure in extract_figures(clause) if figure.unit == "%"] == []
