"""Which rule is in force: what a document says about its own force, and its versions.

Per document (`document_validity`, called from metadata extraction):
- 施行 from "自…起施行", 有效期至 from "有效期至…" said of the document itself (not a licence's
  term), 废止/失效 notices about the document, a site's 继续有效 notice, and a plan's period
  in its title ("(2021-2023年)", 实施期);
- the amendment history of a law's header lines ("2024年12月31日 …决定》第二次修正");
- the date of this version of the text: the lawrefbook file date `X(2024-12-31).md` or the
  last amendment, else the date it took effect.

Across documents (`link_versions`, run over the whole index when it is loaded): documents of
one region whose titles share a stem are versions of one rule (`version_of`).

On a date (`standing`): in force, expired (有效期至 passed), period ended, repealed, superseded
by a later version, or not yet in force; with a 注意 line for answers and the statement that
proves it, so the line's dates stand in a cited quote.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from qa.records import DocumentMeta, ValidityStatement
from qa.text.dates import DATE, DATE_RE, EFFECTIVE, normalize_date
from qa.text.statement_bounds import statement_bounds

# what a plan calls itself; the noun of the 注意 line ("该方案", "该条例")
_NOUNS = ("方案", "计划", "规划", "纲要", "意见", "措施", "条例", "办法", "规定", "细则", "决定", "通知", "解释", "规则", "法")
_SELF = r"(?:本|该|此)(?:" + "|".join(_NOUNS) + r"|文件|政策|通告|公告)"
_PLAN_KINDS = ("方案", "计划", "规划", "纲要")
_SENTENCE = re.compile(r"[^。；;\n]*[。；;]?")
_AMENDMENT_ACTION = re.compile(r"(通过|修正|修订|批准|公布|发布|施行)[）)\s]*(?:根据\s*)?$")
_TITLE_PERIOD = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年?\s*[）)]")
_HEADER_END = "<!-- INFO END -->"
# other documents this one repeals: "一、废止《北京市邮政通信条例》", "《旧办法》同时废止", and lists of
# them, each title with its 文号: "《甲》（法复〔1993〕5号）、《乙》（法释〔2000〕36号）同时废止"
_NAMED = r"《[^《》\n]{4,80}》(?:[（(][^（）()\n]{0,40}[）)])?"
_REPEALS_OTHER = re.compile(rf"废止{_NAMED}(?:\s*(?:、|和|及|以及)\s*{_NAMED})*|{_NAMED}(?:\s*(?:、|和|及|以及)\s*{_NAMED})*\s*(?:同时|予以|一并)?废止")
_TITLE = re.compile(r"《([^《》\n]{4,80})》")
_HEADER_CHARS = 2000


@dataclass
class Standing:
    """A document's force on a date."""

    code: str  # in_force, expired, period_ended, repealed, superseded, not_yet, unknown
    label: str  # for citation cards: 现行有效, 已届满（有效期至2023年12月31日）, …
    note: str = ""  # the 注意 line (without its citation mark); "" when in force
    evidence: ValidityStatement | None = None  # the statement the note's dates stand in
    evidence_doc: str = ""  # the document holding the evidence (a later version for superseded)


# --- dates -----------------------------------------------------------------------------

def iso_date(written: str) -> str:
    """2023年12月31日, 2023-12-31, 二〇二三年十二月三十一日 -> 2023-12-31; "" when not a full date."""
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", normalize_date(written))
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def parse_as_of(value: str | date | None) -> str:
    """An ISO date for --as-of and the app's date control; today when empty. ValueError in
    Chinese for anything else."""
    if isinstance(value, date):
        return value.isoformat()
    text = (value or "").strip()
    if not text:
        return date.today().isoformat()
    found = iso_date(text)
    if not found:
        raise ValueError(f"日期“{text}”无法识别，请写成 2022-06-01 或 2022年6月1日")
    return found


def date_problem(value: object) -> str:
    """A Chinese message for a date control that holds no readable date; "" when empty or fine."""
    if value is None or not str(value).strip():
        return ""
    try:
        parse_as_of(str(value))
    except ValueError as error:
        return str(error)
    return ""


def _written_date(text: str, after: str = "") -> str:
    """The first full date of `text` as written (after the word `after`, when given)."""
    position = text.find(after) if after else 0
    for match in DATE_RE.finditer(text, max(position, 0)):
        if iso_date(match.group()):
            return match.group()
    return ""


def _enactment_written(text: str) -> str:
    """The date of "自2022年2月1日起施行" as written; "" for 自印发之日起."""
    match = re.search(rf"自\s*({DATE})\s*起", text)
    return match.group(1) if match and iso_date(match.group(1)) else ""


# --- one document ----------------------------------------------------------------------

def _sentence_at(text: str, position: int) -> tuple[int, int]:
    """The statement at `position` with its closing mark (not a line end), leading blanks left out."""
    start, end = statement_bounds(text, position, position)
    if end < len(text) and text[end] != "\n":
        end += 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _statement(kind: str, text: str, match_start: int, when: str) -> ValidityStatement:
    start, end = _sentence_at(text, match_start)
    return ValidityStatement(kind, iso_date(when) if when else "", text[start:end], start, end)


def document_validity(
    text: str, path: str, title: str, kind: str, dates: dict[str, str], raw: str = ""
) -> tuple[list[ValidityStatement], list[ValidityStatement], str]:
    """(validity statements, amendment history, version date) of one document; `text` is the
    document with boilerplate blanked, so offsets point into the source. A site's review notice
    ("…评估清理结果的通知》规定,继续有效") is read from `raw`, the unmasked text: cleaning
    removes it as a site notice, yet it says whether the document still applies."""
    statements: list[ValidityStatement] = []
    effective = list(EFFECTIVE.finditer(text))
    if effective:  # the closing clause comes last
        match = effective[-1]
        when = match.group("when")
        if when.endswith("之日"):
            when = dates.get("成文") or dates.get("发布") or ""
        statements.append(_statement("施行", text, match.start(), when))
    for match in re.finditer(rf"有效期(?:至|到|截至|截止到?)\s*(?P<when>{DATE})", text):
        sentence = _statement("有效期至", text, match.start(), match.group("when"))
        header_field = match.start() < _HEADER_CHARS and re.match(r"\s*有效期至\s*[:：]", text[match.start() :])
        if sentence.date and (header_field or re.search(rf"{_SELF}|施行|实施|执行|印发之日", sentence.text)):
            statements.append(sentence)
            break
    # "本办法已废止", "本规定自2024年1月1日起失效", a header's "有效性 失效"; not "本条例适用于…修改、废止"
    self_repeal = rf"{_SELF}(?:[^。；\n《》，,、]{{0,12}}?(?:已经?|予以|宣布|即行|自行)|\s*(?:于|自)\s*{DATE}\s*起?)(?P<what>废止|失效)"
    for match in re.finditer(rf"{self_repeal}|有效性\s*[:：]?\s*(?:已)?(?P<field>废止|失效)", text):
        sentence = _statement(match.group("what") or match.group("field"), text, match.start(), "")
        if re.search(r"起(?:施行|实施)|同时废止", sentence.text) or "《" in text[sentence.start : match.start()]:
            continue  # "本办法自…起施行，《旧办法》同时废止", "《旧规定》自本办法施行之日起即行废止": another document
        sentence.date = iso_date(_written_date(sentence.text)) if _written_date(sentence.text) else ""
        statements.append(sentence)
    for match in re.finditer(r"继续有效", (raw or text)[: _HEADER_CHARS * 2]):
        statements.append(_statement("继续有效", raw or text, match.start(), ""))
    if kind.endswith(_PLAN_KINDS):
        period = _TITLE_PERIOD.search(text[: _HEADER_CHARS])
        if period and period.group(2) >= period.group(1):
            statements.append(ValidityStatement("实施期", f"{period.group(2)}-12-31", period.group(), period.start(), period.end()))
    for match in _REPEALS_OTHER.finditer(text):
        if any(title_stem(named) != title_stem(title) for named in _TITLE.findall(match.group())):
            sentence = _statement("废止他件", text, match.start(), "")
            sentence.date = next((s.date for s in statements if s.kind == "施行" and s.date), "")
            if not any(s.kind == "废止他件" and s.start == sentence.start for s in statements):
                statements.append(sentence)
    amendments = amendment_history(text)
    return statements, amendments, version_date(path, amendments, statements, dates)


def amendment_history(text: str) -> list[ValidityStatement]:
    """The dated header lines of a law ("2011年11月17日 …决定》第一次修正"), oldest first."""
    cut = text.find(_HEADER_END)
    head = text[: cut if 0 <= cut < _HEADER_CHARS * 2 else _HEADER_CHARS]
    found = []
    for match in re.finditer(rf"^[ \t（(]*(?:根据\s*)?(?P<when>{DATE})[^\n]*$", head, re.M):
        line = match.group().rstrip()
        action = _AMENDMENT_ACTION.search(line)
        when = iso_date(match.group("when"))
        if not action or not when:
            continue
        start = match.start() + (len(match.group()) - len(match.group().lstrip(" \t")))
        found.append(ValidityStatement(action.group(1), when, text[start : match.start() + len(line)], start, match.start() + len(line)))
    return sorted(found, key=lambda s: s.date)


_FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.\w+$")


def version_date(path: str, amendments: list[ValidityStatement], statements: list[ValidityStatement], dates: dict[str, str]) -> str:
    candidates = [s.date for s in amendments if s.date]
    named = _FILE_DATE.search(PurePosixPath(path).name)
    if named:
        candidates.append(named.group(1))
    if candidates:
        return max(candidates)
    enacted = next((s.date for s in statements if s.kind == "施行" and s.date), "")
    return enacted or iso_date(dates.get("成文", "")) or iso_date(dates.get("发布", ""))


# --- versions --------------------------------------------------------------------------

def title_stem(title: str) -> str:
    """What stays the same across versions: no brackets (dates, periods, 征求意见稿), no quotes,
    no whitespace; 关于印发X的通知 -> X."""
    stem = re.sub(r"\s", "", title)
    wrapped = re.search(r"关于(?:印发|发布|公布)(.+)的(?:通知|公告|决定)$", stem)
    if wrapped:
        stem = wrapped.group(1)
    # brackets go (dates, periods, 试行, 征求意见稿), a part's ordinal stays: 解释（二） is another text;
    # quotes and enumeration commas go, which citations of a title write or drop (偷税、抗税 / 偷税抗税)
    stem = re.sub(r"[（(](?![一二三四五六七八九十]+[)）])[^（）()]*[)）]|[《》〈〉“”\"、]", "", stem)
    return re.sub(r"(?:修正案|修正|修订)?(?:草案)?$", "", stem)


def rule_key(meta: DocumentMeta) -> str:
    """Region and title stem; "" for an amendment act (宪法修正案（1999年）), which is no version
    of the text it amends."""
    stem = title_stem(meta.title)
    if len(stem) < 4 or re.search(r"修正案", re.sub(r"\s", "", meta.title)):
        return ""
    return f"{meta.region_label}|{stem}"


def link_versions(documents: dict[str, DocumentMeta]) -> None:
    """Set `rule_key`, `version_of` and `repealed_by` on every document (in place), over the
    whole set."""
    by_stem: dict[str, list[str]] = {}
    for doc, meta in documents.items():
        by_stem.setdefault(title_stem(meta.title), []).append(doc)
    for meta in documents.values():
        meta.repealed_by = []
    for doc, meta in documents.items():
        for statement in meta.validity:
            if statement.kind == "废止他件":
                for stem in repealed_stems(statement.text):
                    for target in by_stem.get(stem, []):
                        if target != doc and doc not in documents[target].repealed_by:
                            documents[target].repealed_by.append(doc)
    groups: dict[str, list[str]] = {}
    for doc, meta in documents.items():
        meta.rule_key = meta.rule_key or rule_key(meta)
        if meta.rule_key:
            groups.setdefault(meta.rule_key, []).append(doc)
    for doc, meta in documents.items():
        members = groups.get(meta.rule_key, [doc]) if meta.rule_key else [doc]
        if len({documents[d].version_date for d in members}) < 2:
            members = [doc]  # one date: copies, or parts of one code (民法典's 编), not versions
        ordered = sorted(members, key=lambda d: (documents[d].version_date, d))
        meta.version_of = [d for d in ordered if d != doc]


def repealed_stems(sentence: str) -> set[str]:
    """The title stems of the texts a repealing sentence names as repealed."""
    return {title_stem(named) for match in _REPEALS_OTHER.finditer(sentence) for named in _TITLE.findall(match.group())}


def repeal_of(doc: str, documents: dict[str, DocumentMeta]) -> tuple[str, ValidityStatement] | None:
    """(repealing document, its sentence naming `doc`), the earliest in force, or None."""
    stem = title_stem(documents[doc].title)
    found = []
    for other in documents[doc].repealed_by:
        meta = documents.get(other)
        for statement in meta.validity if meta else []:
            if statement.kind == "废止他件" and stem in repealed_stems(statement.text):
                found.append((statement.date or meta.version_date, other, statement))
    if not found:
        return None
    _, other, statement = min(found, key=lambda item: (item[0], item[1]))
    return other, statement


def versions(doc: str, documents: dict[str, DocumentMeta]) -> list[str]:
    """All versions of the rule `doc` is a version of, oldest first (just [doc] when alone)."""
    meta = documents[doc]
    members = [d for d in [doc, *meta.version_of] if d in documents]
    return sorted(members, key=lambda d: (documents[d].version_date, d))


def version_on(doc: str, documents: dict[str, DocumentMeta], as_of: str) -> str:
    """The version of `doc`'s rule in force on `as_of`: the latest adopted by then, else the
    first (the rule did not exist yet)."""
    members = versions(doc, documents)
    adopted = [d for d in members if documents[d].version_date and documents[d].version_date <= as_of]
    return adopted[-1] if adopted else members[0]


# a question that asks for one version: "2011年修正的…", "2019年版", "修改前的规定"
_ASKED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:版|修正|修订|修改)")
_ASKED_OLDER = re.compile(r"修改前|修订前|修正前|旧版|原来的规定|原规定")
_ASKED_STANDING = re.compile(r"有效|失效|废止|作废|现行|还能用")  # 这个条例废止了没有: the repealed text is what is asked about


def asked_version(doc: str, documents: dict[str, DocumentMeta], as_of: str, question: str) -> str:
    """The version of `doc`'s rule a question asks for: a named year's version, the one before
    the version in force (修改前), else the version in force on `as_of`."""
    members = versions(doc, documents)
    current = version_on(doc, documents, as_of)
    for year in _ASKED_YEAR.findall(question):
        dated = [d for d in members if documents[d].version_date.startswith(year)]
        if dated:
            return dated[-1]
    if _ASKED_OLDER.search(question) and members.index(current) > 0:
        return members[members.index(current) - 1]
    return current


def versions_in_force(
    docs: list[str], documents: dict[str, DocumentMeta], as_of: str, question: str = "", searched: Collection[str] | None = None
) -> list[str]:
    """`docs` without the versions a later version had replaced by `as_of`, unless the question
    asks for one (expired plans stay: an answer from them is flagged, not withheld). A text
    repealed by another one is dropped when the repealing text is among `searched` (default: the
    texts kept)."""
    kept = [doc for doc in docs if not documents[doc].version_of or asked_version(doc, documents, as_of, question) == doc]
    # a text repealed by another one searched with it ("《北京市动物防疫条例》同时废止") is no rule of
    # the place once the repeal is in force, unless the question asks for an older version
    asks_about_it = _ASKED_OLDER.search(question) or _ASKED_STANDING.search(question)
    in_force = [doc for doc in kept if asks_about_it or not replaced_by_repeal(doc, documents, as_of, kept if searched is None else searched)]
    return in_force or kept or docs


def replaced_by_repeal(doc: str, documents: dict[str, DocumentMeta], as_of: str, searched: Collection[str]) -> bool:
    """Whether a text searched along with `doc` repealed it on or before `as_of`."""
    repealing = repeal_of(doc, documents)
    if repealing is None or repealing[0] not in searched:
        return False
    other, statement = repealing
    when = statement.date or documents[other].version_date
    return not when or when <= as_of


# --- standing on a date ----------------------------------------------------------------

def noun(meta: DocumentMeta) -> str:
    return next((n for n in _NOUNS if meta.kind.endswith(n)), "文件")


def standing(doc: str, documents: dict[str, DocumentMeta], as_of: str) -> Standing:
    meta = documents[doc]
    what = "该" + noun(meta)
    by_kind = {s.kind: s for s in meta.validity}
    members = versions(doc, documents)
    later = [d for d in members[members.index(doc) + 1 :] if meta.version_date < documents[d].version_date <= as_of]  # a copy of the same date is no later version
    if later:
        newest = documents[later[-1]]
        proof = next((s for s in reversed(newest.amendments) if s.date == newest.version_date), None)
        when = _written_date(proof.text) if proof else ""
        note = f"注意：{what}已于{when}修改，以上引自修改前的版本" if when else f"注意：{what}已有更新的版本，以上引自修改前的版本"
        return Standing("superseded", f"已被修改（{newest.version_date}起适用新版本）", note, proof, later[-1])
    if members.index(doc) > 0 and meta.version_date > as_of:  # a later version than the one of the asked date
        return Standing("not_yet", "尚未施行（所问日期之后的版本）", "注意：以上引自所问日期之后修改的版本")
    repealing = repeal_of(doc, documents)
    if repealing is not None:
        other, statement = repealing
        when = statement.date or documents[other].version_date
        if not when or when <= as_of:
            return Standing("repealed", f"已废止（{when}起）" if when else "已废止", f"注意：{what}已被废止", statement, other)
    repeal = by_kind.get("废止") or by_kind.get("失效")
    if repeal and (not repeal.date or repeal.date <= as_of):
        return Standing("repealed", f"已{repeal.kind}", f"注意：{what}已{repeal.kind}", repeal, doc)
    valid_until = by_kind.get("有效期至")
    if valid_until and valid_until.date < as_of:
        written = _written_date(valid_until.text, "有效期")
        return Standing("expired", f"已届满（有效期至{written}）", f"注意：{what}有效期至{written}，已届满", valid_until, doc)
    enacted = by_kind.get("施行")
    first_in_force = enacted.date if enacted and enacted.date else meta.version_date
    if first_in_force and first_in_force > as_of and members[0] == doc:
        proof = enacted if enacted and enacted.date else None
        written = _enactment_written(proof.text) if proof else ""
        note = f"注意：{what}自{written}起施行，所问日期尚未施行" if written else f"注意：{what}在所问日期尚未施行"
        return Standing("not_yet", "尚未施行", note, proof, doc)
    period = by_kind.get("实施期")
    if period and not valid_until and period.date < as_of:
        return Standing("period_ended", f"实施期{period.text.strip('（()）')}已结束", f"注意：{what}的实施期为{period.text.strip('（()）')}，已结束", period, doc)
    if valid_until or enacted or period or meta.version_of or "继续有效" in by_kind:
        return Standing("in_force", "现行有效")
    return Standing("unknown", "")
