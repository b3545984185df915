"""Document metadata: title, 文号, issuers, dates, kind and region.

Everything is read from the text with boilerplate spans (`Removal`s) blanked out, so a
site ad or widget can never become a title or an issuer. Sources are tried from the
most to the least explicit: labelled header fields (文号, 发布机构, 成文日期 ...), the
signature block (issuers over a date), the title, then prose ("4月28日,宁海县人民政府发布…")
and, for laws, the adoption lines ("1999年10月22日 浙江省第九届人民代表大会常务委员会…通过").

Dates are normalized to the way Chinese documents write them, "2023年5月18日" (no zero
padding), whatever the source format (2023-05-18, 2023- 05- 19 14: 11: 55, 二〇二三年五月十八日,
the damaged signature date 2023518). A partial date stays partial ("4月28日"); no year is
invented. "自印发之日起施行" gives 施行 = "印发之日". Nothing is invented either for a
missing 文号: the field stays "" and a warning says so.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

from qa.records import DocumentMeta, Region, Removal, SourceDocument
from qa.text.doc_numbers import DOC_NUMBER, issuer_start
from qa.text.gazetteer import NATIONAL, Gazetteer
from qa.text.dates import CN_NUMBER, DAMAGED_DATE, DATE, DATE_RE, EFFECTIVE, normalize_date

# --- vocabulary -------------------------------------------------------------------------

# Document kinds, compound forms before the bare ones they end with.
KINDS = (
    "实施方案", "行动方案", "工作方案", "行动计划", "工作计划", "实施计划",
    "若干意见", "实施意见", "指导意见", "若干措施", "实施细则", "管理办法", "实施办法",
    "暂行办法", "暂行规定", "若干规定", "修正案", "决定", "条例", "办法", "规定", "细则",
    "方案", "意见", "措施", "规划", "计划", "纲要", "通知", "通告", "公告", "批复", "决议",
    "解释", "规则", "法典", "法",
)
_TITLE_WORDS = re.compile(r"关于|通知|方案|意见|办法|条例|规定|决定|细则|规划|计划|纲要|措施|公告|通告|批复|决议")
_ORG_SUFFIX = (
    r"(?:人民代表大会常务委员会|人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|委员会"
    r"|办公室|办公厅|总局|局|厅|部|院|署|委|办|中心|政府)"
)
_ORG = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}{_ORG_SUFFIX}$")
HEADER_LINES = 15
# 中华人民共和国国务院令第524号公布, 中华人民共和国主席令: a national promulgation in the header
_NATIONAL_PROMULGATION = re.compile(r"(?:中华人民共和国)?(?:国务院|主席|[^\s，。]{1,12}部|[^\s，。]{1,12}总局)令第[0-9一二三四五六七八九十百零〇]+号")
# a text with no place of its own that gives duties to national bodies or covers the whole country
_NATIONAL_AUTHORITY = re.compile(r"中华人民共和国境内|国务院[^，。；]{0,12}(?:主管部门|部门)|全国[^，。；]{0,6}(?:委员会|工作)")
_NATIONAL_ISSUERS = re.compile(r"全国人民代表大会|国务院|最高人民法院|最高人民检察院|中共中央|中华人民共和国")


_DOC_NUMBER = re.compile(rf"(?P<prefix>[\u4e00-\u9fff]{{2,10}})\s*{DOC_NUMBER}")
_CITATION_CUE = re.compile(r"根据|依据|按照|参照|《")

_HEADER_CHARS = 2000  # 文号 and header fields are looked for in the document head only
_TITLE_LINES = 40
_MAX_TITLE_CHARS = 120
_FIELD_LABELS = {
    "文号": r"文号|发文字号",
    "发布机构": r"发布机构|发文机关|发布单位|制发机关",
    "成文日期": r"成文日期|成文时间|印发日期",
    "发布日期": r"发布日期|发布时间|公布日期|公开日期",
    "施行日期": r"施行日期|实施日期|生效日期",
    "有效期至": r"有效期至|失效日期",
    "来源": r"来源",
}
_EFFECTIVE_LINE = re.compile(rf"^\s*(?P<when>{DATE})\s*(?:起)?\s*(?:施行|实施|生效)\s*$", re.M)
_VALID_UNTIL = re.compile(rf"有效期(?:至|到|截至|截止到?)\s*(?P<when>{DATE})")
_PUBLISHED_PROSE = re.compile(
    rf"(?P<when>{DATE})\s*[,，]?\s*(?P<org>[\u4e00-\u9fff]{{2,30}}?{_ORG_SUFFIX})\s*(?:正式)?(?:发布|印发|公布|出台)"
)
_EMBEDDED_TITLE = re.compile(
    r"(?:发布|印发|出台|公布|制定)了?《?(?P<title>[^《》，,。；;：:\n]{4,100}?"
    r"(?:" + "|".join(KINDS[:-1]) + r")(?:\s*[（(][^（()）\n]{1,20}[）)])*)"
)
_ADOPTION_LINE = re.compile(
    rf"^\s*(?P<when>{DATE})\s*(?:经)?\s*(?P<org>[^\n]+?)(?:第[0-9{CN_NUMBER}百]+次[^\n]*?)?(?:会议)?(?:通过|批准)",
    re.M,
)
_SESSION = re.compile(rf"第[0-9{CN_NUMBER}百]+届")
_FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)")
_NUMBERED_HEADING = re.compile(rf"^\s*(?:[（(]?[{CN_NUMBER}]+[、.．)）]|[（(]\d+[)）]|\d+\s*[.．、])")
_LEVEL_ORDER = {"county": 0, "city": 1, "province": 2, "national": 3}


# --- entry point ------------------------------------------------------------------------

def extract_metadata(doc: SourceDocument, removals: list[Removal], gazetteer: Gazetteer) -> DocumentMeta:
    """What the document is; every field that cannot be found is left empty with a warning."""
    text = mask_removals(doc.text, removals)
    lines = _lines(text)
    fields = header_fields(text)
    warnings: list[str] = []

    title = find_title(lines, text)
    if not title:
        title = _first_line(lines)
        warnings.append("no title line found: using the first line")
    doc_number = fields.get("文号") or find_doc_number(text)
    issuers = find_issuers(text, lines, fields, title)
    dates = find_dates(text, lines, fields, doc.path)
    regions, region_note = find_regions(title, issuers, text, gazetteer)
    from qa.ingest.validity import document_validity  # late: qa.ingest.validity reads this module's date patterns

    validity, amendments, version_date = document_validity(text, doc.path, title, kind_of(title), dates, doc.text)

    if not doc_number:
        warnings.append("no 文号 found")
    if not issuers:
        warnings.append("no issuer found")
    if region_note:
        warnings.append(region_note)
    return DocumentMeta(
        doc=doc.path,
        title=title,
        doc_number=doc_number,
        issuers=issuers,
        dates=dates,
        kind=kind_of(title),
        regions=regions,
        region_chain=gazetteer.chain(regions[0]) if regions else [],
        removed=list(removals),
        warnings=warnings,
        validity=validity,
        amendments=amendments,
        version_date=version_date,
    )


def mask_removals(text: str, removals: list[Removal]) -> str:
    """The text with removed spans blanked (newlines kept), so offsets and lines stay put."""
    chars = list(text)
    for removal in removals:
        for index in range(max(0, removal.start), min(len(chars), removal.end)):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def _lines(text: str) -> list[str]:
    """The non-blank lines, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _first_line(lines: list[str]) -> str:
    return lines[0].lstrip("# ").strip()[:100] if lines else ""


# --- header fields ----------------------------------------------------------------------

def header_fields(text: str) -> dict[str, str]:
    """Labelled fields of a government site's header (and the 来源 line anywhere)."""
    head = text[:_HEADER_CHARS]
    fields: dict[str, str] = {}
    for key, labels in _FIELD_LABELS.items():
        source = text if key == "来源" else head
        match = re.search(rf"(?:^|\s)(?:{labels})\s*[:：]?\s*(?P<value>[^\n]*)", source, re.M)
        if not match:
            continue
        value = match.group("value")
        if key.endswith("日期") or key == "有效期至":
            date = DATE_RE.match(value.strip())
            if date:
                fields[key] = normalize_date(date.group())
        elif key == "文号":
            number = _DOC_NUMBER.match(value.strip())
            if number:
                fields[key] = _compact(number.group())
        elif value.strip():
            fields[key] = value.split()[0]
    return fields


# --- title and kind ---------------------------------------------------------------------

def find_title(lines: list[str], text: str) -> str:
    """A Markdown '# ' heading, else the first title-like line, else a title named in prose."""
    for line in lines[:5]:
        if line.startswith("# "):
            return line[2:].strip()
    candidates = lines[:_TITLE_LINES]
    for index, line in enumerate(candidates):
        if _looks_like_title(line):
            return _join_split_title(candidates, index)
    embedded = _EMBEDDED_TITLE.search(text[:_HEADER_CHARS])
    return _compact_spaces(embedded.group("title")) if embedded else ""


def _looks_like_title(line: str) -> bool:
    if not 6 <= len(line) <= _MAX_TITLE_CHARS or not _TITLE_WORDS.search(line):
        return False
    if re.search(r"[。；;]", line) or line[-1] in "：:，,、" or _NUMBERED_HEADING.match(line):
        return False
    if line.startswith(("附件", "根据", "为", "按照", "依据", "抄送", "注")):
        return False
    return not any(re.match(rf"(?:{labels})\s*[:：]?", line) for labels in _FIELD_LABELS.values())


def _join_split_title(lines: list[str], index: int) -> str:
    """A title broken over two lines: a short tail ("攻坚行动方案（2021-2023年）") gets its head."""
    line = lines[index]
    if index > 0 and len(line) <= 25 and "关于" not in line:
        previous = lines[index - 1]
        if 6 <= len(previous) <= 60 and previous[-1] not in "。；;：:，,、" and not _TITLE_WORDS.search(previous):
            if not DATE_RE.search(previous) and not _NUMBERED_HEADING.match(previous):
                return previous + line
    return line


def kind_of(title: str) -> str:
    """实施方案, 若干意见, 条例 ...: for "关于印发X的通知" the kind of X."""
    core = _strip_trailing_brackets(title)
    wrapped = re.search(r"关于(?:印发|转发|发布|公布|颁布)(?P<inner>.+)的(?:通知|通告|公告|决定)$", core)
    if wrapped:
        core = _strip_trailing_brackets(wrapped.group("inner").strip("《》“”\"'"))
    for kind in KINDS:
        if core.endswith(kind):
            return kind
    found = [(core.rfind(kind), -len(kind), kind) for kind in KINDS if kind in core and kind != "法"]
    return max(found)[2] if found else ""


def _strip_trailing_brackets(title: str) -> str:
    previous = None
    title = title.strip()
    while previous != title:
        previous = title
        title = re.sub(r"\s*[（(][^（()）]*[）)]\s*$", "", title).strip()
    return title


# --- 文号 ------------------------------------------------------------------------------

def find_doc_number(text: str) -> str:
    """The first 文号 in the head that is not a citation of another document."""
    head = text[:_HEADER_CHARS]
    for match in _DOC_NUMBER.finditer(head):
        line_start = head.rfind("\n", 0, match.start()) + 1
        before = head[line_start : match.start()]
        if _CITATION_CUE.search(before) or re.search(r"》\s*[（(\[]?\s*$", before):
            continue
        prefix = match.group("prefix")
        issuer = prefix[issuer_start(prefix, len(prefix), len(prefix)) :]
        if len(issuer) < 2:
            continue
        return issuer + _compact(match.group()[len(prefix) :])
    return ""


def _compact(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _compact_spaces(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


# --- issuers ----------------------------------------------------------------------------

def find_issuers(text: str, lines: list[str], fields: dict[str, str], title: str) -> list[str]:
    """From the first source that names any: field, signature, title, prose, 来源, adoption line."""
    finders = (
        lambda: _split_orgs(fields.get("发布机构", "")),
        lambda: _signature(lines)[0],
        lambda: _title_issuers(title),
        lambda: _prose_issuers(text),
        lambda: _split_orgs(fields.get("来源", "")),
        lambda: _adoption_issuers(text),
    )
    for finder in finders:
        issuers = finder()
        if issuers:
            return list(dict.fromkeys(issuers))
    return []


def _split_orgs(value: str) -> list[str]:
    parts = [part for part in re.split(r"[\s、,，]+", value) if part]
    return parts if parts and all(_ORG.match(part) for part in parts) else []


def _signature(lines: list[str]) -> tuple[list[str], str]:
    """The first line of organization names directly over a date: (issuers, 成文 date)."""
    for line, next_line in zip(lines, lines[1:]):
        orgs = _split_orgs(line) if len(line) <= 80 else []
        date = _signature_date(next_line) if orgs else ""
        if date:
            return orgs, date
    return [], ""


def _signature_date(line: str) -> str:
    """The date of a signature line (including a damaged 2023518), else ""."""
    if DAMAGED_DATE.match(line):
        return normalize_date(line.strip())
    match = DATE_RE.fullmatch(line.strip())
    return normalize_date(match.group()) if match else ""


def _title_issuers(title: str) -> list[str]:
    head, separator, _ = title.partition("关于")
    return _split_orgs(head) if separator else []


def _prose_issuers(text: str) -> list[str]:
    """News style: "4月28日,宁海县人民政府发布…"; the date keeps this from matching any prose."""
    match = _PUBLISHED_PROSE.search(text[:_HEADER_CHARS // 2])
    return [match.group("org")] if match else []


def _adoption_issuers(text: str) -> list[str]:
    """Laws: "… 浙江省第九届人民代表大会常务委员会第十六次会议通过" -> 浙江省人民代表大会常务委员会."""
    match = _ADOPTION_LINE.search(text[:_HEADER_CHARS])
    if not match:
        return []
    org = _SESSION.sub("", match.group("org")).strip()
    org = re.sub(r"(?:全体|常务|部务|委务|局务|署务)?会议.*$", "", org).strip()
    return [org] if _ORG.match(org) else []


# --- dates ------------------------------------------------------------------------------

def find_dates(text: str, lines: list[str], fields: dict[str, str], path: str) -> dict[str, str]:
    """成文, 发布, 施行, 有效期至 — only those the document states."""
    found = {
        "成文": fields.get("成文日期") or _signature(lines)[1] or _adoption_date(text),
        "发布": fields.get("发布日期") or _header_line_date(text) or _prose_publish_date(text) or _file_date(path),
        "施行": fields.get("施行日期") or _effective_date(text),
        "有效期至": fields.get("有效期至") or _valid_until(text),
    }
    return {key: value for key, value in found.items() if value}


def _adoption_date(text: str) -> str:
    match = _ADOPTION_LINE.search(text[:_HEADER_CHARS])
    return normalize_date(match.group("when")) if match else ""


def _header_line_date(text: str) -> str:
    """An unlabelled date on the 文号 line under the title ("2021-11-10   湖政发〔2021〕23号")."""
    head = text[:_HEADER_CHARS]
    for match in _DOC_NUMBER.finditer(head):
        line_start = head.rfind("\n", 0, match.start()) + 1
        line_end = head.find("\n", match.end())
        line = head[line_start : line_end if line_end >= 0 else len(head)]
        if _CITATION_CUE.search(line):
            continue
        date = DATE_RE.search(line)
        if date:
            return normalize_date(date.group())
    return ""


def _prose_publish_date(text: str) -> str:
    match = _PUBLISHED_PROSE.search(text[:_HEADER_CHARS // 2])
    return normalize_date(match.group("when")) if match else ""


def _file_date(path: str) -> str:
    match = _FILE_DATE.search(PurePosixPath(path).name)
    return normalize_date(match.group(1)) if match else ""


def _effective_date(text: str) -> str:
    matches = list(EFFECTIVE.finditer(text))
    if matches:  # the closing clause comes last
        when = matches[-1].group("when")
        return when if when.endswith("之日") else normalize_date(when)
    line = _EFFECTIVE_LINE.search(text[:_HEADER_CHARS])
    return normalize_date(line.group("when")) if line else ""


def _valid_until(text: str) -> str:
    match = _VALID_UNTIL.search(text)
    return normalize_date(match.group("when")) if match else ""


# --- regions ----------------------------------------------------------------------------

def find_regions(title: str, issuers: list[str], text: str, gazetteer: Gazetteer) -> tuple[list[str], str]:
    """Places of the title, else of the issuers, else the place the body names most.

    Returns full names, most specific first, and a note for the warnings ("" if none).
    """
    for source in (title, " ".join(issuers)):
        found = gazetteer.find(source)
        if found:
            return most_specific(found, gazetteer), ""
    header = "\n".join(text.splitlines()[:HEADER_LINES])
    if _is_national(title, issuers) or _NATIONAL_PROMULGATION.search(header):
        return [NATIONAL], ""
    counts = Counter(mention.region.name for mention in gazetteer.mentions(text) if mention.region.level != "national")
    if counts:
        name, count = counts.most_common(1)[0]
        if count >= 2:
            return [name], "region taken from the body text"
    if _NATIONAL_AUTHORITY.search(text):
        return [NATIONAL], "national document: its text names national authorities and no place"
    return [], "no region found"


def most_specific(regions: list[Region], gazetteer: Gazetteer) -> list[str]:
    """Drop places that contain another found place; counties before cities before provinces."""
    local = [region for region in regions if region.level != "national"]  # 湖州市…国家级: a local document
    kept = sorted(gazetteer.without_ancestors(local or regions), key=lambda region: _LEVEL_ORDER[region.level])
    return [region.name for region in kept]


def _is_national(title: str, issuers: list[str]) -> bool:
    if title.startswith(("中华人民共和国", "全国")):
        return True
    return any(_NATIONAL_ISSUERS.search(issuer) or issuer.endswith(("部", "总局", "署")) for issuer in issuers)
