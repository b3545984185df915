"""Loader tests on real files: a seed policy written in each encoding and format Chinese
offices use, and the broken files a real documents folder contains."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from qa.ingest.load import NO_TEXT_LAYER_REASON, SUPPORTED_SUFFIXES, LoadError, load_file, load_folder

DOCS = Path(__file__).resolve().parents[2] / "data" / "docs"
RUIAN = DOCS / "002_8b3c7090dda657f9.txt"  # 瑞安 415X action plan: metadata, table, web chrome
KEY_SENTENCES = (
    "全市出让土地总量中工业用地比例不低于30%",
    "每年完成低效工业用地改造开发1800亩以上",
    "力争每年开工增资扩产项目80个、竣工35个以上",
)
# The 要素保障 clause of the 瑞安 seed in traditional characters, as a Big5 office would write it.
RUIAN_TRADITIONAL = (
    "強化要素保障。強化基金引導，積極爭取市級以上產業基金支持我市產業培育和重大項目建設。"
    "加強用地保障，積極爭取跨省掛鉤指標，深化工業用地市場化配置改革，全市出讓土地總量中工業用地比例不低於30%。"
)
FONT_PACKAGE = "fonts-noto-cjk (or fonts-wqy-microhei)"  # Debian packages with a CJK font for the PDF tests


def ruian_text() -> str:
    return RUIAN.read_text(encoding="utf-8")


def ruian_paragraphs() -> list[str]:
    return [line.strip() for line in ruian_text().split("\n") if any(s in line for s in KEY_SENTENCES)]


def squeeze(text: str) -> str:
    return "".join(text.split())


def cjk_font() -> Path:
    candidates = [
        Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # from FONT_PACKAGE
        Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
        Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    ]
    if shutil.which("fc-list"):
        listing = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
        ).stdout
        candidates += sorted(Path(line.split(":")[0].strip()) for line in listing.splitlines() if line.strip())
    for path in candidates:
        if path.suffix.lower() in (".ttf", ".ttc", ".otf") and path.is_file():
            return path
    pytest.fail(f"no CJK font found for the PDF tests: install the Debian package {FONT_PACKAGE}")


# Noto's CFF-based CJK fonts come out of pypdf with a NUL before every character.
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def write_pdf(path: Path, pages: list[list[str]], font: Path | None = None) -> None:
    pdf = FPDF()
    pdf.add_font("cjk", "", str(font or cjk_font()))
    pdf.set_font("cjk", size=11)
    for paragraphs in pages:
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 7, paragraph)
            pdf.ln(2)
    pdf.output(str(path))


def write_image_only_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 380, 180), outline="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(buffer, x=10, y=10, w=180)
    pdf.output(str(path))


def write_docx(path: Path) -> None:
    paragraphs = ruian_paragraphs()
    document = docx.Document()
    document.add_heading("浙江省“415X”先进制造业集群建设瑞安行动方案(2023-2027年)", level=1)
    document.add_paragraph(paragraphs[0])
    table = document.add_table(rows=3, cols=4)
    for row, cells in enumerate(
        (
            ("序号", "指标", "2020年基数", "2023年目标"),
            ("1", "规上工业亩均税收\n(万元/亩)", "25.3", "37"),
            ("2", "规上工业亩均增加值(万元/亩)", "127", "180"),
        )
    ):
        for column, value in enumerate(cells):
            table.cell(row, column).text = value
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    document.save(str(path))


NAV_TEXTS = ("办事服务", "政务公开栏目", "网站标识码", "浙ICP备05003486号", "var tracker")


def ruian_html(charset: str = "utf-8") -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in ruian_paragraphs())
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>瑞安市人民政府</title>
<script>var tracker = 1;</script><style>p {{ margin: 0 }}</style></head>
<body>
<header><div class="logo">瑞安市人民政府门户网站</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开栏目</a></li><li><a href="/bsfw">办事服务</a></li></ul></nav></header>
<div class="main"><article>
<h1>瑞安市人民政府办公室关于印发浙江省“415X”先进制造业集群建设瑞安行动方案(2023-2027年)的通知</h1>
{body}
<table><tr><th>序号</th><th>指标</th><th>2023年目标</th></tr>
<tr><td>1</td><td>规上工业亩均税收(万元/亩)</td><td>37</td></tr></table>
</article></div>
<footer><p>主办单位:瑞安市人民政府办公室 网站标识码3303810001</p><p>浙ICP备05003486号</p></footer>
</body></html>"""


# ---------------------------------------------------------------- encodings


def test_utf8_with_bom_and_crlf_loads_as_the_original_text(tmp_path: Path) -> None:
    original = ruian_text()
    raw = b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8")
    (tmp_path / "bom.txt").write_bytes(raw)

    document = load_file(tmp_path / "bom.txt", tmp_path)

    assert document.text == original
    assert not document.text.startswith("\ufeff")
    assert document.encoding == "utf-8-sig"
    assert document.sha256 == hashlib.sha256(raw).hexdigest()
    assert (document.path, document.format) == ("bom.txt", "txt")


def test_gbk_text_is_decoded_exactly(tmp_path: Path) -> None:
    original = ruian_text().replace("\xa0", " ")  # GBK has no no-break space
    (tmp_path / "gbk.txt").write_bytes(original.encode("gbk"))

    document = load_file(tmp_path / "gbk.txt", tmp_path)

    assert document.text == original
    assert document.encoding == "gb18030"  # the superset is used for GB2312/GBK


def test_gb18030_text_is_decoded_exactly(tmp_path: Path) -> None:
    original = ruian_text()  # keeps the no-break spaces GBK cannot encode
    (tmp_path / "gb18030.md").write_bytes(original.encode("gb18030"))

    document = load_file(tmp_path / "gb18030.md", tmp_path)

    assert document.text == original
    assert document.format == "md"


def test_big5_text_is_decoded_exactly(tmp_path: Path) -> None:
    (tmp_path / "big5.txt").write_bytes(RUIAN_TRADITIONAL.encode("big5"))

    document = load_file(tmp_path / "big5.txt", tmp_path)

    assert document.text == RUIAN_TRADITIONAL
    assert "全市出讓土地總量中工業用地比例不低於30%" in document.text


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_a_single_short_gbk_sentence_is_not_mistaken_for_korean(tmp_path: Path, codec: str) -> None:
    sentence = "工业用地比例不低于30%"
    (tmp_path / "short.txt").write_bytes(sentence.encode(codec))

    assert load_file(tmp_path / "short.txt", tmp_path).text == sentence


# ---------------------------------------------------------------- formats


def test_docx_keeps_paragraphs_and_table_rows_in_document_order(tmp_path: Path) -> None:
    write_docx(tmp_path / "plan.docx")

    document = load_file(tmp_path / "plan.docx", tmp_path)
    text = document.text

    assert document.format == "docx"
    for sentence in KEY_SENTENCES:
        assert sentence in text
    header = "| 序号 | 指标 | 2020年基数 | 2023年目标 |"
    first_row = "| 1 | 规上工业亩均税收 (万元/亩) | 25.3 | 37 |"  # the cell's newline became a space
    assert header in text.split("\n")
    assert first_row in text.split("\n")
    paragraphs = ruian_paragraphs()
    assert text.index(paragraphs[0]) < text.index(header) < text.index(first_row) < text.index(paragraphs[1])


def test_docx_merged_title_row_becomes_a_plain_line(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "主要目标指标表"
    for column, value in enumerate(("1", "规上工业亩均税收(万元/亩)", "37")):
        table.cell(1, column).text = value
    document.save(str(tmp_path / "merged.docx"))

    lines = load_file(tmp_path / "merged.docx", tmp_path).text.split("\n")

    assert lines == ["主要目标指标表", "| 1 | 规上工业亩均税收(万元/亩) | 37 |"]


@pytest.mark.parametrize("font", ["default", "noto"])
def test_pdf_text_layer_holds_the_key_sentences(tmp_path: Path, font: str) -> None:
    if font == "noto" and not NOTO_CJK.is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    paragraphs = ruian_paragraphs()
    write_pdf(tmp_path / "plan.pdf", [paragraphs[:1], paragraphs[1:]], NOTO_CJK if font == "noto" else None)

    document = load_file(tmp_path / "plan.pdf", tmp_path)

    assert document.format == "pdf"
    assert "\x00" not in document.text
    # PDF lines wrap wherever the page ends, so compare without line breaks.
    for sentence in KEY_SENTENCES:
        assert squeeze(sentence) in squeeze(document.text)
    assert squeeze(document.text).index(squeeze(paragraphs[0])) < squeeze(document.text).index(
        squeeze(paragraphs[1])
    )


def test_html_keeps_content_and_table_and_drops_navigation(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(ruian_html(), encoding="utf-8")

    document = load_file(tmp_path / "page.html", tmp_path)

    assert document.format == "html"
    for sentence in KEY_SENTENCES:
        assert sentence in document.text
    for chrome in NAV_TEXTS:
        assert chrome not in document.text
    assert "| 1 | 规上工业亩均税收(万元/亩) | 37 |" in document.text.split("\n")
    assert "|---" not in document.text


def test_html_declared_gb2312_is_decoded_with_gb18030(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_bytes(ruian_html("gb2312").replace("\xa0", " ").encode("gbk"))

    document = load_file(tmp_path / "page.htm", tmp_path)

    assert document.encoding == "gb18030"
    assert KEY_SENTENCES[0] in document.text


def test_html_fallback_without_trafilatura_result_still_drops_chrome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    (tmp_path / "page.html").write_text(ruian_html(), encoding="utf-8")

    text = load_file(tmp_path / "page.html", tmp_path).text

    for sentence in KEY_SENTENCES:
        assert sentence in text
    for chrome in NAV_TEXTS:
        assert chrome not in text
    assert "| 1 | 规上工业亩均税收(万元/亩) | 37 |" in text.split("\n")


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    write_pdf(tmp_path / "really-a-pdf.txt", [ruian_paragraphs()[:1]])

    document = load_file(tmp_path / "really-a-pdf.txt", tmp_path)

    assert document.format == "pdf"
    assert squeeze(ruian_paragraphs()[0]) in squeeze(document.text)


# ---------------------------------------------------------------- failures


def make_broken_files(folder: Path) -> dict[str, str]:
    """Write the broken files of a real folder; return name -> expected words of the reason."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes("  \r\n\u3000\n".encode("utf-8"))
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    (folder / "not-word.docx").write_bytes(buffer.getvalue())
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    write_image_only_pdf(folder / "scanned.pdf")
    (folder / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "old-word-renamed.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "random.txt").write_bytes(bytes(range(256)) * 16)
    return {
        "empty.txt": "empty",
        "blank.md": "whitespace",
        "corrupt.docx": "corrupt .docx",
        "not-word.docx": "corrupt .docx",
        "truncated.pdf": "corrupt pdf",
        "scanned.pdf": NO_TEXT_LAYER_REASON,
        "legacy.doc": "legacy .doc is not supported: save as .docx",
        "old-word-renamed.docx": "save it as .docx",
        "image.txt": "binary",
        "random.txt": "binary",
    }


def test_folder_reports_each_broken_file_and_loads_the_rest(tmp_path: Path) -> None:
    expected = make_broken_files(tmp_path)
    shutil.copy(RUIAN, tmp_path / "good.txt")
    (tmp_path / "sub" / "dir").mkdir(parents=True)
    write_docx(tmp_path / "sub" / "dir" / "plan.docx")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(RUIAN, tmp_path / ".hidden" / "secret.txt")
    (tmp_path / "~$plan.docx").write_bytes(b"\x05lock")
    (tmp_path / "style.css").write_text("p { color: red }")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    documents, failures = load_folder(tmp_path)

    assert [d.path for d in documents] == ["good.txt", "sub/dir/plan.docx"]
    assert documents[0].text == ruian_text()
    reasons = {failure.path: failure.reason for failure in failures}
    assert set(reasons) == set(expected)
    for name, words in expected.items():
        assert words.lower() in reasons[name].lower(), (name, reasons[name])
    assert [f.path for f in failures] == sorted(f.path for f in failures)


@pytest.mark.parametrize(
    "name",
    ["empty.txt", "blank.md", "corrupt.docx", "truncated.pdf", "scanned.pdf", "image.txt", "random.txt"],
)
def test_load_file_raises_load_error_with_reason(tmp_path: Path, name: str) -> None:
    expected = make_broken_files(tmp_path)

    with pytest.raises(LoadError) as raised:
        load_file(tmp_path / name, tmp_path)

    assert expected[name].lower() in raised.value.reason.lower()


def test_unsupported_suffix_is_refused_by_load_file(tmp_path: Path) -> None:
    (tmp_path / "notes.wps").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "data.xyz").write_text("全市出让土地总量中工业用地比例不低于30%")

    with pytest.raises(LoadError, match="save as .docx"):
        load_file(tmp_path / "notes.wps", tmp_path)
    with pytest.raises(LoadError, match="unsupported file type .xyz"):
        load_file(tmp_path / "data.xyz", tmp_path)
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}


def test_seed_folder_loads_every_seed() -> None:
    documents, failures = load_folder(DOCS)

    assert failures == []
    loaded = {d.path: d for d in documents}
    seeds = sorted(p.name for p in DOCS.glob("*.txt"))
    assert len(seeds) >= 5
    for name in seeds:
        assert loaded[name].encoding == "utf-8" and loaded[name].format == "txt"
        assert loaded[name].text == (DOCS / name).read_text(encoding="utf-8")
    assert [d.path for d in documents] == sorted(loaded)
