"""Answering: `Retrieval` -> `Answer`. `Composer.compose` decides which shape answers.

First the refusals that need no sentence (a follow-up with nothing before it, a place with
no rule, nothing retrieved), then the shapes that answer from the document itself (what
changed, in force, 文号, a comparison, 施行). Otherwise every retrieved sentence is scored
(`candidates.py`); a penalty question first draws in the penalties of the rules found
(`penalties.py`); the best sentence is refused when it does not speak to the question, and
else answers as a department list, a table row, a listed penalty or the quoted sentence
(`shapes/`). Every answer passes the fidelity check (`AnswerBuilder.verified`, builder.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from qa.ingest.quantities import Quantity, quantities, stated_quantities
from qa.index.build import Index
from qa.records import Answer, Citation, Clause, Hit, Retrieval
from qa.settings import AnswerWeights
from qa.text.keywords import KeywordTokenizer
from qa.answer.builder import AnswerBuilder, FidelityError
from qa.answer.candidates import Candidate, CandidateRanker, asked_cases, beyond_every_bracket, figure_grounded, figure_phrase_names, meets_case, measures_period, naming_period, nearest_by_morphemes, shares_a_word
from qa.answer.penalties import NORM, PENALTY_TIER, Enforced, Penalties, article_of, lead_in_text, with_hits_read
from qa.answer.sentences import Span, Term, coverage, figure_phrases, next_in_paragraph, next_paragraph_continuing, opens_a_list, previous_in_paragraph, read_on, rest_of_paragraph, sentences, whole, with_default_rule, with_figure_tiers, with_its_exception, with_its_extension, with_second_ask
from qa.answer.shapes.comparison import compare
from qa.answer.shapes.date import doc_number_answer, enactment_answer
from qa.answer.shapes.department import responsible_units_answer
from qa.answer.shapes.sentence import conflicting, listed_answer, number_lost, penalty_of_named_items_answer, prohibited_item_answer, rule_with_penalty_answer, sentence_answer
from qa.answer.shapes.table_row import table_row_answer
from qa.answer.versions import version_answer
from qa.understand import answer_rule, breaches_asked_duty

__all__ = ["AnswerContext", "Composer", "FidelityError"]

WHICH_PLACE = "“{form}”可指{places}，文件库里不止一处有相关规定：请说明问的是哪一个地方。"
NAMES_NOTHING = "这个问题没有说明要查什么：请写明想了解的政策内容，最好带上地区，例如“某市养犬登记要办什么手续？”"
LISTED_MATTER_LABEL = "所列事项"  # an item a lead-in stating a figure lists (…下列工作…不得少于百分之五十：（二）…)
# a question that names a penalty outright (罚多少, 处分); 怎么处理 may also ask what a plan does
NAMES_PENALTY = re.compile(r"罚|处分")
# a sentence about missing the deadline the sentence before it sets ("…二十四小时内到指定地点接受处理；逾期不接受处理的，…")
CONTINUES_A_DEADLINE = re.compile(r"(?:逾期|届期|期满|到期)")


@dataclass(frozen=True)
class AnswerContext:
    """What an answer may draw on besides its retrieval, handed over by the pipeline."""

    # the question searched in the rules applying from above the asked place only
    # (Retriever.from_higher_levels), for a duty whose own rule sets no penalty
    higher_levels: Callable[[], Retrieval | None] | None = None
    # what the last answer that found something cited, for a follow-up adding a condition
    # to it (情节严重的呢？, 那单位呢？)
    previous: Sequence[Citation] = ()
    # a comparison's question searched for one of its places alone (Retriever.for_place), so
    # each row is answered as that place's own question would be
    for_place: Callable[[str], Retrieval] | None = None
    # a compared place's row: its own rule wherever it has one on the subject (威海 beside 山东省)
    own_rule_first: bool = False


def cited_articles(citations: Sequence[Citation]) -> set[tuple[str, str]]:
    """The (document, 第X条) pairs a set of citations quote from."""
    return {(citation.doc, article_of(citation.path.split(" › "))) for citation in citations}


def speaks_of_the_ask_alike(worded: Candidate, stating: list[Candidate], terms: list[Term], asked_phrase: str) -> bool:
    """Whether a sentence stating a figure holds every word of the asking phrase that the
    figureless sentence holding more of the whole question holds: the lead is then the case the
    question tells (劳动部门提请县政府责令停产 before 县政府收到请示后几天内拿出决定), named by a
    penalty, and the figure sentence speaks of what is asked as much as it does."""
    asked = [term for term in terms if any(form in asked_phrase for form in term.forms)]
    if not asked or len(asked) == len(terms):
        return False

    def held_by(candidate: Candidate) -> set[int]:
        compact = re.sub(r"\s", "", candidate.read_with)
        return {index for index, term in enumerate(asked) if term.present_in(compact)}

    held = held_by(worded)
    # every word of the asking phrase the figureless sentence holds, the figure sentence holds too
    # (投诉 asked, 收到申请之日起二十日内 found: 收到 alone is another procedure's)
    return bool(held) and any(held <= held_by(c) for c in stating)


def period_owner(terms: list[Term], question: str, period: str) -> Term | None:
    """The term naming whose period is asked, written right before it (摊位使用证 of
    摊位使用证的有效期是几年); None when the question names none there."""
    compact = re.sub(r"\s", "", question)
    return next((term for term in terms for form in term.forms if re.search(re.escape(form) + "的?" + re.escape(period), compact) and form != period), None)


def next_step_of(event: Candidate, step: Candidate) -> bool:
    """Whether a sentence follows another in the same article: a question asking how long after
    an event (向省气象局报告后，多长时间内给决定) is answered by the procedure's next step ("省气象主管
    机构应当自受理之日起二十日内依法作出决定"), though the sentence stating the event holds more of its words."""
    first, then = event.hit.clause, step.hit.clause
    article = article_of(first.path)
    return first.doc == then.doc and bool(article) and article == article_of(then.path) and (then.start, step.span.start) > (first.start, event.span.start)


def closes_list_of(listed: Clause, then: Clause) -> bool:
    """Whether a paragraph of an article follows the list an item belongs to: "有下列情形之一的，其职务
    终止：（一）被判处刑罚的；… 因职务终止或者其他原因出缺的，…在六十日内补选" goes on with what the list's
    items lead to, so a question naming an item is answered by it."""
    return (
        bool(lead_in_text(listed)) and len(listed.path) >= 2 and listed.doc == then.doc
        and bool(article_of(then.path)) and then.path == listed.path[:-1] and then.start > listed.start
    )


SERIOUS_CASE = re.compile(r"情节[^，。；]{0,4}严重的")


def another_conducts_tier(asked: Candidate, stating: Candidate) -> bool:
    """Whether two tiers ("情节严重的，…") of one clause qualify different conducts, the one holding
    more of the question's words standing in another paragraph than the one stating a figure."""
    first, then = asked.hit.clause, stating.hit.clause
    tier_stated = PENALTY_TIER.match(stating.span.text) or SERIOUS_CASE.search(stating.span.text)  # 备案时提供虚假材料情节严重的，…
    if first.clause_id != then.clause_id or not (PENALTY_TIER.match(asked.span.text) and tier_stated):
        return False
    between = first.text[min(asked.span.start, stating.span.start) - first.start : max(asked.span.start, stating.span.start) - first.start]
    return asked.words > stating.words and "\n" in between


class Composer:
    def __init__(
        self,
        index: Index,
        tokenizer: KeywordTokenizer,
        weights: AnswerWeights | None = None,
        sentence_similarities: Callable[[str, list[str]], list[float]] | None = None,
    ) -> None:
        self.index = index
        # question, sentences -> cosines (Retriever.sentence_similarities); None: answers by words only
        self.sentence_similarities = sentence_similarities
        self.tokenizer = tokenizer
        self.weights = weights or AnswerWeights()  # Settings.answer
        self.penalties = Penalties(index, self.weights)
        self.builder = AnswerBuilder(index, list_introduction=self.penalties.list_introduction)
        self.ranker = CandidateRanker(tokenizer, self.weights, self.penalties)

    def compose(self, question: str, retrieval: Retrieval, context: AnswerContext = AnswerContext()) -> Answer:
        """The answer, or 未找到 with related clauses when no faithful answer can be built."""
        try:
            return self._compose(question, retrieval, context)
        except FidelityError:
            return self.builder.not_found(question, retrieval, "可逐字核验的答案")

    def _compose(self, question: str, retrieval: Retrieval, context: AnswerContext = AnswerContext()) -> Answer:
        builder, ranker, weights = self.builder, self.ranker, self.weights
        understanding = retrieval.understanding
        if understanding.needs_context:
            return builder.needs_context(question, retrieval)
        if understanding.unsettled_places and not understanding.regions:
            # 鼓楼区 with rules of 南京 and 福州 in the library: which one is asked, not a guess
            form, owners = next(iter(understanding.unsettled_places.items()))
            return builder.needs_context(question, retrieval, WHICH_PLACE.format(form=form, places="、".join(owners)))
        if retrieval.uncovered_places and not retrieval.hits:
            places = "、".join(retrieval.uncovered_places)
            elsewhere = builder.places_with_rules(retrieval)
            note = f"；有相关规定的地区：{'、'.join(elsewhere)}" if elsewhere else ""
            return builder.not_found(question, retrieval, f"{places}的相关内容（文件库中没有适用于该地区的文件{note}）")
        if not retrieval.hits:
            return builder.not_found(question, retrieval, "相关内容")
        elsewhere = self._subject_only_elsewhere(retrieval)
        if elsewhere:
            asked = "、".join(understanding.regions) or "该地区"
            return builder.not_found(question, retrieval, f"该问题所涉及的事项（适用于{asked}的文件中没有这方面的规定；{self._where_it_is_said(retrieval, elsewhere)}）")
        changed = version_answer(builder, self.tokenizer, question, retrieval)  # what changed between versions; still in force?
        if changed is not None:
            return changed
        if understanding.asks_doc_number:
            return doc_number_answer(builder, question, retrieval)
        if retrieval.comparison:
            for_place = context.for_place
            answer_place = (lambda place: self._compose(question, for_place(place), AnswerContext(own_rule_first=True))) if for_place is not None else None
            return compare(builder, ranker, question, retrieval, answer_place)
        if understanding.asks_date == "施行":
            return enactment_answer(builder, question, retrieval)
        terms = ranker.asked_terms(understanding)
        if not terms and not understanding.regions and not understanding.figure_intent:
            return builder.needs_context(question, retrieval, NAMES_NOTHING)
        enforced: dict[str, Enforced] = {}
        retrieved = retrieval
        if understanding.asks_penalty:
            retrieval, enforced = self.penalties.with_penalties_of(retrieval)
        # a penalty stands in its own chapter, a definition in 总则 or 附则, a time in the one
        # sentence that states it, often below the rules that match the question's other words:
        # all hits are read
        breach_penalties: set[str] = set()
        enforcing: list[Candidate] = []  # the penalties of breach_penalties, in answer order
        if understanding.condition and context.previous:
            retrieval = self._with_previous_articles(retrieval, context.previous)
            if understanding.asks_penalty and breaches_asked_duty(understanding.condition) and not PENALTY_TIER.match(understanding.condition):
                # 不报会被罚多少？ after 多少天内报送？: the penalty enforcing the rule just cited (拒不改正的呢？
                # is a tier of the penalty just given, looked for in its article)
                retrieval, breach_penalties = self._with_penalties_of_cited_rules(retrieval, context.previous)
        reads_all = understanding.asks_penalty or understanding.asks_definition or bool(understanding.asks_date)
        limit = len(retrieval.hits) if reads_all else weights.candidates
        ranked = ranker.candidates(retrieval, terms, limit=limit, enforced=enforced)
        if terms and max((candidate.words for candidate in ranked), default=0.0) < weights.min_relevance:
            # words fail (no sentence holds a third of them): a clause clearly nearest in meaning answers
            anchor = self._nearest_in_meaning(retrieved) or nearest_by_morphemes(ranked, understanding.morphemes, weights.morpheme_match)
            if anchor is not None:
                ranked = ranker.candidates(retrieval, terms, limit=limit, enforced=enforced, anchor=anchor)
        # a tier of the penalty just given (情节严重的，责令停止执业活动…) states no fine of its own: it is
        # looked for among all sentences, not the penalties alone
        all_read = ranked
        if understanding.asks_penalty:
            # the asked party's penalty, where the rules state one (对个人: not the managers' fine)
            penalties = [c for c in ranked if c.penalty_ok and not c.other_party] or [c for c in ranked if c.penalty_ok]
            exempting = self._exempting(ranked, penalties)
            if exempting is not None and not understanding.condition:
                return sentence_answer(builder, question, retrieval, [(exempting.hit.clause, exempting.span)])
            enforcing = [c for c in penalties if c.hit.clause.clause_id in breach_penalties]
            if enforcing:
                penalties = enforcing + [c for c in penalties if c not in enforcing]
            if penalties and not enforcing and not ranker.penalised(ranked, terms):
                higher = self._penalty_from_higher_levels(question, ranker.best_rule(ranked), context.higher_levels)
                if higher is not None:
                    return higher
                consequence = self._consequence_stated_by_a_rule(ranked, question)
                if consequence is not None:
                    clause, span = consequence.hit.clause, consequence.span
                    earlier = previous_in_paragraph(clause, span) if CONTINUES_A_DEADLINE.match(span.text) else None
                    if earlier is not None:
                        span = read_on(clause, earlier, span)  # 逾期不接受处理的 reads on from the deadline it misses
                    return sentence_answer(builder, question, retrieval, [(clause, span)], listed_under=self.penalties.list_introduction(clause))
                return builder.not_found(question, retrieval, "对该行为的处罚（找到的规定未设罚则）")
            if not penalties and NAMES_PENALTY.search(understanding.resolved_question):
                # 罚多少 asked, and no retrieved sentence states a penalty: the rule alone is no answer
                return builder.not_found(question, retrieval, "对该行为的处罚")
            ranked = penalties or ranked
        framed: list[Candidate] = []
        introducing: list[Candidate] = []  # the sentence introducing a list, stating the figure of its items
        introduced: Candidate | None = None  # the item of that list speaking of the question
        if understanding.condition and context.previous:
            framed = self._in_previous_frame(all_read, context.previous, ranker.condition_terms(understanding), stated_quantities(understanding.condition))
            framed = framed or enforcing
            if not framed and PENALTY_TIER.match(understanding.condition):
                # the penalty just given sets no such tier; another conduct's tier is no answer
                return builder.not_found(question, retrieval, f"“{understanding.condition}”情形另有的处罚（上一回答所引条款未作规定）")
        if framed:
            # the condition within the answer just given answers with whatever it states: a tier
            # may revoke a licence where the fine asked before was money (情节严重的，吊销…)
            chosen = {id(candidate) for candidate in framed}
            ranked = framed + [candidate for candidate in ranked if id(candidate) not in chosen]
        elif understanding.figure_intent:
            anchored_clauses = {c.hit.clause.clause_id for c in ranked if c.anchored}
            if anchored_clauses and not any(c.unit_ok for c in ranked if c.hit.clause.clause_id in anchored_clauses):
                # the clause that answers in meaning (学校周边一定范围内不得设置烟…销售网点) states no
                # figure: another clause's figure sharing a word with the question is no answer
                return builder.not_found(question, retrieval, "该指标的具体数字")
            stating = [c for c in ranked if c.unit_ok]
            worded = max(ranked, key=lambda c: c.words, default=None)
            by_reference = self._period_by_reference(ranked, terms) if not stating else None
            if by_reference is not None:
                # 多久一次 asked, "排气污染检测周期与机动车安全技术检验周期相同" found: the period is another
                # procedure's, named in the sentence; no number of its own answers before it
                return sentence_answer(builder, question, retrieval, [(by_reference.hit.clause, by_reference.span)])
            introducing = self._list_lead_in_stating(worded, stating) if worded is not None and not worded.unit_ok else []
            closing: list[Candidate] = []
            if introducing:
                # "…下列工作…，其中中医药专家人数不得少于专家总数的百分之五十：" states the figure of
                # each item it lists: the item speaking of the question is answered by it
                stating = introducing + [c for c in stating if c not in introducing]
                introduced = worded
            elif (
                stating and worded is not None and not worded.unit_ok
                and worded.words >= max(c.words for c in stating) + weights.rule_words_margin
                and not any(c.hit.clause.clause_id == worded.hit.clause.clause_id for c in stating)
                and not speaks_of_the_ask_alike(worded, stating, terms, understanding.asked_phrase)
            ):
                # the sentence speaking of the question states no figure, in its clause either: a
                # figure stated for another conduct or matter is no answer (延长劳动者工作时间的，…可以
                # 处以罚款 sets no amount; 统计检查查询书 asked, 自收到送检计量器具之日起七个工作日内 found),
                # unless the question asks how long after the act that sentence states: its article's
                # next step answers
                next_steps = [c for c in stating if next_step_of(worded, c)] if understanding.start_event else []
                if not understanding.asks_penalty:
                    # the item names what was asked; the paragraph closing its list states the figure
                    closing = [
                        replace(c, words=worded.words, relevance=max(c.relevance, worded.relevance), read_with=c.read_with + worded.read_with)
                        for c in stating + self._unread_list_closings(worded, ranked, retrieval, terms)
                        if closes_list_of(worded.hit.clause, c.hit.clause) and c not in next_steps
                    ]
                    next_steps += closing
                if not next_steps:
                    if understanding.asks_penalty:
                        return builder.not_found(question, retrieval, "该行为罚款的具体数额（所引处罚条款未写明数额）")
                    return builder.not_found(question, retrieval, "该指标的具体数字")
                stating = next_steps
            if stating and worded is not None and not worded.unit_ok and another_conducts_tier(worded, stating[0]):
                # 网吧 asked, 情节严重的 停业整顿多长时间: the tier of the asked conduct ("…情节严重的，责令停业
                # 整顿，直至吊销…") sets no period; the period of the next paragraph's tier is another conduct's
                return builder.not_found(question, retrieval, "该指标的具体数字")
            ranked = stating or ranked
            if not understanding.asks_penalty and terms:
                # a figure answers where its own phrase, read with the sentence's subject and its
                # list's lead-in, names something asked (一分钟内向急救站发出调度指令 holds no 急救车)
                grounded = [
                    c for c in ranked
                    if c.hit.clause.kind == "table_row" or c.anchored or c in closing or figure_grounded(c, terms) or figure_phrase_names(c, understanding.morphemes)
                ]
                if understanding.named_period:
                    # 开山期 asked: a sentence dating another period of the text (森林防火紧要期) is no answer
                    grounded = naming_period(grounded, understanding.named_period)
                if understanding.asks_period_length:
                    # 有效期是几年: a figure the period's phrase states, not one of a sentence naming the
                    # period as a time within which another thing happens (在…有效期限内，…向前推算三年)
                    # 摊位使用证的有效期: the period of the thing asked, not of another thing the texts date
                    owner = period_owner(terms, understanding.resolved_question, understanding.named_period)
                    grounded = [
                        c for c in grounded
                        if c.hit.clause.kind == "table_row"
                        or measures_period(c, understanding.named_period) and (owner is None or owner.present_in(re.sub(r"\s", "", c.hit.clause.matching_text())))
                    ]
                if not grounded:
                    return builder.not_found(question, retrieval, "该指标的具体数字")
                ranked = grounded
        if understanding.asks_date and not framed:
            ranked = [c for c in ranked if c.date_ok] or ranked
            if understanding.named_period and not understanding.figure_intent:
                ranked = naming_period(ranked, understanding.named_period)
                if not ranked:
                    return builder.not_found(question, retrieval, "该日期")
        if not context.own_rule_first:
            ranked = self._higher_level_speaking_of_it(ranked, retrieval)
        if terms and not framed:
            # a sentence sharing no word with the question is a guess: one that shares a word
            # answers before it, whatever its level or retrieval rank (深圳's 法律援助 question: the
            # national 法律援助法's penalty, not the city's own safety fines)
            ranked = [c for c in ranked if shares_a_word(c, terms)] or ranked
        best = ranked[0]
        if understanding.condition and PENALTY_TIER.match(understanding.condition):
            tier_terms = ranker.condition_terms(understanding)
            if tier_terms and not any(coverage(tier_terms, c.span.text) for c in ranked[: weights.candidates]):
                # 情节严重的呢？ where no answering sentence speaks of that tier: the rule sets none
                return builder.not_found(question, retrieval, f"“{understanding.condition}”情形另有的处罚或要求")
        if not framed and ((best.relevance < weights.min_relevance and not best.anchored) or (terms and not shares_a_word(best, terms))):
            # a sentence sharing no word with the question is a guess, however close its vectors:
            # on the calibration halves such answers were never the right clause
            return builder.not_found(question, retrieval, "该问题所问的内容")
        if understanding.figure_intent and not best.unit_ok and not framed:
            return builder.not_found(question, retrieval, "该指标的具体数字")
        cases = asked_cases(understanding)
        if understanding.figure_intent and not framed and beyond_every_bracket(ranked[: weights.candidates], cases):
            # 一炮用了20公斤炸药 asked, brackets 一至三公斤…十一至十五公斤 found: none states that case
            return builder.not_found(question, retrieval, "该情形对应的具体数字（所找到规定的各档都不包括该情形）")
        clause = best.hit.clause
        if introduced is not None and best in introducing:
            return listed_answer(builder, question, retrieval, (clause, best.span), (introduced.hit.clause, introduced.span), LISTED_MATTER_LABEL)
        dated_after: Span | None = None
        if understanding.asks_date and not best.date_ok and not framed:
            # 保修几年？从哪天开始算？: the period's sentence, and the next one of its paragraph saying
            # from when it counts (保修期自…竣工验收合格之日起计算)
            following = next_in_paragraph(clause, best.span) if understanding.asks_two and understanding.figure_intent else None
            if following is None or not ranker.states_date(clause, following, understanding):
                return builder.not_found(question, retrieval, "该日期")
            dated_after = following
        if understanding.asks_responsible_units and clause.responsible_units:
            return responsible_units_answer(builder, question, retrieval, clause, best.span)
        if clause.kind == "table_row":
            return table_row_answer(builder, question, retrieval, clause)
        span = ranker.trim(clause, best.span, terms, understanding.figure_intent, bool(understanding.asks_date), understanding.asks_penalty)
        if understanding.asks_penalty:
            quote = self.penalties.quote(clause, span)
            if quote.lead is not None:
                return listed_answer(builder, question, retrieval, quote.lead, (clause, quote.span))
            span = quote.span
            named = self.penalties.conducts_named_by_item(clause)
            if named is not None:
                # the item is quoted whole: its sentences set the fines of the named items' conducts in turn
                return penalty_of_named_items_answer(builder, question, retrieval, (clause, whole(clause)), *named)
            item = self.penalties.listed_conduct(clause, terms)
            if item is not None:
                return listed_answer(builder, question, retrieval, (clause, span), item)
        if understanding.asks_who and not answer_rule("who", "answer").search(span.text):
            lead = self.penalties.lead_in(clause)  # 公安机关履行下列职责：（一）办理养犬登记
            if lead is not None and answer_rule("who", "answer").search(lead[1].text):
                return listed_answer(builder, question, retrieval, lead, (clause, span), "所列职责")
        lost = number_lost(clause, best.span, terms) if understanding.figure_intent else ""
        if lost:
            return builder.not_found(question, retrieval, f"该指标的具体数字（原文此处的数字缺失：“{lost}”）")
        # "（四）以上门等形式向用户推销燃气器具" quoted alone reads as allowed: its lead-in forbidding it follows it
        prohibited_by = None if understanding.asks_penalty or understanding.figure_intent or understanding.asks_date else self.penalties.prohibiting_lead_in(clause, span)
        if understanding.asks_permission and not understanding.asks_penalty and NORM.search(lead_in_text(clause) + span.text):
            penalty = self.penalties.of_rule(clause, terms, span)
            if penalty is not None:
                return rule_with_penalty_answer(builder, question, retrieval, (clause, span), penalty, prohibited_by)
        if prohibited_by is not None:
            return prohibited_item_answer(builder, question, retrieval, (clause, span), prohibited_by)
        if not understanding.asks_penalty:
            span = with_its_exception(clause, span)
        if understanding.figure_intent and not understanding.asks_penalty:
            span = with_figure_tiers(clause, span)
        if not understanding.asks_penalty:
            span = with_its_extension(clause, span)  # 办理期限有啥不同: a deadline with its extension, asked in figures or not
        if dated_after is not None:
            span = read_on(clause, span, dated_after)
        elif understanding.asks_two:
            span = with_second_ask(clause, span, terms, understanding.figure_intent)
        span = with_default_rule(clause, span)
        cited = [(clause, span)]
        if understanding.figure_intent:
            cited += conflicting(self.index.clauses, ranker, best, span, terms, cases)
        same_paragraph = rest_of_paragraph(clause, span, lambda sentence: meets_case(cases, sentence) is not False)
        # the next step of a procedure, in the article's next paragraph (a penalty's next paragraph punishes another party)
        next_step = None if understanding.asks_penalty else next_paragraph_continuing(clause, span)
        listed_under = self.penalties.list_introduction(clause)  # an item quoted alone does not say what it lists
        if listed_under is not None and not understanding.asks_penalty and not understanding.figure_intent and answer_rule("asks_list").search(understanding.resolved_question):
            # 应聘辅警要满足什么条件: the whole list answers, its lead-in first
            items = self._items_introduced(*listed_under)
            if items:
                return sentence_answer(builder, question, retrieval, [listed_under], items=items)
        if listed_under is not None and any(cited_clause.clause_id == listed_under[0].clause_id for cited_clause, _ in cited):
            listed_under = None
        punished = self.penalties.rules_cited(clause.doc, span.text, terms) if understanding.asks_penalty else []
        items = [] if understanding.asks_penalty else self._items_introduced(clause, span)
        return sentence_answer(builder, question, retrieval, cited, same_paragraph, next_step, listed_under, punished, items)

    def _items_introduced(self, clause: Clause, span: Span) -> list[tuple[Clause, Span]]:
        """The items of the list a quoted sentence introduces ("同时符合下列条件的，应当立即采取…措施："),
        each its first sentence: the sentence says nothing without them. None for a list longer
        than `AnswerWeights.listed_items` (a catalogue, of which the question asks one entry)."""
        if not opens_a_list(span.text) or clause.text[span.end - clause.start :].strip():
            return []
        items = self.penalties.items_listed_under(clause)
        if not items or len(items) > self.weights.listed_items:
            return []
        return [(item, sentences(item)[0]) for item in items]

    def _exempting(self, ranked: list[Candidate], penalties: list[Candidate]) -> Candidate | None:
        """The sentence exempting the asked conduct from penalty (…的，市场监管部门不予处罚), when it
        holds a share of the question's words and no fewer than any penalty found: the answer to 会罚吗
        is that it is not fined."""
        exempting = answer_rule("penalty_exemption", "answer")
        most = max((penalty.words for penalty in penalties), default=0.0)
        return next(
            (c for c in ranked if not c.penalty_ok and c.words >= max(most, self.weights.min_relevance) and exempting.search(c.span.text)),
            None,
        )

    @staticmethod
    def _consequence_stated_by_a_rule(ranked: list[Candidate], question: str) -> Candidate | None:
        """For a question asking what follows a conduct (借书忘了还…会怎么样？) without naming a sanction,
        where no penalty names that conduct: the best sentence sharing a word with the question that
        states the consequence of a breach itself ("超过规定日期的，应当按照规定交纳滞还费",
        answer_types.json "stated_consequence"). None when the question names 罚 or 处分, or no such
        sentence was found. `question` is the one asked: a follow-up's resolved form names 处罚 where the
        reader asked 会怎样."""
        if NAMES_PENALTY.search(question) or not answer_rule("stated_consequence").search(question):
            return None
        stating = answer_rule("stated_consequence", "answer")
        return next((c for c in ranked if not c.penalty_ok and c.words > 0 and stating.search(c.span.text)), None)

    def _higher_level_speaking_of_it(self, ranked: list[Candidate], retrieval: Retrieval) -> list[Candidate]:
        """The place's own rule first, unless a province's or national sentence holds clearly more
        of the question's words (`AnswerWeights.rule_words_margin`) than the best own one: then
        the own rule speaks of another conduct (北京's fine for 密切接触未成年人的单位 beside the
        national fine for a hotel not asking a minor's guardian), and the higher rule answers."""
        if not ranked or retrieval.levels.get(ranked[0].hit.clause.doc, "own") != "own":
            return ranked
        best = ranked[0]
        higher = next(
            (
                candidate
                for candidate in ranked
                if retrieval.levels.get(candidate.hit.clause.doc, "own") != "own" and candidate.words >= best.words + self.weights.rule_words_margin
            ),
            None,
        )
        return ranked if higher is None else [higher] + [candidate for candidate in ranked if candidate is not higher]

    @staticmethod
    def _in_previous_frame(ranked: list[Candidate], previous: Sequence[Citation], condition_terms: list[Term], cases: Sequence[Quantity] = ()) -> list[Candidate]:
        """The candidates that state the follow-up's condition (情节严重的, 对单位) within an
        article the previous answer cited: "情节严重的呢？" asks the tier of the penalty just given,
        not the first tier of the same words elsewhere. [] when that article states none. The number
        of a case the condition states (要是违法经营额有50万元呢？) is stated by a sentence that writes it
        or sets bounds the case does not miss (违法经营额10万元以上的); 500千伏的呢？ still picks its row."""
        cited = cited_articles(previous)
        numbers = [term for term in condition_terms if any(form.isdigit() and any(form in case.text for case in cases) for form in term.forms)]
        words = [term for term in condition_terms if term not in numbers]

        def states_condition(text: str) -> bool:
            if coverage(words, text) < 1.0:
                return False
            return all(term.present_in(re.sub(r"\s", "", text)) for term in numbers) or (meets_case(cases, text) is not False and bool(quantities(text)))

        return [
            candidate
            for candidate in ranked
            if (candidate.hit.clause.doc, article_of(candidate.hit.clause.path)) in cited
            and article_of(candidate.hit.clause.path)
            and states_condition(candidate.span.text)
        ]

    def _with_previous_articles(self, retrieval: Retrieval, previous: Sequence[Citation]) -> Retrieval:
        """The retrieval with the clauses of the articles the previous answer cited, where the
        follow-up's own search did not reach them ("情节严重的呢？" after 拒载: the tier stands in
        the article just cited, whatever else the words 情节严重 find). They follow the hits read
        for an answer, with the weakest score among them."""
        cited = [clause for doc, article in cited_articles(previous) for clause, _ in self.penalties.article_clauses(doc).get(article, [])]
        return self._read_after_hits(retrieval, cited)

    def _with_penalties_of_cited_rules(self, retrieval: Retrieval, previous: Sequence[Citation]) -> tuple[Retrieval, set[str]]:
        """The retrieval with the penalties enforcing the rules the previous answer cited
        ("违反本条例第四十一条规定，有下列行为之一的…" for 第四十一条's duty), and their clause ids."""
        enforcing: dict[str, Clause] = {}
        for citation in previous:
            rule = next((clause for clause in self.penalties.clauses_of(citation.doc) if clause.clause_id == citation.clause_id), None)
            if rule is not None:
                enforcing.update((clause.clause_id, clause) for clause in self.penalties.penalties_enforcing(rule)[2])
        return self._read_after_hits(retrieval, list(enforcing.values())), set(enforcing)

    def _read_after_hits(self, retrieval: Retrieval, clauses: list[Clause]) -> Retrieval:
        """The retrieval with the clauses its search did not reach placed after the hits an answer
        reads, with the weakest score among them, each once."""
        present = {hit.clause.clause_id for hit in retrieval.hits}
        floor = min((hit.score for hit in retrieval.hits), default=0.0)
        added: list[Hit] = []
        for clause in clauses:
            if clause.clause_id not in present:
                present.add(clause.clause_id)
                added.append(Hit(clause, floor, boosts={"previous_answer": 0.0}))
        return with_hits_read(retrieval, added, self.weights.candidates)

    def _period_by_reference(self, ranked: list[Candidate], terms: list[Term]) -> Candidate | None:
        """Among the sentences read first, the one holding the most of the question's words that
        states a period by another procedure's (answer_types.json "period_by_reference"), where no
        sentence states a figure of the asked kind; None otherwise."""
        stating = answer_rule("period_by_reference", "answer")
        found = [c for c in ranked[: self.weights.candidates] if stating.search(c.span.text) and shares_a_word(c, terms)]
        return max(found, key=lambda c: c.words, default=None)

    def _unread_list_closings(self, item: Candidate, read: list[Candidate], retrieval: Retrieval, terms: list[Term]) -> list[Candidate]:
        """The sentences stating a figure of the asked kind in the article's own paragraphs closing
        the list an item belongs to (`closes_list_of`), where the answer did not read them."""
        listed = item.hit.clause
        present = {candidate.hit.clause.clause_id for candidate in read}
        closing = [
            Hit(clause, item.hit.score)
            for clause, number in self.penalties.article_clauses(listed.doc).get(article_of(listed.path), [])
            if number is None and closes_list_of(listed, clause) and clause.clause_id not in present
        ]
        if not closing:
            return []
        return [candidate for candidate in self.ranker.candidates(replace(retrieval, hits=closing), terms, limit=len(closing)) if candidate.unit_ok]

    @staticmethod
    def _applicable(retrieval: Retrieval) -> set[str]:
        """The documents applying to the asked place: those in scope and, in `levels`, every
        applicable document, own ones too."""
        return set(retrieval.in_scope_docs) | set(retrieval.levels)

    def _where_it_is_said(self, retrieval: Retrieval, docs: list[str]) -> str:
        """The places of the documents that speak of the subject; when those places are already in
        scope (the law named is silent, its 实施条例 of the same level speaks), the documents by title,
        since naming the place would send the reader back to where they looked."""
        documents = self.index.documents
        labels = list(dict.fromkeys(documents[doc].region_label for doc in docs))
        in_scope = self._applicable(retrieval)
        if set(labels) <= {documents[doc].region_label for doc in in_scope if doc in documents}:
            return "有相关规定的文件：" + "、".join(dict.fromkeys(f"《{documents[doc].title}》" for doc in docs))
        return "有相关规定的地区：" + "、".join(labels)

    def _subject_only_elsewhere(self, retrieval: Retrieval) -> list[str]:
        """The documents that speak of the question's subject when the rules that apply to the
        asked place (or the document named) do not: the clauses nearest the question in the whole
        library (`_asked_of`) are another place's (or document's) and clearly nearer
        (`AnswerWeights.subject_elsewhere`) than any applicable clause (杭州's 家政 question beside
        上海's 家政服务条例, with only taxi and food rules for 杭州).
        [] when an applicable rule is as near, or the question compares places."""
        nearest_hits = self._asked_of(retrieval)
        if retrieval.comparison or not nearest_hits:
            return []
        in_scope = self._applicable(retrieval)
        elsewhere = [hit for hit in nearest_hits[: self.weights.candidates] if hit.clause.doc not in in_scope]
        if not elsewhere:
            return []
        nearest = nearest_hits[0]
        own_best = max((hit.dense_similarity or 0.0 for hit in retrieval.hits), default=0.0)
        gap = (nearest.dense_similarity or 0.0) - own_best
        nearer = nearest.clause.doc not in in_scope and gap > 0
        terms = self.ranker.asked_terms(retrieval.understanding)
        if nearer:
            # nearer in meaning, but an applicable clause holds more of the question's words
            # (河南省's 扣押个人证件的…按每证处以五百元罚款 beside 郑州's): the applicable rules speak of it
            nearer = max((coverage(terms, hit.clause.text) for hit in retrieval.hits if hit.clause.doc in in_scope), default=0.0) <= coverage(terms, nearest.clause.text)
        if not (nearer and gap >= self.weights.subject_elsewhere):
            # nearer by less, or a figure stated elsewhere: only where they write a word of the
            # question the applicable rules never write
            written_elsewhere = ([nearest.clause.text] if nearer else []) + self._figure_phrases_said_better(retrieval, elsewhere, terms)
            if not self._writes_a_word_unwritten_here(retrieval, written_elsewhere, in_scope):
                return []
        return list(dict.fromkeys(hit.clause.doc for hit in elsewhere))

    def _asked_of(self, retrieval: Retrieval) -> list[Hit]:
        """The library's clauses nearest the question that could speak for what it asks: all of them,
        but for a question naming a rule and no place (按反不正当竞争法…罚多少), those of that rule's own
        place only; another place's rule on the subject is not what the reader asked for."""
        if not retrieval.named_docs:
            return retrieval.nearest
        documents = self.index.documents
        named_places = {documents[doc].region_label for doc in retrieval.named_docs if doc in documents}
        return [hit for hit in retrieval.nearest if documents[hit.clause.doc].region_label in named_places]

    @staticmethod
    def _figure_phrases_said_better(retrieval: Retrieval, elsewhere: list[Hit], terms: list[Term]) -> list[str]:
        """For a figure question: the phrases stating a figure in the clauses of other places near
        the question that hold more of its words than any applicable clause found. One that writes
        a word of the question no applicable document writes (婚假 asked where only 北京 and 上海
        grant extra 婚假 days; the applicable rule's 产假 sentence shares 国家 alone) says the
        applicable rules do not set that figure. A word the applicable rules lack while their
        clauses hold as much of the question (电动车 where the rule writes 电动自行车), or one whose
        phrase elsewhere holds no figure (占用公厕、垃圾站等环境卫生设施的，…处三千元以上三万元以下罚款),
        is only another wording or a detail."""
        if not retrieval.understanding.figure_intent:
            return []
        own_best = max((coverage(terms, hit.clause.text) for hit in retrieval.hits), default=0.0)
        return [phrase for hit in elsewhere if coverage(terms, hit.clause.text) > own_best for phrase in figure_phrases(hit.clause)]

    def _writes_a_word_unwritten_here(self, retrieval: Retrieval, texts_elsewhere: list[str], in_scope: set[str]) -> bool:
        """Whether another place's text writes a word of the question (有效期, 儿童座椅, 体检) that
        no document applying to the asked place writes anywhere, in it or in the documents' own word
        for it: those rules do not speak of it, however near one of their clauses comes in meaning."""
        understanding = retrieval.understanding
        asking = answer_rule("lead_time", "asking_words") if understanding.asks_lead_time else None
        written_elsewhere = [
            word for word in understanding.content_words
            if len(word) >= 2 and any(word in text for text in texts_elsewhere) and not (asking and asking.search(word))
        ]
        if not written_elsewhere:
            return False
        texts = [self.index.sources[doc].text for doc in in_scope if doc in self.index.sources]
        return any(not any(written in text for text in texts for written in [word, *understanding.variants.get(word, [])]) for word in written_elsewhere)

    def _list_lead_in_stating(self, item: Candidate, stating: list[Candidate]) -> list[Candidate]:
        """The candidates of the sentence introducing an item's list, where that sentence states
        a figure of the asked kind; none for a clause that is no list item."""
        lead = self.penalties.lead_in(item.hit.clause)
        if lead is None:
            return []
        clause, span = lead
        return [c for c in stating if c.hit.clause.clause_id == clause.clause_id and c.span.start >= span.start]

    def _nearest_in_meaning(self, retrieval: Retrieval) -> tuple[str, int] | None:
        """For a question that shares no word with any retrieved sentence: the sentence that
        answers it in meaning, as (clause_id, start), from the clause whose embedding is nearest
        the question when it is near enough and clearly nearer than the next
        (`AnswerWeights.semantic_match`, `semantic_margin`); within that clause, the sentence
        nearest the question. None otherwise: a guess is no answer."""
        if self.sentence_similarities is None:
            return None
        nearest = sorted((hit for hit in retrieval.hits if hit.dense_similarity is not None), key=lambda hit: -(hit.dense_similarity or 0.0))
        if not nearest or nearest[0].dense_similarity < self.weights.semantic_match:
            return None
        if len(nearest) > 1 and nearest[0].dense_similarity - nearest[1].dense_similarity < self.weights.semantic_margin:
            return None
        clause = nearest[0].clause
        parts = sentences(clause)
        similarities = self.sentence_similarities(retrieval.understanding.resolved_question, [part.text for part in parts])
        best = max(range(len(parts)), key=lambda number: similarities[number], default=None)
        return (clause.clause_id, parts[best].start) if best is not None else None

    def _penalty_from_higher_levels(
        self, question: str, rule: Candidate | None, higher_levels: Callable[[], Retrieval | None] | None
    ) -> Answer | None:
        """A city rule that states the asked duty but sets no penalty leaves its province's (or a
        national) penalty for that duty in force: that penalty answers, labelled with its level,
        when it holds at least `AnswerWeights.higher_level_penalty_words` of the question's words."""
        retrieval = higher_levels() if higher_levels is not None and rule is not None else None
        if retrieval is None or rule is None:
            return None
        terms = self.ranker.asked_terms(retrieval.understanding)
        found, enforced = self.penalties.with_penalties_of(retrieval)
        ranked = self.ranker.candidates(found, terms, limit=len(found.hits), enforced=enforced)
        penalty = next((c for c in ranked if c.penalty_ok), None)
        if penalty is None or penalty.words < self.weights.higher_level_penalty_words or not self.ranker.penalised(ranked, terms):
            return None
        answer = self.compose(question, retrieval)
        return answer if answer.found else None
