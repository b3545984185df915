"""Rule-based question understanding: places, figure intent, period, intents, follow-ups.

No model is involved. A question is cut into typed segments — places (from the
gazetteer), periods (到2025年, 每年, 三年), question words (多少家, 哪些), stop words,
verbs and the content phrases between them (规上工业亩均税收, 省级智能工厂). The rules below
work on those segments.

Follow-ups inherit what they leave out, from the previous question as already resolved
(so a chain of follow-ups resolves step by step):
- an elliptical fragment ("那湖州呢？", "亩均增加值呢？", "2027年呢？") replaces the matching
  part of the previous question: its place, its period, or the content phrase that shares a
  prefix or suffix with the fragment (亩均税收 ↔ 亩均增加值, 省级智能工厂 ↔ 未来工厂);
- a question opening with a pronoun ("这项由哪些单位负责？") is attached to the previous
  question's subject, i.e. everything before its question tail ("…改造开发目标是多少");
- any other question without a place of its own gets the previous question's place.
A question naming its own place and asking something is taken as it is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import jieba

from qa.ingest.quantities import stated_quantities
from qa.text.gazetteer import Gazetteer, Mention
from qa.text.keywords import KeywordTokenizer
from qa.lexicon import load as load_lexicon
from qa.text.parties import asked_parties, party_words
from qa.text.thesaurus import Thesaurus
from qa.records import QueryUnderstanding, Region

# --- vocabulary -------------------------------------------------------------------------

_WORDS = load_lexicon("question_words")  # qa/lexicon/question_words.json, each table with its class
_QUESTION_WORDS = frozenset(_WORDS["understanding_question_words"]["value"])
_COUNTERS = frozenset(_WORDS["understanding_counters"]["value"])
_STOP_WORDS = frozenset(_WORDS["understanding_stop_words"]["value"])
_VERBS = frozenset(_WORDS["understanding_verbs"]["value"])
_DOC_NOUNS = tuple(_WORDS["understanding_document_nouns"]["value"])
_INSTRUMENTS = tuple(_WORDS["understanding_instruments"]["value"])
# single characters that name no matter: light words, stop and question words, counters
_NOT_MORPHEMES = frozenset(_WORDS["understanding_light_morphemes"]["value"]) | _STOP_WORDS | _QUESTION_WORDS | _COUNTERS
_PRONOUN = re.compile(
    # 这个月, 这些天: the asker's own time, not the earlier question's subject
    r"^(?:那么|那)?(?P<pronoun>这一项|这项|该项|此项|这条|该条|这一条|这个(?!月|星期|礼拜|周|季度|年度|学期)|这份|这些(?!年|天|日子)|上述|它们|它|该|其(?![他它余中次]))"
    r"(?P<noun>工作|任务|措施|指标|内容|举措|目标|事项|条款)?"
)
# a fragment that states a condition or tier of the previous question rather than a new subject
_CONDITION_LEAD = re.compile(r"^(?:那么|那)?\s*(?:如果|要是|假如|若是|万一|若)")
# 在河堤上盖房子, 在公园里搞烧烤: an act (act) set in a place (where)
_ACT_IN_PLACE = re.compile(r"^在(?P<where>[\u4e00-\u9fff]{1,8}?)(?:上|里|内|中|边|旁|附近)(?P<act>[\u4e00-\u9fff]{2,})$")
_CONDITION = re.compile(_CONDITION_LEAD.pattern + r"|的\s*(?:情况)?\s*呢\s*[?？。!！]*\s*$")
# a condition in which someone does not do what the rule asks (要是他赖着不走呢, 如果逾期还不交呢):
# asked after a question about a duty, it asks what follows the breach, the penalty. A negation
# of a state, quantity or place (不满十八周岁, 不在禁放区, 不超过五万) is another case, not a breach.
# (not 调不完, 忙不过来: a potential complement says the act cannot be done in time, not that it is refused)
_BREACH = re.compile(r"拒不|仍不|还不|不肯|不愿|赖着|逾期|(?:不|没有?|未)(?!是|在|满|足|到|超|少|多|属|同|大|小|高|低|够|止|及|以|完|过)[\u4e00-\u9fff]")
# "同样的事放在深圳，怎么罚？": another place, the previous question's subject (question_words.json)
_SAME_SUBJECT = re.compile(_WORDS["understanding_same_subject"]["value"])
_ASKS_AGAIN = re.compile(_WORDS["understanding_asks_again"]["value"])
_RULED_OUT = re.compile(r"(?:不是|并非|不属于)[^，,。？?！!；;]{1,15}")
# a yes-or-no ask by affirming and negating one verb (能不能, 管不管, 有没有): the verb once
_A_NOT_A = re.compile(r"(?P<asked>[\u4e00-\u9fff])[不没](?P=asked)")
# 退不回来, 达不到: the act a potential complement says cannot be completed, written as the rules
# write it (退回, 达到); not after a function character (赖着不走) nor before a number (不到一年)
_POTENTIAL = re.compile(
    r"(?P<verb>[\u4e00-\u9fff])(?<![着了过也都就还又再才并却仍而且是有没])不"
    r"(?P<result>" + _WORDS["understanding_potential_complements"]["value"] + r")(?:来|去)?"
    r"(?![0-9０-９零〇一二两三四五六七八九十百千万几半多])"
)
_REMARK = re.compile(_WORDS["understanding_remark"]["value"])
_TIER = re.compile(_WORDS["understanding_tier"]["value"])
_FIRST_QUESTION = re.compile(r"^(?P<first>[^?？]+[?？])(?P<rest>.+)$")
_FIRST_PHRASE = re.compile(r"^(?P<first>[^，,?？]+)[，,](?P<rest>.+)$")
_FRAGMENT_LEAD = re.compile(r"^(?:那么|那|还有|另外|再问一下|换成|换作|如果是)\s*")
_FRAGMENT_TAIL = re.compile(r"(?:的)?(?:情况|话)?(?:呢|吗|呀|(?:会|又)?(?:怎么样|怎样|怎么办))?\s*[?？。!！]*\s*$")
_APPROXIMATE_NOT = r"(?<![十百千万])"  # 十几棵, 二百几十元: a number the question states roughly, not one it asks
_HAS_QUESTION_WORD = re.compile(r"多少|" + _APPROXIMATE_NOT + r"几[家个项台亩年成倍条种次名所]|哪|什么|何时|怎么|怎样|如何|是否|谁|吗|多高|多大|多久|多长|多快|多远|多宽|多深|多粗|多厚|多重|啥")
# the parts of a question that may each ask a thing: 有效期几年？快到期了怎么办？
_ASK_PARTS = re.compile(r"[，,、；;？?]")
_GLOBAL_SCOPE = re.compile(r"各地|这几个地方|几个地方|哪个地方|哪些地方|哪几个|各区县|各个|所有|几地|全部文件|各文件|哪个地区|哪些地区")
# places joined in a list, each maybe with the word for its rule (山东省条例和青岛条例, 浙江的规定跟上海)
_PLACE_JOINERS = re.compile(r"^(?:的?(?:地方性法规|条例|规定|办法|细则|法规))?[\s、,，和与及跟同]*$")

_PERIOD = re.compile(
    r"(?P<range>(?:19|20)\d{2})\s*年?\s*[-—–~～至到]\s*(?P<range_end>(?:19|20)\d{2})\s*年?"
    r"|(?:到|至|截至|截止到?)?\s*(?P<year>(?:19|20)\d{2})\s*年(?:底|末|前|内|度)?"
    r"|(?P<every>每年|每一年|逐年|年度)"
    r"|(?P<average>年均)"
    r"|(?P<span>[一二两三四五六七八九十](?:个)?年)"
    r"|(?P<cumulative>累计)"
)

_RESPONSIBLE = re.compile(
    r"责任单位|职责单位|责任部门|牵头单位|牵头部门|配合单位|负责单位|负责部门|主管部门|落实单位|实施单位"
    r"|哪些单位|哪个单位|哪家单位|哪些部门|哪个部门|哪家部门|谁负责|由谁负责|谁来负责|谁牵头|负责"
)
_ISSUER = re.compile(
    r"哪些机关|哪个机关|发文机关|发布机关|印发机关|发布机构|发布单位|印发单位|发文单位"
    r"|(?:谁|哪些单位|哪个单位|哪些部门|哪个部门|哪家)(?:联合)?(?:发布|印发|制定|出台|发文)"
    r"|由谁.{0,4}(?:发布|印发|制定|出台)"
)
_DOC_NUMBER = re.compile(r"(?<!批准)文号|发文字号|文件编号|文件号|发文号")  # 产品批准文号, 药品批准文号: a product's licence
# "修剪的时候" (when) and "多长时间" (how long) ask no date
# (用完到期以后多长时间: "到期" alone asks no date either)
_DATE_ASKED = re.compile(r"几点|几时|(?:什么|哪个|哪些|哪几个)时间?段|哪一?段时[间期]|什么时候|什么时间|何时|哪天|哪一天|哪一?个?周|哪个星期|第几周|几号|几月|哪个月|哪年|哪一年|日期")
_TIME_WORDS = re.compile(_DATE_ASKED.pattern + r"|哪一个?月|(?:起|开始)施行|生效|(?:最|更)(?:早|晚)")
_DATE_ASPECTS = (
    ("有效期至", re.compile(r"有效期|截止|截至|到期|失效|有效至")),
    ("施行", re.compile(r"施行|实施|生效|执行")),
    ("发布", re.compile(r"发布|公布|公开|出台")),
    ("成文", re.compile(r"印发|成文|签发|制定")),
)
_COMPARISON = re.compile(
    r"分别|各地|各自|比较(?!" + _WORDS["understanding_degree_words"]["value"] + r")|对比|相比|差距|差别|区别|异同|高低"
    r"|(?:一样|相同|不同|一致)(?:吗|么|嘛|不)|一不一样|是否(?:一样|相同|一致)|有(?:什么|啥|何)(?:不同|不一样)"
    r"|哪(?:个|一个|里|家|地|几个|些)[^，。？?,]{0,15}(?:最|更)"
    r"|谁[^，。？?,]{0,20}(?:更|最)"
)
# 货值、持续时间和发病人数分别是多少: 分别 after the things it lists shares the question among them;
# it compares places only where two are named (which compares them anyway)
_DISTRIBUTIVE = re.compile(r"(?<=[\u4e00-\u9fff])[、和与及跟][^，。？?,；;、]{1,10}?(?P<each>分别|各自)")
_NOT_A_COUNT = r"(?!地方|地区|城市|区县|文件|部门|单位)"  # 几个地方 counts nothing asked for
_STATED_NOT = r"(?<!了)"  # 欠了几个月, 停了几天: a case the question states (several), not a quantity it asks
_FIGURE_WORDS = re.compile(
    rf"多少|(?<!哪)(?<!月)(?<![那这头好近]){_APPROXIMATE_NOT}{_STATED_NOT}(?<!(?<!提)前)几(?:[家个项台亩年成倍条种次名所天日周岁秒]|小时|分钟|公里|米){_NOT_A_COUNT}|比例|占比|比重|份额|增速|增长率|增幅|率|金额|规模|数量"
    r"|最高|最低|更高|更低|更多|更少|最多|最少|多高|多大|多长|多久|多宽|多远|多深|多粗|多厚|[百千万几]分之|几成"
    r"|(?:怎么|怎样|如何)(?:计)?算"
)

_BARE_NUMBER = re.compile(r"[0-9０-９.]+|[零〇一二两三四五六七八九十百千万]+")

# expected units
_MONEY_AS_ASKED = ("亿元", "万元", "元", "亿美元", "美元", "钱", "块钱", "块", "万亩")


@functools.cache
def _explicit_unit() -> re.Pattern[str]:
    """多少公里, 几个工作日, 多少名: a question word followed by any unit the figures are read in
    (qa/lexicon/units.json, Chinese forms) or by a money word."""
    written = [unit for unit in load_lexicon("units")["units"]["value"] if re.fullmatch(r"[\u4e00-\u9fff]+", unit)]
    alternatives = "|".join(sorted({*written, *_MONEY_AS_ASKED}, key=len, reverse=True))
    spoken = "|".join(f"{unit}(?![面式法案向位针])" for unit in _answer_rules()["spoken_units"]["value"])
    return re.compile(rf"(?:多少|{_APPROXIMATE_NOT}{_STATED_NOT}几)\s*个?(?P<unit>{alternatives}|{spoken})" + _NOT_A_COUNT)


@functools.cache
def _deadline_ask() -> re.Pattern[str]:
    """多少天内整改完, 几个工作日之内要作出决定, 多久内给答复, 多久以内还能申报, 多久会给答复, 几天才能批下来:
    a deadline asked, or the time until an act, then what must or may be done by it (units.json "duration_in_days": the units of time)."""
    durations = "|".join(sorted(load_lexicon("units")["duration_in_days"]["value"], key=len, reverse=True))
    return re.compile(
        rf"(?:(?:多少|几)\s*个?(?:{durations})|多久|多长时间)(?:之内|以内|内|(?=(?:才|就)?(?:会|能)(?![^，。？?]{{0,8}}一[次回])))"
        r"(?:要|得|须|必须|应当|应该|需要|就要|就得|还能|还可以|能|可以|(?:才|就)?(?:会|能))?(?P<event>[^，。？?！!；;、]+)"
    )


@functools.cache
def _start_ask() -> re.Pattern[str]:
    """受理以后多久得调完, 收到诊断结论后几天内得提出来, 活动结束后多久: what the asked period counts
    from, then the period asked (units.json "duration_in_days": the units of time)."""
    durations = "|".join(sorted(load_lexicon("units")["duration_in_days"]["value"], key=len, reverse=True))
    return re.compile(rf"(?P<start>[^，。？?！!；;、\s]{{2,}}?)(?:以后|之后|后)[，,]?的?(?:(?:多少|几)\s*个?(?:{durations})|多久|多长时间)")


# the last characters of what a period is asked from: its act (受理, 收到补交通知), not the subject before it
START_EVENT_CHARS = 6
# a modifier of the act ends the topic before it: 停车费最晚开走以后 counts from 开走
_BEFORE_THE_ACT = re.compile(r".*(?:最晚|最迟|最早|最快|一般|通常|大概|大约)")


def asked_start_event(question: str) -> str:
    """What a question asks a period to count from (受理以后多久得调完 -> 受理); "" when it asks none."""
    match = _start_ask().search(question)
    return _BEFORE_THE_ACT.sub("", match.group("start"))[-START_EVENT_CHARS:] if match else ""


def asked_event(question: str) -> str:
    """What a question asks to be done by the deadline it asks (多少天内整改完 -> 整改完); "" when it
    asks no deadline in that form."""
    match = _deadline_ask().search(question)
    return match.group("event").strip() if match else ""


_RATIO = re.compile(
    r"比例|占比|比重|份额|增速|增长率|增幅|[百千万几]分之|百分比|几成"  # a share asked as any fraction: 千分之几, 几分之几
    r"|(?:增长|下降|降低|提高|提升|高出|高于|超出|减少)(?:了)?多少"
    r"|(?<!生产)(?<!容积)(?<!税)率"
)
_DIMENSIONLESS = re.compile(r"容积率")  # answered by a bare number
@dataclass(frozen=True)
class AnswerType:
    name: str
    pattern: re.Pattern[str]
    units: tuple[str, ...]


@dataclass(frozen=True)
class NounUnits:
    nouns: re.Pattern[str]
    units: tuple[str, ...]
    per_unit: bool


@functools.cache
def _answer_rules() -> dict:
    return load_lexicon("answer_types")


@functools.cache
def _answer_types() -> tuple[AnswerType, ...]:
    return tuple(AnswerType(t["type"], re.compile(t["question"]), tuple(t["units"])) for t in _answer_rules()["types"])


@functools.cache
def money_units() -> frozenset[str]:
    """The units an amount of money is written in (answer types "money" and "price": 元, 万元, 倍 of an amount …)."""
    return frozenset(unit for answer_type in _answer_types() if answer_type.name in ("money", "price") for unit in answer_type.units)


@functools.cache
def money_share_phrase() -> str:
    """What names a sum of money in the phrase of a share or multiple (answer type "money", "share_phrase")."""
    return next(entry["share_phrase"] for entry in _answer_rules()["types"] if entry["type"] == "money")


def answer_table(kind: str) -> dict:
    """An entry of `answer_types.json` read as data (the nouns and units of "share_bases")."""
    return _answer_rules()[kind]


@functools.cache
def answer_rule(kind: str, part: str = "question") -> re.Pattern[str]:
    """A pattern of `answer_types.json`: what asks for a kind of answer ("who", "permission",
    "definition": part "question") and what states it (part "answer": a body's name, a
    definition; "defined_term": the term 本办法所称X，是指… defines)."""
    return re.compile(_answer_rules()[kind][part])


@functools.cache
def _noun_units() -> tuple[NounUnits, ...]:
    return tuple(
        NounUnits(re.compile(entry["nouns"]), tuple(entry["units"]), entry.get("per_unit", False))
        for entry in _answer_rules()["noun_units"]["value"]
    )


# what happens to who breaks a rule: 罚多少, 会怎么样, 会被怎么处理, 被查到了怎么处理 (该怎么处理 asks how to do a thing)
# how much the fine is: asked beside who acts (该谁管、罚多少), the answer is still the penalty,
# which names its body (由规划行政主管部门处…罚款)
_FINE_AMOUNT = re.compile(r"罚(?:款|钱)?(?:是)?(?:多少|几)")
_PENALTY_QUESTION = re.compile(
    # 处罚决定书, 处罚程序, 处罚信息: a document, record or procedure of penalising, not what the penalty
    # is; 罚了款不服, 被罚款以后, 被罚过: a penalty already imposed, the case a question on appealing it
    # starts from; 滞纳金 is the sanction on paying late that a penalty sentence imposes (加收…滞纳金)
    r"滞纳金|处?罚(?!款?决定|款?通知|程序|听证|文书|案件|信息|记录|公示|[^，。？?]{0,4}不服|款?(?:以|之)?后|了|过)|处分|法律责任|什么责任|什么后果|(?:会|将|要)(?:被)?(?:怎么|怎样|如何)(?:处理|处置)|被(?:怎么|怎样|如何)(?:处理|处置)|会怎么样|会怎样|会有什么后果|受到什么处理"
    r"|(?:查到|查出|查获|抓到|被发现|被查)了?[^，。？?]{0,4}(?:怎么|怎样|如何)(?:处理|处置|办)"
    # what an authority may do to a party: 管理部门能把公司怎么样, 能拿他怎么办
    r"|(?:能|可以|会)(?:把|拿|对)[^，。？?]{1,8}(?:怎么样|怎样|怎么办|怎么处理|如何处理)"
)

# being caught (被抓到, 查到了, 被发现) says how a breach comes to light, nothing of the conduct
_CAUGHT = re.compile(r"(?:被)?(?:查到|查出|查获|抓到|抓住|逮到|逮住|发现|查)了?(?=[，,。？?的后]|$)")


@dataclass(frozen=True)
class Segment:
    """A piece of a question: `text` is question[start:end]."""

    start: int
    end: int
    text: str
    kind: str  # place, period, question, stop, verb, content


@dataclass(frozen=True)
class _Resolution:
    text: str
    places: tuple[Region, ...]  # the question's own places, else inherited ones
    condition: str = ""  # what a follow-up like 情节严重的呢 adds to the question before it


# --- entry point ------------------------------------------------------------------------

def understand(
    question: str, history: list[str], gazetteer: Gazetteer, tokenizer: KeywordTokenizer | None = None, thesaurus: Thesaurus | None = None
) -> QueryUnderstanding:
    """Understand `question` given the earlier questions of the conversation (oldest first).
    With the keyword `tokenizer`, the words every later stage matches are read here, once; with
    the `thesaurus`, the documents' words for the question's everyday ones too."""
    question = question.strip()
    previous: _Resolution | None = None
    for earlier in history:
        if earlier.strip():
            previous = _resolve(earlier.strip(), previous, gazetteer)
    resolution = _resolve(question, previous, gazetteer)
    resolved = resolution.text
    # a place the gazetteer does not know is still a place: asked about, it is not inherited
    own_places = _own_places(question, gazetteer)
    unknown = [] if own_places else gazetteer.unknown_places(question)
    if unknown:
        resolution = _Resolution(question if previous is None else resolved, ())

    listed = _listed_places(resolved, gazetteer)
    regions = [
        region.name for region in resolution.places
        if region in gazetteer.without_ancestors(list(resolution.places)) or region.name in listed
    ]
    figure_intent = asks_for_figure(resolved)
    figure_asks = [part for part in re.split(r"(?<=[？?])", resolved) if asks_for_figure(part)]
    units = units_of_each_ask(figure_asks) if len(figure_asks) > 1 else expected_units(resolved) if figure_intent else []
    # the unit a question word asks in (多少分钟, 几公里): the answer's unit, not what it is about;
    # one of two questions asking figures (多大范围内不能建？按几年一遇算？) names it for that one only
    named = _explicit_unit().search(resolved) if len(figure_asks) < 2 else None
    named_unit = named.group("unit") if named else ""
    asks_who = bool(answer_rule("who").search(resolved))
    event = asked_event(question) if figure_intent else ""  # this question's own deadline, not one asked before
    period_named = named_period(resolved) if (figure_intent or asked_date(resolved)) and not event else ""
    return QueryUnderstanding(
        question=question,
        resolved_question=resolved,
        regions=regions,
        region_scope=region_scope(regions, resolved, gazetteer),
        mentioned_places=[region.name for region in own_places],
        figure_intent=figure_intent,
        expected_units=units,
        asked_unit=named_unit if figure_intent else "",
        price_per=price_per(resolved) if figure_intent else "",
        period=find_period(resolved),
        asks_responsible_units=asks_responsible_units(resolved),
        asks_doc_number=bool(_DOC_NUMBER.search(resolved)),
        asks_issuer=bool(_ISSUER.search(resolved)),
        asks_date=asked_date(resolved),
        is_comparison=bool(_COMPARISON.search(_DISTRIBUTIVE.sub("", resolved))) or len(regions) >= 2,
        keywords=keywords(resolved, gazetteer),
        is_follow_up=resolved != question,
        asks_penalty=bool(_PENALTY_QUESTION.search(resolved)) and (not asks_who or bool(_FINE_AMOUNT.search(resolved))),
        asks_who=asks_who,
        asks_permission=bool(answer_rule("permission").search(resolved)),
        asks_definition=bool(answer_rule("definition").search(resolved)),
        asks_lead_time=figure_intent and bool(answer_rule("lead_time").search(resolved)),
        asks_requirement=figure_intent and asks_requirement(resolved),
        figure_sentences=figure_sentence_kinds(question, event) if figure_intent else (),
        asked_event=event,
        start_event=asked_start_event(question) if figure_intent else "",
        asked_bound=asked_bound(resolved) if figure_intent else "",
        # a deadline asked of an act (离任审计结果多长时间内要公布) is that act's; a period the question
        # names beside it (任期没满就辞职) says when, and is not the length asked
        named_period=period_named,
        asks_period_length=figure_intent and asks_period_length(resolved, period_named),
        asked_attribute=asked_attribute(resolved),
        asked_phrase=phrases_holding(resolved, _FIGURE_WORDS) if figure_intent else "",
        asks_span=bool(answer_rule("span").search(resolved)),
        asks_two=sum(bool(_HAS_QUESTION_WORD.search(part)) for part in _ASK_PARTS.split(question)) >= 2,
        condition=resolution.condition,
        unknown_places=unknown,
        unsettled_places={} if resolution.places else gazetteer.unsettled(question),
        needs_context=previous is None and (_leans_on_earlier_question(question) or _asks_again(question, gazetteer)),
        **(_words(resolved, resolution.condition, regions, [region.name for region in own_places], named_unit, tokenizer, thesaurus) if tokenizer else {}),
        **({"fresh_words": _fresh_words(question, previous.text, tokenizer, gazetteer)} if tokenizer and previous is not None and not resolution.condition and _leans_on_earlier_question(question) else {}),
    )


def _words(
    resolved: str,
    condition: str,
    regions: list[str],
    own_places: list[str],
    asked_unit: str,
    tokenizer: KeywordTokenizer,
    thesaurus: Thesaurus | None,
) -> dict[str, Any]:
    """The tokenizer's reading of the question: search tokens, and content words without the
    places it names (瑞安市 and 瑞安), which say where, not what, with the documents' words for
    those the documents never use."""
    places: set[str] = set()
    for name in own_places or regions:
        places.add(name)
        if len(name) > 2:
            places.add(name[:-1])
    # the words that ask for a penalty (查到了怎么处理, 会被怎么处理) say nothing of the conduct
    asked = _CAUGHT.sub("，", _PENALTY_QUESTION.sub("，", resolved))
    # what the question rules out (不是成片开发的小区) is no word a sentence should hold
    asked = _RULED_OUT.sub("，", asked)
    asked = _as_completed(asked)
    asked = _A_NOT_A.sub(r" \g<asked>", asked)  # 能不能自己用, which jieba cuts 能/不能自己/用
    # the bare number of a case the question states (工作了15年) is weighed as that case
    # (case_fit), not as a word: "15" in 年休假15天 is no 15 years. A number with its unit (五年)
    # stays a word: 五年新增融资 is the period of the figure asked.
    cases = [quantity.text for quantity in stated_quantities(asked)]
    content_words = [
        word for word in tokenizer.content_words(asked) if word not in places and word != asked_unit and not (_BARE_NUMBER.fullmatch(word) and any(word in case for case in cases))
    ]
    # 多少天内 asks the answer's unit: its 天内 is no run of unknown characters
    unknown_words = tokenizer.unknown_words(re.sub(_explicit_unit().pattern + r"(?:之内|以内|内)?", "，", asked))
    variants = {
        word: list(found) for word in content_words + unknown_words if thesaurus and (found := thesaurus.variants(word, nearest=word in content_words))
    }
    return {
        "search_tokens": tokenizer.query_tokens(_as_completed(resolved)) + [variant for found in variants.values() for variant in found],
        "content_words": content_words,
        "variants": variants,
        "unknown_words": unknown_words,
        "morphemes": _morphemes(asked, places),
        # 女的呢？ after 男的多大年龄…: a condition of one character is still what the answer must speak to
        "condition_words": ([word for word in tokenizer.content_words(condition) if word not in places] or _morphemes(condition, places)) if condition else [],
        "condition_unknown_words": tokenizer.unknown_words(condition) if condition else [],
        "parties": asked_parties(resolved, places),
    }


def _as_completed(text: str) -> str:
    """The text with each negated potential complement written as the act it cannot complete
    (退不回来 -> 退回), the word the rules write."""
    return _POTENTIAL.sub(r"\g<verb>\g<result>", text)


def _fresh_words(follow_up: str, previous: str, tokenizer: KeywordTokenizer, gazetteer: Gazetteer) -> list[str]:
    """The content words an elliptical follow-up names that the question before did not: 履约 of
    "那履约保证金呢？" after 投标保证金, which the answer must speak of, not the old question's thing
    (a place it names says where, not what)."""
    mentions = _fragment_place_mentions(follow_up, gazetteer)
    own = _cut_spans(follow_up, [(mention.start, mention.end) for mention in mentions])
    return [word for word in tokenizer.content_words(own) if word not in previous]


def _morphemes(text: str, places: set[str]) -> list[str]:
    """The single characters a spoken question names its matter with (把我家光都挡了，能让人来剪吗: 光, 挡, 剪;
    寄的信: 寄, 信; 男的多大年龄: 男), which jieba leaves as words of their own: nouns, verbs,
    adjectives and attributives, function words, counters and `understanding_light_morphemes` aside."""
    found: list[str] = []
    for word, flag in _tagged(text):
        if (
            len(word) == 1 and "\u4e00" <= word <= "\u9fff" and flag[:1] in ("n", "v", "a", "b", "z")
            and word not in _NOT_MORPHEMES
            and not any(word in place for place in places) and word not in found
        ):
            found.append(word)
    return found


# a second ask about a case of the first (要是没按时公告会罚多少, 逾期不办会怎样, 如果…呢)
_CASE_ASK = re.compile(r"^(?:那么?|那)?\s*(?:要是|如果|假如|若是?|万一|逾期|没|不|未|拖着|超过)")


def asks_in_turn(question: str) -> tuple[str, str] | None:
    """The two questions of "浙江的船闸要停航检修，得提前多少天公告？要是没按时公告会罚多少？": a question,
    then one asking about a case of it, which reads as a follow-up of the first; None otherwise."""
    parts = _FIRST_QUESTION.match(question.strip())
    if parts is None:
        return None
    first, second = parts.group("first"), parts.group("rest").strip()
    def asks(part: str) -> bool:
        return _HAS_QUESTION_WORD.search(part) is not None or asks_for_figure(part)  # 几天内得办完

    if not (asks(first) and asks(second) and _CASE_ASK.match(second)):
        return None
    return first, second


def _asks_again(question: str, gazetteer: Gazetteer) -> bool:
    """Whether a question names only places and asks how they regulate it ("那郑州那边是怎么规定的？",
    "北京呢，怎么规定？"): the previous question asked of them. "那郑州呢？" is a plain fragment."""
    mentions = _fragment_place_mentions(question, gazetteer)
    besides_place = _cut_spans(question, [(m.start, m.end) for m in mentions])
    said = _FRAGMENT_TAIL.sub("", _FRAGMENT_LEAD.sub("", besides_place)).strip()
    return bool(mentions) and said != "" and _ASKS_AGAIN.fullmatch(besides_place) is not None


def _leans_on_earlier_question(question: str) -> bool:
    """"那湖州呢？", "这项由哪些单位负责？": a question that only makes sense after another one."""
    core = _fragment_core(question)
    if core is not None and (_FRAGMENT_LEAD.match(question) or question.rstrip("?？。!！ ").endswith("呢")):
        return True
    pronoun = _PRONOUN.match(question)
    return pronoun is not None and not _refers_to_document(question, pronoun)


# --- follow-up resolution ---------------------------------------------------------------

def _resolve(question: str, previous: _Resolution | None, gazetteer: Gazetteer) -> _Resolution:
    parts = _FIRST_QUESTION.match(question.strip())
    if previous is not None and parts is not None and _fragment_core(parts.group("first")) is not None:
        # "那北京呢？北京的实施办法好像没写这个，按什么规定？": a remark on the follow-up is dropped;
        # "限期内还是没改呢？厂长个人会不会也被罚？": a further ask about a condition is asked in its frame
        head = _resolve(parts.group("first"), previous, gazetteer)
        if _REMARK.search(parts.group("rest")):
            return head
        if head.condition:
            return _Resolution(head.text + parts.group("rest"), head.places, head.condition)
        if not _HAS_QUESTION_WORD.search(parts.group("rest")) and stated_quantities(parts.group("rest")):
            # "北京呢？我们社有600个成员。": the asker's own case, asked in the follow-up's frame
            return _Resolution(head.text + parts.group("rest"), head.places)
    lead = _FIRST_PHRASE.match(question.strip()) if _FRAGMENT_LEAD.match(question) else None
    # (not when what is asked states its own case, 一成以内的那部分怎么加收: that case is asked, not the old one)
    if previous is not None and lead is not None and _names_only_a_place(lead.group("first"), gazetteer) and not stated_quantities(lead.group("rest")):
        # "换成宁波的话，该向谁提异议？多久会有结果？": the previous question asked of that place,
        # and what is asked besides it in its frame
        head = _Resolution(_asked_of(previous.text, lead.group("first"), gazetteer), tuple(_own_places(lead.group("first"), gazetteer)))
        rest = lead.group("rest")
        if _fragment_core(rest) is not None:  # "那在宁波，情节严重的呢？": a follow-up of the place's question
            return _resolve(rest, head, gazetteer)
        return _Resolution(head.text + rest, head.places)
    own = tuple(_own_places(question, gazetteer))
    if previous is None:
        return _Resolution(question, own)
    inherited = own or previous.places
    if not _FRAGMENT_TAIL.sub("", _FRAGMENT_LEAD.sub("", question)).strip():
        return _Resolution(question, inherited)  # "呢？" alone: nothing to rewrite
    pronoun = _PRONOUN.match(question)
    if pronoun and not own:
        if _refers_to_document(question, pronoun):  # 这个方案…: only the place is missing
            return _Resolution(_place_text(previous.text, gazetteer) + question, inherited)
        rest = question[pronoun.end() :]
        return _Resolution(_previous_subject(previous.text, gazetteer) + rest, inherited)
    if own and (_SAME_SUBJECT.search(question) or _asks_again(question, gazetteer)):
        return _Resolution(_asked_of(previous.text, question, gazetteer), own)
    core = _fragment_core(question)
    named_act = _another_act(question, core, previous.text, gazetteer) if core is not None else None
    if named_act is not None:
        # 那要是伪造暂住证，情节比较轻的呢 after 在河南冒用别人的暂住证会怎么处理: the act named takes the
        # old act's place, with what follows it as the new act's own case (a tier of the new act,
        # not one of the answer just given)
        act, thing, case = named_act
        return _Resolution(_with_act(previous.text, f"{act}，{case}的，" if case else act, thing, gazetteer), inherited)
    if core is not None:
        another_act = _names_another_act_in_place(core, previous.text, gazetteer)
        if another_act:
            core = _CONDITION_LEAD.sub("", core)
        # 不办会怎么样？/ 没办呢？: the duty asked before, not done
        is_condition = (_CONDITION.search(question) is not None and not another_act) or bool(_party(core)) or _TIER.search(core) is not None or breaches_asked_duty(core)
        if _names_only_a_place(_CONDITION_LEAD.sub("", core), gazetteer):
            is_condition = False  # 那要是在郑州呢: the question before asked of another place, no case of it
        resolved = _fill_fragment(core, previous.text, gazetteer, is_condition)
        return _Resolution(resolved, inherited, _party(core) or core if is_condition and resolved != previous.text else "")
    if own:
        return _Resolution(question, own)
    if not names_a_thing(question):
        # 到期了还没用完，能续吗？ after 济南临时占用城市绿地最长能占多久？: a question naming no thing
        # of its own asks about the thing asked before; 不报会被罚多少？ after 多少天内报送…？ asks the
        # penalty of the duty asked before, not done: its breach is the case the answer's rule frames
        breach = _BREACH_ASKED.match(question.strip()) if _PENALTY_QUESTION.search(question) else None
        condition = breach.group("breach") if breach is not None and breaches_asked_duty(breach.group("breach")) else ""
        return _Resolution(f"{_previous_topic(previous.text, gazetteer)}，{question}", previous.places, condition)
    if _GLOBAL_SCOPE.search(question) or not previous.places:
        return _Resolution(question, ())
    return _Resolution(_place_text(previous.text, gazetteer) + question, inherited)


def _asked_of(previous: str, naming: str, gazetteer: Gazetteer) -> str:
    """The previous question asked of the places `naming` names ("那郑州那边是怎么规定的？",
    "换成宁波的话")."""
    return _replace_places(previous, "、".join(mention.text for mention in _fragment_place_mentions(naming, gazetteer)), gazetteer)


def _names_only_a_place(fragment: str, gazetteer: Gazetteer) -> bool:
    """"换成宁波的话", "那在郑州": an elliptical lead naming a place and nothing else."""
    core = _fragment_core(fragment)
    mentions = _fragment_place_mentions(core, gazetteer) if core else []
    return bool(mentions) and not _cut_spans(core, [(m.start, m.end) for m in mentions]).strip("在的话这边那边里 ")


def _own_places(question: str, gazetteer: Gazetteer) -> list[Region]:
    """Places the question names; a bare weak alias ("那江北呢") counts here."""
    found = gazetteer.find(question)
    if found:
        return found
    core = _fragment_core(question)
    region = gazetteer.get(core.removesuffix("的")) if core else None
    return [region] if region else []


def _fragment_core(question: str) -> str | None:
    """The elliptical part of "那湖州呢？" / "亩均增加值呢？"; None for a full question."""
    core = _FRAGMENT_TAIL.sub("", _FRAGMENT_LEAD.sub("", question)).strip()
    if not core or _HAS_QUESTION_WORD.search(core) or re.search(r"[?？]", core):
        return None  # a question word, or a full question before it (…多快？没有非机动车道的路上呢？)
    elliptical = question.rstrip("?？。!！ ").endswith("呢") or _FRAGMENT_LEAD.match(question) is not None
    if not elliptical and question.rstrip("?？。!！ ").endswith("吗"):
        return None  # 到期了还没用完，能续吗: a yes/no question of its own, not the last one's ask again
    return core if elliptical or len(core) <= 10 else None


def _refers_to_document(question: str, pronoun: re.Match[str]) -> bool:
    """这个方案 / 这份文件 point at the document, not at the previous question's subject."""
    return not pronoun.group("noun") and question[pronoun.end() :].startswith(_DOC_NOUNS)


def _fill_fragment(core: str, previous: str, gazetteer: Gazetteer, condition: bool = False) -> str:
    """Put the fragment's place, period and phrase in place of the previous question's."""
    resolved = previous
    places = _fragment_place_mentions(core, gazetteer)
    if places:
        resolved = _replace_places(resolved, "、".join(m.text for m in places), gazetteer)
        core = _cut_spans(core, [(m.start, m.end) for m in places])
    periods = list(_PERIOD.finditer(core))
    if periods:
        end = periods[0].end()
        for following in periods[1:]:  # 三年累计: adjacent period words read as one
            if core[end : following.start()].strip():
                break
            end = following.end()
        resolved = _replace_period(resolved, core[periods[0].start() : end].strip(), gazetteer)
        core = _cut_spans(core, [match.span() for match in periods])
    phrase = core.strip("的和与及、,，跟同 ")
    if places:
        phrase = _CONDITION_LEAD.sub("", phrase).strip()  # 要是在 of 那要是在郑州呢
    if all(part.kind == "stop" for part in segments(phrase, gazetteer)):
        phrase = ""  # 那在北京呢: what is left besides the place is a preposition
    party = _party(phrase)
    if party:  # 那个人呢: the same question asked of another party
        named = next((word for word in party_words() if word in resolved), "")
        if named:
            return resolved.replace(named, party, 1)
        return f"{resolved.rstrip('?？。!！ ')}（对{party}）？"
    if phrase and condition and _BREACH.search(phrase) and not _PENALTY_QUESTION.search(resolved):
        # 多少天内撤出？要是到期了它赖着不走呢: the duty asked before, breached, and what follows
        asked = "".join(part.text for part in segments(resolved, gazetteer) if part.kind != "question")
        return f"{asked.rstrip('?？。!！，, ')}（{phrase}）会被怎么处罚？"
    if phrase and condition:  # 情节严重的呢 / 要是人牺牲了呢: the same question under a condition
        return f"{resolved.rstrip('?？。!！ ')}（{phrase}）？"
    if phrase:
        resolved = _replace_phrase(resolved, _new_part(phrase, previous, gazetteer), gazetteer)
    return resolved


def _new_part(phrase: str, previous: str, gazetteer: Gazetteer) -> str:
    """What a fragment names anew: "在公园里搞烧烤" after "在北京公园里乱扔烟头罚多少" repeats where
    (公园) and names another act (搞烧烤), which alone takes the old act's place."""
    parts = [part for part in segments(phrase, gazetteer) if part.kind in ("content", "verb")]
    new = [part for part in parts if part.text not in previous]
    if len(parts) < 2 or not new or len(new) == len(parts):
        return phrase
    return phrase[new[0].start : new[-1].end]


def _names_another_act_in_place(core: str, previous: str, gazetteer: Gazetteer) -> bool:
    """要是在河堤上盖房子呢 after 在济南的河堤上取土会被罚多少: a fragment set where the previous
    question's act was (在 + a place it named) names another act there, not a condition of it."""
    if _BREACH.search(core):
        return False  # 如果在公园里不拴绳呢: the act asked before, breached
    located = _ACT_IN_PLACE.match(_CONDITION_LEAD.sub("", core).strip())
    if located is None or located.group("where") not in previous:
        return False
    # 要是在公园里遛狗情节严重的呢 still asks about the act asked before, under a condition
    return not any(word in previous for word in _tokenizer().lcut(located.group("act")) if len(word) >= 2)


# a fragment's own clauses: the act it names, then conditions of it (伪造暂住证，情节比较轻的)
_FRAGMENT_CLAUSES = re.compile(r"[，,；;]|而且|并且")
# words that take the earlier act or thing up again (这么干, 干这事, 那辆三轮车, 它) or say what
# kind of case it is (破坏的是…)
_SAME_ACT = re.compile(r"^[那这]|这么|这样|这事|这种事|同样|的是|[它他她其]")
_CASE_ENDING = re.compile(r"的\s*(?:情况|话)?\s*呢?\s*[?？。!！]*\s*$")  # 要是可能危及老人人身安全的呢


def _another_act(question: str, core: str, previous: str, gazetteer: Gazetteer) -> tuple[str, str, str] | None:
    """(act, the thing it is done to, its case) when a conditional fragment (要是…呢, 如果是…呢)
    names another act done to what the previous question named: 伪造暂住证 after 冒用别人的暂住证,
    花钱买了张假的居住证来用 after 把居住证借给别人用 (a word of its own before a thing the previous
    question named), with what the fragment adds after it (情节比较轻的). None for a case of the
    earlier act: a place or setting (在…), a quantity, a negation or breach (unless it negates another
    act than the breach asked before: `_another_breach`), a party, a tier, 这么干, or a description
    (…的呢)."""
    if not (_CONDITION_LEAD.search(question) or re.match(r"^(?:那么|那)?\s*如果是", question.strip())):
        return None
    clauses = [part.strip() for part in _FRAGMENT_CLAUSES.split(_CONDITION_LEAD.sub("", core).strip())]
    act = clauses[0]
    if len(clauses) == 1 and _CASE_ENDING.search(question):
        return None
    if not act or act.startswith(("在", "把", "将")) or _SAME_ACT.search(act):
        return None
    if any(_BREACH.search(part) or re.search(r"[不没未无非]", part) for part in clauses) and not _another_breach(act, previous):
        return None
    if _fragment_place_mentions(act, gazetteer) or stated_quantities(act) or _TIER.search(act) or _party(act) or any(word in act for word in party_words()):
        return None
    words = [word for word in _tokenizer().lcut(act, HMM=False) if word.strip()]
    shared = next((at for at, word in enumerate(words) if len(word) >= 2 and word in previous and word not in _STOP_WORDS), None)
    if shared is None or not any(word not in previous and word not in _STOP_WORDS for word in words[:shared]):
        return None
    case = "，".join(part for part in clauses[1:] if part).removesuffix("的")
    return act, words[shared], case


def _another_breach(act: str, previous: str) -> bool:
    """Whether a negated act (根本没考过操作证就开) is another breach than the one the previous
    question named (没把操作证带身上), not that breach again or a case of it: the previous question
    names a breach, and the verb the fragment negates is not among its words."""
    breach = _BREACH.search(act)
    if breach is None or breach.group()[0] not in "不没未" or _BREACH.search(previous) is None:
        return False  # 查不到违法所得 negates no act; 还不交 is the breach asked before, still going on
    return act[breach.end() - 1 : breach.end() + 1] not in previous


def _with_act(previous: str, act: str, thing: str, gazetteer: Gazetteer) -> str:
    """The previous question with `act` in place of the act it asked about: the part of the clause
    naming `thing` between the place or period that opens it and what it asks
    (在河南|冒用别人的暂住证|会怎么处理 -> 在河南伪造暂住证怎么处理)."""
    parts = segments(previous, gazetteer)
    clause_start = 0
    for at, part in enumerate(parts):
        if part.text in ("，", ",", "；", ";"):
            clause_start = at + 1
        elif thing in part.text:
            break
    clause = parts[clause_start:]
    start_at = 0
    while start_at < len(clause) and (clause[start_at].kind in ("place", "period") or (
        clause[start_at].kind == "stop" and start_at + 1 < len(clause) and clause[start_at + 1].kind in ("place", "period")
    )):
        start_at += 1
    end_at = next((at for at, part in enumerate(clause) if part.kind == "question" or part.text in ("，", ",", "；", ";", "？", "?", "。")), len(clause))
    if start_at >= end_at:
        return previous
    start, end = clause[start_at].start, clause[end_at - 1].end
    return (previous[:start] + act + previous[end:]).replace("，，", "，")


def _party(phrase: str) -> str:
    """The party a fragment names: "个人" of "那个人" / "对个人", "单位" of "单位的", "公司" of
    "如果经营的是公司" (an everyday name of a party, `answer_types.json` "party_names"); else ""."""
    core = re.sub(r"^(?:那|对|如果是|要是|换成)", "", phrase).removesuffix("的")
    named = (*party_words(), *_answer_rules()["party_names"]["value"])
    if core in named:
        return core
    said = re.search(r"(?:是|为)(?P<party>[\u4e00-\u9fff]{1,6})$", core)  # 如果占场子经营的是公司
    return said.group("party") if said and said.group("party") in named else ""


def _fragment_place_mentions(core: str, gazetteer: Gazetteer) -> list[Mention]:
    mentions = gazetteer.mentions(core)
    if mentions:
        return mentions
    bare = core.removesuffix("的")
    region = gazetteer.get(bare)
    # A bare weak alias ("那江北呢") is written out in full so later steps still see a place.
    return [Mention(0, len(bare), region.name, region)] if region else []


def _cut_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text


def _place_groups(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Runs of places joined only by 、/和/与 ("湖州、瑞安、文成"), as (start, end)."""
    groups: list[tuple[int, int]] = []
    for mention in gazetteer.mentions(text):
        if groups and _PLACE_JOINERS.match(text[groups[-1][1] : mention.start]):
            groups[-1] = (groups[-1][0], mention.end)
        else:
            groups.append((mention.start, mention.end))
    return groups


_SET_AGAINST = re.compile(r"(?:和|跟|与|同|比|对比|相比)$")
SAME_OR_NOT = re.compile(r"一样|相同|不同|一致|区别|差别|差异|异同|比较|对比")  # whether places' rules agree


def _listed_places(text: str, gazetteer: Gazetteer) -> set[str]:
    """Places named as items of a list ("山东省、潍坊、宁波", "浙江和温州"): a province listed
    beside its own city is compared with it, while 浙江温州 or 浙江省温州市 only says where 温州 is, also
    as an item (广东和上海浦东: 广东 and 浦东)."""
    mentions = gazetteer.mentions(text)
    listed: set[str] = set()
    for before, after in zip(mentions, mentions[1:]):
        gap = text[before.end : after.start]
        # "枣庄新修县道的标准，和山东省里的要求一样吗": a place set against the one before it
        set_against = _SET_AGAINST.search(gap) is not None and SAME_OR_NOT.search(text, after.end) is not None
        if gap.strip() and (_PLACE_JOINERS.match(gap) or set_against):
            listed.update((before.region.name, after.region.name))
    # "广东和上海浦东": a listed place written right before a place of its own only says where that is
    for before, after in zip(mentions, mentions[1:]):
        if before.region.name in listed and not text[before.end : after.start] and gazetteer.covers(before.region.name, after.region.name):
            listed.discard(before.region.name)
            listed.add(after.region.name)
    return listed


def _replace_places(text: str, places: str, gazetteer: Gazetteer) -> str:
    groups = _place_groups(text, gazetteer)
    if not groups:
        return places + text
    start, end = groups[0]
    return text[:start] + places + text[end:]


def _place_text(text: str, gazetteer: Gazetteer) -> str:
    groups = _place_groups(text, gazetteer)
    return text[groups[0][0] : groups[0][1]] if groups else ""


def _replace_period(text: str, period: str, gazetteer: Gazetteer) -> str:
    """Swap the period; a bare year replaces only the year ("到2025年" -> "到2027年")."""
    old = _PERIOD.search(text)
    if old is None:
        groups = _place_groups(text, gazetteer)
        at = groups[0][1] if groups else 0
        return text[:at] + period + text[at:]
    new = _PERIOD.fullmatch(period)
    if new is not None and new.group("year") and old.group("year"):
        start, end = old.span("year")
        return text[:start] + new.group("year") + text[end:]
    return text[: old.start()] + period + text[old.end() :]


def _replace_phrase(text: str, phrase: str, gazetteer: Gazetteer) -> str:
    """Swap the content phrase sharing a prefix or suffix with `phrase`; else the main one.

    Chinese noun phrases are head-final: a shared suffix (工厂) means a sibling concept
    with its own modifiers, so the whole phrase goes (省级智能工厂 -> 未来工厂); a shared
    prefix (亩均) means the same frame with another head, so only the part from the shared
    prefix on goes (规上工业亩均税收 -> 规上工业亩均增加值).
    """
    chunks = [s for s in segments(text, gazetteer) if s.kind == "content"]
    best: tuple[int, int, int, int] | None = None  # (shared, is_suffix, start, end)
    for chunk in chunks:
        for offset in range(len(chunk.text)):
            shared = _common_prefix(phrase, chunk.text[offset:])
            if shared >= 2 and (best is None or shared > best[0]):
                best = (shared, 0, chunk.start + offset, chunk.end)
        for cut in range(1, len(chunk.text) + 1):
            shared = _common_prefix(phrase[::-1], chunk.text[:cut][::-1])
            if shared >= 2 and (best is None or shared >= best[0]):
                best = (shared, 1, chunk.start, chunk.start + cut)
    if best is not None:
        _, _, start, end = best
        return text[:start] + phrase + text[end:]
    main = _main_phrase(text, gazetteer)
    if main is not None:
        start = _counter_before(text, main.start, gazetteer)
        return text[:start] + phrase + text[main.end :]
    at = _context_end(text, gazetteer)  # no phrase to swap: append after place and period
    return text[:at] + phrase + text[at:]


def _common_prefix(first: str, second: str) -> int:
    shared = 0
    for a, b in zip(first, second):
        if a != b:
            break
        shared += 1
    return shared


def _main_phrase(text: str, gazetteer: Gazetteer) -> Segment | None:
    """The content phrase nearest the first question word, document nouns aside."""
    parts = segments(text, gazetteer)
    question = next((s for s in parts if s.kind == "question"), None)
    chunks = [s for s in parts if s.kind == "content" and s.text not in _DOC_NOUNS and len(s.text) >= 2]
    if not chunks:
        return None
    if question is None:
        return chunks[-1]

    def distance(chunk: Segment) -> tuple[int, int]:
        before = chunk.end <= question.start
        gap = question.start - chunk.end if before else chunk.start - question.end
        return gap, 0 if before else 1

    return min(chunks, key=distance)


def _counter_before(text: str, start: int, gazetteer: Gazetteer) -> int:
    """Where a swapped phrase starts once the old one's counter is dropped (多少台|工业机器人)."""
    for part in segments(text, gazetteer):
        if part.end == start and part.kind == "question" and part.text in _COUNTERS:
            return part.start
    return start


def _context_end(text: str, gazetteer: Gazetteer) -> int:
    """End of the leading place and period of a question (0 when it has neither)."""
    end = 0
    for part in segments(text, gazetteer):
        if part.kind not in ("place", "period", "stop"):
            break
        if part.kind != "stop":
            end = part.end
    return end


_ASK_TAIL = re.compile(r"(?:(?:最长|最短|最多|最少|至少|最高|最低)?(?:能|可以|要|得|会|应当|需要|必须)[\u4e00-\u9fff]{0,2}|最长|最短|最多|最少|至少|最高|最低|罚)$")


# 不报会被罚多少, 逾期没交的话要罚多少: the negated act before the ask
_BREACH_ASKED = re.compile(r"^(?P<breach>[^，,。？?]{1,12}?)(?:的话)?[，,]?\s*(?:会|将|要|就)?(?:被|受)?(?:怎么|怎样|如何)?(?:处|罚|承担)")
_BREACH_LEADS = frozenset({"逾期", "拒", "仍", "还", "要是", "如果", "若", "万一", "一直", "始终", "就是", "就", "那"})


def breaches_asked_duty(core: str) -> bool:
    """不办, 不撤, 逾期不改正, 拒不改正, 没办证: a fragment starting (after 逾期/拒/还…) with a negated
    act; not 未来工厂, 不同地区, 未成年人, 不足一年 (no negated act)."""
    for word, flag in _tagged(core):
        if word in _BREACH_LEADS:
            continue
        return word in ("不", "没", "没有", "未") or (word[0] in "不没未" and flag.startswith("v"))
    return False


def _previous_topic(previous: str, gazetteer: Gazetteer) -> str:
    """What the previous question asked about, without its ask: 济南临时占用城市绿地最长能占多久？ ->
    济南临时占用城市绿地."""
    return _ASK_TAIL.sub("", _previous_subject(previous, gazetteer)).rstrip("，,的 ")


def names_a_thing(text: str) -> bool:
    """Whether a question (or a word of it) names a thing (a noun: 公园, 执照, 情节严重), not only
    acts and asks (到期了还没用完，能续吗; 建成)."""
    return any(flag.startswith("n") for _, flag in _tagged(text))


@functools.cache
def _part_of_speech() -> "jieba.posseg.POSTokenizer":
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_tokenizer())


def _previous_subject(previous: str, gazetteer: Gazetteer) -> str:
    """The previous question up to the end of what it asked about ("…改造开发")."""
    end = 0
    for part in segments(previous, gazetteer):
        if part.kind == "question":
            break
        if part.kind in ("content", "verb", "place", "period"):
            end = part.end
    return previous[:end] if end else previous.rstrip("?？。!！ ")


# --- segmentation -----------------------------------------------------------------------

@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    # A private tokenizer: words added to jieba's global one elsewhere must not change
    # how questions are cut here.
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def segments(text: str, gazetteer: Gazetteer) -> list[Segment]:
    """Places, periods, then jieba words typed as question, stop, verb or content.

    Consecutive content words are merged into one content phrase.
    """
    fixed = [(m.start, m.end, "place") for m in gazetteer.mentions(text)]
    for match in _PERIOD.finditer(text):
        if not any(start < match.end() and match.start() < end for start, end, _ in fixed):
            fixed.append((match.start(), match.end(), "period"))
    fixed.sort()
    parts: list[Segment] = []
    cursor = 0
    for start, end, kind in [*fixed, (len(text), len(text), "")]:
        parts.extend(_word_segments(text, cursor, start))
        if kind:
            parts.append(Segment(start, end, text[start:end], kind))
        cursor = end
    return _merge_content(parts)


def _word_segments(text: str, start: int, end: int) -> list[Segment]:
    parts: list[Segment] = []
    position = start
    for word in _tokenizer().lcut(text[start:end], HMM=False):
        kind = _word_kind(word, parts[-1].kind if parts else "")
        if word.strip():
            parts.append(Segment(position, position + len(word), word, kind))
        position += len(word)
    return parts


def _word_kind(word: str, previous_kind: str) -> str:
    if word in _QUESTION_WORDS or (previous_kind == "question" and word in _COUNTERS):
        return "question"
    if any(word.startswith(asking) and word[len(asking) :] in _COUNTERS for asking in _QUESTION_WORDS):
        return "question"  # jieba's 几天, 多少年: a question word with its counter
    if word in _STOP_WORDS or not word.strip() or re.fullmatch(r"[\W_]+", word):
        return "stop"
    if word in _VERBS:
        return "verb"
    return "content"


def _merge_content(parts: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for part in parts:
        previous = merged[-1] if merged else None
        if previous and part.kind == previous.kind == "content" and previous.end == part.start:
            merged[-1] = Segment(previous.start, part.end, previous.text + part.text, "content")
        else:
            merged.append(part)
    return merged


# --- single-question analysis -----------------------------------------------------------

def region_scope(regions: list[str], question: str, gazetteer: Gazetteer) -> list[str]:
    """The regions and every place under them, unless the question says 本级 (city level only)."""
    scope: list[str] = []
    for name in regions:
        scope.append(name)
        own_level_only = re.search(rf"{re.escape(name)}[（(]?(?:市|县|区)?本级", question) or (
            "本级" in question and len(regions) == 1
        )
        if not own_level_only:
            scope.extend(region.name for region in gazetteer.descendants(name))
    return list(dict.fromkeys(scope))


# of the units a question word stands before, those of measure (几厘米, 几公顷, 几吨) ask a quantity
# on their own; a counter (几辆车) asks one where jieba reads it with 几 as one numeral word (几档, 几类)
_MEASURE = re.compile(r"[吨米克升亩度]|[\u4e00-\u9fff]*(?:米|公顷|公里|海里|克|公斤|升|瓦|瓦时|分贝|伏|赫|赫兹|吨|摄氏度)")


def _unit_asked(question: str) -> bool:
    """几厘米, 几千瓦, 几公顷: a question word before a unit of measure of units.json, not a time named
    (这几年, 哪几天, 头几个月); 几档, 几类, 几辆车: a numeral word of 几 and a measure word (jieba's "m",
    alone or opening a noun), a count (几月, 几日, 几点 ask a date or a time)."""
    if any(
        not re.search(r"[哪月那这头好近前]$", question[: match.start()]) and _MEASURE.fullmatch(match.group("unit"))
        for match in _explicit_unit().finditer(question)
    ):
        return True
    position = 0
    for word, flag in _tagged(question):
        counter = _numeral_word(word, flag)
        if re.fullmatch(r"几(?![月日号点时])[\u4e00-\u9fff]", counter) and not re.search(r"[哪月那这头好近前十百千万了]$", question[:position]):
            return True
        position += len(word)
    return False


def _numeral_word(word: str, flag: str) -> str:
    """A numeral word of the question (jieba's "m"), or the numeral word opening a noun: 几辆车 is
    cut as one noun, its 几辆 counts as well."""
    if flag == "m":
        return word
    opening = word[:2]
    if word.startswith("几") and len(word) > 2 and _tagged(opening) == ((opening, "m"),):
        return opening
    return ""


def asks_for_figure(question: str) -> bool:
    """A quantity is asked (多少, 比例, 哪个更高, 几厘米: 几 before any unit the figures are read in); not
    when only a unit, date or 文号 is asked."""
    question = _without_proposals(question)
    if not _FIGURE_WORDS.search(question) and not _unit_asked(question):
        return False
    asks_other = _RESPONSIBLE.search(question) or _ISSUER.search(question) or _DOC_NUMBER.search(question)
    # 负责审批的人…几天内作出决定, 提前多久向主管部门报告: a quantity asked in a unit (几天, 几个月) or
    # a length of time, whatever else is named
    return not asks_other or bool(re.search(r"多少|多久|多长时间|几[家个项台亩]", question) or _explicit_unit().search(question))


# a yes-or-no ask besides the permission words of answer_types.json "permission" (能不能, 可不可以…)
_YES_NO = re.compile(r"(?:吗|么)$|会不会|是不是|要不要")


def _without_proposals(question: str) -> str:
    """The question without the phrases that propose a case and ask yes or no of it, where 几 is "a
    few" and asks for no figure (能不能让他去当几年护林员来抵？, 能不能自己拔几根头发寄过去？); a
    quantity asked beside them stays (有效期几年，到期要换吗)."""
    parts = re.split(r"(?<=[，,；;。？?！!])", question)
    def asks_yes_or_no(part: str) -> bool:
        said = part.rstrip("，,；;。？?！! ")
        return _YES_NO.search(said) is not None or answer_rule("permission").search(said) is not None

    kept = [part for part in parts if not (asks_yes_or_no(part) and all(m.group().startswith("几") for m in _FIGURE_WORDS.finditer(part)))]
    return "".join(kept)


def units_of_each_ask(asks: list[str]) -> list[str]:
    """The units answering any of several questions asking figures (多大范围内不能新建？按几年一遇算？):
    each one's expected units, together; none (any unit) when one of them may be answered in any."""
    units: list[str] = []
    for ask in asks:
        expected = expected_units(ask)
        if not expected:
            return []
        units += [unit for unit in expected if unit not in units]
    return units


def expected_units(question: str) -> list[str]:
    """Units a figure answering the question would carry, most likely first.

    An explicit counter (多少家) decides; then a ratio word (比例, 增速) means % alone;
    then the nouns asked about (亩均 -> 万元/亩, 用地 -> 亩, 企业 -> 家 ...).
    """
    # the phrase holding the question word decides first: "过了期限也不补救，个人罚多少" asks a fine,
    # whatever period the case names
    asked_phrase = phrases_holding(question, _FIGURE_WORDS)
    for text in dict.fromkeys((asked_phrase, question)):
        for answer_type in _answer_types():
            if text and answer_type.pattern.search(text):
                return list(answer_type.units)
    explicit = _explicit_unit().search(question)
    if explicit:
        unit = explicit.group("unit")
        if unit == "个" and re.match(rf"[\u4e00-\u9fff]{{0,6}}?(?:{_answer_rules()['people_nouns']['value']})", question[explicit.end() :]):
            return ["名", "人", "个"]  # 几个急救医生: a count of people
        spoken = _answer_rules()["spoken_units"]["value"].get(unit)
        normalized = load_lexicon("units")["units"]["value"].get(unit, unit)
        return list(spoken or _answer_rules()["unit_families"]["value"].get(unit, [normalized]))
    if _RATIO.search(question):
        return ["%", "‰"]  # a share may be written per mille (千分之三)
    if _DIMENSIONLESS.search(question):
        return []
    asked = asked_noun(question)
    if asked:
        if re.search(rf"(?:{_answer_rules()['people_nouns']['value']})$", asked):
            # 多少决策机构成员同意: a count of people, or, for a body's decision, a share of its members (三分之二以上)
            quorum = answer_rule("quorum", "question").search(question[question.find(asked) + len(asked) :]) is not None
            return ["名", "人", "个", *(["%"] if quorum else [])]
        for entry in _noun_units():
            if entry.nouns.search(asked):
                return list(entry.units)  # 提多少报酬: the sum asked, whatever else the question names (专利)
        # 企业至少要压多少库存: the 库存 asked, counted in a unit no entry knows; the 企业 the case
        # names is not what is counted (十倍 of a daily turnover answers, not 多少家)
        return []
    # the nouns of the phrase holding the question word: "开一家保安服务公司，注册资本最少要多少"
    # asks a sum, whatever the 公司 before it is counted in; "测绘项目没走招投标，承包单位最多能分包
    # 出去多少" asks no count of the 项目 the case names
    for text in (asked_phrase,) if asked_phrase else (question,):
        units: list[str] = []
        words = _word_spans(text)
        for entry in _noun_units():
            if any(within_a_word(match.span(), words) for match in entry.nouns.finditer(text)):
                units.extend(unit for unit in entry.units if unit not in units)
                if entry.per_unit:
                    break  # 亩均税收 is in 万元/亩: plain money or area units would mislead
        if units:
            return units
    return []


_ASKING_WORDS = ("多少", "多大")


@functools.lru_cache(maxsize=512)
def glued_prefixes(question: str) -> dict[str, str]:
    """Each word of the question cut off a lone character before it (凌汛期 -> 凌/汛期: the word list
    lacks 凌汛期), mapped to that character, where both are of the parts of speech that make up a
    noun (keyword_lexicon.json "glued_prefix"; 内 before 完成 ends 十日内); whether the documents
    write the two together is the answering stage's to say."""
    prefixing = set(load_lexicon("keyword_lexicon")["glued_prefix"]["prefixing_tags"])
    pairs = [(pair.word, pair.flag) for pair in _part_of_speech().cut(question, HMM=False)]
    return {
        word: before
        for (before, flag), (word, word_flag) in zip(pairs, pairs[1:])
        if len(before) == 1 and "\u4e00" <= before <= "\u9fff" and flag in prefixing and len(word) >= 2 and word_flag in prefixing
    }


@functools.lru_cache(maxsize=512)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    """The words of a question (or a part of it) with their parts of speech, cut once."""
    return tuple((pair.word, pair.flag) for pair in _part_of_speech().cut(text))


def _word_spans(question: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for word, _ in _tagged(question):
        spans.append((position, position + len(word)))
        position += len(word)
    return spans


def within_a_word(span: tuple[int, int], words: list[tuple[int, int]]) -> bool:
    """Whether a matched noun cuts no word of the question's segmentation: it lies inside one
    (用地 in 工业用地) or spans whole ones (人均|收入); 用地 is not asked in 专用|地震."""
    inside_one = any(start <= span[0] and span[1] <= end for start, end in words)
    return inside_one or (span[0] in {start for start, _ in words} and span[1] in {end for _, end in words})


def asked_noun(question: str) -> str:
    """The noun a question word asks the quantity of, the last noun of the noun phrase right
    after it (多少决策机构成员同意 -> 成员, 提多少报酬 -> 报酬, 多大的水库 -> 水库); "" when the
    question word stands alone (罚多少？) or before a counter (多少家)."""
    tagged = _tagged(question)
    for index, (word, _) in enumerate(tagged):
        following = list(tagged[index + 1 :])
        if word == "多" and following[:1] and following[0][0] == "大":
            word, following = "多大", following[1:]
        if word not in _ASKING_WORDS:
            continue
        if word == "多大" and following[:1] and following[0][1] == "uj":
            following = following[1:]  # 多大的水库
        nouns = []
        for other, other_flag in following:
            if not other_flag.startswith("n") or other_flag in ("nr", "ns"):
                break
            nouns.append(other)
        return nouns[-1] if nouns else ""
    return ""


def figure_sentence_kinds(question: str, event: str) -> tuple[str, ...]:
    """The kinds of sentence (`answer_types.json` "figure_sentences") a figure asked by this question
    must stand in: ("recurrence",) for 多久评估一次, ("leave",) for 几天婚假, ("reply",) for a deadline
    asked to 答复 (`event`, what the question asks done by it)."""
    return tuple(
        kind["kind"]
        for kind in answer_table("figure_sentences")["value"]
        if re.search(kind["question"], event if kind.get("of") == "asked_event" else question)
    )


def price_per(question: str) -> str:
    """The unit a price is asked per (一平方米收多少钱, 每吨多少钱 -> 平方米, 吨: `answer_types.json`
    "price_per_unit"); "" when none is."""
    match = answer_rule("price_per_unit").search(question)
    return match.group("unit") if match else ""


def asks_requirement(question: str) -> bool:
    """A figure the rule requires is asked (面积最少要给多大, 几天之内必须申报), not the threshold of a
    condition (卖多少条就算批发, 超过多少的要审批: `answer_types.json` "condition_figure")."""
    return bool(answer_rule("condition_figure").search(question)) and not answer_rule("condition_figure", "threshold").search(question)


def asked_bound(question: str) -> str:
    """The limit a figure question asks: "<=" for an upper one (最多给几天), ">=" for a lower one
    (至少提前几天), "" for none or both (`answer_types.json` "bound")."""
    upper = answer_rule("bound", "upper").search(question) is not None
    lower = answer_rule("bound", "lower").search(question) is not None
    return "<=" if upper and not lower else ">=" if lower and not upper else ""


def asked_attribute(question: str) -> str:
    """The noun right before the phrase asking its value (胸径 of 补种的树对胸径有什么要求, 合同金额
    of 最多能占合同金额多少, 胸径 of 开封和许昌对胸径要求一样吗); "" when a verb or nothing stands
    there (要保存多少天, 罚多少)."""
    between = answer_rule("asked_attribute", "between")
    for asking in answer_rule("asked_attribute").finditer(question):
        before = re.sub(f"(?:{between.pattern})+$", "", question[: asking.start()])
        tagged = _tagged(before)
        word, flag = tagged[-1] if tagged else ("", "")
        # a body named there (主管部门, 检验机构) acts; what it is asked of is no attribute
        if flag.startswith("n") and flag not in ("nr", "ns") and len(word) >= 2 and not answer_rule("who", "answer").search(word):
            return word
    return ""


def named_period(question: str) -> str:
    """A period the question names by a noun of its own, whose length or dates it asks: 开山期,
    有效期, 规划期, 汛期 (a word of two or more characters before 期, or one word ending in 期);
    not 到期, 逾期, 期间, 期限, which name no period of their own (question_words.json)."""
    words = [word for word in _tokenizer().lcut(question, HMM=False) if word.strip()]
    for before, word in zip(["", *words], words):
        if word == "期" and len(before) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", before) and before not in _STOP_WORDS:
            return before + word
        if len(word) >= 3 and word.endswith("期") and re.fullmatch(r"[\u4e00-\u9fff]+", word):
            return word
        if len(word) == 2 and word.endswith("期") and word not in _not_periods():
            return word  # 汛期, 任期
    return ""


_PERIOD_LENGTH_ASKED = r"(?:的?(?:时间|期限|长度))?(?:一般|通常|最长|最多|最短|至少)?(?:可以|能|要|得)?(?:是|为|有)?(?:几|多少|多长|多久)"


def asks_period_length(question: str, period: str) -> bool:
    """Whether the question asks the named period's own length (有效期是几年, 筹备期最长可以多久),
    not a time within it (保修期内坏了几天来修)."""
    return bool(period) and re.search(re.escape(period) + _PERIOD_LENGTH_ASKED, question) is not None


@functools.cache
def _not_periods() -> frozenset[str]:
    return frozenset(_WORDS["understanding_not_periods"]["value"])


def find_period(question: str) -> str:
    """The first period asked about: "2025", "2021-2023", "每年", "年均", "三年", "累计"."""
    match = _PERIOD.search(question)
    if not match:
        return ""
    if match.group("range"):
        return f"{match.group('range')}-{match.group('range_end')}"
    if match.group("year"):
        return match.group("year")
    if match.group("every"):
        return "每年"
    if match.group("span"):
        return match.group("span").replace("个", "")
    return match.group()


def asks_responsible_units(question: str) -> bool:
    """Who carries a task out (责任单位, 哪些部门, 谁负责) — not who issued the document."""
    if _ISSUER.search(question) and not re.search(r"责任单位|职责单位|牵头|负责", question):
        return False
    return bool(_RESPONSIBLE.search(question))


def phrases_holding(question: str, asking: re.Pattern[str]) -> str:
    """The phrases of a question (between commas and stops) that hold a match of `asking`, joined:
    the part that asks, without the case the question describes."""
    return "，".join(phrase for phrase in re.split(r"[，,；;。？?！!]", question) if asking.search(phrase))


def asked_date(question: str) -> str:
    """Which date the question asks for, as a DocumentMeta.dates key; "" if none. A question
    that asks how long (最晚多少天内) asks for a duration, not a date."""
    if not _TIME_WORDS.search(question):
        return ""
    asks_how_long = any(answer_type.name == "duration" and answer_type.pattern.search(question) for answer_type in _answer_types())
    if asks_how_long and not _DATE_ASKED.search(question):
        return ""
    # the phrase asking the time names its aspect: "疫苗快到期了，最晚要在什么时候去补打" asks when to
    # act, not when the vaccination expires
    asking = phrases_holding(question, _TIME_WORDS)
    for key, pattern in _DATE_ASPECTS:
        if pattern.search(asking):
            if key == "施行" and names_an_instrument(asking):
                return "日期"
            return key
    return "日期"


def names_an_instrument(phrase: str) -> bool:
    """Whether a phrase speaks of an instrument that takes effect by its own terms (仲裁裁决, 合同)
    rather than of the rule (这个条例)."""
    return any(word in phrase for word in _INSTRUMENTS) and not any(noun in phrase for noun in _DOC_NOUNS)


def keywords(question: str, gazetteer: Gazetteer) -> list[str]:
    """Content phrases and verbs, without places, periods, question and stop words."""
    found = [
        part.text for part in segments(question, gazetteer)
        if part.kind in ("content", "verb") and len(part.text) >= 2
    ]
    return list(dict.fromkeys(found))
