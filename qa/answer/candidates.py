"""Every sentence of the retrieved clauses as a candidate answer, scored: its share of the
question's words (read with its lead-in, the rule a penalty enforces, the conduct a tier
qualifies), the clause's relevance and retrieval rank, and whether it states what kind of
answer is asked (a figure in the asked unit, a date, a penalty, a body). Weights:
`AnswerWeights` in qa/settings.py. `penalised` refuses a penalty that punishes another
conduct than the one asked."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from qa.ingest.quantities import Quantity, fits, of_asked_magnitude, quantities, same_quantity, stated_quantities
from qa.ingest.structure.clauses import ITEM_MARK
from qa.records import Clause, Figure, Hit, QueryUnderstanding, Retrieval
from qa.retrieve.retriever import unit_compatible
from qa.settings import AnswerWeights
from qa.text.parties import addressed_parties, party_kin
from qa.text.statement_bounds import statement_bounds
from qa.text.thesaurus import role_words
from qa.text.keywords import KeywordTokenizer
from qa.understand import answer_rule, answer_table, glued_prefixes, money_share_phrase, money_units
from qa.answer.fidelity import NUMBER
from qa.answer.penalties import ARTICLE, BREACH_OF_STATED, OWN_CONDUCT_CHARS, CROSS_REFERENCE, GENERAL_BREACH, LIABILITY_LEAD, NORM, PENALTY_SENTENCE, PENALTY_TIER, REFERS_BACK, Enforced, Penalties, for_officials_only, lead_in_text, penalised_conduct, restates_act, summarises_rule
from qa.answer.sentences import DEFAULT_RULE, PHRASE, Span, Term, abbreviation_pattern, bigrams, complement_prefixes, completed_act_pattern, coverage, everyday_act_pattern, figures_in, list_lead, paragraph_up_to, person_suffixes, pieces, sentences, series_subject, term

# a rule of conduct: a duty or a prohibition, which a penalty may enforce
# an asked date aspect must be named by the sentence that gives the date
DATE_ASPECT_WORDS = {
    "有效期至": re.compile(r"有效期|有效至|届满|失效|截止|截至"),
    "发布": re.compile(r"发布|公布|印发"),
    "成文": re.compile(r"成文|印发|签发"),
}
# 每年九月的第三个星期日, 每年三月五日, 每年十二月为…宣传月: a day or month that recurs, which date figures do not hold;
# a day of each month (每月十日前, 下月的十五日前, 次月5日前, 下一季度第一个月的十五日前)
RECURRING_DAY = re.compile(
    r"每年[^，。；]{0,8}(?:月|星期|周)[^，。；]{0,8}(?:日|天)|星期[一二三四五六日天]|每年[一二三四五六七八九十0-9０-９]{1,2}月"
    r"|(?:每|下|次)个?月的?(?:[一二三四五六七八九十]{1,3}|[0-9０-９]{1,2})[日号]|季度[^，。；]{0,8}?月的?(?:[一二三四五六七八九十]{1,3}|[0-9０-９]{1,2})[日号]"
)
# a time of day answers when something may or must happen (几点以后不准, 什么时间段运走):
# "每日七时至二十四时", "二十二时以后", "晚上10点前" (not 二十四小时, not 以下三点：)
CLOCK_TIME = re.compile(r"(?<!小)(?:[零〇一二三四五六七八九十]{1,3}|[0-9０-９]{1,2})(?:时|点钟?)(?:[零〇一二三四五六七八九十0-9]{1,3}分)?(?=[至到－—~-]|以[前后]|之[前后]|[前后起止])")
# "本条例自…起施行": when a rule takes effect
ENACTMENT = re.compile(r"[^。；\n]*自[^。；\n]{2,30}?起(?:施行|实施|执行|生效)[^。；\n]*[。；]?")
REPEAL = re.compile(r"(?:同时|予以)废止")  # "2001年…通过的《…办法》同时废止": when an older text ended


@dataclass
class Candidate:
    hit: Hit
    rank: int
    span: Span
    score: float
    relevance: float
    unit_ok: bool
    date_ok: bool
    penalty_ok: bool = False
    words: float = 0.0  # share of the question's words in the sentence and what it is read with
    read_with: str = ""  # the sentence and what it is read with (lead-in, enforced rule, tier's conduct)
    anchored: bool = False  # the sentence nearest the question in meaning, or the penalty enforcing it
    other_party: bool = False  # a penalty addressed only to parties of another kind than the one asked


# the numeral a figure's text starts with (前四十八小时: its comparator 前 stands before it)
NUMERAL_START = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千两半]")


def as_lead_time(clause: Clause, figure: Figure) -> bool:
    """Whether the sentence states the figure as a lead time: after 提前 (提前四十八小时通知) or
    before 前 (停止供水四十八小时前公告, 届满三十日以前), `answer_types.json` "lead_time"."""
    start, end = figure.start - clause.start, figure.end - clause.start
    numeral = NUMERAL_START.search(figure.text)
    before = clause.text[max(start - 4, 0) : start] + figure.text[: numeral.start() if numeral else 0]
    return bool(answer_rule("lead_time", "before").search(before) or answer_rule("lead_time", "after").search(clause.text[end : end + 2]))


def stated_as_asked(clause: Clause, figure: Figure, kinds: Sequence[str]) -> bool:
    """Whether the sentence of a figure states it as each kind asked (`answer_types.json`
    "figure_sentences"): a recurrence for 多久评估一次 (每五年进行一次, 复审周期, not 自核定公布之日起一年内
    划定保护范围), a leave for 几天婚假 (not 献血间隔期不少于二周), a reply for 几天之内答复 (not "应当在五个
    工作日内予以提供", nor a period to 转交 the request), an arrival for 多少分钟内赶到现场 (not "三分钟内…
    派出急救车")."""
    sentence = sentence_of_figure(clause, figure)
    return all(re.search(kind["answer"], sentence) for kind in answer_table("figure_sentences")["value"] if kind["kind"] in kinds)


def asked_cases(understanding: QueryUnderstanding) -> list[Quantity]:
    """The case the question describes (用了十七八年, 七十来年的树), which meets some thresholds and
    not others; a follow-up's condition stating its own case (要是超了一倍还多呢？) replaces the
    case asked before."""
    return (understanding.condition and stated_quantities(understanding.condition)) or stated_quantities(understanding.resolved_question)


def meets_case(cases: Sequence[Quantity], text: str) -> bool | None:
    """Whether the case a question describes (工作了15年, 十七八年) meets the thresholds a sentence
    states: True when it meets every bound stated there (高于或者等于十四摄氏度、低于十六摄氏度: 十五度
    meets both); False when it meets none, or misses one bound of the single bracket the sentence
    states (满一年不足五年 for 十二年); None when the sentence states no bound of the case's kind, or
    several brackets of which it meets some."""
    judged = [(rule.comparator, verdict) for case in cases for rule in quantities(text) if (verdict := fits(case, rule)) is not None]
    verdicts = {verdict for _, verdict in judged}
    if verdicts == {True}:
        return True
    if verdicts == {False}:
        return False
    if False in verdicts:
        bounds = [comparator for comparator, _ in judged]
        # a range (一至三公斤) is a lower and an upper bound: two ranges are two brackets
        if sum(bound in (">=", ">", "range") for bound in bounds) <= 1 and sum(bound in ("<=", "<", "range") for bound in bounds) <= 1:
            return False  # one lower and one upper bound: a single bracket, missed
    return None


def beyond_every_bracket(ranked: Sequence[Candidate], cases: Sequence[Quantity]) -> bool:
    """Whether the case a question describes (一炮用了20公斤炸药) falls outside the brackets the best
    answer states (一至三公斤, 四至六公斤, …十一至十五公斤) and every other sentence stating the asked
    kind of figure meets none either: the rule sets nothing for that case."""
    if not cases or not ranked or meets_case(cases, ranked[0].span.text) is not False:
        return False
    return not any(meets_case(cases, candidate.span.text) for candidate in ranked if candidate.unit_ok)


# the end of what a period counts from: 自测试整改完成之日起, 收到申请后, 届满之日起，
COUNTED_FROM = re.compile(r"(?:之日|之时|后|以后)起?[，,]?$|起[，,]?$")
COMPLETED = re.compile(r"(?:完成|完毕|结束|完)了?$")  # 整改完, 审查完毕: a deed asked done by the deadline


def period_phrases(clause: Clause, figure: Figure) -> tuple[str, str]:
    """What a period counts from (the phrase before it, from its 自/从/在/于 where it has one: "对检验
    结果有异议的，可以自收到检验结果之日起十个工作日内" -> not the condition before) and what must be done
    within it (the phrase after it; "三十日内，将…报…备案" reads on past the comma)."""
    start, end = figure.start - clause.start, figure.end - clause.start
    opening = max(clause.text.rfind(mark, 0, start) for mark in "。；;，,\n") + 1
    counted_from = clause.text[opening:start]
    marker = max(counted_from.rfind(mark) for mark in "自从在于")
    counted_from = counted_from[marker:] if marker >= 0 else counted_from
    done_within = re.split(r"[，。；;,]", clause.text[end:].lstrip("，, "), maxsplit=1)[0]
    return counted_from, done_within


def counts_from_asked_event(clause: Clause, figure: Figure, event: str) -> bool:
    """Whether a period runs from what the question asks to be done by its deadline rather than
    up to it: "自测试整改完成之日起十五日内向…备案" sets when to report once the rectification is
    done, no deadline of 多少天内整改完. Told by the asked event's character pairs, more of which
    stand in what the period counts from than in what must be done within it."""
    asked = bigrams(event)
    counted_from, done_within = period_phrases(clause, figure)
    if not asked or not COUNTED_FROM.search(counted_from):
        return False
    finished = COMPLETED.search(event)
    if finished and len(event[: finished.start()]) >= 2:
        # 多少天内整改完 against "在整改结束之日起十日内将整改情况报告": the clock starts when it is done
        if re.search(re.escape(event[finished.start() - 2 : finished.start()]) + r"[^，。；;,]{0,4}?(?:完成|结束|完毕)", counted_from):
            return True
    return len(asked & bigrams(counted_from)) > len(asked & bigrams(done_within))


# particles and directional complements (发出去, 要交上来, 补上): what carries no act of its own; not 出,
# which is part of the verb more often than not (作出, 提出, 出具)
EVENT_FILLER = "的了得要把将给上下来去进回过起开"
DONE = re.compile(r"(?:[好完]|完成|完毕|下来|出来)了?$")  # 挂好, 种好了, 办完, 办下来, 批下来, 查出来


def deadline_of_another_act(clause: Clause, figure: Figure, event: str) -> bool:
    """Whether a deadline is set for another act than the one asked done by it: "自确定中标人之日起
    十五日内，向有关行政监督部门提交…书面报告" is no deadline of 几天内要发出去 (the 中标通知书), nor
    "十五日内…向村民发布公告" one of 多少天之内必须补选. Told by the act done within the period, which
    holds no character of the asked one; a period with no act after it, and an act asked done
    (挂好, 种好, 办完: its verb is often the text's in other words), are left alone."""
    if DONE.search(event):
        return False
    after = clause.text[figure.end - clause.start :]
    if not (figure.text.endswith("内") or re.match(r"(?:以|之)?内", after)):
        return False
    done_within = period_phrases(clause, figure)[1]
    return bool(done_within) and not (set(event) - set(EVENT_FILLER)) & set(done_within)


def deadline_of_start_event(clause: Clause, figure: Figure, start_event: str, asked_event: str = "") -> bool:
    """Whether a period is the deadline of what the question counts from, not a period from it:
    "自收到…调解申请之日起三个工作日内…予以受理" is when 受理 must be done, no answer to 受理以后多久
    得调完. Told as `counts_from_asked_event` is, the other way round, by the words of the event the
    question does not name again in what it asks done (成立了业主大会筹备组以后…开第一次业主大会: 筹备组)."""
    asked = bigrams(start_event) - bigrams(asked_event)
    counted_from, done_within = period_phrases(clause, figure)
    if not COUNTED_FROM.search(counted_from):
        # "在接到…缴款通知后，必须在十五日内办理完缴款手续": what it counts from stands in the phrase before
        before = clause.text[: figure.start - clause.start]
        counted_from = before[max(before.rfind(mark) for mark in "。；;\n") + 1 :]
    return len(asked & bigrams(done_within)) > len(asked & bigrams(counted_from))


@functools.cache
def share_bases() -> tuple[tuple[frozenset[str], re.Pattern[str], re.Pattern[str]], ...]:
    """For each kind of amount (money, area): the units asking it, and the sum a share may be a share
    of, named right after it (百分之五的门票收入) or right before it (净收入的20%, 从…利润…提取不低于百分之五,
    使用面积的百分之九十五)."""
    table = answer_table("share_bases")
    return tuple(
        (
            frozenset(table["units"][kind]),
            re.compile(rf"^的?[\u4e00-\u9fff]{{0,6}}?(?:{nouns})"),
            re.compile(rf"(?:{nouns})(?:的|中|[^，。；]{{0,12}}?(?:提取|计提|拿出|安排|用于|划出))$"),
        )
        for kind, nouns in table["nouns"].items()
    )


def share_of_asked_base(clause: Clause, figure: Figure, units: Sequence[str]) -> bool:
    """Whether a percentage or a multiple states an amount of the kind asked (money, area) as a
    share of a sum of that kind named beside it: it answers 门票收入要拿出多少, 能分多少报酬, 多少面积
    对公众开放, and 逃票了还得多掏多少钱 (加收五倍票款); so does a count of months of a monthly sum
    (不超过当地月最低工资标准十二个月金额, 支付三个月工资)."""
    after = clause.text[figure.end - clause.start :]
    if figure.unit in answer_table("share_bases")["months_of"]:
        return any(asking.intersection(units) and following.match(after) is not None for asking, following, _ in share_bases())
    if figure.unit not in ("%", "倍"):
        return False
    before = clause.text[: figure.start - clause.start]
    phrase = before[max(before.rfind(mark) for mark in "，,。；;：:\n") + 1 :]
    return any(
        asking.intersection(units) and (following.match(after) is not None or preceding.search(phrase) is not None)
        for asking, following, preceding in share_bases()
    )


def share_of_money(clause: Clause, figure: Figure) -> bool:
    """Whether a share or a multiple is one of a sum of money, named in its phrase (当地最低工资的百分之六十,
    并处违法所得一倍以上五倍以下的罚款, 退还收费额的50%): a money question is not answered by a share of
    people (不得少于组成人员的二分之一) or of land (answer_types.json "money", "share_phrase")."""
    opening = max(clause.text.rfind(mark, 0, figure.start - clause.start) for mark in "，,。；;：:\n") + 1
    closings = [at for mark in "，,。；;\n" if (at := clause.text.find(mark, figure.end - clause.start)) >= 0]
    phrase = clause.text[opening : min(closings, default=len(clause.text))]
    return re.search(money_share_phrase(), phrase) is not None


def sentence_of_figure(clause: Clause, figure: Figure) -> str:
    """The sentence of a clause a figure stands in (up to its 。 or ；)."""
    opening, closing = statement_bounds(clause.text, figure.start - clause.start, figure.end - clause.start)
    return clause.text[opening:closing]


def priced_per(clause: Clause, figure: Figure, unit: str) -> bool:
    """Whether a sum is stated per the asked unit (每平方米一千五百元, 1.2元/立方米), in its phrase."""
    before = clause.text[: figure.start - clause.start]
    stated = re.split(r"[，,。；;：:]", before)[-1] + figure.text
    return re.search(answer_rule("price_per_unit", "answer").pattern.replace("{unit}", re.escape(unit)), stated) is not None


def in_a_condition(clause: Clause, figure: Figure) -> bool:
    """Whether a figure stands in a condition its sentence goes on from (居住时间在三十日以下的，可以不申报;
    建筑物总面积超过十五万平方米的，…): the rest of the phrase holding it ends in 的 and a comma."""
    rest_of_phrase = PHRASE.match(clause.text, figure.end - clause.start).group()
    return answer_rule("condition_figure", "condition").search(rest_of_phrase) is not None


def fits_an_ask(clause: Clause, figure: Figure, understanding: QueryUnderstanding) -> bool:
    """Whether a figure of the asked unit is of the asked magnitude (几年: not 二个工作日), when a
    lead time is asked, one, and stands in a sentence of each kind asked (a recurrence for 多久…一次, a
    reply for 几天内答复: `stated_as_asked`). A question asking two things (要提前多久申请延续？有效期是
    几年？) asks one of each: the figure answers when it fits either."""
    if understanding.asked_event and counts_from_asked_event(clause, figure, understanding.asked_event):
        return False
    if understanding.asked_event and not understanding.figure_sentences and deadline_of_another_act(clause, figure, understanding.asked_event):
        return False  # an act of a known kind (a reply, a submission) is told by its kind, `stated_as_asked`
    if understanding.asks_requirement and in_a_condition(clause, figure) and not asked_cases(understanding):
        return False
    if understanding.start_event and deadline_of_start_event(clause, figure, understanding.start_event, understanding.asked_event):
        return False
    if answer_rule("deadline_within").search(understanding.resolved_question):
        if figure.text.startswith("每"):
            return False  # 每季度不得少于一次 sets how often, no deadline of 几天内
        if not understanding.asks_lead_time and as_lead_time(clause, figure):
            return False  # 届满两个月前…提出申请 sets how far ahead to act, no deadline of 多长时间内审完
    if understanding.price_per and not priced_per(clause, figure, understanding.price_per):
        return False
    checks = []
    if understanding.asked_unit:
        checks.append(of_asked_magnitude(figure.value, figure.value_to, figure.unit, understanding.asked_unit))
    if understanding.asks_lead_time:
        checks.append(as_lead_time(clause, figure))
    if understanding.figure_sentences:
        checks.append(stated_as_asked(clause, figure, understanding.figure_sentences))
    if not checks:
        return True
    return any(checks) if understanding.asks_two else all(checks)


# any provision named by number: 违反本条例第十八条, 违反第二项规定的, 有前款规定行为之一的
NAMES_A_PROVISION = re.compile(r"第[一二三四五六七八九十百零〇0-9（()）]+[条款项]|前[一二两三四五六]?款|本条|本款")


def states_conduct_citing_nothing(paragraph: str) -> bool:
    """Whether a paragraph of a penalty clause opens with a conduct of its own ("施工单位通过挂靠
    方式，以其他施工单位的名义承揽工程的，由…处…罚款") and cites no rule anywhere in it: it punishes
    that conduct, whatever rule another paragraph of its clause cites. A tier (情节严重的，…; 对单位…)
    continues the conduct before it and opens none."""
    text = ITEM_MARK.sub("", ARTICLE.sub("", paragraph.strip()).strip()).strip()
    if NAMES_A_PROVISION.search(text) or PENALTY_TIER.match(text) or GENERAL_BREACH.match(text):
        return False
    opening = re.match(r"[^。；;]*?的[，,]", text)
    return opening is not None and len(opening.group()) - 2 > OWN_CONDUCT_CHARS


# a phrase that is a period opening its sentence: "在建设工程竣工验收通过之日起六个月内，"
PERIOD_OPENING = re.compile(r"(?:内|以内|之内|以前|之前|前)[，,]$")


# a paragraph naming the matter of the one before it: 前款规定的…, 上述…, 该…
REFERS_UP = re.compile(r"^(?:前款|前述|上述|该)")


def opening_taken_up(clause: Clause, span: Span) -> str:
    """For a later paragraph of an article that opens on the matter of the article's opening
    sentence ("补栽的树木胸径不得小于五厘米" below "第四十二条 经批准砍伐树木的，应当按照有关规定进行补栽。",
    its first two characters written there, or 前款/上述…): that opening sentence, which names
    what the paragraph's figure is about. "" for a sentence of the first paragraph, or a paragraph
    opening on a matter of its own."""
    offset = span.start - clause.start
    first_break = clause.text.find("\n")
    if first_break < 0 or offset <= first_break:
        return ""
    paragraph_start = clause.text.rfind("\n", 0, offset) + 1
    if clause.text[paragraph_start:offset].strip():
        return ""  # a later sentence of its paragraph: the paragraph's own first sentence opens it
    opening = sentences(clause)[0].text
    head = ARTICLE.sub("", span.text).strip()[:2]
    return opening if REFERS_UP.match(span.text) or (len(head) == 2 and head in ARTICLE.sub("", opening)) else ""


def shares_a_word(candidate: Candidate, terms: list[Term]) -> bool:
    """Whether a sentence speaks of the question: it holds one of its words, or, naming nothing of
    it itself, takes up an article's opening that does ("补栽的树木胸径不得小于五厘米" below "经批准
    砍伐树木的，应当…进行补栽"). The opening's words do not rank it: they are the article's, and
    another sentence of it may state the asked figure in words of its own."""
    if candidate.words > 0:
        return True
    return not candidate.penalty_ok and coverage(terms, opening_taken_up(candidate.hit.clause, candidate.span)) > 0


def nearest_by_morphemes(ranked: Sequence[Candidate], morphemes: Sequence[str], least: int) -> tuple[str, int] | None:
    """For a question whose words no sentence holds: the sentence holding most of its
    single-character morphemes (树木生长影响市民采光…提出修剪请求 for 树长得太高把光挡了能让人来剪吗), as
    (clause_id, start), when it holds at least `least` and more than every sentence of another
    clause; None otherwise."""
    counted = sorted(
        ((sum(1 for morpheme in morphemes if morpheme in candidate.read_with), candidate) for candidate in ranked),
        key=lambda pair: -pair[0],
    )
    if not counted or counted[0][0] < least:
        return None
    best_count, best = counted[0]
    if any(count >= best_count for count, other in counted[1:] if other.hit.clause.clause_id != best.hit.clause.clause_id):
        return None
    return (best.hit.clause.clause_id, best.span.start)


def binds_a_public_body(rule: str) -> bool:
    """Whether a duty or prohibition binds a public body: its subject, the whole phrase before its
    first 应当, 不得, 必须 or 禁止, ends in a body's name (answer_types.json "public_body_rule"). A
    body's duty set on a conduct ("合作社未按照…分配盈余的，有关部门应当责令其限期改正") is that
    conduct's consequence, not the body's own duty."""
    norm = NORM.search(rule)
    subject = re.sub(r"\s", "", ARTICLE.sub("", rule[: norm.start()])) if norm else ""
    return bool(subject) and not re.search(r"[，,；;]", subject) and answer_rule("public_body_rule", "subject").search(subject) is not None


def names_only_its_measure(phrase: Span, figure: Figure) -> bool:
    """Whether a figure's phrase names only which measure the figure is (期限三年, 比例不低于30%):
    answer_types.json "measure_phrase". The figure stands in the phrase."""
    offset = figure.start - phrase.start
    rest = phrase.text[:offset] + phrase.text[offset + len(figure.text) :]
    return answer_rule("measure_phrase", "text").search(re.sub(r"[\s，,。；;：:、]", "", rest)) is not None


CONTINUES_PHRASE = re.compile(r"\s*(?:并且?|同时|还)")


def figure_grounded(candidate: Candidate, terms: list[Term]) -> bool:
    """Whether a figure of the sentence stands in a phrase that names one of the question's terms
    in full (急救车, not its part 急救), read with the sentence's first phrase (its subject) and
    its list's lead-in. A role (承租人, 出租人) says who acts there, not what the figure measures."""
    clause, span = candidate.hit.clause, candidate.span
    phrases = pieces(PHRASE, span.text, span.start)
    # a paragraph naming nothing of the question is read with the opening it takes up, as it is ranked
    opening = "" if coverage(terms, span.text) else opening_taken_up(clause, span)
    context = lead_in_text(clause) + opening + (phrases[0].text if phrases else "")
    measured = [term for term in terms if not term.forms & role_words()]
    # a short sentence may name what its figure measures after it: "自发出公告之日起，经过六十日，即视为送达"
    closing = phrases[-1].text if 2 < len(phrases) <= 3 else ""
    for figure in figures_in(clause, span):
        position = next((index for index, phrase in enumerate(phrases) if phrase.start <= figure.start < phrase.end), None)
        own = phrases[position].text if position is not None else ""
        if position is not None and position + 1 < len(phrases) and PERIOD_OPENING.search(own):
            # "在…之日起六个月内，建设单位应当将…报…备案": what is done within the period follows it
            own += phrases[position + 1].text
        if position and (names_only_its_measure(phrases[position], figure) or CONTINUES_PHRASE.match(phrases[position].text)):
            # "选票由…统一封存，期限三年": the phrase before names what the figure measures;
            # "…补收票款，并可加收五倍票款": a phrase opening with 并 goes on with the act before it
            own = phrases[position - 1].text + own
        compact = re.sub(r"\s", "", context + own + closing)
        if any(term.named_in(compact) for term in measured):
            return True
    return False


def figure_phrase_names(candidate: Candidate, morphemes: Sequence[str]) -> bool:
    """Whether a figure of the sentence stands in a phrase holding one of the question's
    single-character morphemes: "男十一岁至六十岁，女十一岁至五十五岁" states the ages asked of 男的."""
    phrases = pieces(PHRASE, candidate.span.text, candidate.span.start)
    return any(
        any(morpheme in phrase.text for morpheme in morphemes)
        for figure in figures_in(candidate.hit.clause, candidate.span)
        for phrase in phrases if phrase.start <= figure.start < phrase.end
    )


# a sentence setting a period's dates or length: "…为本市森林防火戒严期", "全省森林防火期为每年的…"
DEFINES_PERIOD = re.compile(r"为(?P<after>[\u4e00-\u9fff]{1,14}?期)(?=[。，；,;：:]|$)|(?P<before>[\u4e00-\u9fff]{1,3}期)(?:为|是|自|从)")


def period_name(period: str) -> re.Pattern[str]:
    """The asked period as a text may name it, with up to four characters before its 期 (有效期:
    有效期限; 筹备期: 筹备设立期)."""
    return re.compile(re.escape(period[:-1]) + r"[\u4e00-\u9fff]{0,4}?期")


def names_period(candidate: Candidate, period: str) -> bool:
    """Whether a sentence, read with its list's lead-in and the sentences of its paragraph before
    it, names the period asked (有效期 in "许可证有效期限为五年", 筹备期 in "未在筹备设立期完成的",
    保修期 in "建设工程在保修期内出现质量缺陷，…。…自接到通知书之日起七日内到达现场") and sets no
    other one ("在防火期内，3月15日至4月15日为本市森林防火戒严期" sets the 戒严期, not the 防火期 it names)."""
    written = period_name(period)
    clause = candidate.hit.clause
    if not written.search(re.sub(r"\s", "", lead_in_text(clause) + paragraph_up_to(clause, candidate.span))):
        return False
    defined = DEFINES_PERIOD.search(re.sub(r"\s", "", candidate.span.text))
    # the period a sentence sets is the asked one written out whole: 防火戒严期 is another period than 防火期
    return defined is None or period in (defined.group("after") or defined.group("before"))


def measures_period(candidate: Candidate, period: str) -> bool:
    """Whether a figure of the sentence states the named period's length: it stands in the phrase
    naming the period (有效期限为五年) or the one after it (有效期，三年), or the sentence's subject
    names the period (许可证的有效期，自发证之日起计算，为三年)."""
    written = period_name(period)
    phrases = pieces(PHRASE, candidate.span.text, candidate.span.start)
    figures = figures_in(candidate.hit.clause, candidate.span)
    if phrases and figures and written.search(phrases[0].text):
        return True
    for figure in figures:
        position = next((index for index, phrase in enumerate(phrases) if phrase.start <= figure.start < phrase.end), None)
        if position is not None and any(written.search(phrases[index].text) for index in (position - 1, position) if index >= 0):
            return True
    return False


def naming_period(candidates: list[Candidate], period: str) -> list[Candidate]:
    """The candidates naming the asked period (`names_period`), those setting it under its own name
    first: "全省5月15日至9月30日为汛期" answers 汛期 before "伏秋汛期为每年的7月1日至10月31日"."""
    named = [c for c in candidates if c.hit.clause.kind == "table_row" or names_period(c, period)]

    def sets_it_by_name(candidate: Candidate) -> bool:
        defined = DEFINES_PERIOD.search(re.sub(r"\s", "", candidate.span.text))
        return defined is not None and (defined.group("after") or defined.group("before")) == period

    return sorted(named, key=lambda candidate: not sets_it_by_name(candidate))


# the base a fine is measured on: "处以租金总额一倍以下罚款", "并处违法所得二倍以上五倍以下的罚款"
FINE_BASE = re.compile(r"(?:处以|并处|处)(?P<base>[^，。；、]{1,15}?)(?:[一二三四五六七八九十两0-9.]+倍|百分之)")


def without_fine_base(sentence: str) -> str:
    """A penalty sentence without the base its fine is measured on: 租金 in "处以租金总额一倍以下
    罚款" says what the fine is counted on, not what conduct it punishes."""
    return FINE_BASE.sub(lambda match: match.group(0).replace(match.group("base"), "　"), sentence)


def in_anchored_paragraph(clause: Clause, span: Span, anchor: tuple[str, int]) -> bool:
    """The anchored sentence, or one after it in its paragraph: "违反本条第一款第六项规定，从建筑物
    向外抛掷物品的，…应当进行劝阻；…城市管理执法部门…处五十元以上二百元以下罚款" names the
    conduct in its first sentence and punishes it in a later one. When that paragraph punishes
    nothing, the paragraph right after it too: "宠物…的粪便，饲养人应当立即清除。\n不立即清除的，
    处以…罚款"."""
    clause_id, start = anchor
    if clause.clause_id != clause_id or span.start < start:
        return False
    text, offset, at = clause.text, start - clause.start, span.start - clause.start
    paragraph_end = text.find("\n", offset)
    if paragraph_end < 0 or at < paragraph_end:
        return True
    if PENALTY_SENTENCE.search(text[offset:paragraph_end]):
        return False
    following = len(text) - len(text[paragraph_end:].lstrip("\n"))
    following_end = text.find("\n", following)
    return following <= at and (following_end < 0 or at < following_end)


class CandidateRanker:
    def __init__(self, tokenizer: KeywordTokenizer, weights: AnswerWeights, penalties: Penalties) -> None:
        self.tokenizer = tokenizer
        self.weights = weights
        self.penalties = penalties

    # --- the question's terms ---------------------------------------------------------
    def question_terms(self, words: list[str], unknown: list[str], understanding: QueryUnderstanding) -> list[Term]:
        """The terms an answering sentence is matched with: the question's content words (as
        understood once, places aside) with their synonyms and parts, and its unknown runs,
        present by any pair of their characters."""
        # a penalty question's own words (处罚, 罚款) stand in every penalty: the conduct decides;
        # the party it asks about counts where a sentence addresses it ("个人违反…"), not where it
        # is mentioned ("交由…企业和个人处置")
        frame = PENALTY_SENTENCE if understanding.asks_penalty else None
        # 哪个部门 asks for a body: 部门 is found wherever a body is named (公安机关履行下列职责)
        who = answer_rule("who").search(understanding.resolved_question) if understanding.asks_who else None
        # 凌汛期 cut 凌/汛期: the compound the documents write is the word asked, so 凌汛期's sentence
        # answers, not 伏秋汛期's
        prefixes = glued_prefixes(understanding.resolved_question)
        terms = []
        for word in words:
            if frame and (frame.search(word) or "处罚" in word):
                continue
            glued = prefixes.get(word, "") + word
            if glued != word and self.penalties.index.occurrences(glued):
                terms.append(term(glued, []))
                continue
            asked = term(word, self.tokenizer.subwords(word), understanding.variants.get(word, ()))
            unwritten = self.penalties.index.occurrences(word) == 0
            abbreviated = abbreviation_pattern(word, unwritten)
            if abbreviated and not understanding.variants.get(word) and (len(word) == 2 or unwritten):
                asked = replace(asked, shortened=abbreviated)  # 禁放区, never written as it stands; 履职, written both ways
            completed = completed_act_pattern(word) if unwritten else ""
            if completed:
                asked = replace(asked, shortened=completed)  # 拆掉, written 拆除
            if who is not None and word in who.group():
                asked = replace(asked, any_of_kind=answer_rule("who", "answer"))
            unasked = tuple(prefix for prefix in complement_prefixes(word) if prefix + word not in understanding.resolved_question)
            if unasked:
                asked = replace(asked, complement=unasked)
            persons = tuple(suffix for suffix in person_suffixes(word) if suffix not in understanding.resolved_question)
            if persons:
                asked = replace(asked, persons=persons)
            terms.append(replace(asked, party=word) if frame and word in understanding.parties else asked)
        return terms + [
            Term(frozenset(bigrams(run)) | frozenset(understanding.variants.get(run, ())), shortened=everyday_act_pattern(run)) for run in unknown
        ]

    @staticmethod
    def who_focus(understanding: QueryUnderstanding, terms: list[Term]) -> Term | None:
        """What a who-question asks about: the question's word right before 由谁 / 归谁 / 谁来
        (组长由谁来当, 维修资金归谁管); None for another question."""
        if not understanding.asks_who:
            return None
        question = understanding.resolved_question
        who = answer_rule("who").search(question)
        if who is None:
            return None
        before = question[: who.start()].rstrip("，, 的")
        return next((term for term in terms for form in sorted(term.forms, key=len, reverse=True) if before.endswith(form)), None)

    @staticmethod
    def attribute_focus(understanding: QueryUnderstanding, terms: list[Term]) -> Term | None:
        """The term of the attribute a question asks of a thing (胸径 of 胸径有什么要求); None when
        it asks none, or names nothing else to tell it from."""
        attribute = understanding.asked_attribute
        if not attribute or len(terms) < 2 or understanding.asks_who:
            return None
        return next((term for term in terms if attribute in term.forms), None)

    def asked_terms(self, understanding: QueryUnderstanding) -> list[Term]:
        return self.question_terms(understanding.content_words, understanding.unknown_words, understanding)

    def condition_terms(self, understanding: QueryUnderstanding) -> list[Term]:
        return self.question_terms(understanding.condition_words, understanding.condition_unknown_words, understanding)

    # --- scoring ----------------------------------------------------------------------
    def relevance(self, hit: Hit, terms: list[Term], enforced: Enforced | None = None) -> float:
        """How well a clause matches the question: its share of the question's words (a penalty
        clause read with the rule it enforces), or, for questions worded unlike the text
        (paraphrases), the embedding similarity rescaled between the similarity floor (0) and
        "similar enough" (1), `Settings.answer`."""
        conduct = enforced.conduct if enforced is not None else ""
        lexical = coverage(terms, hit.clause.matching_text() + " ".join(hit.clause.path) + conduct)
        semantic = ((hit.dense_similarity or 0.0) - self.weights.similarity_floor) / (self.weights.similar_enough - self.weights.similarity_floor)
        return max(lexical, min(max(semantic, 0.0), 1.0))

    def candidates(
        self,
        retrieval: Retrieval,
        terms: list[Term],
        limit: int | None = None,
        enforced: dict[str, Enforced] | None = None,
        anchor: tuple[str, int] | None = None,
    ) -> list[Candidate]:
        """Every sentence of the top hits, scored; `enforced` maps a penalty clause reached by
        its cross-reference to the text of the rule it enforces. `anchor` (clause_id, start): a
        sentence that speaks to a question worded unlike the text (Composer._nearest_in_meaning);
        it, and a penalty enforcing its rule, count as holding the question's words."""
        understanding = retrieval.understanding
        limit = limit or self.weights.candidates
        units = list(understanding.expected_units) if understanding.figure_intent else []
        asks_money = bool(set(units) & money_units())
        asks_sum = "元" in units  # a sum of money, not a share asked (比例 questions expect % alone)
        asked_numbers = set(NUMBER.findall(understanding.resolved_question))
        case_quantities = asked_cases(understanding)
        condition_states_case = bool(understanding.condition) and bool(stated_quantities(understanding.condition))
        # a follow-up's condition (要是人牺牲了) is what the answer must now speak to
        condition_terms = self.condition_terms(understanding)
        # what a follow-up names anew (那履约保证金呢？) is what the answer must now speak of, in the
        # sentence or what it is read with (the lead-in naming 国家基本气象站 for its items)
        fresh_terms = self.question_terms(understanding.fresh_words, [], understanding)
        top_score = max((hit.score for hit in retrieval.hits[:limit]), default=0.0) or 1.0
        found = []
        officials_asked = answer_rule("officials").search(understanding.resolved_question) is not None
        who_focus = self.who_focus(understanding, terms)
        attribute_focus = self.attribute_focus(understanding, terms)
        for rank, hit in enumerate(retrieval.hits[:limit]):
            rule = (enforced or {}).get(hit.clause.clause_id)
            relevance = self.relevance(hit, terms, rule)
            retrieval_strength = max(hit.score, 0.0) / top_score
            previous: Span | None = None
            lead_penalty = self.penalties.penalty_in_lead_in(hit.clause) if understanding.asks_penalty else None
            if lead_penalty is not None and not officials_asked and for_officials_only(lead_penalty[0].text):
                lead_penalty = None  # "工作人员有下列情形之一的，依法给予处分：" punishes no citizen's conduct
            penalised_by_lead_in = lead_penalty is not None
            lead_in = lead_in_text(hit.clause)
            for span in sentences(hit.clause):
                # "拒不改正的，处…罚款" qualifies the sentences of its paragraph before it, which name the conduct
                # "未规定时限的，应当于三十日内…" is the case its sentence before leaves open (在法定的时限内)
                reads_back = PENALTY_TIER.match(span.text) or BREACH_OF_STATED.match(span.text) or DEFAULT_RULE.match(span.text)
                qualified = paragraph_up_to(hit.clause, previous) if previous is not None and reads_back else ""
                previous = span
                figures = figures_in(hit.clause, span) or (figures_in(*lead_penalty) if lead_penalty is not None else [])
                answering = [
                    f for f in figures
                    if not units or (unit_compatible(f.unit, units) or share_of_asked_base(hit.clause, f, units)) and fits_an_ask(hit.clause, f, understanding)
                    and not (asks_sum and f.unit in ("%", "倍") and not share_of_money(hit.clause, f))
                ]
                unit_ok = bool(answering)
                states_span = understanding.asks_span and answer_rule("span", "answer").search(span.text) is not None
                date_ok = self.states_date(hit.clause, span, understanding)
                # an item of "有下列行为之一的，处…罚款：" is penalised by its lead-in
                penalty_ok = bool(PENALTY_SENTENCE.search(span.text)) and (officials_asked or not for_officials_only(span.text)) or penalised_by_lead_in
                if penalty_ok and not understanding.asks_penalty and (not units or asks_money):
                    # a fee, price or target asked (交多少处理费) is not a fine; a count or a period
                    # a penalty sets (违章达到三次的吊销, 吊销之日起三年内不得重新申领) may be asked
                    unit_ok = False
                # an item is read with its article's lead-in (search_text), a penalty reached by its
                # cross-reference with the conduct of the rule it enforces, any other penalty that
                # names its conduct only by reference with the article it cites
                if rule is not None:
                    # a sentence citing no rule itself (可以责令停业整顿…；情节严重的，吊销…) punishes
                    # what its paragraph's reference names
                    paragraph = paragraph_up_to(hit.clause, span)
                    if states_conduct_citing_nothing(paragraph):
                        conduct = ""  # "施工单位通过挂靠方式…承揽工程的，由…" punishes what it says, not the rule a paragraph beside it cites
                    elif qualified or CROSS_REFERENCE.search(span.text) or REFERS_BACK.search(span.text):
                        conduct = rule.conduct_for(qualified + span.text)
                    else:
                        conduct = rule.conduct_for(paragraph)
                else:
                    conduct = self.penalties.conduct_cited(hit.clause.doc, qualified + span.text) if understanding.asks_penalty else ""
                # what the sentence is read with: the conduct a tier qualifies, the rule a penalty
                # enforces, the lead-in of an item; not the clause's other paragraphs, whose
                # conducts are not this sentence's (第五十六条 with three paragraphs, three fines)
                listed_under = list_lead(hit.clause, span)
                context = qualified + conduct + lead_in + listed_under + series_subject(hit.clause, span)
                read_with = span.text + context
                words = coverage(terms, read_with)
                # the penalty of another party: 对个人 asked, "经营者…逾期不改正的，处…罚款" found
                other_party = penalty_ok and any(t.party and not t.present_in(re.sub(r"\s", "", read_with)) for t in terms)
                anchored = anchor is not None and (
                    in_anchored_paragraph(hit.clause, span, anchor) or (rule is not None and rule.rule_clause == anchor[0] and bool(conduct))
                    # a figure asked: the nearest clause's sentence stating one of the asked kind, in
                    # whichever of its paragraphs (…五年以上的，户籍可以迁入 beside 可以申请办理居住证)
                    or (understanding.figure_intent and unit_ok and hit.clause.clause_id == anchor[0])
                )
                if anchored:
                    words = 1.0
                score = words + 0.5 * relevance + self.weights.retrieval_weight * retrieval_strength - 0.03 * rank
                if condition_terms:
                    score += 0.5 * coverage(condition_terms, span.text)
                if fresh_terms:
                    score += 0.5 * coverage(fresh_terms, read_with)
                if understanding.asks_penalty and penalty_ok:
                    score += self.weights.penalty_bonus
                if not penalty_ok and REFERS_BACK.search(span.text):
                    score -= self.weights.dependent  # "…符合前款规定条件之一的，也可以…" extends the rule before it
                level = retrieval.levels.get(hit.clause.doc, "own")
                if level != "own":
                    score -= self.weights.higher_level  # the place's own rule first, a province's or the nation's after it
                if level == "national":
                    score -= self.weights.national_level
                # a number the question quotes (不到5万块) marks the sentence that states it, or the
                # lead-in its list is read with (到2025年完成以下目标：)
                score += 0.3 * len(asked_numbers.intersection(NUMBER.findall(lead_in + listed_under + span.text)))
                if case_quantities:
                    meets = meets_case(case_quantities, span.text)
                    if meets is not None:
                        score += self.weights.case_fit if meets else -self.weights.case_fit
                    if meets and condition_states_case:
                        # 那要是停水超过一天呢: the rule for that case (连续停止供水超过二十四小时的) answers,
                        # whatever figure was asked before
                        unit_ok = True
                    stated = quantities(span.text)
                    if any(same_quantity(case, rule) for case in case_quantities for rule in stated if case.comparator == "range"):
                        score += self.weights.case_fit  # 两成到五成 is the rule's own bracket (百分之二十至百分之五十), not one it overlaps
                # the sentence states what kind of answer is asked: a figure in the asked unit,
                # a date, a body for a who-question, a permission or prohibition for 能不能
                if understanding.figure_intent and unit_ok:
                    score += self.weights.answer_type
                    if understanding.asked_bound and any(f.comparator in (understanding.asked_bound, "range") for f in answering):
                        score += self.weights.case_fit  # 最多给几天: 不超过十五日, not 每年五日
                # "由…部门责令改正；拒不改正的，处…罚款": the tier is imposed by the body its qualified sentence names
                if understanding.asks_who and answer_rule("who", "answer").search(lead_in + qualified + span.text):
                    score += self.weights.answer_type
                if who_focus is not None and who_focus.present_in(re.sub(r"\s", "", read_with)):
                    score += self.weights.case_fit  # 组长由谁来当: the sentence naming the 组长
                if attribute_focus is not None and attribute_focus.present_in(re.sub(r"\s", "", span.text)):
                    score += self.weights.case_fit  # 胸径有什么要求: the sentence naming the 胸径
                if understanding.asks_permission and answer_rule("permission", "answer").search(lead_in + span.text):
                    score += self.weights.answer_type
                if understanding.asks_definition and answer_rule("definition", "answer").search(span.text):
                    score += self.weights.answer_type
                    defined = answer_rule("definition", "defined_term").search(span.text)
                    if defined and defined.group("term") in understanding.resolved_question:
                        score += self.weights.answer_type  # it defines the very term asked about
                if understanding.asks_date and date_ok:
                    score += self.weights.answer_type
                if states_span:
                    score += self.weights.answer_type  # 几月几号到几月几号: 每年11月10日至次年3月20日
                found.append(Candidate(hit, rank, span, score, relevance, unit_ok, date_ok, penalty_ok, words, read_with, anchored, other_party))
        asked_parties = [term.party for term in terms if term.party]

        def names_asked_party(candidate: Candidate) -> bool:
            """"…组织进行游泳、垂钓…的，处二万元…。个人在…游泳、垂钓…的，处一百元…": of sentences
            scoring alike, the one addressing the asked party by name answers before the general one."""
            if not asked_parties:
                return False  # no party asked: no sentence is read for one
            addressed = addressed_parties(re.sub(r"\s", "", candidate.read_with))
            return any(addressed & party_kin(party) for party in asked_parties)

        found.sort(key=lambda c: (-c.score, not names_asked_party(c), c.rank, c.span.start))
        return found

    def states_date(self, clause: Clause, span: Span, understanding: QueryUnderstanding) -> bool:
        """Whether a sentence states the kind of date or time asked: a date, a recurring day, a
        time of day, a span of them; for 什么时候 a time relative to an event (在开工前报…备案),
        for 从哪天开始算 where a period starts (自竣工验收合格之日起计算)."""
        stated = bool(figures_in(clause, span, ("date",)) or RECURRING_DAY.search(span.text) or CLOCK_TIME.search(span.text))
        stated = stated or (understanding.asks_span and answer_rule("span", "answer").search(span.text) is not None)
        question = understanding.resolved_question
        if understanding.asks_date == "日期":
            for kind in ("relative_time", "start_point"):
                if answer_rule(kind).search(question) and answer_rule(kind, "answer").search(span.text):
                    stated = True
            if clause.kind in ("title", "preamble"):
                return False  # the document's own adoption dates answer no question about its content
        aspect = DATE_ASPECT_WORDS.get(understanding.asks_date)
        if aspect is not None and not aspect.search(span.text):
            return False  # 成文日期 does not say until when a plan is valid
        if understanding.asks_date not in ("", "施行") and aspect is None and (ENACTMENT.search(span.text) or REPEAL.search(span.text)):
            return False  # "本条例自…起施行", "…同时废止" say when a rule takes effect or ends, not the date of a thing
        return stated

    # --- is the asked conduct penalised? ----------------------------------------------
    def penalised(self, ranked: list[Candidate], terms: list[Term]) -> bool:
        """Whether a penalty speaks of the asked conduct.

        When a rule (a duty or prohibition) matches the question better than any penalty does on
        its own words (the penalty bonus aside), or holds clearly more of the question's words
        (`rule_words_margin`), that rule is the asked conduct (乘客电梯运载电动自行车 among 不得实施
        下列行为; 佩戴安全头盔 when the penalties found are for parking). It is penalised when a penalty cites its article ("违反本条例第X条") or restates
        its conduct; otherwise the penalties found punish other conducts, and another conduct's
        fine is no answer."""
        rule = self.best_rule(ranked)
        penalty = next((c for c in ranked if c.penalty_ok), None)
        if rule is None or penalty is None:
            return True
        # a word of the question standing only in the base of the penalty's fine (房租 in 处以租金总额一倍
        # 以下罚款) does not make its conduct the one asked
        context = penalty.read_with[len(penalty.span.text) :]
        conduct_words = penalty.words if penalty.anchored else coverage(terms, without_fine_base(penalty.span.text) + context)
        if rule.score <= penalty.score - self.weights.penalty_bonus and rule.words < conduct_words + self.weights.rule_words_margin:
            return True
        stated_consequence = answer_rule("stated_consequence", "answer")
        if rule.words <= conduct_words and not any(c.words > conduct_words and stated_consequence.search(c.span.text) for c in ranked if not c.penalty_ok):
            # the penalty's own conduct holds every asked word the rule holds (逾期未进行机动车排气污染
            # 定期检测的 beside 上路抽检…向车主明示检测结果): the rule's edge is its vector alone, unless a
            # rule holding more of them states what follows the breach itself (…的，建设工程规划许可证失效)
            return True
        clause = rule.hit.clause
        if self.penalties.penalties_enforcing(clause)[2]:
            return True
        conduct = bigrams(ARTICLE.sub("", ITEM_MARK.sub("", rule.span.text)))
        if not conduct:
            return True
        # officials' sanctions (…工作人员滥用职权…依法给予处分) name the duties of the bodies a rule binds
        # (文物行政主管部门应当与…签订责任书): they punish no one else's breach of it
        officials_asked = for_officials_only(penalty.span.text)
        sentences = [sentence for sentence in self.penalties.penalty_sentences(clause.doc) if officials_asked or not for_officials_only(sentence)]
        if any(len(conduct & bigrams(sentence)) >= self.weights.restated * len(conduct) for sentence in sentences):
            return True
        # "（一）在…保护区范围内，进行危害供水设施安全行为的，…罚款" names the class of acts a rule
        # lists ("禁止挖坑取土、…等危害供水设施安全的行为"): the penalty's conduct stands in the rule
        rule_pairs = bigrams(rule.span.text)
        for penalty in ranked:
            if not penalty.penalty_ok or penalty.hit.clause.doc != clause.doc:
                continue
            # a tier (情节严重的，处…) punishes the conduct its paragraph states before it, read with it
            stated = penalty.read_with[len(penalty.span.text) :] if PENALTY_TIER.match(penalty.span.text) else penalty.span.text
            conduct = penalised_conduct(stated)
            if summarises_rule(conduct, rule_pairs, self.weights) or restates_act(conduct, rule_pairs):
                return True
        return False

    def best_rule(self, ranked: list[Candidate]) -> Candidate | None:
        """The best-ranked duty or prohibition sharing a word with the question; a public body's
        duty (节能审查主管部门不得…) only when it holds as many of the question's words as the best
        penalty (主管部门应当协助保护责任人进行抢险保护 for 保护责任人不配合抢险保护), or the penalties
        found are officials' sanctions."""
        penalty = next((c for c in ranked if c.penalty_ok), None)
        officials = any(for_officials_only(c.span.text) for c in ranked if c.penalty_ok)

        def may_be_asked(rule: Candidate) -> bool:
            return officials or penalty is None or rule.words >= penalty.words or not binds_a_public_body(rule.span.text)

        return next((c for c in ranked if c.words > 0 and self.is_rule(c) and may_be_asked(c)), None)

    def is_rule(self, candidate: Candidate) -> bool:
        """A duty or prohibition in its own words (its list's lead-in included), outside the
        clauses that enforce rules ("违反本条例第X条规定的，责令改正；逾期仍不登记的，收容犬只")."""
        clause = candidate.hit.clause
        lead_in = lead_in_text(clause)
        return (
            not candidate.penalty_ok
            and not LIABILITY_LEAD.search(lead_in)
            and NORM.search(lead_in + candidate.span.text) is not None
            and not PENALTY_SENTENCE.search(clause.text)
            and not CROSS_REFERENCE.search(clause.text)
        )

    def trim(self, clause: Clause, span: Span, terms: list[Term], wants_figure: bool, wants_date: bool = False, wants_penalty: bool = False) -> Span:
        """A long sentence is cut to the window of phrases that answers best. When a figure,
        date or penalty is asked and the sentence holds one, the window must hold it too."""
        if len(span.text) <= self.weights.long_sentence:
            return span
        phrases = pieces(PHRASE, span.text, span.start)
        windows = [
            Span(phrases[first].start, phrases[last].end, clause.text[phrases[first].start - clause.start : phrases[last].end - clause.start])
            for first in range(len(phrases))
            for last in range(first, min(first + self.weights.trim_phrases, len(phrases)))
        ]
        for wanted, kinds in ((wants_figure, ("figure",)), (wants_date, ("date",))):
            holding = [window for window in windows if figures_in(clause, window, kinds)]
            if wanted and holding:
                windows = holding
        penalised = [window for window in windows if PENALTY_SENTENCE.search(window.text)]
        if wants_penalty and penalised:
            # "对单位处…罚款，对个人处…罚款": every party's fine, not the first one alone
            most = max(len(PENALTY_SENTENCE.findall(window.text)) for window in penalised)
            windows = [window for window in penalised if len(PENALTY_SENTENCE.findall(window.text)) == most]
        if not windows:
            return span
        return max(windows, key=lambda window: (coverage(terms, window.text) - 0.002 * len(window.text), -window.start))
