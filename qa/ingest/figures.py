"""Figures: every number in a clause, with its unit, comparator, indicator and period.

`extract_figures(text, offset, column)` scans one clause text with a single compiled
master regex and returns `Figure`s whose `text` is the verbatim source at
`start:end` (offsets into the source document: `offset` is the clause start).
`attach_figures(clause)` fills `clause.figures`, cell by cell for table rows.

Decisions (the brief left these open):

* Kinds. Real quantities are kind "figure". Calendar years and year spans
  (2023年, 2021-2023年) are kind "year"; dates (2023年12月31日, 4月28日, 2023-05-18,
  二〇二三年十二月) are kind "date" with `value` None; 文号 (瑞政办〔2023〕49号) kind
  "doc_number"; phone numbers kind "phone"; index numbers, programme names in short
  quotes (“1234”, “415X”, “万亩千亿”), versions (2.0版), times of day, alphanumerics
  (5G, PM2.5) and bare integers glued to a following word (321现代产业集群) kind "code".
  Article numbers (第十二条, 第2项) and list ordinals (1. 2、（三）) are not returned.
* Money keeps the scale it was written in when that is a standard one: 220万元 ->
  220 万元, 1000亿元 -> 1000 亿元, 18亿美元 -> 18 亿美元, 五千元 -> 5000 元,
  5千万元 -> 5000 万元; a scale with no unit stays visible (超1亿 -> 1, unit 亿).
  Every other unit is normalized to its base: 1.2万亩 -> 12000 亩,
  50万吨标准煤 -> 500000 吨标准煤 (标煤 and 规范煤 -> 吨标准煤), 天 -> 日, 公斤 -> 千克.
* Comparators. ">=" and "<=" words (不低于, 超过, 突破, 不超过, 控制在, 以上, 以下 ...)
  are part of `text`; "=" words (达到, 为) are not. 增长12% / 下降9% -> "change" with
  value 12 / 9 (the size of the change; the direction stays in `indicator`'s
  clause). 提高到30% states the new level -> "=". 由7%提高到15% -> "change",
  value 7, value_to 15, text spans 由…15%. A以上B以下 and A至B / A-B -> "range".
  前50强 -> "<=" (a rank within the top 50). 100多家 -> ">=".
* `period` is the nearest year expression (到2025年, 2021-2023年, 2023年底) and/or
  span expression (每年, 三年, 年均, 累计) earlier in the same sentence, joined
  (到2025年累计). Bracketed table values are "累计"; other table cells take the
  year of their column (2020年基数 -> 2020年).
* Lone 一/两 with a counting word (一个, 一批, 两家) is a figure only next to a
  comparator (至少一名, 一人以上); Chinese numerals with 次 likewise (九次全会).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from qa.lexicon import load as load_lexicon
from qa.records import Clause, Figure, TableCell
from qa.text.doc_numbers import DOC_NUMBER, issuer_start
from qa.text.numerals import chinese_number

# ---------------------------------------------------------------- vocabulary

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

_UNIT_TABLES = load_lexicon("units")  # qa/lexicon/units.json
_MULTIPLIERS: dict[str, float] = _UNIT_TABLES["multipliers"]["value"]
_MONEY_BASES: tuple[str, ...] = tuple(_UNIT_TABLES["money_bases"]["value"])
_MONEY_SCALES: tuple[tuple[str, float], ...] = tuple((name, factor) for name, factor in _UNIT_TABLES["money_scales"]["value"])
# raw unit as written -> normalized unit
_UNITS: dict[str, str] = {**_UNIT_TABLES["units"]["value"], **{base: base for base in _MONEY_BASES}}
_CLASSIFIERS = frozenset(_UNIT_TABLES["classifiers"]["value"])
_DURATION_FOLLOWERS = frozenset(_UNIT_TABLES["duration_followers"]["value"])
_COUNT_THRESHOLDS = tuple(_UNIT_TABLES["count_thresholds"]["value"])
_PER_UNITS = "".join(_UNIT_TABLES["per_units"]["value"])
_RATE_UNITS = frozenset(_UNIT_TABLES["rate_units"]["value"])
_FREQUENCY_PERIODS = _UNIT_TABLES["frequency_periods"]["value"]
_GRADE_BEFORE = tuple(_UNIT_TABLES["scale_grades"]["value"]["before"])
_GRADE_AFTER = re.compile(r"(?:以上|以下)?的?(?:" + "|".join(_UNIT_TABLES["scale_grades"]["value"]["after"]) + ")")
_FREQUENCY_DUTIES = _UNIT_TABLES["frequency_duties"]["value"]
_DURATION_UNITS = frozenset(_UNIT_TABLES["duration_units"]["value"])


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_LATIN_UNITS = {u for u in _UNITS if u.isascii() and u.isalpha() or u in ("m2", "m3", "cm2")}
_UNIT_RE_SRC = (
    "(?:" + _alternation(u for u in _UNITS if u not in _LATIN_UNITS)
    + "|(?:" + _alternation(_LATIN_UNITS) + ")(?![A-Za-z0-9]))"
)
# units that begin with a multiplier character must be tried before the multiplier
_UNIT_FIRST_SRC = "(?:千瓦时|千瓦|千米|千克|千伏|千赫|百分点)"
_PER_SRC = rf"(?:[/／](?:{_UNIT_RE_SRC}|[{_PER_UNITS}]))"
_MULT_SRC = "(?:万亿|千亿|百亿|亿|千万|百万|十万|万|千|百)"

# Every repetition is bounded: unbounded runs inside alternatives that fail late make
# the scan quadratic on degenerate input (a line of 一 or of digits).
_AR = r"[0-9０-９]{1,20}(?:[.．][0-9０-９]{1,10})?"
# a Chinese numeral, with its decimals (三点七五, 零点九五): 一点五米 is 1.5 m, not 5 m
_CN = "(?:[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]{0,11}|零(?=点))(?:点[零〇一二三四五六七八九]{1,6}[万亿]?)?"
_CN_SMALLNUM = "[一二三四五六七八九十]{1,3}"
_SP = r"[ \t\u3000\xa0]{0,4}"
_Y = r"(?<![0-9.])(?:19|20)[0-9]{2}"
_DASH = "[-—–~～－至到]"
_HALF_UNITS = "个月|年|天|日|个小时|小时|个钟头"  # the periods that are halved (半年, 一年半)
_MAP_SCALE = re.compile(r"[ \t]{0,4}(?:的)?(?:比例尺|地形图|航摄|影像)")  # 五千分之一比例尺, 一比五百地形图


def _wide(source: str) -> str:
    """Let a pattern written with ASCII digits also match fullwidth ones (2020年１月１日)."""
    return source.replace("[0-9]", "[0-9０-９]").replace("(?:19|20)", "(?:19|20|１９|２０)")


_MASTER = re.compile(_wide(
    "|".join([
        r"(?P<phone>(?<![0-9])(?:[0-9]{3,4}[-－][0-9]{3,4}[-－][0-9]{4}|0[0-9]{2,3}[-－][0-9]{7,8}"
        r"|1[3-9][0-9]{9}|400[-－]?[0-9]{3}[-－]?[0-9]{4})(?![0-9]))",
        # index numbers such as 001008003004001/2023-241269
        r"(?P<index>(?<![0-9])[0-9]{9,40}(?![0-9]|元|万|亿|美元)(?:[/／][0-9]{4}[-－][0-9]{1,20})?)",
        # dates, before years so 2023年12月31日 stays whole
        rf"(?P<date>{_Y}{_SP}年{_SP}[0-9]{{1,2}}{_SP}月(?:{_SP}[0-9]{{1,2}}{_SP}[日号])?"
        rf"|{_Y}{_SP}[-/.－]{_SP}[0-9]{{1,2}}{_SP}[-/.－]{_SP}[0-9]{{1,2}}(?![0-9])"
        rf"(?:[ \t]{{1,4}}[0-9]{{1,2}}{_SP}[:：]{_SP}[0-9]{{2}}(?:{_SP}[:：]{_SP}[0-9]{{2}})?)?"
        rf"|(?<![0-9.])[0-9]{{1,2}}{_SP}月(?:{_SP}[0-9]{{1,2}}{_SP}[日号]|份)?"
        rf"|[〇零一二三四五六七八九]{{4}}年{_CN_SMALLNUM}月(?:{_CN_SMALLNUM}日)?"
        rf"|(?<![〇零一二三四五六七八九十]){_CN_SMALLNUM}月{_CN_SMALLNUM}日)",
        rf"(?P<yrange>{_Y}{_SP}(?:年{_SP})?{_DASH}{{1,2}}{_SP}(?:19|20)[0-9]{{2}}"
        rf"(?:{_SP}年度?|(?=[)）])))",
        rf"(?P<year>{_Y}{_SP}年(?:度|底|末|初)?|[〇零一二三四五六七八九]{{4}}年)",
        rf"(?P<time>(?<![0-9])[0-9]{{1,2}}{_SP}[:：]{_SP}[0-9]{{2}}(?:{_SP}[:：]{_SP}[0-9]{{2}})?(?![0-9]))",
        rf"(?P<docnum>{DOC_NUMBER})",
        # not returned: article numbers and list ordinals
        rf"(?P<skip>第{_SP}(?:[0-9]{{1,10}}|[零〇一二两三四五六七八九十百千]{{1,10}})"
        rf"|(?<![^\s。；;：:，,、）)】>\]])[0-9]{{1,2}}{_SP}[.．、](?![0-9])"
        rf"|[（(]{_SP}(?:[0-9]{{1,2}}|{_CN_SMALLNUM}){_SP}[)）]"
        rf"|(?<![^\s。；;：:，,、）)】>\]]){_CN_SMALLNUM}{_SP}[、.．])",
        rf"(?P<code>{_AR}版"
        rf"|[0-9]{{1,20}}(?!(?:{_alternation(_LATIN_UNITS)})(?![A-Za-z0-9]))[A-Za-z][A-Za-z0-9]{{0,20}}"
        r"(?:[+＋][0-9A-Za-z]{1,20}){0,5}"
        r"|[0-9]{1,20}(?:[+＋][0-9A-Za-z]{1,20}){1,5}|[A-Za-z]{1,20}[0-9][A-Za-z0-9.]{0,20})",
        # 每月至少进行一次, 每半年报告一次: the period of a frequency, stated by the count after it
        rf"(?P<every>(?<![0-9一二两三四五六七八九十])每(?P<period>{_alternation(_FREQUENCY_PERIODS)})(?!度)"
        r"(?=[^，。；;：:\n]{0,24}?(?:[一二两三四五六七八九十]|[0-9]{1,2})次"
        rf"|(?:应当|应|要|须|必须|至少|均|都)?(?:向[^，。；;：:\n]{{1,12}}?)?(?:{_alternation(_FREQUENCY_DUTIES)})))",
        # 半年, 半个月, 一年半, 两个半小时: a period and a half (before cn, which would read 一年 of 一年半)
        rf"(?P<half>(?P<hnum>{_CN}|[0-9]{{1,4}})(?:(?P<hunit>{_HALF_UNITS})半|个半(?P<hunit1>小时|钟头|月))|(?<![一二两三四五六七八九十0-9个])半(?P<hunit0>{_HALF_UNITS})(?![游制]))",  # 半日游, 半日制 name a thing
        rf"(?P<frac>(?:{_CN}|[0-9]{{1,12}}){_SP}分之{_SP}(?:{_CN}|{_AR}))",
        rf"(?P<pfrac>(?P<pbase>[百千万])分之{_SP}(?P<pnum>{_CN}|{_AR}|百(?![分万亿])))",
        # 按学生人数六百比一的比例, 师生比1∶19: a ratio of two counts (not 一比五百地形图, a map's scale)
        rf"(?P<ratio>(?P<rleft>{_CN}|[0-9]{{1,6}}){_SP}[比∶]{_SP}(?P<rright>{_CN}|[0-9]{{1,6}})(?![0-9.．]))",
        # 风力六级以上, 七级以上地震: a grade of a force of nature (one by 级 alone ranks things: 一级保护区)
        rf"(?P<grade>(?P<gnum>{_CN_SMALLNUM}|(?<![0-9.．])[0-9]{{1,2}}){_SP}级)",
        rf"(?P<bracket>[\[［]{_SP}(?P<bnum>{_AR}){_SP}[\]］])",
        rf"(?P<ar>(?<![0-9.．])(?P<arnum>{_AR})(?P<arapprox>{_SP}[多余])?"
        rf"(?:{_SP}(?P<arunit0>{_UNIT_FIRST_SRC})|(?P<armult>{_SP}{_MULT_SRC})?"
        rf"(?:{_SP}(?P<arunit>{_UNIT_RE_SRC}))?)(?P<arper>{_PER_SRC})?)",
        rf"(?P<cn>(?P<cnnum>{_CN})(?P<cnapprox>[多余])?(?P<cnunit>{_UNIT_RE_SRC})(?P<cnper>{_PER_SRC})?)",
        # 二至五人: a bare numeral is kept only as the low end of a range
        rf"(?P<cnlow>{_CN})(?={_SP}(?:至|到|－|-|—|~|～){_SP}[一二两三四五六七八九十])",
    ])
))

# Every alternative of _MASTER starts with one of these characters. Trying the master
# pattern only there is ~20x faster than finditer, which tries every alternative
# (with their lookbehinds) at every character.
_CANDIDATE = re.compile(r"[0-9０-９一二两三四五六七八九十〇零百千万第每半\[［【〔(（A-Za-z]")

# a comparator after a modal of prohibition is negated: 不得超过一年 sets an upper bound, 不应低于 a lower one
_FORBIDDING = r"不(?:得|应当?|能|准|宜|可|许)"
_GE_WORDS = (rf"{_FORBIDDING}(?:低于|少于|小于|短于)|[高大多]于或者?等于|不低于|不少于|不小于|不短于|不下于|高于|多于|大于|超过|超越|超出|突破|打破|"
             "至少|最少|最低|超|逾|(?<![每不未期届])满")  # 满五年, 年满十八周岁: that much or more; 每满一年 is a rate
_LE_WORDS = rf"{_FORBIDDING}(?:超过|超越|超出|高于|大于|多于|长于)|[低小少]于或者?等于|不超过|不超越|不高于|不大于|不多于|不长于|控制在|低于|少于|小于|最多|最高|至多|不足|未满|不满"
_PREFIX_RE = re.compile(
    rf"(?:(?P<ge>{_GE_WORDS})|(?P<le>{_LE_WORDS})|(?P<rank>前)"
    r"|(?P<to>提高到|提升到|增加到|增长到|下降到|降低到|降到|降至|减少到|减少至|扩大到|压减到|压减至)"
    r"|(?P<chg>年均增长|年均增速|增长|下降|提高|提升|降低|增加|减少|增幅|降幅|增速|压减))"
    rf"{_SP}$"
)
_SUFFIX_RE = re.compile(
    rf"{_SP}(?:(?P<ge>及以上|或以上|以上|之上)|(?P<le>及以下|或以下|以下|以内|之内|内)"
    r"|(?P<approx>左右|上下))(?:[(（]含[)）])?"
)
_FROM_RE = re.compile(rf"(?P<word>[由从]){_SP}$")
_CHANGE_GAP_RE = re.compile(
    rf"^{_SP}(?P<verb>提高|提升|增加|增长|扩大|下降|降低|减少|压减|调整|缩小|降|升|增|减)?{_SP}(?:到|至|为){_SP}$"
)
_RANGE_GAP_RE = re.compile(rf"^{_SP}(?:至|到|-|—|–|~|～|－|——){_SP}$")
_RANGE_NEXT = re.compile(rf"(?:至|到){_SP}[0-9０-９一二两三四五六七八九十]")
_LIST_GAP_RE = re.compile(rf"^{_SP}[、和及或]{_SP}$")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_CLAUSE_BREAK = re.compile(r"[。；;！!？?\n，,：:、)）(（]")
_BRACKETED = re.compile(r"[（(][^（）()]{0,30}[)）]")

_PERIOD_RE = re.compile(_wide(
    rf"(?P<year>(?:到|至|截至|截止到?)?{_SP}{_Y}{_SP}(?:年{_SP})?{_DASH}{{1,2}}{_SP}(?:19|20)[0-9]{{2}}{_SP}年"
    rf"|(?:到|至|截至|截止到?)?{_SP}{_Y}{_SP}年(?:底|末|前)?)"
    r"|(?P<span>每年|全年|当年|年均|累计|“?十[一二三四五六七八九]五”?(?:期间|时期|末)?"
    r"|(?<![〇零一二三四五六七八九十两0-9])[一二三四五六七八九十两]{1,3}年(?![级度])"
    r"|(?<![0-9.])[0-9]{1,2}年(?:内|间)?)"
))
_LEADING_NOISE = re.compile(
    r"^(?:[0-9]{1,2}[.．、](?![0-9])|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、"
    r"|第[^\s，,。；]{1,6}?[条款项章节]|其中|一般|原则上|到\s*(?:19|20)\d{2}\s*年(?:底|末)?|至\s*(?:19|20)\d{2}\s*年(?:底|末)?"
    r"|(?:19|20)\d{2}\s*年(?:底|末)?|全市|全县|全区|全省|全镇|区县|各区县|各县|各地|力争|力求|争取|努力"
    r"|是|确保|每年|当年|全年|年均|新增|累计|实现|同时|以及|并|且|和|及|与|共|今后|未来|还|要|将"
    r"|[一二三四五六七八九十两]{1,3}年(?:内|来)?|的|，|,|\s)+"
)
_TRAILING_NOISE = re.compile(
    r"(?:达到|到达|达|为|是|约|共计|总计|合计|累计|共|(?<!平)均|分别|相应|应当|应|要|在|按|至|到|由|从|自|了|的|前|"
    r"年均增长|增长|下降|提高到|提升到|提高|提升|降低|增加到|增加|减少|保持在|"
    rf"{_GE_WORDS}|{_LE_WORDS}|[\s:：(（])+$"
)
_LABEL_UNIT_RE = re.compile(r"[（(](?P<unit>[^（）()]{1,10})[)）]\s*$")
_UNIT_ONLY_RE = re.compile(rf"^{_SP}(?P<mult>{_MULT_SRC})?(?P<unit>{_UNIT_RE_SRC})(?P<per>{_PER_SRC})?{_SP}$")
_NUMERIC_CELL = re.compile(r"^[\s\[［\]］0-9０-９.．%％—\-–]*$")
_YEAR_IN_COLUMN = re.compile(r"(?:19|20)\d{2}\s*年")
_INDICATOR_COLUMNS = ("二级指标", "指标名称", "主要指标", "指标", "主要目标", "项目", "名称", "内容")
_SEQUENCE_COLUMNS = ("序号", "编号")
_CODE_PREFIXES = re.compile(r"(?:附件|附表|表|图|序号|编号|No\.?|NO\.?)\s*$")

_MAX_INDICATOR = 20
_MAX_ISSUER = 8
_PERIOD_JOIN_GAP = 2  # 到2025年累计, 到2025年,累计
_LOOKBACK = 120


# ---------------------------------------------------------------- numbers


def _ar_to_float(digits: str) -> float | None:
    try:
        return float(digits.translate(_FULLWIDTH))
    except ValueError:
        return None


def _money_base(unit: str) -> str | None:
    return next((base for base in _MONEY_BASES if unit == base), None)


def _scaled(value: float | None, written_scale: str, raw_unit: str, per: str) -> tuple[float | None, str]:
    """Apply the multiplier: money keeps its written scale (万元), everything else is normalized."""
    per_norm = _normalize_per(per)
    unit = _UNITS.get(raw_unit, raw_unit)
    multiplier = _multiplier_of(written_scale)
    if value is None:
        return None, unit + per_norm
    if _money_base(unit):
        for scale_name, scale in _MONEY_SCALES:
            if written_scale.endswith(scale_name):
                return value * multiplier / scale, scale_name + unit + per_norm
        return value * multiplier, unit + per_norm
    if not unit and written_scale and written_scale in "万亿" :
        # 超1亿 (unit dropped): keep the scale visible instead of a bare 100000000
        return value, written_scale
    return value * multiplier, unit + per_norm


def _multiplier_of(written_scale: str) -> float:
    return _MULTIPLIERS.get(written_scale, 1.0) if written_scale else 1.0


def _normalize_per(per: str) -> str:
    if not per:
        return ""
    denominator = per[1:]
    return "/" + _UNITS.get(denominator, denominator)


# ---------------------------------------------------------------- raw matches


@dataclass
class _Raw:
    """A master-regex match turned into a figure candidate (offsets local to the text)."""

    start: int
    end: int
    kind: str
    value: float | None = None
    unit: str = ""
    comparator: str = "="
    value_to: float | None = None
    period: str = ""
    number_text: str = ""  # digits/numeral as written, for the lone-一 and bare-number rules
    scale: str = ""  # 万/亿 written after an Arabic number
    raw_unit: str = ""
    per: str = ""
    bare: bool = False  # a number with no unit, multiplier or bracket
    own_comparator: bool = False  # comparator came from the figure's own words
    range_from_ge: bool = False  # ended in 以上 (for A以上B以下)
    prefix_word: str = ""
    range_low_only: bool = False  # 二 of 二至五人: dropped unless merged into a range
    has_suffix: bool = False


def _raw_from_match(text: str, match: re.Match[str]) -> _Raw | None:
    group = match.lastgroup
    start, end = match.span()
    if group in ("index", "time"):
        return _Raw(start, end, "code")
    if group == "phone":
        return _Raw(start, end, "phone")
    if group == "date":
        return _date_raw(match)
    if group in ("year", "yrange"):
        return _year_raw(match)
    if group == "docnum":
        return _Raw(issuer_start(text, start, _MAX_ISSUER), end, "doc_number")
    if group == "code":
        return _Raw(start, end, "code")
    if group == "every":
        value, unit = _FREQUENCY_PERIODS[match.group("period")]
        return _Raw(start, end, "figure", float(value), unit=unit, raw_unit=unit, number_text=match.group("period"))
    if group == "frac":
        return _fraction_raw(match, text)
    if group == "pfrac":
        return _percent_fraction_raw(match)
    if group == "ratio":
        return _ratio_raw(match, text)
    if group == "grade":
        return _grade_raw(match, text)
    if group == "bracket":
        value = _ar_to_float(match.group("bnum"))
        return _Raw(start, end, "figure", value, period="累计", number_text=match.group("bnum"))
    if group == "ar":
        return _arabic_raw(match)
    if group == "half":
        return _half_raw(match)
    if group == "cn":
        return _chinese_raw(match)
    if group == "cnlow":
        return _Raw(start, end, "figure", chinese_number(match.group()), number_text=match.group(),
                    bare=True, range_low_only=True)
    return None  # "skip": article numbers and ordinals


def _date_raw(match: re.Match[str]) -> _Raw:
    text = match.group().translate(_FULLWIDTH)
    numbers = [int(n) for n in re.findall(r"[0-9]+", text)]
    # a numeric date must have a plausible month and day, else it is some other code
    if numbers and "年" not in text and ("-" in text or "/" in text or "." in text or "－" in text):
        if len(numbers) >= 3 and not (1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31):
            return _Raw(match.start(), match.end(), "code")
    if "月" in text and not text.startswith(("19", "20")) and numbers and numbers[0] > 12:
        return _Raw(match.start(), match.end(), "code")
    return _Raw(match.start(), match.end(), "date")


def _year_raw(match: re.Match[str]) -> _Raw:
    years = [float(y) for y in re.findall(r"(?:19|20)[0-9]{2}", match.group().translate(_FULLWIDTH))]
    raw = _Raw(match.start(), match.end(), "year", years[0] if years else chinese_number(match.group()[:4]), "年")
    if len(years) >= 2:
        raw.comparator, raw.value_to = "range", years[1]
    return raw


def _half_raw(match: re.Match[str]) -> _Raw:
    whole = _number(match.group("hnum")) if match.group("hnum") else 0.0
    raw_unit = match.group("hunit") or match.group("hunit0") or ("个" + match.group("hunit1"))
    value, unit = _scaled(whole + 0.5 if whole is not None else None, "", raw_unit, "")
    return _Raw(match.start(), match.end(), "figure", value, unit, number_text=match.group(), raw_unit=raw_unit)


def _fraction_raw(match: re.Match[str], text: str) -> _Raw | None:
    if _MAP_SCALE.match(text, match.end()):
        return None  # 五千分之一比例尺: a map's scale, no share
    denominator_text, numerator_text = re.split(rf"{_SP}分之{_SP}", match.group(), maxsplit=1)
    denominator = _number(denominator_text)
    numerator = _number(numerator_text)
    value = numerator / denominator if numerator is not None and denominator else None
    # a fraction is a share, stated in the unit the question's share words expect (三分之二 = 66.7 %)
    return _Raw(match.start(), match.end(), "figure", value * 100 if value is not None else None, "%", number_text=match.group())


def _ratio_raw(match: re.Match[str], text: str) -> _Raw | None:
    if _MAP_SCALE.match(text, match.end()):
        return None  # 一比五百地形图: a map's scale
    left, right = _number(match.group("rleft")), _number(match.group("rright"))
    value = left / right if left is not None and right else None
    return _Raw(match.start(), match.end(), "figure", value, "比", number_text=match.group())


def _grade_raw(match: re.Match[str], text: str) -> _Raw | None:
    before = text[max(0, match.start() - 6) : match.start()]
    if not any(word in before for word in _GRADE_BEFORE) and not _GRADE_AFTER.match(text, match.end()):
        return None  # 一级保护区, 二级以上医疗机构: a rank, not a quantity
    numeral = match.group("gnum")
    value = _ar_to_float(numeral) if numeral.isdigit() else chinese_number(numeral)
    return _Raw(match.start(), match.end(), "figure", value, "级", number_text=numeral, raw_unit="级")


def _percent_fraction_raw(match: re.Match[str]) -> _Raw:
    unit = {"百": "%", "千": "‰", "万": "‱"}[match.group("pbase")]
    return _Raw(match.start(), match.end(), "figure", _number(match.group("pnum")), unit, number_text=match.group())


def _number(numeral: str) -> float | None:
    numeral = numeral.strip(" \t\u3000\xa0")
    if numeral and numeral[0] in "0123456789０１２３４５６７８９":
        return _ar_to_float(numeral)
    if numeral in ("百", "千"):
        return chinese_number("一" + numeral)  # 百分之百: a bare 百 is one hundred
    return chinese_number(numeral)


def _arabic_raw(match: re.Match[str]) -> _Raw:
    number_text = match.group("arnum")
    scale = (match.group("armult") or "").strip(" \t\u3000\xa0")
    raw_unit = match.group("arunit0") or match.group("arunit") or ""
    per = match.group("arper") or ""
    value, unit = _scaled(_ar_to_float(number_text), scale, raw_unit, per)
    raw = _Raw(match.start(), match.end(), "figure", value, unit, number_text=number_text,
               scale=scale, raw_unit=raw_unit, per=per, bare=not (scale or raw_unit))
    if match.group("arapprox"):
        raw.comparator, raw.own_comparator = ">=", True
    return raw


def _chinese_raw(match: re.Match[str]) -> _Raw:
    numeral = match.group("cnnum")
    scale = next((name for name, _ in _MONEY_SCALES if numeral.endswith(name)), "")
    raw_unit = match.group("cnunit")
    per = match.group("cnper") or ""
    full = chinese_number(numeral)
    # the numeral already holds its 万/亿; money is rescaled to the written scale
    base_unit = _UNITS.get(raw_unit, raw_unit)
    if full is not None and _money_base(base_unit) and scale:
        value, unit = _scaled(full / _MULTIPLIERS[scale], scale, raw_unit, per)
    else:
        value, unit = _scaled(full, "", raw_unit, per)
    raw = _Raw(match.start(), match.end(), "figure", value, unit, number_text=numeral,
               scale=scale, raw_unit=raw_unit, per=per)
    if match.group("cnapprox"):
        raw.comparator, raw.own_comparator = ">=", True
    return raw


# ---------------------------------------------------------------- context


_SHARE_OF_REFERENCE = re.compile(r"(?:(?P<ge>超过|超出|高于|大于|多于)|(?P<le>低于|少于|小于|不足))[\u4e00-\u9fff]{2,8}?(?<![的和或、至到])$")


def _attach_comparators(text: str, raw: _Raw, floor: int) -> None:
    """Widen the span over adjacent comparator words and set the comparator."""
    window = text[max(floor, raw.start - 6):raw.start]
    prefix = _PREFIX_RE.search(window)
    if prefix and prefix.lastgroup == "rank" and window[: prefix.start()].endswith("提"):
        prefix = None  # 提前二十四小时: a lead time, not a rank (前50强)
    if prefix:
        kind = prefix.lastgroup
        raw.prefix_word = prefix.group(kind)
        if kind in ("ge", "le", "rank"):
            raw.start -= len(window) - prefix.start()
            raw.comparator = {"ge": ">=", "le": "<=", "rank": "<="}[kind]
            raw.own_comparator = True
        elif kind == "chg" and _is_change(raw.prefix_word, raw.unit):
            raw.comparator = "change"
            raw.own_comparator = True
        elif kind == "to":
            raw.comparator = "="
    elif raw.unit == "%":
        # 超过最高限值百分之五十的: a share in excess of (or short of) the reference named between
        reference = _SHARE_OF_REFERENCE.search(text[max(floor, raw.start - 12):raw.start])
        if reference:
            raw.comparator = ">=" if reference.group("ge") else "<="
    suffix = _SUFFIX_RE.match(text, raw.end)
    if suffix and not (suffix.group("le") == "内" and raw.unit not in _DURATION_UNITS):
        raw.end = suffix.end()
        if raw.comparator != "change":
            raw.comparator = ">=" if suffix.group("ge") else "<=" if suffix.group("le") else "="
        raw.own_comparator = raw.has_suffix = True
        raw.range_from_ge = bool(suffix.group("ge"))


# 增长/下降 are changes whatever the unit (rate_units: 提升5% is a change, 整治提升30家 a count)
_ALWAYS_CHANGE = frozenset({"年均增长", "年均增速", "增长", "下降", "降低", "增幅", "降幅", "增速", "压减"})


def _is_change(word: str, unit: str) -> bool:
    return word in _ALWAYS_CHANGE or unit in _RATE_UNITS


# 至少一名 is a quantity, 突破一批 is not
_COUNT_PREFIXES = frozenset({"至少", "不少于", "不低于", "不超过", "最多", "至多", "超过"})
# a bound a few characters before a count, its verb between (至少组织两次); for 次, a period
# beginning 每 too (每学年组织一次): all within the count's phrase
_COUNT_BOUND_BEFORE = re.compile(rf"(?:{'|'.join(sorted(_COUNT_PREFIXES))})[^，。；、,;：:\n]{{0,6}}$")
_FREQUENCY_BEFORE = re.compile(r"每[^，。；、,;：:\n]{1,3}?[^，。；、,;：:\n]{0,6}$")


def _inside_short_quotes(text: str, start: int, end: int) -> bool:
    """True for “1234”, “万亩千亿”, 《…二十七项…》 style names."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 12]
    opening = max(before.rfind("“"), before.rfind("「"))
    if opening >= 0 and "”" not in before[opening:] and "」" not in before[opening:]:
        if "”" in after or "」" in after:
            return True
    wide_before = text[max(0, start - 60):start]
    title = wide_before.rfind("《")
    return title >= 0 and "》" not in wide_before[title:] and "》" in text[end:end + 60]


def _is_code_like(text: str, raw: _Raw) -> bool:
    """Bare integers that name things rather than measure them."""
    if raw.kind != "figure":
        return False
    if _inside_short_quotes(text, raw.start, raw.end):
        return True
    if not raw.bare or raw.own_comparator:
        return False
    if _CODE_PREFIXES.search(text, max(0, raw.start - 4), raw.start):
        return True
    preceding = text[raw.start - 1:raw.start] if raw.start else ""
    if preceding and preceding in "“”\"'":
        return True
    digits = raw.number_text.translate(_FULLWIDTH)
    if "." in digits or raw.range_low_only:
        return False
    if len(digits) >= 7:
        return True
    following = text[raw.end:raw.end + 1]
    return _is_cjk(following) and not _RANGE_NEXT.match(text, raw.end)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _is_lone_count(text: str, raw: _Raw) -> bool:
    """一批, 两个, 九次全会: a numeral with a counting word but no comparator. A count that closes
    its phrase states a number ("至少配备急救医师一名，驾驶员两名。"), unlike 一批企业 or 两个先行."""
    if raw.kind != "figure" or not raw.number_text:
        return False
    if raw.end >= len(text) or text[raw.end] in "，。；、,;：:\n":
        return False
    if raw.number_text[0] in "0123456789０１２３４５６７８９":
        return False
    if raw.raw_unit not in _CLASSIFIERS:
        return False
    if raw.has_suffix or raw.prefix_word in _COUNT_PREFIXES or text[max(0, raw.start - 2) : raw.start].endswith(_COUNT_THRESHOLDS):
        return False
    before = text[max(0, raw.start - 12) : raw.start]
    if _RANGE_LOW_BEFORE.search(before):
        return False  # 一至两名代理人: the top of a range of counts
    if _COUNT_BOUND_BEFORE.search(before) or (raw.raw_unit == "次" and _FREQUENCY_BEFORE.search(before)):
        return False  # 至少组织两次, 不少于配备一名; 每学年组织一次: a bound or a frequency the text states
    return raw.number_text in ("一", "两") or raw.raw_unit == "次"


_RANGE_LOW_BEFORE = re.compile(r"[零〇一二两三四五六七八九十][至到]$")


def _is_named_duration(text: str, raw: _Raw) -> bool:
    """一日生活制度, 一日游, 一年级: a lone 一 with a unit of time or length that begins a name
    rather than stating a quantity (units.json "duration_followers")."""
    if raw.kind != "figure" or raw.number_text != "一" or raw.own_comparator or raw.prefix_word:
        return False
    if raw.unit not in _DURATION_UNITS or raw.end >= len(text):
        return False
    return _is_cjk(text[raw.end]) and text[raw.end] not in _DURATION_FOLLOWERS


def _sentence_start(text: str, position: int) -> int:
    floor = max(0, position - _LOOKBACK)
    last = floor
    for boundary in _SENTENCE_END.finditer(text, floor, position):
        last = boundary.end()
    return last


def _period_before(text: str, sentence_start: int, position: int) -> str:
    """Nearest period words before the figure; a year and a span written together are joined."""
    latest: dict[str, re.Match[str]] = {}
    for found in _PERIOD_RE.finditer(text, sentence_start, position):
        latest[found.lastgroup or ""] = found
    if not latest:
        return ""
    ordered = sorted(latest.values(), key=lambda found: found.start())
    if len(ordered) == 2 and ordered[1].start() - ordered[0].end() <= _PERIOD_JOIN_GAP:
        words = ordered[0].group() + ordered[1].group()
    else:
        words = ordered[-1].group()
    return re.sub(r"\s+", "", words)


def _indicator_before(text: str, floor: int, position: int) -> str:
    window = _BRACKETED.sub("", text[floor:position])  # (含技改) goes, a dangling ) stays a break
    segment = _CLAUSE_BREAK.split(window)[-1].replace("“", "").replace("”", "")
    for _ in range(3):
        trimmed = _TRAILING_NOISE.sub("", _LEADING_NOISE.sub("", segment))
        if trimmed == segment:
            break
        segment = trimmed
    if len(segment) > _MAX_INDICATOR and "的" in segment:
        tail = segment.rsplit("的", 1)[1]
        segment = tail if len(tail) >= 2 else segment
    return segment[-_MAX_INDICATOR:].strip()


# ---------------------------------------------------------------- merging


def _merge_pairs(text: str, raws: list[_Raw]) -> list[_Raw]:
    """由A提高到B -> change; A至B, A-B, A以上B以下 -> range."""
    merged: list[_Raw] = []
    for raw in raws:
        previous = merged[-1] if merged else None
        if previous and previous.kind == raw.kind == "figure":
            combined = _combine(text, previous, raw)
            if combined:
                merged[-1] = combined
                continue
        merged.append(raw)
    return merged


def _combine(text: str, first: _Raw, second: _Raw) -> _Raw | None:
    gap = text[first.end:second.start]
    if len(gap) > 6:
        return None
    if not _units_compatible(first, second):
        return None
    change = _CHANGE_GAP_RE.match(gap)
    opener = _FROM_RE.search(text, max(0, first.start - 2), first.start)
    if change and opener:
        comparator = "change" if change.group("verb") else "range"
        return _joined(first, second, opener.start(), comparator)
    if _RANGE_GAP_RE.match(gap) and not first.own_comparator and second.comparator != "change":
        return _joined(first, second, first.start, "range")
    if not gap and first.range_from_ge and second.comparator == "<=":
        return _joined(first, second, first.start, "range")
    return None


def _units_compatible(first: _Raw, second: _Raw) -> bool:
    return not first.unit or first.unit == second.unit or first.raw_unit == "" or (
        _money_base(_UNITS.get(first.raw_unit, "")) is not None
        and _money_base(_UNITS.get(second.raw_unit, "")) is not None
    )


def _joined(first: _Raw, second: _Raw, start: int, comparator: str) -> _Raw:
    low = first.value
    if not first.raw_unit and second.raw_unit and first.value is not None:
        # 8-10个, 1.5万-2万元: the first number borrows the second's unit and scale
        low, _ = _scaled(_ar_to_float(first.number_text) if first.number_text[:1].isdigit()
                         else _number(first.number_text), first.scale or second.scale,
                         second.raw_unit, second.per)
    elif second.unit != first.unit and second.value is not None and first.value is not None:
        low = _rescale_money(first, second)
    return replace(second, start=start, value=low, value_to=second.value, comparator=comparator,
                   own_comparator=True, range_from_ge=False, bare=False)


def _rescale_money(first: _Raw, second: _Raw) -> float | None:
    """五千元以上二万元以下: express the low end in the high end's scale (万元)."""
    if first.value is None:
        return None
    low_yuan = first.value * next((s for n, s in _MONEY_SCALES if first.unit.startswith(n)), 1.0)
    high_scale = next((s for n, s in _MONEY_SCALES if second.unit.startswith(n)), 1.0)
    return low_yuan / high_scale


# ---------------------------------------------------------------- public API


def extract_figures(text: str, offset: int = 0, column: str = "") -> list[Figure]:
    """Every figure in `text`; `Figure.text == text[f.start - offset:f.end - offset]`.

    Never raises: a match that cannot be interpreted is dropped, a failure of the
    whole scan returns what was found before it.
    """
    if not isinstance(text, str) or not text:
        return []
    raws = _scan(text)
    figures: list[Figure] = []
    previous: Figure | None = None  # the last kind "figure", for lists such as 2家、8家
    previous_end = 0
    for raw in raws:
        try:
            figure = _to_figure(text, raw, offset, column, previous, previous_end)
        except Exception:  # noqa: BLE001 - one odd match must not lose the clause
            continue
        figures.append(figure)
        previous_end = raw.end
        if figure.kind == "figure":
            previous = figure
    return figures


def _scan(text: str) -> list[_Raw]:
    raws: list[_Raw] = []
    floor = 0
    try:
        for match in _master_matches(text):
            try:
                raw = _raw_from_match(text, match)
            except Exception:  # noqa: BLE001
                raw = None
            if raw is None:
                floor = match.end()
                continue
            if raw.kind == "figure" and raw.raw_unit == "年" and text[raw.end:raw.end + 1] == "度":
                floor = match.end()  # 上一年度 is not a quantity
                continue
            if raw.kind == "figure":
                _adopt_unknown_unit(text, raw)
                _attach_comparators(text, raw, floor)
                if _is_lone_count(text, raw) or _is_named_duration(text, raw):
                    floor = match.end()
                    continue
                if _is_code_like(text, raw):
                    raw.kind, raw.value, raw.unit, raw.comparator = "code", None, "", "="
            raws.append(raw)
            floor = raw.end
    except Exception:  # noqa: BLE001
        pass
    raws = _without_overlaps(raws)
    try:
        raws = _merge_pairs(text, raws)
    except Exception:  # noqa: BLE001 - unmerged figures are still right figures
        pass
    return [raw for raw in raws if not raw.range_low_only]


def _adopt_unknown_unit(text: str, raw: _Raw) -> None:
    """30席以上: a bare number + one unknown character + 以上/以下 takes it as unit."""
    if not raw.bare or raw.range_low_only or not _is_cjk(text[raw.end:raw.end + 1]):
        return
    suffix = _SUFFIX_RE.match(text, raw.end + 1)
    if suffix and (suffix.group("ge") or suffix.group("le") in ("以下", "及以下", "或以下")):
        raw.raw_unit = raw.unit = text[raw.end]
        raw.end += 1
        raw.bare = False


def _master_matches(text: str) -> Iterable[re.Match[str]]:
    """Same matches as _MASTER.finditer(text), trying the pattern only at candidate characters."""
    position = 0
    while True:
        candidate = _CANDIDATE.search(text, position)
        if candidate is None:
            return
        match = _MASTER.match(text, candidate.start())
        if match:
            yield match
            position = max(match.end(), candidate.start() + 1)
        else:
            position = candidate.start() + 1


def _without_overlaps(raws: list[_Raw]) -> list[_Raw]:
    kept: list[_Raw] = []
    for raw in raws:
        if kept and raw.start < kept[-1].end:
            continue
        kept.append(raw)
    return kept


def _to_figure(text: str, raw: _Raw, offset: int, column: str, previous: Figure | None,
               previous_end: int) -> Figure:
    sentence_start = _sentence_start(text, raw.start)
    floor = max(sentence_start, previous_end)
    indicator = _indicator_before(text, floor, raw.start)
    comparator = raw.comparator
    same_sentence = previous is not None and previous.end - offset >= sentence_start
    if previous is not None and same_sentence and raw.kind == "figure":
        continues_list = bool(_LIST_GAP_RE.match(text[previous.end - offset:raw.start]))
        if continues_list and previous.comparator == "change" and comparator in ("=", ">="):
            comparator = "change"
        if not indicator:
            indicator = previous.indicator
    period = raw.period
    if not period and raw.kind == "figure" and raw.unit != "年":
        period = _period_before(text, sentence_start, raw.start)
    return Figure(
        text=text[raw.start:raw.end],
        start=raw.start + offset,
        end=raw.end + offset,
        value=raw.value,
        unit=raw.unit,
        comparator=comparator,
        indicator=indicator,
        period=period,
        column=column,
        value_to=raw.value_to,
        kind=raw.kind,
    )


def attach_figures(clause: Clause) -> Clause:
    """Fill `clause.figures`; table rows are read cell by cell under their column headers."""
    try:
        if clause.kind == "table_row" and clause.cells:
            clause.figures = _table_row_figures(clause)
        else:
            clause.figures = extract_figures(clause.text, clause.start)
    except Exception:  # noqa: BLE001
        clause.figures = []
    return clause


def _cell_text(clause: Clause, cell: TableCell) -> str:
    return clause.text[cell.start - clause.start:cell.end - clause.start]


def _table_row_figures(clause: Clause) -> list[Figure]:
    cells = [cell for cell in clause.cells if clause.start <= cell.start <= cell.end <= clause.end]
    texts = [_cell_text(clause, cell) for cell in cells]
    label_index = _label_cell_index(cells, texts)
    label = texts[label_index].strip() if label_index is not None else ""
    label_unit = _label_unit(label)
    label_name = _LABEL_UNIT_RE.sub("", label).strip()
    figures: list[Figure] = []
    for index, (cell, cell_text) in enumerate(zip(cells, texts)):
        if _is_sequence_cell(cell, cell_text, index, label_index):
            continue
        numeric = bool(_NUMERIC_CELL.match(cell_text))
        for figure in extract_figures(cell_text, cell.start, cell.column):
            if numeric and figure.kind == "figure":
                figure = _as_table_value(figure, label_name, label_unit, cell.column)
            figures.append(figure)
    return figures


def _label_cell_index(cells: list[TableCell], texts: list[str]) -> int | None:
    for name in _INDICATOR_COLUMNS:
        for index, cell in enumerate(cells):
            column = cell.column.replace(" ", "")
            if name in column and not column.startswith("一级") and not _NUMERIC_CELL.match(texts[index]):
                return index
    candidates = [
        (len(text.strip()), index) for index, (cell, text) in enumerate(zip(cells, texts))
        if not _NUMERIC_CELL.match(text) and "责任" not in cell.column
    ]
    return max(candidates)[1] if candidates else None


def _label_unit(label: str) -> tuple[float, str]:
    """规上工业亩均税收(万元/亩) -> (1, 万元/亩); 户数(万户) -> (10000, 户)."""
    found = _LABEL_UNIT_RE.search(label)
    if not found:
        return 1.0, ""
    unit_match = _UNIT_ONLY_RE.match(found.group("unit"))
    if not unit_match:
        return 1.0, ""
    scale = unit_match.group("mult") or ""
    factor, unit = _scaled(1.0, scale, unit_match.group("unit"), unit_match.group("per") or "")
    return factor or 1.0, unit


def _is_sequence_cell(cell: TableCell, text: str, index: int, label_index: int | None) -> bool:
    if any(name in cell.column for name in _SEQUENCE_COLUMNS):
        return True
    stripped = text.strip()
    return (label_index is not None and index < label_index and stripped.isdigit()
            and len(stripped) <= 3 and not cell.column)


def _as_table_value(figure: Figure, label_name: str, label_unit: tuple[float, str], column: str) -> Figure:
    factor, unit = label_unit
    if not figure.unit and unit:
        figure.unit = unit
        if figure.value is not None:
            figure.value *= factor
    figure.indicator = label_name or figure.indicator
    if figure.period != "累计":
        year = _YEAR_IN_COLUMN.search(column)
        figure.period = year.group().replace(" ", "") if year else ""
    return figure
