"""Metadata of the five seed documents and of Markdown laws from lawrefbook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qa.ingest.metadata import extract_metadata, kind_of, mask_removals
from qa.records import DocumentMeta, Removal, SourceDocument
from qa.text.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "data" / "docs"

HUZHOU = "000_4722414b3da31ddd.txt"
YUECHENG = "001_edc70f5a27395571.txt"
RUIAN = "002_8b3c7090dda657f9.txt"
WENCHENG = "003_9611545d947ead31.txt"
NINGHAI = "004_1c58eaf33c75c96c.txt"


def no_removals(text: str) -> list[Removal]:
    return []


def cleaner_removals(text: str) -> list[Removal]:
    try:
        from qa.ingest.clean import find_boilerplate
    except ImportError:  # the cleaner is written elsewhere; metadata must not need it
        return []
    return find_boilerplate(text)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module", params=[no_removals, cleaner_removals], ids=["raw", "cleaned"])
def seeds(request: pytest.FixtureRequest, gazetteer: Gazetteer) -> dict[str, DocumentMeta]:
    """Metadata of every seed, read both without and with the cleaner's removals."""
    find_removals: Callable[[str], list[Removal]] = request.param
    metas = {}
    for path in sorted(DOCS.glob("*.txt")):
        text = path.read_text("utf-8")
        source = SourceDocument(path=path.name, text=text, sha256="x", format="txt")
        metas[path.name] = extract_metadata(source, find_removals(text), gazetteer)
    return metas


# --- seeds ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("doc", "number"),
    [(HUZHOU, "湖政发〔2021〕23号"), (RUIAN, "瑞政办〔2023〕49号"), (YUECHENG, ""), (WENCHENG, ""), (NINGHAI, "")],
)
def test_doc_number_never_invented(seeds: dict[str, DocumentMeta], doc: str, number: str) -> None:
    meta = seeds[doc]
    assert meta.doc_number == number
    assert ("no 文号 found" in meta.warnings) == (not number)


def test_cited_doc_number_is_not_taken(seeds: dict[str, DocumentMeta]) -> None:
    # 000 cites 湖政发〔2022〕21号 (the review of the document) right under its own number
    assert seeds[HUZHOU].doc_number != "湖政发〔2022〕21号"


@pytest.mark.parametrize(
    ("doc", "title"),
    [
        (HUZHOU, "湖州市人民政府关于印发湖州市新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动实施方案(2021-2023年)的通知"),
        (YUECHENG, "关于越城区、滨海新区实施“1515”专项行动打造先进制造业强市先行区的若干意见"),
        (RUIAN, "瑞安市人民政府办公室关于印发浙江省“415X”先进制造业集群建设瑞安行动方案(2023-2027年)的通知"),
        (WENCHENG, "文成县新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动方案（2021-2023年）"),  # split over two lines
        (NINGHAI, "宁海县新一轮制作业“腾笼换鸟、凤凰涅槃”攻坚举动方案(2021—2025 年)(征求定见稿)"),  # named in prose
    ],
)
def test_titles(seeds: dict[str, DocumentMeta], doc: str, title: str) -> None:
    assert seeds[doc].title == title


@pytest.mark.parametrize(
    ("doc", "chain"),
    [
        (HUZHOU, ["湖州市", "浙江省"]),
        (YUECHENG, ["越城区", "绍兴市", "浙江省"]),
        (RUIAN, ["瑞安市", "温州市", "浙江省"]),
        (WENCHENG, ["文成县", "温州市", "浙江省"]),
        (NINGHAI, ["宁海县", "宁波市", "浙江省"]),
    ],
)
def test_region_chains(seeds: dict[str, DocumentMeta], doc: str, chain: list[str]) -> None:
    assert seeds[doc].region_chain == chain
    assert seeds[doc].regions[0] == chain[0]


def test_yuecheng_has_both_regions_and_both_issuers(seeds: dict[str, DocumentMeta]) -> None:
    meta = seeds[YUECHENG]
    assert meta.regions == ["越城区", "绍兴滨海新区"]
    assert meta.issuers == ["绍兴市越城区人民政府", "绍兴滨海新区管理委员会"]
    assert meta.dates["成文"] == "2022年12月31日"


@pytest.mark.parametrize(
    ("doc", "issuers"),
    [(HUZHOU, ["湖州市人民政府"]), (RUIAN, ["瑞安市人民政府办公室"]), (NINGHAI, ["宁海县人民政府"]), (WENCHENG, [])],
)
def test_issuers(seeds: dict[str, DocumentMeta], doc: str, issuers: list[str]) -> None:
    assert seeds[doc].issuers == issuers


@pytest.mark.parametrize(
    ("doc", "dates"),
    [
        (HUZHOU, {"发布": "2021年11月10日", "施行": "印发之日", "有效期至": "2023年12月31日"}),
        (RUIAN, {"成文": "2023年5月18日", "发布": "2023年5月19日"}),
        (WENCHENG, {"施行": "2022年2月1日", "有效期至": "2023年12月31日"}),
        (NINGHAI, {"发布": "4月28日"}),  # no year in the source: none invented
    ],
)
def test_dates(seeds: dict[str, DocumentMeta], doc: str, dates: dict[str, str]) -> None:
    assert seeds[doc].dates == dates


@pytest.mark.parametrize(
    ("doc", "kind"),
    [(HUZHOU, "实施方案"), (YUECHENG, "若干意见"), (RUIAN, "行动方案"), (WENCHENG, "行动方案"), (NINGHAI, "方案")],
)
def test_kinds(seeds: dict[str, DocumentMeta], doc: str, kind: str) -> None:
    assert seeds[doc].kind == kind


def test_meta_keeps_path_and_removals(gazetteer: Gazetteer) -> None:
    text = (DOCS / HUZHOU).read_text("utf-8")
    removal = Removal(0, text.index("\n"), "ad/phone", text[: text.index("\n")])
    meta = extract_metadata(SourceDocument(path=HUZHOU, text=text, sha256="x", format="txt"), [removal], gazetteer)
    assert meta.doc == HUZHOU and meta.removed == [removal]


# --- rules on small inputs --------------------------------------------------------------

def meta_of(text: str, gazetteer: Gazetteer, path: str = "doc.txt") -> DocumentMeta:
    return extract_metadata(SourceDocument(path=path, text=text, sha256="x", format="txt"), [], gazetteer)


def test_removed_span_never_becomes_the_title(gazetteer: Gazetteer) -> None:
    text = "关于开展广告投放合作的通知请致电\n瑞安市人民政府关于印发某某实施方案的通知\n正文。"
    first_line_end = text.index("\n")
    removals = [Removal(0, first_line_end, "ad", text[:first_line_end])]
    source = SourceDocument(path="x.txt", text=text, sha256="x", format="txt")
    assert extract_metadata(source, removals, gazetteer).title == "瑞安市人民政府关于印发某某实施方案的通知"
    assert mask_removals(text, removals)[:first_line_end].strip() == ""


@pytest.mark.parametrize(
    ("signature_date", "expected"),
    [("2023518", "2023年5月18日"), ("二〇二二年十二月三十一日", "2022年12月31日"), ("2021-11-10", "2021年11月10日"),
     ("2023111", "2023111")],  # 1月11日 or 11月1日: left as written
)
def test_signature_dates(gazetteer: Gazetteer, signature_date: str, expected: str) -> None:
    text = f"关于某事项的通知\n\n正文。\n\n        文成县人民政府办公室\n\n        {signature_date}\n"
    meta = meta_of(text, gazetteer)
    assert meta.issuers == ["文成县人民政府办公室"]
    assert meta.dates["成文"] == expected


def test_doc_number_brackets_and_header_field(gazetteer: Gazetteer) -> None:
    assert meta_of("温州市人民政府关于某事的通知\n温政发[2022]7号\n正文。", gazetteer).doc_number == "温政发[2022]7号"
    assert meta_of("文号 浙政办发（2021）12号\n关于某事的意见\n", gazetteer).doc_number == "浙政办发（2021）12号"
    cited = "关于某事的通知\n根据《某某办法》（浙政发〔2020〕3号）精神，制定本通知。"
    assert meta_of(cited, gazetteer).doc_number == ""


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("某市人民政府关于印发某某工作方案的通知", "工作方案"),
        ("某某实施意见（试行）", "实施意见"),
        ("浙江省村民委员会选举办法", "办法"),
        ("中华人民共和国刑法修正案（七）", "修正案"),
        ("某市人民政府关于调整某事项的通知", "通知"),
        ("中华人民共和国计量法", "法"),
    ],
)
def test_kind_of(title: str, kind: str) -> None:
    assert kind_of(title) == kind


def test_no_region_gives_a_warning(gazetteer: Gazetteer) -> None:
    meta = meta_of("关于加强某项工作的通知\n\n各单位要认真落实。", gazetteer)
    assert meta.regions == [] and meta.region_chain == []
    assert "no region found" in meta.warnings


# --- lawrefbook -------------------------------------------------------------------------

def spread_sample(files: list[Path], count: int) -> list[Path]:
    step = max(1, len(files) // count)
    return files[::step][:count]


@pytest.mark.lawrefbook
def test_lawrefbook_sample_never_fails(gazetteer: Gazetteer, lawrefbook: Path) -> None:
    files = spread_sample(sorted(lawrefbook.rglob("*.md")), 200)
    assert len(files) == 200
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        relative = path.relative_to(lawrefbook).as_posix()
        meta = extract_metadata(SourceDocument(path=relative, text=text, sha256="x", format="md"), [], gazetteer)
        assert meta.title, relative
        assert meta.doc == relative
        assert all(name and gazetteer.get(name) for name in meta.regions), relative


@pytest.mark.lawrefbook
@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        (
            "DLC/浙江地方法规/地方性法规/浙江/浙江省村民委员会选举办法(2020-07-31).md",
            {"title": "浙江省村民委员会选举办法", "kind": "办法", "regions": ["浙江省"],
             "issuers": ["浙江省人民代表大会常务委员会"], "成文": "1999年10月22日", "发布": "2020年7月31日"},
        ),
        (
            "DLC/上海地方法规/地方性法规/上海/上海市司法鉴定管理条例(2019-12-19).md",
            {"title": "上海市司法鉴定管理条例", "kind": "条例", "regions": ["上海市"], "发布": "2019年12月19日"},
        ),
        (
            "司法解释/最高人民法院关于适用《刑事诉讼法》的解释(2021-01-26).md",
            {"kind": "解释", "regions": ["全国"], "issuers": ["最高人民法院"], "施行": "2021年3月1日"},
        ),
    ],
)
def test_lawrefbook_known_files(gazetteer: Gazetteer, lawrefbook: Path, relative: str, expected: dict) -> None:
    path = lawrefbook / relative
    meta = extract_metadata(SourceDocument(path=relative, text=path.read_text("utf-8"), sha256="x", format="md"), [], gazetteer)
    actual = {"title": meta.title, "kind": meta.kind, "regions": meta.regions, "issuers": meta.issuers, **meta.dates}
    assert {key: actual.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    "line, number",
    [
        ("瑞安市人民政府办公室关于印发瑞政办〔2023〕49号文件的通知", "瑞政办〔2023〕49号"),
        ("湖政发[2021]第23号", "湖政发[2021]第23号"),
        ("浙政办发（2019）12 号", "浙政办发（2019）12号"),
    ],
)
def test_the_document_number_figures_and_header_lines_read_one_doc_number_alike(line: str, number: str) -> None:
    from qa.ingest.structure.walker import Walker
    from qa.ingest.figures import extract_figures
    from qa.ingest.metadata import find_doc_number

    assert find_doc_number(line) == number
    assert [f.text.replace(" ", "") for f in extract_figures(line) if f.kind == "doc_number"] == [number]
    assert not any(f.kind == "figure" for f in extract_figures(line))
    assert Walker._is_metadata(line[line.find(number[:2]):])  # a short 文号 line is header, not body
