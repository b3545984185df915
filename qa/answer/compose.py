"""Compose an extractive answer with verified citations from retrieved clauses.

The answer leads with the region and the answering sentence (a verbatim quote), then
any conflicting statement of the same document. Fidelity rule: every number in the
answer text appears verbatim in one of its cited quotes; an answer that would break it
is not returned (`check_fidelity`, enforced in `Composer.verified`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from qa.index.build import Index
from qa.text.keywords import KeywordTokenizer
from qa.ingest.quantities import fits, quantities, stated_quantities
from qa.text.numerals import chinese_number
from qa.settings import AnswerWeights
from qa.records import Answer, AnswerFigure, Citation, Clause, Figure, Hit, QueryUnderstanding, Retrieval
from qa.retrieve.retriever import unit_compatible
from qa.understand import agency_pattern
from qa.answer.fidelity import NUMBER, check_fidelity
from qa.answer.sentences import PHRASE, SENTENCE, Span, Term, bigrams, coverage, one_line, paragraph_up_to, pieces, sentences, term
from qa.answer.versions import version_answer, with_validity

NOT_FOUND = "未找到：所检索的文件中没有明确规定{what}。"
NAMES_NOTHING = "这个问题没有说明要查什么：请写明想了解的政策内容，最好带上地区，例如“某市养犬登记要办什么手续？”"
RELATED_NOTE = "以下相关条款仅供参考（并非答案）。"
NEEDS_CONTEXT = "请把问题说完整：这个问题接着上一个问题问，但前面没有问题可接。请说明想了解哪个地区、哪项规定或哪个指标，例如“某市工业用地出让比例是多少？”"
# a rule of conduct: a duty or a prohibition, which a penalty may enforce
NORM = re.compile(r"不得|禁止|严禁|应当|必须")
# a question that names a penalty outright (罚多少, 处分); 怎么处理 may also ask what a plan does
NAMES_PENALTY = re.compile(r"罚|处分")

class FidelityError(RuntimeError):
    pass


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


# what a sentence that states a penalty says (处…罚款, 没收违法所得, 给予警告, 吊销许可证)
# ("三年内无犬只被没收…的记录" reports a past penalty, it imposes none)
PENALTY_SENTENCE = re.compile(r"(?<!被)(?:罚款|罚金|没收|警告|吊销|拘留|处分|责令停产|责令停业|通报批评|不得从事|禁止从事|取消[^，。；]{0,10}资格)")
# a tier of the same penalty that follows it: "；情节严重的，处…", "；拒不改正的，…"
PENALTY_TIER = re.compile(r"^(?:对)?(?:情节|拒不|逾期|造成|屡次|再次|多次)|^对[^，。；]{0,12}(?:单位|个人)")
# an asked date aspect must be named by the sentence that gives the date
DATE_ASPECT_WORDS = {
    "有效期至": re.compile(r"有效期|有效至|届满|失效|截止|截至"),
    "发布": re.compile(r"发布|公布|印发"),
    "成文": re.compile(r"成文|印发|签发"),
}
# 突破亿大关, 达到万元: a comparator and a scale with the number between them lost from the source
LOST_NUMBER = re.compile(r"(?:突破|达到|超过|不低于|不少于|提高到|增加到|控制在)(?:亿|万|千|百)(?:元|美元|亩|吨|大关)?(?![0-9０-９一二三四五六七八九十])")
LOOKBACK_CHARS = 30  # how far before a figure its indicator is looked for
# 每年九月的第三个星期日, 每年三月五日: a day that recurs, which date figures do not hold
RECURRING_DAY = re.compile(r"每年[^，。；]{0,8}(?:月|星期|周)[^，。；]{0,8}(?:日|天)|星期[一二三四五六日天]")
# 最高/最多/最晚 name the largest value, 最低/最少/最早 the smallest
SUPERLATIVE = re.compile(r"(?P<high>最高|最多|最大|最长|最晚|最严|更高|更多|更大|更长|更晚|更严)|(?P<low>最低|最少|最小|最短|最早|最宽松|更低|更少|更小|更短|更早)")


@dataclass(frozen=True)
class Enforced:
    """The rule a penalty clause enforces: its article, the item of it that matched, its text."""

    article: str
    item: int | None
    conduct: str

    def covers(self, sentence: str) -> bool:
        """A sentence of the penalty clause speaks to this rule unless its own reference names
        other items of the article ("…第二项至第七项规定的" when 第一项 matched)."""
        for reference in CROSS_REFERENCE.finditer(sentence):
            for cited in ARTICLE_REF.finditer(reference.group("refs")):
                if cited.group("article") == self.article:
                    items = _item_numbers(cited.group("items") or "")
                    return self.item is None or not items or self.item in items
            return False
        return True


@dataclass
class ComparisonRow:
    """One place of a comparison: what its best clause says, and the figure compared."""

    region: str
    text: str = "未规定"
    citation: int | None = None  # index into Answer.citations
    figure: str = ""
    value: float | None = None
    unit: str = ""
    comparator: str = ""
    period: str = ""
    sort_value: float | None = None  # in the base unit (万元 -> 元), for superlatives


def date_value(text: str) -> float | None:
    """2016年2月2日 -> 20160202, so dates sort; None when the text is no full date."""
    match = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text.translate(FULLWIDTH_DIGITS))
    return float(f"{match.group(1)}{int(match.group(2)):02d}{int(match.group(3)):02d}") if match else None


FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def base_value(figure: Figure) -> float | None:
    """A figure's value in its base unit, so 5万元 and 8000元 sort together."""
    found = quantities(figure.text)
    return found[0].value if found else figure.value
# "违反本条例第三十一条第二项至第七项规定的": a penalty that refers back to the rule it enforces
CROSS_REFERENCE = re.compile(r"违反(?:本(?:条例|办法|规定|法|细则))?(?P<refs>(?:第[一二三四五六七八九十百零〇0-9]+条[^，。；,]{0,40}?)+)规定")
ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇0-9]+条")
# 第三十一条第二项至第七项 / 第十二条第（六）项: an article and the items of it that a reference names
ARTICLE_REF = re.compile(r"(?P<article>第[一二三四五六七八九十百零〇0-9]+条)(?:第[一二三四五六七八九十]+款)?(?P<items>(?:[、和及或至]?第?[（(]?[一二三四五六七八九十0-9]+[)）]?项)*)")
# a paragraph that names its conduct by pointing at an earlier paragraph of its own article
REFERS_BACK = re.compile(r"前[一二两三四五六]?款|本条第[一二三四五六七八九十]+款")
# a lead-in announces its list even when the source ends it with "；" instead of "："
LIST_LEAD = re.compile(r"有下列[^，。；：]{0,8}之一")
ITEM_MARK = re.compile(r"^[（(]([一二三四五六七八九十0-9]+)[)）]")
ENACTMENT = re.compile(r"[^。；\n]*自[^。；\n]{2,30}?起(?:施行|实施|执行|生效)[^。；\n]*[。；]?")


def _indicator_core(indicator: str) -> str:
    """The noun an indicator ends with, without its leading verb: 建成绿色低碳工厂 -> 绿色低碳工厂."""
    return re.sub(r"^(?:每年|力争|累计|全年|新增|建成|培育|实施|完成|创建|新建|引进|招引|打造|达到|确保)+", "", indicator)


def _numeral(text: str) -> int | None:
    value = chinese_number(text) if not text.isdigit() else float(text)
    return int(value) if value is not None else None


def _item_number(path_part: str) -> int | None:
    """（二）抓捕野生动物… -> 2; None for a part that is no list item."""
    match = ITEM_MARK.match(path_part)
    return _numeral(match.group(1)) if match else None


def _item_numbers(items: str) -> set[int]:
    """"第二项至第七项" -> {2..7}; "第（二）项、第（三）项" -> {2, 3}."""
    numbers = [_numeral(n) for n in re.findall(r"[一二三四五六七八九十0-9]+", items)]
    numbers = [n for n in numbers if n is not None]
    if "至" in items and len(numbers) == 2:
        return set(range(numbers[0], numbers[1] + 1))
    return set(numbers)


def lead_in_text(clause: Clause) -> str:
    """The lead-in an item is matched with ("违反本条例规定，有下列行为之一的，处…：" before
    "（二）…"); "" for a clause read on its own."""
    search = clause.search_text
    if clause.kind != "body" or not search or search == clause.text or not search.endswith(clause.text):
        return ""
    return search[: len(search) - len(clause.text)]


def _figures_in(clause: Clause, span: Span, kinds: tuple[str, ...] = ("figure",)) -> list[Figure]:
    return [f for f in clause.figures if f.kind in kinds and span.start <= f.start and f.end <= span.end]


class Composer:
    def __init__(self, index: Index, tokenizer: KeywordTokenizer, weights: AnswerWeights | None = None) -> None:
        self.index = index
        self.tokenizer = tokenizer
        self.weights = weights or AnswerWeights()  # Settings.answer
        self._penalty_index: dict[str, dict[str, list[tuple[Clause, set[int]]]]] = {}
        self._clauses_by_doc: dict[str, list[Clause]] = {}
        self._penalty_sentences: dict[str, list[str]] = {}

    # --- citations --------------------------------------------------------------------
    def citation(self, clause: Clause, span: Span) -> Citation:
        source = self.index.sources[clause.doc]
        if source.text[span.start : span.end] != span.text:
            raise FidelityError(f"quote does not match source at {clause.doc}:{span.start}-{span.end}")
        meta = self.index.documents[clause.doc]
        return Citation(
            doc=clause.doc,
            title=meta.title,
            doc_number=meta.doc_number,
            region=meta.region_label,
            clause_id=clause.clause_id,
            path=clause.path_label,
            quote=span.text,
            start=span.start,
            end=span.end,
            context=clause.text,
        )

    def whole(self, clause: Clause) -> Span:
        return Span(clause.start, clause.end, clause.text)

    def region_of(self, clause: Clause, retrieval: Retrieval | None = None) -> str:
        """The place an answer speaks for; a rule from above the asked place says so
        (济南市（适用山东省的规定）, 佛山市（适用全国性规定）)."""
        label = self.index.documents[clause.doc].region_label
        level = retrieval.levels.get(clause.doc) if retrieval else None
        asked = "、".join(retrieval.understanding.regions) if retrieval else ""
        if level == "national":
            return f"{asked}（无本地规定，适用全国性规定）" if retrieval.uncovered_places else f"{asked}（适用全国性规定）"
        if level == "above":
            return f"{asked}（适用{label}的规定）"
        return label

    # --- choosing the answering sentence ----------------------------------------------
    def question_terms(self, words: list[str], unknown: list[str], understanding: QueryUnderstanding) -> list[Term]:
        """The terms an answering sentence is matched with: the question's content words (as
        understood once, places aside) with their synonyms and parts, and its unknown runs,
        present by any pair of their characters."""
        # a penalty question's own words (处罚, 罚款) stand in every penalty: the conduct decides;
        # the party it asks about counts where a sentence addresses it ("个人违反…"), not where it
        # is mentioned ("交由…企业和个人处置")
        frame = PENALTY_SENTENCE if understanding.asks_penalty else None
        terms = []
        for word in words:
            if frame and (frame.search(word) or "处罚" in word):
                continue
            asked = term(word, self.tokenizer.subwords(word))
            terms.append(replace(asked, party=word) if frame and word in understanding.parties else asked)
        return terms + [Term(frozenset(bigrams(run))) for run in unknown]

    def asked_terms(self, understanding: QueryUnderstanding) -> list[Term]:
        return self.question_terms(understanding.content_words, understanding.unknown_words, understanding)

    def condition_terms(self, understanding: QueryUnderstanding) -> list[Term]:
        return self.question_terms(understanding.condition_words, understanding.condition_unknown_words, understanding)

    def _trim(self, clause: Clause, span: Span, terms: list[Term], wants_figure: bool, wants_date: bool = False, wants_penalty: bool = False) -> Span:
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
            holding = [window for window in windows if _figures_in(clause, window, kinds)]
            if wanted and holding:
                windows = holding
        penalised = [window for window in windows if PENALTY_SENTENCE.search(window.text)]
        if wants_penalty and penalised:
            windows = penalised
        if not windows:
            return span
        return max(windows, key=lambda window: (coverage(terms, window.text) - 0.002 * len(window.text), -window.start))

    def clauses_of(self, doc: str) -> list[Clause]:
        if doc not in self._clauses_by_doc:
            self._clauses_by_doc[doc] = [clause for clause in self.index.clauses if clause.doc == doc]
        return self._clauses_by_doc[doc]

    def lead_in(self, item: Clause) -> tuple[Clause, Span] | None:
        """The sentence introducing the list an item belongs to ("违反本条例规定，有下列行为之一的，
        由…处两百元以上一千元以下罚款：") with its clause; None for a clause that is no list item."""
        if item.kind != "body" or len(item.path) < 2 or _item_number(item.path[-1]) is None:
            return None
        parent = None
        for clause in self.clauses_of(item.doc):
            if clause.start >= item.start:
                break
            if clause.path == item.path[:-1]:
                parent = clause
        if parent is None or not (parent.text.rstrip().endswith(("：", ":")) or LIST_LEAD.search(parent.text)):
            return None
        return parent, sentences(parent)[-1]

    def penalty_in_lead_in(self, clause: Clause) -> tuple[Clause, Span] | None:
        """An item whose penalty its list's lead-in states: the lead-in, else None."""
        lead = self.lead_in(clause)
        if lead is None or not PENALTY_SENTENCE.search(lead[1].text):
            return None
        return lead[0], self.with_tiers(*lead)  # "…责令改正；拒不改正的，处…罚款：" from its start

    def penalised(self, ranked: list[Candidate]) -> bool:
        """Whether a penalty speaks of the asked conduct.

        When a rule (a duty or prohibition) matches the question better than any penalty does on
        its own words (the penalty bonus aside), that rule is the asked conduct (乘客电梯运载电动自行车 among 不得实施
        下列行为). It is penalised when a penalty cites its article ("违反本条例第X条") or restates
        its conduct; otherwise the penalties found punish other conducts, and another conduct's
        fine is no answer."""
        rule = next((c for c in ranked if c.words > 0 and self.is_rule(c)), None)
        penalty = next((c for c in ranked if c.penalty_ok), None)
        if rule is None or penalty is None or rule.score <= penalty.score - self.weights.penalty_bonus:
            return True
        clause = rule.hit.clause
        if self.penalties_enforcing(clause)[2]:
            return True
        conduct = bigrams(ARTICLE.sub("", ITEM_MARK.sub("", rule.span.text)))
        return not conduct or any(
            len(conduct & bigrams(sentence)) >= self.weights.restated * len(conduct) for sentence in self.penalty_sentences(clause.doc)
        )

    def is_rule(self, candidate: Candidate) -> bool:
        """A duty or prohibition in its own words (its list's lead-in included), outside the
        clauses that enforce rules ("违反本条例第X条规定的，责令改正；逾期仍不登记的，收容犬只")."""
        clause = candidate.hit.clause
        return (
            not candidate.penalty_ok
            and NORM.search(lead_in_text(clause) + candidate.span.text) is not None
            and not PENALTY_SENTENCE.search(clause.text)
            and not CROSS_REFERENCE.search(clause.text)
        )

    def conduct_cited(self, doc: str, sentence: str) -> str:
        """The text of the rules a penalty sentence cites ("单位违反本条例第三十三条规定，处1000元罚款"
        names its conduct only through 第三十三条): the cited articles, or only the cited items
        of them; "" when the sentence cites none."""
        cited_text = []
        for reference in CROSS_REFERENCE.finditer(sentence):
            for cited in ARTICLE_REF.finditer(reference.group("refs")):
                items = _item_numbers(cited.group("items") or "")
                for clause in self.clauses_of(doc):
                    article = next((part for part in clause.path if ARTICLE.match(part)), "")
                    if not article or ARTICLE.match(article).group() != cited.group("article"):
                        continue
                    item = _item_number(clause.path[-1]) if clause.path[-1] != article else None
                    if not items or item is None or item in items:
                        cited_text.append(clause.text)
        return "".join(cited_text)

    def penalty_sentences(self, doc: str) -> list[str]:
        if doc not in self._penalty_sentences:
            self._penalty_sentences[doc] = [
                span.text for clause in self.clauses_of(doc) for span in sentences(clause) if PENALTY_SENTENCE.search(span.text)
            ]
        return self._penalty_sentences[doc]

    def listed_conduct(self, clause: Clause, terms: list[Term]) -> tuple[Clause, Span] | None:
        """When the answering penalty introduces a list of conducts ("有下列行为之一的，依法给予处分："),
        the item of the list that holds most of the question's words; None when none holds any."""
        if not clause.text.rstrip().endswith(("：", ":")):
            return None
        items = [
            other for other in self.clauses_of(clause.doc)
            if other.start > clause.start and other.path[:-1] == clause.path and _item_number(other.path[-1]) is not None
        ]
        best = max(items, key=lambda item: (coverage(terms, item.text), -item.start), default=None)
        if best is None or coverage(terms, best.text) == 0:
            return None
        return best, sentences(best)[0]

    def relevance(self, hit: Hit, terms: list[Term], enforced: "Enforced | None" = None) -> float:
        """How well a clause matches the question: its share of the question's words (a penalty
        clause read with the rule it enforces), or, for questions worded unlike the text
        (paraphrases), the embedding similarity rescaled between the similarity floor (0) and
        "similar enough" (1), `Settings.answer`."""
        conduct = enforced.conduct if enforced is not None else ""
        lexical = coverage(terms, hit.clause.matching_text() + " ".join(hit.clause.path) + conduct)
        semantic = ((hit.dense_similarity or 0.0) - self.weights.similarity_floor) / (self.weights.similar_enough - self.weights.similarity_floor)
        return max(lexical, min(max(semantic, 0.0), 1.0))

    def candidates(self, retrieval: Retrieval, terms: list[Term], limit: int | None = None, enforced: dict[str, "Enforced"] | None = None) -> list[Candidate]:
        """Every sentence of the top hits, scored; `enforced` maps a penalty clause reached by
        its cross-reference to the text of the rule it enforces."""
        understanding = retrieval.understanding
        limit = limit or self.weights.candidates
        units = list(understanding.expected_units) if understanding.figure_intent else []
        asked_numbers = set(NUMBER.findall(understanding.resolved_question))
        # the case the question describes (用了十七八年, 七十来年的树) meets some thresholds and not others
        case_quantities = stated_quantities(understanding.resolved_question)
        # a follow-up's condition (要是人牺牲了) is what the answer must now speak to
        condition_terms = self.condition_terms(understanding)
        top_score = max((hit.score for hit in retrieval.hits[:limit]), default=0.0) or 1.0
        found = []
        for rank, hit in enumerate(retrieval.hits[:limit]):
            relevance = self.relevance(hit, terms, (enforced or {}).get(hit.clause.clause_id))
            retrieval_strength = max(hit.score, 0.0) / top_score
            previous: Span | None = None
            penalised_by_lead_in = understanding.asks_penalty and self.penalty_in_lead_in(hit.clause) is not None
            for span in sentences(hit.clause):
                # "拒不改正的，处…罚款" qualifies the sentences of its paragraph before it, which name the conduct
                qualified = paragraph_up_to(hit.clause, previous) if previous is not None and PENALTY_TIER.match(span.text) else ""
                previous = span
                figures = _figures_in(hit.clause, span)
                unit_ok = bool(figures) if not units else any(unit_compatible(f.unit, units) for f in figures)
                date_ok = bool(_figures_in(hit.clause, span, ("date",)) or RECURRING_DAY.search(span.text))
                if understanding.asks_date == "日期" and hit.clause.kind in ("title", "preamble"):
                    date_ok = False  # the document's own adoption dates answer no question about its content
                aspect = DATE_ASPECT_WORDS.get(understanding.asks_date)
                if aspect is not None and not aspect.search(span.text):
                    date_ok = False  # 成文日期 does not say until when a plan is valid
                elif understanding.asks_date not in ("", "施行") and aspect is None and ENACTMENT.search(span.text):
                    date_ok = False  # "本条例自…起施行" says when the rule takes effect, not the date of a thing
                # an item of "有下列行为之一的，处…罚款：" is penalised by its lead-in
                penalty_ok = bool(PENALTY_SENTENCE.search(span.text)) or penalised_by_lead_in
                if penalty_ok and not understanding.asks_penalty:
                    unit_ok = False  # a fee, price or target asked (交多少处理费) is not a fine
                # a penalty reached by its cross-reference is matched with the conduct of the rule it enforces
                # an item is read with its article's lead-in (search_text), a penalty reached by its
                # cross-reference with the conduct of the rule it enforces
                rule = (enforced or {}).get(hit.clause.clause_id)
                if rule is not None:
                    conduct = rule.conduct if rule.covers(qualified + span.text) else ""
                else:
                    conduct = self.conduct_cited(hit.clause.doc, qualified + span.text) if understanding.asks_penalty else ""
                # what the sentence is read with: the conduct a tier qualifies, the rule a penalty
                # enforces, the lead-in of an item; not the clause's other paragraphs, whose
                # conducts are not this sentence's (第五十六条 with three paragraphs, three fines)
                context = qualified + conduct + lead_in_text(hit.clause)
                read_with = span.text + context
                words = coverage(terms, read_with)
                score = words + 0.5 * relevance + self.weights.retrieval_weight * retrieval_strength - 0.03 * rank
                if condition_terms:
                    score += 0.5 * coverage(condition_terms, span.text)
                if understanding.asks_penalty and penalty_ok:
                    score += self.weights.penalty_bonus
                if not penalty_ok and REFERS_BACK.search(span.text):
                    score -= self.weights.dependent  # "…符合前款规定条件之一的，也可以…" extends the rule before it
                if retrieval.levels.get(hit.clause.doc, "own") != "own":
                    score -= self.weights.higher_level  # the place's own rule first, a province's or the nation's after it
                # a number the question quotes (不到5万块) marks the sentence that states it
                score += 0.3 * len(asked_numbers.intersection(NUMBER.findall(span.text)))
                if case_quantities:
                    verdicts = [fits(case, rule) for case in case_quantities for rule in quantities(span.text)]
                    if True in verdicts:
                        score += self.weights.case_fit
                    elif False in verdicts:
                        score -= self.weights.case_fit
                # the sentence states what kind of answer is asked: a figure in the asked unit,
                # a date, a body for a who-question
                if understanding.figure_intent and unit_ok:
                    score += self.weights.answer_type
                if understanding.asks_who and agency_pattern().search(span.text):
                    score += self.weights.answer_type
                if understanding.asks_date and date_ok:
                    score += self.weights.answer_type
                found.append(Candidate(hit, rank, span, score, relevance, unit_ok, date_ok, penalty_ok, words, read_with))
        found.sort(key=lambda c: (-c.score, c.rank, c.span.start))
        return found

    # --- answers ----------------------------------------------------------------------
    def compose(self, question: str, retrieval: Retrieval) -> Answer:
        """The answer, or 未找到 with related clauses when no faithful answer can be built."""
        try:
            return self._compose(question, retrieval)
        except FidelityError:
            return self.not_found(question, retrieval, "可逐字核验的答案")

    def _compose(self, question: str, retrieval: Retrieval) -> Answer:
        understanding = retrieval.understanding
        if understanding.needs_context:
            return self.needs_context(question, retrieval)
        if retrieval.uncovered_places and not retrieval.hits:
            places = "、".join(retrieval.uncovered_places)
            elsewhere = self.places_with_rules(retrieval)
            note = f"；有相关规定的地区：{'、'.join(elsewhere)}" if elsewhere else ""
            return self.not_found(question, retrieval, f"{places}的相关内容（文件库中没有适用于该地区的文件{note}）")
        if not retrieval.hits:
            return self.not_found(question, retrieval, "相关内容")
        changed = version_answer(self, question, retrieval)  # what changed between versions; still in force?
        if changed is not None:
            return changed
        if understanding.asks_doc_number:
            return self.doc_number(question, retrieval)
        if retrieval.comparison:
            return self.compare(question, retrieval)
        if understanding.asks_date == "施行":
            return self.enactment(question, retrieval)
        terms = self.asked_terms(understanding)
        if not terms and not understanding.regions and not understanding.figure_intent:
            return self.needs_context(question, retrieval, NAMES_NOTHING)
        enforced: dict[str, Enforced] = {}
        if understanding.asks_penalty:
            retrieval, enforced = self.with_penalties_of(retrieval)
        # a penalty stands in its own chapter, often below the rules it enforces: all hits are read
        ranked = self.candidates(retrieval, terms, limit=len(retrieval.hits) if understanding.asks_penalty else self.weights.candidates, enforced=enforced)
        if understanding.asks_penalty:
            penalties = [c for c in ranked if c.penalty_ok]
            if penalties and not self.penalised(ranked):
                return self.not_found(question, retrieval, "对该行为的处罚（找到的规定未设罚则）")
            if not penalties and NAMES_PENALTY.search(understanding.resolved_question):
                # 罚多少 asked, and no retrieved sentence states a penalty: the rule alone is no answer
                return self.not_found(question, retrieval, "对该行为的处罚")
            ranked = penalties or ranked
        if understanding.figure_intent:
            ranked = [c for c in ranked if c.unit_ok] or ranked
        if understanding.asks_date:
            ranked = [c for c in ranked if c.date_ok] or ranked
        best = ranked[0]
        if understanding.condition and PENALTY_TIER.match(understanding.condition):
            tier_terms = self.condition_terms(understanding)
            if tier_terms and not any(coverage(tier_terms, c.span.text) for c in ranked[: self.weights.candidates]):
                # 情节严重的呢？ where no answering sentence speaks of that tier: the rule sets none
                return self.not_found(question, retrieval, f"“{understanding.condition}”情形另有的处罚或要求")
        if best.relevance < self.weights.min_relevance or (terms and best.words == 0):
            # a sentence sharing no word with the question is a guess, however close its vectors:
            # on the calibration halves such answers were never the right clause
            return self.not_found(question, retrieval, "该问题所问的内容")
        if understanding.figure_intent and not best.unit_ok:
            return self.not_found(question, retrieval, "该指标的具体数字")
        if understanding.asks_date and not best.date_ok:
            return self.not_found(question, retrieval, "该日期")
        clause = best.hit.clause
        if understanding.asks_responsible_units and clause.responsible_units:
            return self.responsible_units(question, retrieval, clause, best.span)
        if clause.kind == "table_row":
            return self.table_row(question, retrieval, clause)
        span = self._trim(clause, best.span, terms, understanding.figure_intent, bool(understanding.asks_date), understanding.asks_penalty)
        if understanding.asks_penalty:
            lead = self.penalty_in_lead_in(clause) if not PENALTY_SENTENCE.search(span.text) else None
            if lead is not None:
                return self.listed_penalty(question, retrieval, lead, (clause, span))
            span = self.with_tiers(clause, span)
            item = self.listed_conduct(clause, terms)
            if item is not None:
                return self.listed_penalty(question, retrieval, (clause, span), item)
        lost = self.number_lost(clause, best.span, terms) if understanding.figure_intent else ""
        if lost:
            return self.not_found(question, retrieval, f"该指标的具体数字（原文此处的数字缺失：“{lost}”）")
        if understanding.asks_permission and not understanding.asks_penalty and NORM.search(lead_in_text(clause) + span.text):
            penalty = self.penalty_of_rule(clause, terms)
            if penalty is not None:
                return self.rule_with_penalty(question, retrieval, (clause, span), penalty)
        cited = [(clause, span)]
        if understanding.figure_intent:
            cited += self.conflicting(ranked, best, span, terms)
        return self.finish(question, retrieval, cited)

    def number_lost(self, clause: Clause, span: Span, terms: list[Term]) -> str:
        """The asked indicator is followed by a scale with no number ("总值突破亿大关": the
        digits were lost from the source), closer to the question than any stated figure."""
        lost = list(LOST_NUMBER.finditer(span.text))
        if not lost:
            return ""

        def lead_coverage(position: int) -> float:
            return coverage(terms, span.text[max(0, position - LOOKBACK_CHARS) : position])

        match = max(lost, key=lambda m: lead_coverage(m.start()))
        stated = [lead_coverage(f.start - span.start) for f in _figures_in(clause, span)]
        closest = lead_coverage(match.start())
        return match.group() if closest > 0 and closest > max(stated, default=0.0) else ""

    def with_tiers(self, clause: Clause, span: Span) -> Span:
        """A penalty quoted with the tiers around it in the same clause: the conduct a tier
        qualifies (逾期未改正的，处… needs the sentence before it) and the tiers that follow
        (；情节严重的，处…)."""
        parts = sentences(clause)
        start = span.start
        for before in reversed([part for part in parts if part.end <= span.start]):
            if not PENALTY_TIER.match(self.index.sources[clause.doc].text[start:span.end]) or start - before.end > 2:
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

    def penalty_of_rule(self, rule: Clause, terms: list[Term]) -> tuple[Clause, Span] | None:
        """The penalty for breaking a rule clause: the sentence, with its tiers, of a clause that
        cites the rule's article (and item) and speaks to it, or the lead-in of a penalised list
        whose item cites it; the one holding most of the question's words; None when no penalty
        cites the rule."""
        number, item, penalties = self.penalties_enforcing(rule)
        enforced = Enforced(number, item, rule.matching_text())
        found: list[tuple[Clause, Span]] = []
        for clause in penalties:
            lead = self.penalty_in_lead_in(clause)
            if lead is not None:
                found.append(lead)
                continue
            for span in sentences(clause):
                if PENALTY_SENTENCE.search(span.text) and enforced.covers(paragraph_up_to(clause, span)):
                    found.append((clause, self.with_tiers(clause, span)))
                    break
        return max(found, key=lambda penalty: coverage(terms, penalty[1].text), default=None)

    def rule_with_penalty(self, question: str, retrieval: Retrieval, rule: tuple[Clause, Span], penalty: tuple[Clause, Span]) -> Answer:
        """能不能…: the rule that forbids or requires it, then what breaking it costs."""
        (clause, span), (penalty_clause, penalty_span) = rule, penalty
        answer_text = f"{self.region_of(clause, retrieval)}：{one_line(span.text)}[1]\n违反的处罚：{one_line(penalty_span.text)}[2]"
        return self.verified(question, retrieval, answer_text, [rule, penalty])

    def listed_penalty(self, question: str, retrieval: Retrieval, lead: tuple[Clause, Span], item: tuple[Clause, Span]) -> Answer:
        """The penalty a list's lead-in sets, then the listed conduct it applies to."""
        (lead_clause, lead_span), (clause, span) = lead, item
        answer_text = f"{self.region_of(lead_clause, retrieval)}：{one_line(lead_span.text)}[1]\n所列行为：{one_line(span.text)}[2]"
        return self.verified(question, retrieval, answer_text, [(lead_clause, lead_span), (clause, span)])

    def with_penalties_of(self, retrieval: Retrieval, limit: int | None = None) -> tuple[Retrieval, dict[str, "Enforced"]]:
        """The retrieved rules followed by the clauses that penalise breaking them.

        A prohibition (第三十一条 …（三）捕捉野生鸟类) and its penalty ("违反本条例第三十一条
        第二项至第七项规定的，…处5000元以上5万元以下罚款") share no words; the cross-reference
        connects them. A penalty clause takes the place and similarity of the rule it enforces."""
        limit = limit or self.weights.candidates
        hits = list(retrieval.hits)
        present = {hit.clause.clause_id for hit in hits}
        added: list[Hit] = []
        enforced: dict[str, Enforced] = {}
        for hit in retrieval.hits[:limit]:
            if PENALTY_SENTENCE.search(hit.clause.text):
                continue
            number, item, penalties = self.penalties_enforcing(hit.clause)
            for clause in penalties:
                enforced.setdefault(clause.clause_id, Enforced(number, item, hit.clause.matching_text()))
                if clause.clause_id not in present:
                    present.add(clause.clause_id)
                    added.append(Hit(clause, hit.score, hit.dense_rank, hit.keyword_rank, {"cross_reference": 0.0}, hit.dense_similarity))
        if not added:
            return retrieval, enforced
        position = min(limit, len(hits))
        return replace(retrieval, hits=hits[:position] + added + hits[position:]), enforced

    def penalties_enforcing(self, rule: Clause) -> tuple[str, int | None, list[Clause]]:
        """The article a rule clause belongs to (第三十一条), its item number when it is an item,
        and the clauses whose "违反本条例第X条…规定" names that article and, where they name
        items, that item (the penalty of the article's other items is not its penalty)."""
        article = next((part for part in reversed(rule.path) if ARTICLE.match(part)), "")
        if not article:
            return "", None, []
        item = _item_number(rule.path[-1]) if rule.path[-1] != article else None
        number = ARTICLE.match(article).group()
        penalties = [clause for clause, items in self.penalties_citing(rule.doc, number) if item is None or not items or item in items]
        return number, item, penalties + self.paragraphs_referring_back(rule, article)

    def paragraphs_referring_back(self, rule: Clause, article: str) -> list[Clause]:
        """Later paragraphs of the rule's own article that penalise it by reference ("个人有前款
        规定行为之一的，处…罚款", "违反前两款规定的，…"), as a lead-in that says only "按照本条
        第二款的规定处以罚款" leaves its amounts to them."""
        depth = rule.path.index(article) + 1
        return [
            clause for clause in self.clauses_of(rule.doc)
            if clause.start > rule.start and clause.path[:depth] == rule.path[:depth] and len(clause.path) == depth
            and REFERS_BACK.search(clause.text) and PENALTY_SENTENCE.search(clause.text)
        ]

    def penalties_citing(self, doc: str, article: str) -> list[tuple[Clause, set[int]]]:
        """Clauses of `doc` whose "违反本条例第X条…规定" names `article`, with the items they
        name of it (empty: the whole article)."""
        if doc not in self._penalty_index:
            index: dict[str, list[tuple[Clause, set[int]]]] = {}
            for clause in self.index.clauses:
                if clause.doc != doc:
                    continue
                for match in CROSS_REFERENCE.finditer(clause.text):
                    refs = match.group("refs")
                    for cited in ARTICLE_REF.finditer(refs):
                        index.setdefault(cited.group("article"), []).append((clause, _item_numbers(cited.group("items") or "")))
            self._penalty_index[doc] = index
        return self._penalty_index[doc].get(article, [])

    def enactment(self, question: str, retrieval: Retrieval) -> Answer:
        """When a rule takes effect: the sentence "本条例自…起施行" of the document asked about.
        Amendment and adoption dates are not the answer; without such a sentence, 未找到."""
        doc = retrieval.hits[0].clause.doc
        for clause in (c for c in self.index.clauses if c.doc == doc):
            for span in sentences(clause):
                match = ENACTMENT.search(span.text)
                if match and _figures_in(clause, span, ("date",)):
                    start = span.start + match.start()
                    quote = Span(start, start + len(match.group().strip()), match.group().strip())
                    answer_text = f"{self.region_of(clause, retrieval)}：{one_line(quote.text)}[1]"
                    return self.verified(question, retrieval, answer_text, [(clause, quote)])
        return self.not_found(question, retrieval, "该文件的施行日期（文中没有“自…起施行”的规定）")

    def conflicting(self, ranked: list[Candidate], best: Candidate, span: Span, terms: list[Term]) -> list[tuple[Clause, Span]]:
        """Another part of the same document giving the same indicator another number.

        瑞安's text says 建成绿色低碳工厂15以上 while its 2023 task list says 新增绿色低碳工厂18家:
        both are shown, each cited, with the part of the document that says it.
        """
        main_figures = [f for f in _figures_in(best.hit.clause, span) if f.indicator]
        if not main_figures:
            return []
        main = max(main_figures, key=lambda f: coverage(terms, f.indicator))
        core = _indicator_core(main.indicator)
        if len(core) < 3:
            return []
        for clause in self.index.clauses:
            if clause.doc != best.hit.clause.doc:
                continue
            for figure in clause.figures:
                if figure.kind != "figure" or figure.start == main.start or not figure.indicator.endswith(core):
                    continue
                if figure.value == main.value or (figure.unit and main.unit and figure.unit != main.unit):
                    continue
                return [(clause, self._trim(clause, self.sentence_around(clause, figure.start), terms, True))]
        return []

    def sentence_around(self, clause: Clause, position: int) -> Span:
        """The sentence holding a position; inside a table row, the sentence of its cell."""
        if clause.kind != "table_row":
            return next(s for s in sentences(clause) if s.start <= position < s.end)
        cell = next((c for c in clause.cells if c.start <= position < c.end), None)
        if cell is None:
            return self.whole(clause)
        text = clause.text[cell.start - clause.start : cell.end - clause.start]
        return next((s for s in pieces(SENTENCE, text, cell.start) if s.start <= position < s.end), self.whole(clause))

    def finish(self, question: str, retrieval: Retrieval, cited: list[tuple[Clause, Span]]) -> Answer:
        lines = []
        for number, (clause, span) in enumerate(cited, start=1):
            if number == 1:
                lines.append(f"{self.region_of(clause, retrieval)}：{one_line(span.text)}[{number}]")
            else:
                # the clause path is on the citation card; digits in it (2023年…清单) are not in the quote
                lines.append(f"另：同一文件另一处写为：{one_line(span.text)}[{number}]")
        return self.verified(question, retrieval, "\n".join(lines), cited)

    def verified(self, question: str, retrieval: Retrieval, answer_text: str, cited: list[tuple[Clause, Span]], table: list[dict] | None = None) -> Answer:
        answer_text, cited, statuses = with_validity(self, retrieval, answer_text, cited, table)
        citations = [replace(self.citation(clause, span), status=statuses.get(clause.doc, "")) for clause, span in cited]
        places = {meta.region_label for meta in self.index.documents.values()} | {
            name for meta in self.index.documents.values() for name in meta.regions
        } | set(retrieval.understanding.regions) | set(retrieval.uncovered_places)
        unsupported = check_fidelity(answer_text, [c.quote for c in citations], places)
        if unsupported:
            raise FidelityError(f"answer carries numbers not in its quotes: {unsupported}")
        figures = [
            AnswerFigure(figure.text, figure.value, figure.unit, number)
            for number, (clause, span) in enumerate(cited)
            for figure in _figures_in(clause, span)
        ]
        return Answer(
            question=question,
            answer=answer_text,
            found=True,
            citations=citations,
            figures=figures,
            retrieved=self.retrieved(retrieval.hits, [clause for clause, _ in cited]),
            resolved_question=retrieval.understanding.resolved_question,
            table=table or [],
        )

    def retrieved(self, hits: list[Hit], cited: list[Clause] | None = None) -> list[dict]:
        """The top 10 clauses as finally ranked: the clauses the answer cites first (the answer
        stage reranks by sentence-level evidence), then the retrieval order."""
        first_ids = list(dict.fromkeys(clause.clause_id for clause in cited or []))
        by_id = {hit.clause.clause_id: hit for hit in hits}
        ordered = [by_id[i] for i in first_ids if i in by_id] + [hit for hit in hits if hit.clause.clause_id not in first_ids]
        return [
            {"clause_id": hit.clause.clause_id, "doc": hit.clause.doc, "text": hit.clause.text, "score": round(hit.score, 6)}
            for hit in ordered[:10]
        ]

    def places_with_rules(self, retrieval: Retrieval) -> list[str]:
        """Places whose documents hold the clauses nearest the question, for a refusal to name."""
        return list(dict.fromkeys(self.index.documents[hit.clause.doc].region_label for hit in retrieval.nearest[:5]))

    def needs_context(self, question: str, retrieval: Retrieval, message: str = NEEDS_CONTEXT) -> Answer:
        """A follow-up with nothing before it, or a question naming nothing the documents could
        state: ask for what it leaves out instead of guessing."""
        return Answer(
            question=question,
            answer=message,
            found=False,
            resolved_question=retrieval.understanding.resolved_question,
        )

    def not_found(self, question: str, retrieval: Retrieval, what: str) -> Answer:
        uncovered = retrieval.uncovered_places
        # a place without a local rule: the nearest clauses anywhere, and the places they are from
        related_hits = (retrieval.nearest if uncovered else retrieval.hits or retrieval.nearest)[:3]
        related = [self.citation(hit.clause, self.whole(hit.clause)) for hit in related_hits]
        answer_text = NOT_FOUND.format(what=what)
        if uncovered and "文件库中没有适用于该地区的文件" not in what:
            elsewhere = [place for place in self.places_with_rules(retrieval) if place not in uncovered]
            answer_text += f"{'、'.join(uncovered)}没有本地规定，适用的上级或全国性文件也未规定"
            answer_text += f"；有相关规定的地区：{'、'.join(elsewhere)}。" if elsewhere else "。"
        answer_text += RELATED_NOTE if related else ""
        return Answer(
            question=question,
            answer=answer_text,
            found=False,
            related=related,
            retrieved=self.retrieved(retrieval.hits or retrieval.nearest),
            resolved_question=retrieval.understanding.resolved_question,
        )

    # --- special shapes ---------------------------------------------------------------
    def responsible_units(self, question: str, retrieval: Retrieval, clause: Clause, span: Span) -> Answer:
        units = clause.responsible_units
        if clause.kind == "table_row":
            unit_cell = next((c for c in clause.cells if re.search(r"责任|职责|牵头", c.column)), None)
            span = Span(unit_cell.start, unit_cell.end, clause.text[unit_cell.start - clause.start : unit_cell.end - clause.start]) if unit_cell else self.whole(clause)
        else:
            marker = re.search(r"[(（]?(?:责任单位|职责单位|牵头单位|责任部门)[:：][^)）]*[)）]?", clause.text)
            if marker:
                start = clause.start + marker.start()
                span = Span(start, start + len(marker.group()), marker.group())
        lead = f"{self.region_of(clause, retrieval)}：责任单位为{'、'.join(units)}（列第一位的为牵头单位）"
        answer_text = f"{lead}[1]\n原文：{one_line(span.text)}[1]"
        return self.verified(question, retrieval, answer_text, [(clause, span)])

    def table_header(self, row: Clause) -> Clause | None:
        """The clause holding the column headers of a rebuilt table row."""
        rows = self.index.clauses
        position = next(i for i, c in enumerate(rows) if c.clause_id == row.clause_id)
        columns = [re.sub(r"\s", "", cell.column) for cell in row.cells if cell.column]
        for clause in reversed(rows[max(0, position - 80) : position]):
            if clause.doc != row.doc:
                break
            if clause.kind != "table_row" and sum(column in re.sub(r"\s", "", clause.text) for column in columns) >= 2:
                return clause
        return None

    def table_row(self, question: str, retrieval: Retrieval, row: Clause) -> Answer:
        cited = [(row, self.whole(row))]
        header = self.table_header(row)
        if header is not None:
            cited.append((header, self.whole(header)))
        marks = "".join(f"[{n}]" for n in range(1, len(cited) + 1))
        reading = one_line(row.search_text or row.text)
        asked = self.asked_cell(row, retrieval.understanding.resolved_question)
        place = self.region_of(row, retrieval)
        answer_text = f"{place}：{asked}{marks}\n整行：{reading}{marks}" if asked else f"{place}：{reading}{marks}"
        if check_fidelity(answer_text, [span.text for _, span in cited]):
            answer_text = f"{place}：{one_line(row.text)}[1]"
            cited = cited[:1]
        if row.notes:
            notes = "；".join(re.sub(r"^注[:：]\s*", "", note) for note in row.notes)
            if not check_fidelity(notes, [span.text for _, span in cited]):
                answer_text += f"\n注：{notes}"
        return self.verified(question, retrieval, answer_text, cited)

    def asked_cell(self, row: Clause, question: str) -> str:
        """"<row label> <column>：<value>" for the column the question names (2020年基数, 2023年)."""
        compact_question = re.sub(r"\s", "", question)
        label = next((f.indicator for f in row.figures if f.indicator), "")
        for cell in row.cells:
            column = re.sub(r"\s", "", cell.column)
            years = re.findall(r"(?:19|20)\d{2}", column)
            named = column and (column in compact_question or (years and all(y in compact_question for y in years)))
            value = row.text[cell.start - row.start : cell.end - row.start].strip()
            if named and any(f.start >= cell.start and f.end <= cell.end for f in row.figures):
                return f"{label} {cell.column}：{value}" if label else f"{cell.column}：{value}"
        return ""

    def doc_number(self, question: str, retrieval: Retrieval) -> Answer:
        doc = retrieval.hits[0].clause.doc
        meta = self.index.documents[doc]
        source = self.index.sources[doc]
        position = source.text.find(meta.doc_number) if meta.doc_number else -1
        clause = next((c for c in self.index.clauses if c.doc == doc and c.start <= position < c.end), None)
        if position < 0 or clause is None:
            return self.not_found(question, retrieval, "该文件的文号")
        span = Span(position, position + len(meta.doc_number), meta.doc_number)
        answer_text = f"{meta.region_label}：《{meta.title}》的文号为 {meta.doc_number}[1]"
        title_span = self._title_span(doc, meta.title)
        cited = [(clause, span)] + ([title_span] if title_span else [])
        if check_fidelity(answer_text, [s.text for _, s in cited]):
            answer_text = f"{meta.region_label}：文号为 {meta.doc_number}[1]"
        return self.verified(question, retrieval, answer_text, cited)

    def _title_span(self, doc: str, title: str) -> tuple[Clause, Span] | None:
        position = self.index.sources[doc].text.find(title) if title else -1
        clause = next((c for c in self.index.clauses if c.doc == doc and c.start <= position < c.end), None)
        if position < 0 or clause is None:
            return None
        return clause, Span(position, position + len(title), title)

    def compare(self, question: str, retrieval: Retrieval) -> Answer:
        """One row per place in scope: its best answering sentence (and figure, when one is
        asked), or 未规定. Figures are compared in one base unit; a superlative in the question
        (最高, 最少, 最早 …) names the row that wins."""
        understanding = retrieval.understanding
        terms = self.asked_terms(understanding)
        units = list(understanding.expected_units)
        wants_figure = understanding.figure_intent
        kinds = ("figure", "year") if "年" in units or re.search(r"年份|哪年", question) else ("figure",)
        enforced: dict[str, Enforced] = {}
        if understanding.asks_penalty:
            retrieval, enforced = self.with_penalties_of(retrieval, limit=len(retrieval.hits))
        best_per_place: dict[str, Candidate] = {}
        for candidate in self.candidates(retrieval, terms, limit=len(retrieval.hits), enforced=enforced):
            place = self.index.documents[candidate.hit.clause.doc].region_label
            enacts = understanding.asks_date == "施行" and ENACTMENT.search(candidate.span.text) is not None
            if (candidate.relevance < self.weights.min_relevance and not enacts) or place in best_per_place:
                continue  # a place's "本条例自…起施行" answers when by its role, whatever its words
            if candidate.words == 0 and not enacts:
                continue  # a row shares at least one word with the question, or the place has 未规定
            if understanding.asks_penalty and not candidate.penalty_ok:
                continue
            if understanding.asks_date and not candidate.date_ok:
                continue
            if understanding.asks_date == "施行" and not enacts:
                continue  # each place's own "自…起施行", not another date of its text
            figures = _figures_in(candidate.hit.clause, candidate.span, kinds)
            if wants_figure and (not figures or (units and "年" not in units and not any(unit_compatible(f.unit, units) for f in figures))):
                continue
            best_per_place[place] = candidate
        places = list(dict.fromkeys(self.index.documents[doc].region_label for doc in retrieval.in_scope_docs))
        cited: list[tuple[Clause, Span]] = []
        rows: list[ComparisonRow] = []
        lines = []
        for place in places:
            candidate = best_per_place.get(place)
            if candidate is None:
                rows.append(ComparisonRow(place))
                continue
            clause = candidate.hit.clause
            span = self._trim(clause, candidate.span, terms, wants_figure, wants_penalty=understanding.asks_penalty) if clause.kind != "table_row" else candidate.span
            lead = self.penalty_in_lead_in(clause) if understanding.asks_penalty and not PENALTY_SENTENCE.search(span.text) else None
            if lead is not None:
                cited += [lead, (clause, span)]
                rows.append(ComparisonRow(place, text=lead[1].text, citation=len(cited) - 2))
                lines.append(f"{place}：{one_line(lead[1].text)}[{len(cited) - 1}] 所列行为：{one_line(span.text)}[{len(cited)}]")
                continue
            if understanding.asks_penalty:
                span = self.with_tiers(clause, span)
            cited.append((clause, span))
            row = ComparisonRow(place, text=span.text, citation=len(cited) - 1)
            figures = _figures_in(clause, span, kinds) if wants_figure else []
            dates = _figures_in(clause, span, ("date",)) if understanding.asks_date else []
            if dates:  # compared as dates: 最早/最晚 施行
                row = replace(row, figure=dates[0].text, sort_value=date_value(dates[0].text))
            elif figures:
                matching = [f for f in figures if not units or unit_compatible(f.unit, units)] or figures
                figure = max(matching, key=lambda f: (coverage(terms, f.indicator) if f.indicator else 0.0, -f.start))
                row = replace(row, figure=figure.text, value=figure.value, unit=figure.unit, comparator=figure.comparator, period=figure.period, sort_value=base_value(figure))
            rows.append(row)
            lines.append(f"{place}：{one_line(span.text)}[{len(cited)}]")
        if not cited:
            return self.not_found(question, retrieval, "可比较的内容")
        superlative = SUPERLATIVE.search(question)
        highest = superlative is None or superlative.group("high") is not None
        # the table in the order the question asks for (largest first unless it asks for the least);
        # places that state nothing last
        rows.sort(key=lambda row: (row.sort_value is None, -(row.sort_value or 0) if highest else (row.sort_value or 0)))
        ranked = [row for row in rows if row.sort_value is not None]
        if superlative and len(ranked) >= 2:
            winner = ranked[0]
            lines.insert(0, f"比较：{winner.region}{superlative.group()}（{winner.figure}）[{winner.citation + 1}]")
        covering = [place for place in understanding.regions if place not in places and not any(place in self.index.documents[doc].regions for doc in retrieval.in_scope_docs)]
        if covering:
            lines.insert(0, f"{'、'.join(covering)}所辖、有文件的地区：{'、'.join(places)}")
        missing = [row.region for row in rows if row.citation is None]
        if missing:
            lines.append(f"未规定（文件中未找到对应内容）：{'、'.join(missing)}")
        table = [asdict(row) for row in rows]
        return self.verified(question, retrieval, "\n".join(lines), cited, table)
