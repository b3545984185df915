"""Penalties and the conduct they punish.

A penalty clause is found for a rule through its cross-reference ("违反本条例第三十一条第二项至
第七项规定的，…"), through the lead-in of the list the rule is an item of ("有下列行为之一的，处…
罚款："), or by restating the rule's conduct. A penalty is quoted with its tiers (；情节严重的，处…),
and another conduct's fine is never the answer (`CandidateRanker.penalised` in candidates.py
decides it with `penalties_enforcing` and `penalty_sentences`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from qa.index.build import Index
from qa.ingest.structure.clauses import ITEM_MARK
from qa.records import Clause, Hit, Retrieval
from qa.settings import AnswerWeights
from qa.text.numerals import chinese_number
from qa.understand import answer_rule
from qa.answer.sentences import Span, Term, bigrams, coverage, one_line, opens_a_list, paragraph_up_to, sentences, whole

# what a sentence that states a penalty says (处…罚款, 没收违法所得, 给予警告, 吊销许可证)
# ("三年内无犬只被没收…的记录" reports a past penalty, it imposes none)
# a sentence stating a duty or a prohibition; a lead-in forbidding what its list names
NORM = re.compile(r"不得|禁止|严禁|应当|必须")
PROHIBITION = re.compile(r"不得|禁止|严禁|不准")
PENALTY_SENTENCE = re.compile(
    r"(?<!被)(?:罚款|罚金|没收|警告|吊销|拘留|处分|责令停产|责令停业|责令暂停[^，。；]{0,6}?(?:营业|执业|经营|业务|生产)|通报批评|不得从事|禁止从事|取消[^，。；]{0,10}资格"
    r"|[0-9一二两三四五六七八九十百千万]元[^，。；]{0,10}?处罚"  # 按照每人五百元以上二千元以下的标准予以处罚: a fine without 罚款
    r"|加付赔偿金|加收[^，。；]{0,12}滞纳金"  # money ordered on top as a sanction: 逾期不支付的，…加付赔偿金
    r"|从重处罚|从轻(?:或者减轻)?处罚|减轻处罚"  # how hard a conduct is punished: 二年内再次侵犯商业秘密的，可以…从重处罚
    # a penalty by another rule's article (按照反恐怖主义法第八十三条规定的情节严重的情形予以处罚), not a lead-in to
    # the penalties listed after it (按照下列规定给予处罚；)
    r"|(?:依照|按照|依据)(?!下列|以下)[^。；]{0,40}?规定的?[^，。；]{0,16}?(?:予以|给予|进行)?处罚)"
)
# a tier of the same penalty that follows it: "；情节严重的，处…", "；拒不改正的，…", or another case
# of the same conduct: "属于有关单位未事先安排的，…对单位处…；属于有关人员擅离岗位的，…对个人处…",
# "经营者属于个人的，处…。经营者属于法人的，处…"; a tier by the illegal income made: "有违法所得的，没收违法所得，
# 并处…；没有违法所得的，处…"; a tier by the quantity of the conduct: "违法所得十万元以上的，并处…；不足十万元的，
# 处…", "货值金额二万元以上的，…"; the amount of a penalty the sentence before imposes by reference: "…按照《矿山安全法》
# 第四十条的规定处理。处以罚款的，罚款数额为五万元以下。"
PENALTY_TIER = re.compile(
    r"^(?:对)?(?:情节|拒不|逾期|造成|屡次|再次|多次|属于|(?:有|没有|无)?违法所得|货值金额)|^[^，。；]{1,8}属于[^，。；]{1,12}的，|^对[^，。；]{0,12}(?:单位|个人)"
    r"|^(?:不足|不满|未满|低于)[^，。；]{1,12}的，"  # not 超过…的: a schedule of brackets (超过…不足…的) is no tier of one
    r"|^(?:依法|依照前款规定)?(?:处以|并处|给予|予以|处)?罚款的，"
)
# "违反本条例第三十一条第二项至第七项规定的": a penalty that refers back to the rule it enforces
# 违反本条例第X条规定 / 违反第X条第一款第五项规定 / 违反本规定第九条，未经登记…的 (the rule named by its article alone);
# "居民用户有本条例第三十条第一款第（一）项至第（九）项情形之一的" (the conducts named by their items)
CROSS_REFERENCE = re.compile(
    r"(?:违反(?:本(?:条例|办法|规定|法|细则))?|有本(?:条例|办法|规定|法|细则))(?P<refs>(?:第[一二三四五六七八九十百零〇0-9]+条[^，。；,]{0,40}?)+)"
    r"(?:规定|(?=[，,])|(?=(?:所列|规定的)?(?:情形|行为)))"
)
ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇0-9]+条")
# 第三十一条第二项至第七项 / 第十二条第（六）项: an article and the items of it that a reference names
# (第二十五条第三款: the third paragraph of the article; 第一款、第二款 two of them)
ARTICLE_REF = re.compile(
    r"(?P<article>第[一二三四五六七八九十百零〇0-9]+条)"
    r"(?:第(?P<paragraphs>[一二三四五六七八九十]+款(?:(?:[、和及或至]|以及)第?[一二三四五六七八九十]+款)*))?"
    # 第一项、第三项, 第（一）至（三）项, and items sharing one 项: 第一、二、三项
    r"(?P<items>(?:[、和及或至]?第?[（(]?[一二三四五六七八九十0-9]+[)）]?(?:[、和及或至]第?[（(]?[一二三四五六七八九十0-9]+[)）]?)*项)*)")
# what a penalty sentence says after its reference and before its sanction is its own conduct
SANCTION_OPENING = ("由", "处", "责令", "给予", "予以", "没收", "依照", "按照")
CONDUCT_END = re.compile(r"的，|，由|，处|，责令|，给予")
OWN_CONDUCT_CHARS = 4  # "单位违反…规定，由…" states none, "…规定，擅自占用绿地的，…" does
# a penalty whose conduct is breaking the rule stated just before it: "对宠物…粪便应当即时自行清除。
# 违反规定的，由城管执法部门责令改正" (read with its paragraph, or with the paragraph before for 前款)
BREACH_OF_STATED = re.compile(r"^违反(?:前[一二两三]?款|本款|本条|上述|前述|以上)?(?:规定|要求)的")
# a paragraph that names its conduct by pointing at an earlier paragraph of its own article
REFERS_BACK = re.compile(r"前[一二两三四五六]?款|本条第[一二三四五六七八九十]+款")
# "违反本条第一款第四项、第五项规定": the items of its own article a paragraph names
REFERS_BACK_ITEMS = re.compile(r"(?:前款|本条第[一二三四五六七八九十]+款)(?P<items>(?:[、和及或至]?第[（(]?[一二三四五六七八九十0-9]+[)）]?项)+)")
# a lead-in announces its list even when the source ends it with "；" instead of "："
LIST_LEAD = re.compile(r"有下列[^，。；：]{0,8}之一")
# "用人单位有下列情形之一的，由劳动行政部门责令限期支付…": a list of the conducts an authority acts
# against, whatever sanction it names; its items are no duties of their own
LIABILITY_LEAD = re.compile(r"有下列[^，。；：]{0,16}之一的[，,]\s*(?:由|对)[^，。；：]{0,30}?(?:责令|处以?|给予|依法|予以)")
# an item of a penalty list naming items of the article its lead-in cites, without the article:
# "第三十五条 违反本条例第十八条规定的，…按照下列规定给予处罚：（二）违反第二项规定的，处…罚款"
# (or "（一）有第一项规定行为之一的，处…", "（二）有第二项至第七项以及第九项规定行为之一的", "有第一、二、三、四、七项行为之一的")
ITEMS_OF_CITED_ARTICLE = re.compile(
    r"^[（(][一二三四五六七八九十0-9]+[)）]\s*(?:违反|有)"
    r"(?P<items>(?:(?:[、和及或至]|以及)?第[（(]?[一二三四五六七八九十0-9]+[)）]?(?:、[（(]?[一二三四五六七八九十0-9]+[)）]?)*项)+)"
)
# a lead-in's sentence naming the items it sets a penalty for: "有第一、二、三项行为的", "有下列第（一）至
# （六）项行为之一的", "违反前款第四项、第五项规定的"
ITEMS_OF_LEAD_IN = re.compile(
    r"(?:有|违反)(?:下列|以下|前款|本条第[一二三四五六七八九十]+款)?"
    r"(?P<items>第[（(]?[一二三四五六七八九十0-9]+[)）]?(?:(?:[、和及或至]|以及)第?[（(]?[一二三四五六七八九十0-9]+[)）]?)*项)"
)
# what announces the list below (实施下列行为的, 有以下第一项…行为的), not an amount's 以下
LISTS_BELOW = re.compile(r"下列|以下(?:第|[^，。；：\d一二三四五六七八九十百千万元]{0,4}(?:行为|情形))")
# "违反本条例规定，" names no conduct of its own
GENERAL_BREACH = re.compile(r"^违反(?:本(?:条例|办法|规定|法|细则))?(?:有关)?(?:的)?规定")


@dataclass(frozen=True)
class Enforced:
    """The rule a penalty clause enforces: its article, the item of it that matched, its text."""

    article: str
    item: int | None
    conduct: str
    rule_clause: str = ""  # clause_id of the rule, when a retrieved rule led to the penalty
    paragraphs: tuple[str, ...] = ()  # the conduct of each paragraph (款) of the rule's article, when the rule is the article

    def conduct_for(self, sentence: str) -> str:
        """The conduct a penalty sentence punishes of this rule: "" when it does not speak to
        it; the cited paragraphs of the article when it names them ("违反本条例第二十五条第三款
        规定" punishes the third paragraph's conduct, not the first's, of the same article);
        otherwise the rule's whole text."""
        if not self.covers(sentence):
            return ""
        named = paragraphs_named(self.paragraphs, cited_paragraphs(sentence, self.article)) if self.item is None else []
        return "".join(named) or self.conduct

    def covers(self, sentence: str) -> bool:
        """A sentence of the penalty clause speaks to this rule unless its own reference names
        other items of the article ("…第二项至第七项规定的" when 第一项 matched; "违反本条第一款
        第一项规定的" when 第四项 matched, in the rule's own article), or it names a conduct of
        its own and no rule ("违反本条例规定，在禁止吸烟场所吸烟不听劝阻的，…")."""
        back = REFERS_BACK_ITEMS.search(sentence)
        if back is not None:
            return self.item is None or self.item in item_numbers(back.group("items"))
        for reference in CROSS_REFERENCE.finditer(sentence):
            for cited in ARTICLE_REF.finditer(reference.group("refs")):
                if cited.group("article") == self.article:
                    items = item_numbers(cited.group("items") or "")
                    return self.item is None or not items or self.item in items
            return False
        # "违反本条例规定，在禁止吸烟场所吸烟不听劝阻的，…处二百元的罚款" in the clause punishing the
        # managers' duties: a sentence naming its own conduct, no rule, punishes that conduct
        breach = GENERAL_BREACH.match(ARTICLE.sub("", sentence.strip()).strip())
        return breach is None or len(own_conduct(breach.string, breach.end())) <= OWN_CONDUCT_CHARS


def cited_paragraphs(sentence: str, article: str) -> set[int]:
    """The paragraphs (款) of `article` a penalty sentence's reference names: {3} for "违反本条例
    第二十五条第三款规定", {1, 2} for "第二十五条第一款、第二款"; empty when it names the article alone
    or items of it (第二十三条第一款第四项 punishes that item, not its whole paragraph)."""
    return {
        number
        for reference in CROSS_REFERENCE.finditer(sentence)
        for cited in ARTICLE_REF.finditer(reference.group("refs"))
        if cited.group("article") == article and not cited.group("items")
        for number in item_numbers(cited.group("paragraphs") or "")
    }


def paragraphs_named(paragraphs: tuple[str, ...], numbers: set[int]) -> list[str]:
    """The texts of the numbered paragraphs (款) of an article; empty when a number is not one of its
    paragraphs (a reference the split cannot place is read with the whole article)."""
    if not numbers or not all(0 < number <= len(paragraphs) for number in numbers):
        return []
    return [paragraphs[number - 1] for number in sorted(numbers)]


@dataclass(frozen=True)
class PenaltyQuote:
    """What a penalty answer quotes for a matched sentence: when the sentence is a listed
    conduct whose penalty its list's lead-in states, that lead-in (`lead`) and the conduct;
    otherwise the penalty sentence with its tiers."""

    clause: Clause
    span: Span
    lead: tuple[Clause, Span] | None = None


def _numeral(text: str) -> int | None:
    value = chinese_number(text) if not text.isdigit() else float(text)
    return int(value) if value is not None else None


def item_number(path_part: str) -> int | None:
    """（二）抓捕野生动物… -> 2; None for a part that is no list item."""
    match = ITEM_MARK.match(path_part)
    return _numeral(match.group(1)) if match else None


def item_numbers(items: str) -> set[int]:
    """"第二项至第七项" -> {2..7}; "第（二）项、第（三）项" -> {2, 3}; "第（一）项至第（九）项、第（十一）项"
    -> {1..9, 11}."""
    found: set[int] = set()
    for part in re.split(r"[、和及或，,]", items):
        numbers = [n for n in (_numeral(n) for n in re.findall(r"[一二三四五六七八九十0-9]+", part)) if n is not None]
        if "至" in part and len(numbers) == 2:
            found.update(range(numbers[0], numbers[1] + 1))
        else:
            found.update(numbers)
    return found


def items_of_cited_article(item: Clause) -> set[int]:
    """"（二）违反第二项规定的，…" -> {2}: the items, of the article its list's lead-in cites, that
    a penalty list's item names by number alone; empty for any other clause."""
    named = ITEMS_OF_CITED_ARTICLE.match(item.text.strip())
    return item_numbers(named.group("items")) if named else set()


def article_of(path: list[str]) -> str:
    """第二十九条 of a clause's heading path ["第五章 法律责任", "第二十九条 …", "（三）…"]; "" when
    it stands in no article."""
    article = next((part for part in path if ARTICLE.match(part)), "")
    return ARTICLE.match(article).group() if article else ""


def lead_in_text(clause: Clause) -> str:
    """The lead-in an item is matched with ("违反本条例规定，有下列行为之一的，处…：" before
    "（二）…"); "" for a clause read on its own."""
    search = clause.search_text
    if clause.kind != "body" or not search or search == clause.text or not search.endswith(clause.text):
        return ""
    return search[: len(search) - len(clause.text)]


def listed_line(place: str, lead: Span, item: Span, first: int, separator: str, label: str = "所列行为") -> str:
    """"<place>：<lead-in stating the penalty>[n]<separator>所列行为：<listed conduct>[n+1]"
    (a body's listed duty: label 所列职责)."""
    return f"{place}：{one_line(lead.text)}[{first}]{separator}{label}：{one_line(item.text)}[{first + 1}]"


def own_conduct(sentence: str, start: int) -> str:
    """The conduct a penalty sentence states after its reference ending at `start`: "" for
    "…规定，由…处…", "携犬进入公共楼道…未采取安全措施" for "…规定，携犬进入…的，由…"."""
    rest = sentence[start:].lstrip("的，, ")
    if rest.startswith(SANCTION_OPENING):
        return ""
    end = CONDUCT_END.search(rest)
    return rest[: end.start()] if end else rest


MAX_RULES_CITED = 2  # a penalty citing more rules than this ("违反本条例第十三条…、第二十六条…、第三十三条…") names a class of conducts

# what follows "前款"/"本条第一款" before a paragraph's own words: 第三项, 规定, 的, 行为之一
_REFERENCE_TAIL = re.compile(r"(?:第[^，。；]{0,30}项)?(?:规定|所列)?的?(?:行为|情形)?(?:之一)?(?:的)?")


def states_own_conduct(paragraph: str) -> bool:
    """Whether a paragraph referring back to its article ("违反本条第一款规定，养犬人未申请办理犬只
    准养登记的，…") states the conduct it punishes itself: then it punishes that conduct, not
    every item of the paragraph it names ("（五）无遗弃、虐待犬只的处罚记录" is a condition of
    registration, not the conduct fined). "违反前款规定的，处…" and "个人有前款规定行为之一的，
    处…" state none."""
    reference = REFERS_BACK.search(paragraph)
    if reference is None:
        return False
    tail = _REFERENCE_TAIL.match(paragraph, reference.end())
    return len(own_conduct(paragraph, tail.end() if tail else reference.end())) > OWN_CONDUCT_CHARS


def cited_rules(sentence: str) -> set[str]:
    """The rules a penalty sentence names its conduct by: "第十四条:11" for 违反本条例第十四条第一款
    第十一项, "本条:4" for 违反本条第一款第四项; empty when it cites none."""
    found = {
        f"{cited.group('article')}:{item}"
        for reference in CROSS_REFERENCE.finditer(sentence)
        for cited in ARTICLE_REF.finditer(reference.group("refs"))
        for item in (sorted(item_numbers(cited.group("items") or "")) or [0])
    }
    return found | {f"本条:{item}" for item in Penalties.items_referred_back(sentence)}


def with_hits_read(retrieval: Retrieval, added: list[Hit], read: int) -> Retrieval:
    """The retrieval with clauses it did not find placed right after the `read` hits an answer
    reads, so they are read too without outranking what the search found."""
    if not added:
        return retrieval
    position = min(read, len(retrieval.hits))
    return replace(retrieval, hits=retrieval.hits[:position] + added + retrieval.hits[position:])


def for_officials_only(text: str) -> bool:
    """A sanction only public officials receive (依法给予处分, for 滥用职权…) with no fine or other
    sanction anyone else could receive (qa/lexicon/answer_types.json "officials")."""
    return answer_rule("officials", "sanction").search(text) is not None and answer_rule("officials", "sanction_on_anyone").search(text) is None


def penalised_conduct(sentence: str) -> str:
    """The conduct a penalty sentence (or an item of a penalised list) states before its
    sanction, without its item mark and cross-reference: "（三）转供、盗用城市公共供水的，责令…"
    -> "转供、盗用城市公共供水"."""
    text = ARTICLE.sub("", ITEM_MARK.sub("", sentence)).strip()
    text = GENERAL_BREACH.sub("", CROSS_REFERENCE.sub("", text).lstrip("，, ")).lstrip("，, ")
    end = CONDUCT_END.search(text)
    if end:
        return text[: end.start()]
    listed = re.match(r"(.+)的[；;。]?$", text)  # an item of a penalised list: "（五）…进行考试、测评的；"
    return listed.group(1) if listed else ""


MIN_SUMMARY_PAIRS = 10  # a shorter conduct (驾驶电动自行车的) summarises any rule on its subject
MIN_RESTATED_PAIRS = 6  # a conduct restated nearly whole names an act, not just a subject
MIN_ACT_PAIRS = 3  # a conduct naming its act (擅自施工) is at least this long


def restates_act(conduct: str, rule_pairs: set[str]) -> bool:
    """A short penalised conduct naming its act (擅自修剪树木, answer_types.json "breach_act")
    restates a rule holding all of its character pairs but one seam (不得擅自修剪城市绿地内的树木);
    a conduct naming only its subject (驾驶电动自行车) restates nothing."""
    pairs = bigrams(conduct)
    return len(pairs) >= MIN_ACT_PAIRS and answer_rule("breach_act", "text").search(conduct) is not None and len(pairs - rule_pairs) <= 1


def summarises_rule(conduct: str, rule_pairs: set[str], weights: AnswerWeights) -> bool:
    """Whether a long penalised conduct holds half its character pairs in a rule's sentence
    (`AnswerWeights.restated`): it speaks of that rule's conduct, if loosely (the bodies a rule
    binds share their names with their officials' sanctions)."""
    pairs = bigrams(conduct)
    return len(pairs) >= MIN_SUMMARY_PAIRS and len(pairs & rule_pairs) >= weights.restated * len(pairs)


def restates_rule(conduct: str, rule_pairs: set[str], weights: AnswerWeights) -> bool:
    """Whether a penalised conduct restates a rule's sentence (its character pairs `rule_pairs`),
    so the penalty enforces that rule though it cites no article: it stands there all but a share
    `AnswerWeights.restated_act_seams` ("擅自改变渔业船舶的吨位、载重线、主机功率" in "不得擅自改变
    其吨位、载重线、主机功率…"), or is a short one naming its act (`restates_act`)."""
    pairs = bigrams(conduct)
    if len(pairs) >= MIN_RESTATED_PAIRS and len(pairs - rule_pairs) <= weights.restated_act_seams * len(pairs):
        return True
    return restates_act(conduct, rule_pairs)


class Penalties:
    """The penalties of the indexed documents, looked up per document and cached."""

    def __init__(self, index: Index, weights: AnswerWeights) -> None:
        self.index = index
        self.weights = weights
        self._penalty_index: dict[str, dict[str, list[tuple[Clause, set[int]]]]] = {}
        self._clauses_by_doc: dict[str, list[Clause]] = {}
        self._penalty_sentences: dict[str, list[str]] = {}
        self._article_clauses: dict[str, dict[str, list[tuple[Clause, int | None]]]] = {}
        self._paragraphs: dict[tuple[str, str], tuple[str, ...]] = {}
        self._lead_ins: dict[str, tuple[Clause, Span] | None] = {}
        self._by_path: dict[str, dict[tuple[str, ...], list[Clause]]] = {}

    def clauses_of(self, doc: str) -> list[Clause]:
        if doc not in self._clauses_by_doc:
            self._clauses_by_doc[doc] = [clause for clause in self.index.clauses if clause.doc == doc]
        return self._clauses_by_doc[doc]

    # --- lead-ins and tiers -----------------------------------------------------------
    def lead_in(self, item: Clause) -> tuple[Clause, Span] | None:
        """The sentence introducing the list an item belongs to ("违反本条例规定，有下列行为之一的，
        由…处两百元以上一千元以下罚款：") with its clause; None for a clause that is no list item."""
        if item.kind != "body" or len(item.path) < 2 or item_number(item.path[-1]) is None:
            return None
        if item.clause_id not in self._lead_ins:
            self._lead_ins[item.clause_id] = self._find_lead_in(item)
        return self._lead_ins[item.clause_id]

    def _find_lead_in(self, item: Clause) -> tuple[Clause, Span] | None:
        parent = None
        for clause in self._clauses_at_path(item.doc).get(tuple(item.path[:-1]), []):
            if clause.start >= item.start:
                break
            parent = clause
        if parent is None or not (opens_a_list(parent.text) or LIST_LEAD.search(parent.text)):
            return None
        return parent, sentences(parent)[-1]

    def _clauses_at_path(self, doc: str) -> dict[tuple[str, ...], list[Clause]]:
        """A document's clauses grouped by path, in document order: the parent of an item is found
        among the clauses at its parent's path, not by a scan of the whole document per item."""
        if doc not in self._by_path:
            grouped: dict[tuple[str, ...], list[Clause]] = {}
            for clause in self.clauses_of(doc):
                grouped.setdefault(tuple(clause.path), []).append(clause)
            self._by_path[doc] = grouped
        return self._by_path[doc]

    def list_introduction(self, item: Clause) -> tuple[Clause, Span] | None:
        """The whole sentence introducing an item's list, from the 。 before it ("第四十三条 违反本条例，
        有下列行为之一的，…按下列规定处以罚款；情节严重的，吊销其取水许可证："): what the item lists and
        all its sentence says of it, where `lead_in` keeps the part after the last ； for the penalty
        it sets. None for a clause that is no list item."""
        lead = self.lead_in(item)
        if lead is None:
            return None
        parent, last = lead
        opening = parent.text.rfind("。", 0, last.start - parent.start) + 1
        text = parent.text[opening : last.end - parent.start]
        indent = len(text) - len(text.lstrip())
        return parent, Span(parent.start + opening + indent, last.end, text.lstrip())

    def prohibiting_lead_in(self, item: Clause, span: Span) -> tuple[Clause, Span] | None:
        """The lead-in forbidding what a list names ("禁止燃气企业从事下列行为：", "…不得实施下列
        行为：") for an item that states the conduct alone ("（四）以上门等形式向用户推销燃气器具"):
        quoted without it, the item reads as what is allowed. None otherwise."""
        lead = self.lead_in(item)
        if lead is None or not PROHIBITION.search(lead[1].text) or NORM.search(span.text):
            return None
        return lead

    def penalty_in_lead_in(self, clause: Clause) -> tuple[Clause, Span] | None:
        """An item whose penalty its list's lead-in states: the lead-in, else None."""
        lead = self.lead_in(clause)
        if lead is None:
            return None
        parent, last = lead
        own_tier = self._tier_naming_item(parent, last, clause)
        if own_tier is not None:
            return parent, self.with_tiers(parent, own_tier)
        # "…并处…罚款；对直接负责的主管人员…依法给予处分：" ends on what only officials receive: the
        # fine stated before it is what befalls the items
        introduction = [part for part in sentences(parent) if part.end <= last.start]
        opening = next((number for number, part in enumerate(introduction) if LIST_LEAD.search(part.text)), None)
        if (PENALTY_SENTENCE.search(last.text) and not for_officials_only(last.text)) or LIABILITY_LEAD.search(last.text):
            # "…责令改正；拒不改正的，处…罚款：" from its start; "有下列情形之一的，由劳动行政部门责令
            # 支付…赔偿金：" sets what befalls the items, a fine or not. A last sanction closing a
            # sequence ("有下列行为之一的，…没收违法所得；…不足一万元的，并处…罚款；…；可以吊销…许可证：",
            # "有下列行为之一的，…责令限期改正；逾期不改正的，…强制拆除…；可以处五万元以下罚款：") is quoted
            # from the sentence that opens the list, so what befalls the items before it is not lost
            if opening is not None:
                start = introduction[opening].start
                return parent, self.with_tiers(parent, Span(start, last.end, self.index.sources[parent.doc].text[start : last.end]))
            return parent, self.with_tiers(parent, last)
        # "有下列情形之一的，由…处…罚款；情节严重的，处…；构成违反治安管理行为的，依照…处罚：": the
        # penalty stands before a closing referral, in the sentences from the one that opens the list
        stated = next((part for part in introduction[opening or 0 :] if PENALTY_SENTENCE.search(part.text)), None) if opening is not None else None
        return (parent, self.with_tiers(parent, stated)) if stated is not None else None

    @staticmethod
    def _tier_naming_item(parent: Clause, last: Span, item: Clause) -> Span | None:
        """The sentence of a lead-in setting the penalty of the items it names by number, for an
        item it names ("其中，有第一、二、三项行为的，对个人并处…；有第四项行为的，并处…：" for （二）;
        "有下列第（一）至（六）项行为之一的，…；有第（七）至（九）项行为之一，…："); None when the
        lead-in names no items so, or not this one."""
        number = item_number(item.path[-1]) if item.path else None
        if number is None:
            return None
        opening: Span | None = None  # "…实施下列行为的，由…给予警告。": the conduct, when no other tier follows it first
        for part in sentences(parent):
            if part.end > last.end:
                break
            named = ITEMS_OF_LEAD_IN.search(part.text)
            if named is None:
                opening = part if LISTS_BELOW.search(part.text) else opening
                continue
            if number in item_numbers(named.group("items")) and PENALTY_SENTENCE.search(part.text):
                if opening is None or LISTS_BELOW.search(part.text):
                    return part
                return Span(opening.start, part.end, parent.text[opening.start - parent.start : part.end - parent.start])
            opening = None
        return None

    def with_tiers(self, clause: Clause, span: Span) -> Span:
        """A penalty quoted with the tiers around it in the same clause: the conduct a tier
        or a breach of the rule just stated qualifies (逾期未改正的，处…, 违反规定的，处… need the
        sentence before them) and the tiers that follow (；情节严重的，处…)."""
        parts = sentences(clause)
        start = span.start
        for before in reversed([part for part in parts if part.end <= span.start]):
            quoted = self.index.sources[clause.doc].text[start : span.end]
            if not (PENALTY_TIER.match(quoted) or BREACH_OF_STATED.match(quoted)) or start - before.end > 2:
                break
            start = before.start
        end = span.end
        for following in parts:
            if following.start < end:
                continue
            if following.start - end > 2 or not PENALTY_TIER.match(following.text):
                break
            end = following.end
        if (start, end) == (span.start, span.end):
            return span
        return Span(start, end, self.index.sources[clause.doc].text[start:end])

    def quote(self, clause: Clause, span: Span) -> PenaltyQuote:
        """What answers a penalty question with this sentence: a sentence stating no penalty
        of its own is quoted after its list's lead-in that does; a penalty with its tiers."""
        lead = self.penalty_in_lead_in(clause) if not PENALTY_SENTENCE.search(span.text) else None
        if lead is not None:
            # "（二）在重点管理区未经登记饲养犬只的，责令限期改正;逾期未改正的，没收犬只，并处每只二百元罚款。":
            # the item's own tiers are its penalty too
            return PenaltyQuote(clause, self.with_tiers(clause, span), lead)
        return PenaltyQuote(clause, self.with_tiers(clause, span))

    def listed_conduct(self, clause: Clause, terms: list[Term]) -> tuple[Clause, Span] | None:
        """When the answering penalty introduces a list of conducts ("有下列行为之一的，依法给予处分："),
        the item of the list that holds most of the question's words; None when none holds any."""
        if not opens_a_list(clause.text):
            return None
        items = [
            other for other in self.clauses_of(clause.doc)
            if other.start > clause.start and other.path[:-1] == clause.path and item_number(other.path[-1]) is not None
        ]
        best = max(items, key=lambda item: (coverage(terms, item.text), -item.start), default=None)
        if best is None or coverage(terms, best.text) == 0:
            return None
        return best, sentences(best)[0]

    def conducts_named_by_item(self, item: Clause) -> tuple[tuple[Clause, Span], list[Clause]] | None:
        """For a penalty list's item naming items of the article its lead-in cites ("（二）违反第二
        项规定的，处以…罚款" under "违反本条例第十八条规定的，…按照下列规定给予处罚："): the
        lead-in and the rule items it names, whose conduct it punishes; None otherwise."""
        numbers = items_of_cited_article(item)
        lead = self.lead_in(item) if numbers else None
        if lead is None:
            return None
        articles = {cited.group("article") for reference in CROSS_REFERENCE.finditer(lead[1].text) for cited in ARTICLE_REF.finditer(reference.group("refs"))}
        if len(articles) != 1:
            return None
        rules = [clause for clause, number in self.article_clauses(item.doc).get(articles.pop(), []) if number in numbers]
        return (lead, rules) if rules else None

    def penalty_sentences(self, doc: str) -> list[str]:
        if doc not in self._penalty_sentences:
            self._penalty_sentences[doc] = [
                span.text for clause in self.clauses_of(doc) for span in sentences(clause) if PENALTY_SENTENCE.search(span.text)
            ]
        return self._penalty_sentences[doc]

    # --- cross-references: 违反本条例第X条 -----------------------------------------------
    def with_penalties_of(self, retrieval: Retrieval, limit: int | None = None) -> tuple[Retrieval, dict[str, Enforced]]:
        """The retrieved rules followed by the clauses that penalise breaking them.

        A prohibition (第三十一条 …（三）捕捉野生鸟类) and its penalty ("违反本条例第三十一条
        第二项至第七项规定的，…处5000元以上5万元以下罚款") share no words; the cross-reference
        connects them. A penalty clause takes the place and similarity of the rule it enforces,
        also when the search found it on its own words less well than the rule (a penalty citing
        several articles names none of their conducts)."""
        limit = limit or self.weights.candidates
        found = {hit.clause.clause_id: hit for hit in retrieval.hits}
        added: dict[str, Hit] = {}
        raised: dict[str, Hit] = {}
        enforced: dict[str, Enforced] = {}
        for hit in retrieval.hits[:limit]:
            if PENALTY_SENTENCE.search(hit.clause.text):
                continue
            number, item, penalties = self.penalties_enforcing(hit.clause)
            for clause in penalties:
                paragraphs = self.paragraphs(hit.clause.doc, number) if item is None else ()
                enforced.setdefault(clause.clause_id, Enforced(number, item, hit.clause.matching_text(), hit.clause.clause_id, paragraphs))
                own = found.get(clause.clause_id)
                if own is None and clause.clause_id not in added:
                    added[clause.clause_id] = Hit(clause, hit.score, hit.dense_rank, hit.keyword_rank, {"cross_reference": 0.0}, hit.dense_similarity)
                elif own is not None and own.score < hit.score and clause.clause_id not in raised:
                    raised[clause.clause_id] = replace(own, score=hit.score, dense_similarity=max(own.dense_similarity or 0.0, hit.dense_similarity or 0.0))
        if raised:
            retrieval = replace(retrieval, hits=[raised.get(hit.clause.clause_id, hit) for hit in retrieval.hits])
        return with_hits_read(retrieval, list(added.values()), limit), enforced

    def penalties_enforcing(self, rule: Clause) -> tuple[str, int | None, list[Clause]]:
        """The article a rule clause belongs to (第三十一条), its item number when it is an item,
        and the clauses whose "违反本条例第X条…规定" names that article and, where they name
        items, that item (the penalty of the article's other items is not its penalty); a
        penalty that cites the whole article but lists the conducts it punishes must list the
        item's."""
        article = next((part for part in reversed(rule.path) if ARTICLE.match(part)), "")
        if not article:
            return "", None, []
        item = item_number(rule.path[-1]) if rule.path[-1] != article else None
        number = ARTICLE.match(article).group()
        penalties: list[Clause] = []
        for clause, items in self.penalties_citing(rule.doc, number):
            per_item = self.items_naming_cited_items(clause) if not items else []
            if per_item and item is not None:
                # the penalty of this item is the one of the list's items that names it
                penalties += [listed for listed, named in per_item if item in named]
            elif item is None or item in items or (not items and self.lists_conduct_of(clause, rule)):
                penalties.append(clause)
        return number, item, penalties + self.paragraphs_referring_back(rule, article)

    def items_naming_cited_items(self, penalty: Clause) -> list[tuple[Clause, set[int]]]:
        """The items of a penalty's list that name, by item number alone, items of the article
        its lead-in cites ("（二）违反第二项规定的，处以二百元以上一千元以下罚款"), each with the
        numbers it names; empty when its items name none."""
        named = [(clause, items_of_cited_article(clause)) for clause in self.items_listed_under(penalty)]
        return [(clause, numbers) for clause, numbers in named if numbers]

    def items_listed_under(self, clause: Clause) -> list[Clause]:
        """The items of the list a clause introduces (the clauses of its article below it)."""
        return [
            item for item, number in self.article_clauses(clause.doc).get(article_of(clause.path), [])
            if number is not None and item.path[: len(clause.path)] == clause.path and len(item.path) > len(clause.path)
        ]

    def lists_conduct_of(self, penalty: Clause, rule_item: Clause) -> bool:
        """Whether a penalty punishes a rule's item: it has no list of its own, or an item of its
        list restates the rule item's conduct ("违反本条例第二十条规定，有下列情形之一的，…罚款：
        （一）…（三）与行人争道抢行的" punishes three of 第二十条's four duties)."""
        listed = self.items_listed_under(penalty)
        if not listed or not LIST_LEAD.search(penalty.text):
            return True
        conduct = bigrams(ITEM_MARK.sub("", rule_item.text))
        return not conduct or any(len(conduct & bigrams(clause.text)) >= self.weights.restated * len(conduct) for clause in listed)

    def paragraphs_referring_back(self, rule: Clause, article: str) -> list[Clause]:
        """Later paragraphs of the rule's own article that penalise it by reference ("个人有前款
        规定行为之一的，处…罚款", "违反前两款规定的，…"), as a lead-in that says only "按照本条
        第二款的规定处以罚款" leaves its amounts to them."""
        depth = rule.path.index(article) + 1
        item = item_number(rule.path[-1]) if rule.path[-1] != article else None
        return [
            clause for clause in self.clauses_of(rule.doc)
            if clause.start > rule.start and clause.path[:depth] == rule.path[:depth] and len(clause.path) == depth
            and any(self.refers_back_to(paragraph, item) for paragraph in clause.text.split("\n"))
        ]

    @classmethod
    def refers_back_to(cls, paragraph: str, item: int | None) -> bool:
        """Whether a paragraph penalises an item of its own article by reference, read one
        paragraph at a time: a clause may hold "违反本条第一款第二项规定损害古榧树的，…" and
        "违反本条第一款第三项规定的，…" as two paragraphs, each for its own item."""
        if REFERS_BACK.search(paragraph) is None or PENALTY_SENTENCE.search(paragraph) is None:
            return False
        named = cls.items_referred_back(paragraph)
        if named:
            # it names the items it punishes, whatever it adds of their conduct (…第二项规定损害古榧树的)
            return item is None or item in named
        return not states_own_conduct(paragraph)

    @staticmethod
    def items_referred_back(text: str) -> set[int]:
        """"违反本条第一款第四项规定的，…" -> {4}: the items of its own article a paragraph
        penalises (in a clause of several such paragraphs, all of theirs); empty when it names
        none (违反前款规定的)."""
        return {number for reference in REFERS_BACK_ITEMS.finditer(text) for number in item_numbers(reference.group("items"))}

    def references_alone(self, doc: str, sentence: str) -> list[tuple[list[tuple[Clause, int | None]], set[int], list[str]]]:
        """The rules a penalty sentence names its conduct by alone ("单位违反本条例第三十三条规定，处1000元
        罚款"), each as the cited article's clauses (with their item numbers), the items cited and the
        texts of the paragraphs (款) cited when no item is; [] when the sentence cites none or states
        its conduct itself ("违反本条例第十九条第一款第三项规定，携犬进入公共楼道…未采取安全措施的，…")."""
        cited_rules = []
        for reference in CROSS_REFERENCE.finditer(sentence):
            if len(own_conduct(sentence, reference.end())) > OWN_CONDUCT_CHARS:
                continue
            for cited in ARTICLE_REF.finditer(reference.group("refs")):
                article = cited.group("article")
                items = item_numbers(cited.group("items") or "")
                named = paragraphs_named(self.paragraphs(doc, article), item_numbers(cited.group("paragraphs") or "")) if not items else []
                cited_rules.append((self.article_clauses(doc).get(article, []), items, named))
        return cited_rules

    def conduct_cited(self, doc: str, sentence: str) -> str:
        """The text of the rules a penalty sentence names its conduct by alone (`references_alone`):
        the cited paragraphs, or the cited items with their article's own paragraphs, or the whole
        article; "" when there are none, since a whole article read in for a penalty stating its own
        conduct would speak of conducts the penalty does not punish."""
        cited_text = []
        for clauses, items, named in self.references_alone(doc, sentence):
            cited_text += named or [clause.text for clause, item in clauses if not items or item is None or item in items]
        return "".join(cited_text)

    def rules_cited(self, doc: str, sentence: str, terms: Sequence[Term] = ()) -> list[tuple[Clause, Span]]:
        """What a penalty sentence naming its conduct by reference alone ("（四）违反本条例第十四条规定的，
        责令改正…") punishes: of each rule it cites (the cited items, paragraphs or article), the
        sentence holding most of the question's `terms` that the penalty itself does not hold (an
        item before its list's lead-in, else the first on a tie), verbatim, so the answer says what
        第十四条 forbids; of more rules than an answer can quote (`MAX_RULES_CITED`), the one holding
        most of the terms. [] when the sentence states its conduct itself."""
        quoted: list[tuple[Clause, Span]] = []
        # the question's words the penalty already holds (业委会 of 业主委员会成员违反…) tell no cited rule from another
        compact = re.sub(r"\s", "", sentence)
        telling = [t for t in terms if not t.present_in(compact)] or list(terms)
        for clauses, items, named in self.references_alone(doc, sentence):
            if items:
                # each cited item's first sentence (an item is one sentence as a rule)
                quoted += [(clause, sentences(clause)[0]) for clause, item in clauses if item in items][: MAX_RULES_CITED + 1]
                continue
            # of each cited paragraph, or of the whole article (its items too), the one sentence
            # speaking most of the question, a listing paragraph read item by item (…不得有下列行为：（一）侵占、挪用…；)
            for text in [paragraph.split("\n\n")[0] for paragraph in named] or ["\n".join(clause.text for clause, _ in clauses)]:
                stated = [(clause, part) for clause, _ in clauses for part in sentences(clause) if part.text in text]
                # a list's lead-in says only that items follow: the item speaking of the question, else the lead-in
                best = max(stated, key=lambda stated_part: (coverage(telling, stated_part[1].text), not opens_a_list(stated_part[1].text)), default=None)
                if best is not None:
                    quoted.append(best)
        if len(quoted) <= MAX_RULES_CITED:
            return quoted
        # a reference naming many rules ("违反本条例第十三条第一款第二项、第二十六条第三款、第三十三条…"): the one
        # speaking of the question, if one does
        best = max(quoted, key=lambda rule: coverage(terms, rule[1].text))
        return [best] if coverage(terms, best[1].text) > 0 else []

    def article_clauses(self, doc: str) -> dict[str, list[tuple[Clause, int | None]]]:
        """第X条 -> the clauses of that article in `doc`, each with its item number (None for
        the article's own paragraphs)."""
        if doc not in self._article_clauses:
            articles: dict[str, list[tuple[Clause, int | None]]] = {}
            for clause in self.clauses_of(doc):
                article = next((part for part in clause.path if ARTICLE.match(part)), "")
                if article:
                    item = item_number(clause.path[-1]) if clause.path[-1] != article else None
                    articles.setdefault(ARTICLE.match(article).group(), []).append((clause, item))
            self._article_clauses[doc] = articles
        return self._article_clauses[doc]

    def paragraphs(self, doc: str, article: str) -> tuple[str, ...]:
        """The paragraphs (款) of an article in `doc`, in order, each with the items of the list
        it introduces: the article's own clauses split at blank lines, an item going with the
        paragraph before it."""
        if (doc, article) in self._paragraphs:
            return self._paragraphs[(doc, article)]
        parts: list[tuple[int, str]] = []
        items: list[Clause] = []
        for clause, item in sorted(self.article_clauses(doc).get(article, []), key=lambda pair: pair[0].start):
            if item is not None:
                items.append(clause)
                continue
            offset = 0
            for part in re.split(r"(\n\s*\n)", clause.text):
                if part.strip():
                    parts.append((clause.start + offset, part.strip()))
                offset += len(part)
        texts = [text for _, text in parts]
        for item in items:
            before = [position for position, (start, _) in enumerate(parts) if start < item.start]
            if before:
                texts[before[-1]] += item.text
        self._paragraphs[(doc, article)] = tuple(texts)
        return self._paragraphs[(doc, article)]

    def of_rule(self, rule: Clause, terms: list[Term], stated: Span | None = None) -> tuple[Clause, Span] | None:
        """The penalty for breaking a rule clause: the sentence, with its tiers, of a clause that
        cites the rule's article (and item) and speaks to it, or the lead-in of a penalised list
        whose item cites it; the one holding most of the question's words. A penalty citing no
        article answers where it restates the act of the rule's sentence `stated` (`_restating`).
        None when no penalty enforces the rule."""
        number, item, penalties = self.penalties_enforcing(rule)
        enforced = Enforced(number, item, rule.matching_text())
        paragraphs = self.paragraphs(rule.doc, number) if item is None and stated is not None else ()
        found: list[tuple[Clause, Span]] = []
        for clause in penalties:
            lead = self.penalty_in_lead_in(clause)
            if lead is not None:
                found.append(lead)
                continue
            for span in sentences(clause):
                reference = paragraph_up_to(clause, span)
                # "违反本条例第二十七条第一款规定" punishes that paragraph's duty, not the second's
                named = paragraphs_named(paragraphs, cited_paragraphs(reference, number))
                if named and not any(stated.text in paragraph for paragraph in named):
                    continue
                if PENALTY_SENTENCE.search(span.text) and enforced.covers(reference):
                    found.append((clause, self.with_tiers(clause, span)))
                    break
        return max(found or self._restating(rule, stated or whole(rule)), key=lambda penalty: coverage(terms, penalty[1].text), default=None)

    def _restating(self, rule: Clause, stated: Span) -> list[tuple[Clause, Span]]:
        """The penalties of the rule's document citing no article that restate its act ("违反本条例
        规定，有下列行为之一的，…处2000元以上2万元以下的罚款：…（三）擅自改变渔业船舶的吨位、载重线、
        主机功率…的" for "不得擅自改变其吨位、载重线、主机功率…"): those whose conduct's character pairs
        stand, all but a share `AnswerWeights.restated_act_seams`, in the rule's sentence `stated`."""
        rule_pairs = bigrams(lead_in_text(rule) + stated.text)  # an item read with its lead-in (在…内不得实施下列行为：)
        found: list[tuple[Clause, Span]] = []
        for clause in self.clauses_of(rule.doc):
            if clause.clause_id == rule.clause_id or CROSS_REFERENCE.search(clause.text):
                continue
            lead = self.penalty_in_lead_in(clause)
            spans = [whole(clause)] if lead is not None else [span for span in sentences(clause) if PENALTY_SENTENCE.search(span.text)]
            for span in spans:
                conduct = penalised_conduct(span.text)
                if LIST_LEAD.search(conduct):
                    continue  # "公职人员有下列情形之一的，…" names its conducts in its items, each read on its own
                if restates_rule(conduct, rule_pairs, self.weights):
                    found.append(lead if lead is not None else (clause, self.with_tiers(clause, span)))
                    break
        return found

    def penalties_citing(self, doc: str, article: str) -> list[tuple[Clause, set[int]]]:
        """Clauses of `doc` whose "违反本条例第X条…规定" names `article`, with the items they
        name of it (empty: the whole article)."""
        if doc not in self._penalty_index:
            index: dict[str, list[tuple[Clause, set[int]]]] = {}
            for clause in self.clauses_of(doc):
                for match in CROSS_REFERENCE.finditer(clause.text):
                    refs = match.group("refs")
                    for cited in ARTICLE_REF.finditer(refs):
                        index.setdefault(cited.group("article"), []).append((clause, item_numbers(cited.group("items") or "")))
            self._penalty_index[doc] = index
        return self._penalty_index[doc].get(article, [])
