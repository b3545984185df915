"""Sentences, phrases and question terms: the text-level pieces the answer stage quotes and
matches. Offsets are absolute offsets into the source text, so a piece is a verbatim quote."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from qa.ingest.quantities import in_days
from qa.lexicon import load as load_lexicon
from qa.records import Clause, Figure
from qa.text.keywords import SYNONYMS
from qa.text.parties import addressed_parties, party_kin
from qa.understand import answer_rule

SENTENCE = re.compile(r"[^。；;！？!?\n]*[。；;！？!?]?")
SHORTENED_GAP = 3  # characters a shortened word leaves out between two of its own (电动[自行]车)
ABBREVIATION_GAP = 6  # characters an abbreviation leaves out between two of its own (禁[止燃]放[烟花爆竹的]区[域])
PHRASE = re.compile(r"[^，,；;。！？!?\n]*[，,；;。！？!?]?")


@dataclass
class Span:
    start: int  # absolute offsets in the source text
    end: int
    text: str


def whole(clause: Clause) -> Span:
    return Span(clause.start, clause.end, clause.text)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Term:
    """A content word of the question: present in a text in any synonym form, or as all of
    its parts (出让比例 is present in "出让土地总量中工业用地比例")."""

    forms: frozenset[str]
    parts: tuple[str, ...] = ()
    shortened: str = ""  # pattern of a word of three or more characters written out longer
    # a party (单位, 个人) is present where a sentence addresses it or addresses nobody (a penalty
    # for anyone), absent where it addresses another party only; a mere mention does not count
    party: str = ""
    # the kind a who-question asks for (哪个部门): present wherever a body of any kind is named
    any_of_kind: re.Pattern[str] | None = None
    # 居民 asked without 非: not present in "非居民用户" alone; 申请人 not in "被申请人" (complement_prefixes)
    complement: tuple[str, ...] = ()
    # 电力企业 asked without 负责人: not present in "电力企业主要负责人" alone (person_suffixes)
    persons: tuple[str, ...] = ()

    def written(self, form: str, compact: str) -> bool:
        if form not in compact:
            return False
        if not any(prefix + form in compact for prefix in self.complement) and not any(form + suffix in compact for suffix in self.persons):
            return True
        return any(
            not any(compact[:at].endswith(prefix) for prefix in self.complement) and not any(compact.startswith(suffix, at + len(form)) for suffix in self.persons)
            for at in _occurrences(form, compact)
        )

    def named_in(self, compact: str) -> bool:
        """Written out in a text in one of its forms (急救车, not just its part 急救)."""
        return any(self.written(form, compact) for form in self.forms) or (bool(self.shortened) and re.search(self.shortened, compact) is not None)

    def present_in(self, compact: str) -> bool:
        if self.party:
            addressed = addressed_parties(compact)
            return not addressed or bool(addressed & party_kin(self.party))
        if self.any_of_kind is not None and self.any_of_kind.search(compact):
            return True
        if any(self.written(form, compact) for form in self.forms):
            return True
        if self.complement and any(form in compact for form in self.forms):
            return False  # written only as its complement (被申请人): its parts do not make it present
        if self.parts and all(part in compact for part in self.parts):
            return True
        return bool(self.shortened) and re.search(self.shortened, compact) is not None


def _occurrences(form: str, text: str) -> list[int]:
    found, at = [], text.find(form)
    while at >= 0:
        found.append(at)
        at = text.find(form, at + 1)
    return found


@functools.cache
def complement_prefixes(word: str) -> tuple[str, ...]:
    """The prefixes naming a word's complement, qa/lexicon/keyword_lexicon.json: "complement_prefix"
    非 (非居民用户 is no 居民用户) and, for a party, "party_complement_prefix" 被 (被申请人 is no 申请人)."""
    lexicon = load_lexicon("keyword_lexicon")
    party = (lexicon["party_complement_prefix"]["value"],) if word.endswith("人") else ()
    return (lexicon["complement_prefix"]["value"], *party)


@functools.cache
def person_suffixes(word: str) -> tuple[str, ...]:
    """The suffixes naming a person of the body a word names (电力企业主要负责人, 检验机构工作人员),
    qa/lexicon/keyword_lexicon.json "person_of_body_suffix"; none for a word naming no body."""
    rule = load_lexicon("keyword_lexicon")["person_of_body_suffix"]
    return tuple(rule["value"]) if re.search(f"(?:{rule['body_endings']})$", word) else ()


@functools.cache
def party_names() -> dict[str, list[str]]:
    """qa/lexicon/answer_types.json "party_names": 公司 -> 单位, 法人, 企业."""
    return load_lexicon("answer_types")["party_names"]["value"]


def term(word: str, parts: list[str], variants: Iterable[str] = ()) -> Term:
    """`variants`: the documents' words for a question word they rarely or never write (qa/text/thesaurus.py)."""
    forms = {word, *SYNONYMS.get(word, ()), *variants, *party_names().get(word, ())}
    forms.update(standard for standard, variants in SYNONYMS.items() if word in variants)
    return Term(frozenset(forms), tuple(part for part in parts if part != word), shortened_pattern(word))


@functools.cache
def _everyday_act_rule(name: str) -> tuple[re.Pattern[str], str]:
    """A `keyword_lexicon.json` rule reading a question's act ("negation", "completed_act"): the
    question word's shape and what the text writes for it."""
    rule = load_lexicon("keyword_lexicon")[name]
    return re.compile(rule["question"]), rule["text"]


def negated_pattern(word: str) -> str:
    """不戴 is 未佩戴: a regulation's negation of the same act, written out longer
    (`keyword_lexicon.json` "negation"); "" for a word of another shape. For the question's
    unknown runs only: a dictionary word of this shape (不得, 不能) is a word of its own."""
    question, text = _everyday_act_rule("negation")
    negated = question.match(word)
    return text + re.escape(negated.group("act")) if negated else ""


def completed_act_pattern(word: str) -> str:
    """迁到 is 迁移, 拆掉 拆除: the regulation's two-character verb beginning with the same act
    (`keyword_lexicon.json` "completed_act"); "" for a word of another shape. For a word the
    documents do not write: one they write (做好, 达到) is matched as it stands."""
    question, text = _everyday_act_rule("completed_act")
    completed = question.match(word)
    return re.escape(completed.group("act")) + text if completed else ""


def everyday_act_pattern(word: str) -> str:
    """The regulation's writing of an everyday act the question names: negated (不戴) or completed (迁到)."""
    return negated_pattern(word) or completed_act_pattern(word)


def abbreviation_pattern(word: str, unwritten: bool = False) -> str:
    """禁放区 is 禁止燃放…区域 abbreviated: its characters in order within one phrase, each at most
    `ABBREVIATION_GAP` characters after the one before. A word of two characters is two two-character
    words cut to their first characters (履职: 履行职责, 社保: 社会保险), so exactly one character stands
    between them; one the documents never write (`unwritten`) may also take a character from inside a
    longer word (低保: 最低生活保障), with two between. For a word the documents never write as it stands."""
    if not all("\u4e00" <= char <= "\u9fff" for char in word):
        return ""
    if len(word) == 2:
        return re.escape(word[0]) + ("[^，。；、,;：:\n]{1,2}" if unwritten else "[^，。；、,;：:\n]") + re.escape(word[1])
    if not 3 <= len(word) <= 4:
        return ""
    return re.escape(word[0]) + "".join(f"[^，。；、,;：:\n]{{0,{ABBREVIATION_GAP}}}" + re.escape(char) for char in word[1:])


def shortened_pattern(word: str) -> str:
    """电动车 is 电动自行车 shortened: its first two characters, then each further one in order
    within a few characters (电动…车), never a pair across its own parts (机动车 holds 动车)."""
    if len(word) < 3 or not all("\u4e00" <= char <= "\u9fff" for char in word):
        return ""
    return re.escape(word[:2]) + "".join(f".{{0,{SHORTENED_GAP}}}" + re.escape(char) for char in word[2:])


def opens_a_list(text: str) -> bool:
    """Whether a sentence or paragraph ends in a colon: it introduces the list below it."""
    return text.rstrip().endswith(("：", ":"))


def coverage(terms: list[Term], text: str) -> float:
    """Share of the question's terms present in text (whitespace ignored)."""
    if not terms:
        return 1.0
    compact = re.sub(r"\s", "", text)
    return sum(1 for t in terms if t.present_in(compact)) / len(terms)


def pieces(pattern: re.Pattern[str], text: str, offset: int) -> list[Span]:
    spans = []
    for match in pattern.finditer(text):
        piece = match.group(0)
        stripped = piece.strip()
        if stripped:
            start = offset + match.start() + (len(piece) - len(piece.lstrip()))
            spans.append(Span(start, start + len(stripped), stripped))
    return spans


def sentences(clause: Clause) -> list[Span]:
    """Sentences of a clause with absolute offsets; a table row is one span."""
    if clause.kind == "table_row":
        return [Span(clause.start, clause.end, clause.text)]
    return pieces(SENTENCE, clause.text, clause.start) or [Span(clause.start, clause.end, clause.text)]


# "按照合同约定的标准计算；合同未约定的，按…": a rule that defers to the parties' agreement,
# then the rule that applies where they agreed nothing, in the sentence that follows; likewise one
# deferring to time limits set elsewhere ("应当在法定的时限内作出答复。未规定时限的，应当于三十日内…")
DEFERS_TO_AGREEMENT = re.compile(r"约定|(?:法定|规定)的?(?:时限|期限)")
DEFAULT_RULE = re.compile(r"[^，。；;]{0,12}?(?:未约定|没有约定|未作约定|无约定|约定不明|(?:未|没有)规定(?:时限|期限))")


def with_default_rule(clause: Clause, span: Span) -> Span:
    """A sentence deferring to an agreement or to a time limit set elsewhere, read on into the
    sentence of its paragraph that says what applies where nothing was agreed or set; that
    sentence, read from the one it completes."""
    if DEFAULT_RULE.match(span.text):
        before = previous_in_paragraph(clause, span)
        return read_on(clause, before, span) if before is not None and DEFERS_TO_AGREEMENT.search(before.text) else span
    if not DEFERS_TO_AGREEMENT.search(span.text):
        return span
    following = next_in_paragraph(clause, span)
    if following is None or not DEFAULT_RULE.match(following.text):
        return span
    return read_on(clause, span, following)


def with_second_ask(clause: Clause, span: Span, terms: list[Term], wants_figure: bool) -> Span:
    """For a question asking two things (有效期几年？快到期了怎么办？), the answer read on into the
    next sentence of its paragraph when that sentence speaks of the question too (holds one of
    its terms and, when a figure is asked, a figure): "…有效期为五年。需要延期的，…应当在许可证
    有效期届满三十日前…申请"; else read from the sentence before when that one does."""
    def speaks_to_it(other: Span | None) -> bool:
        return other is not None and coverage(terms, other.text) > 0 and (not wants_figure or bool(figures_in(clause, other)))

    following = next_in_paragraph(clause, span)
    if speaks_to_it(following):
        return read_on(clause, span, following)
    # "…每三年进行一次安全评价…；其中新登记成立的…应当在投入运行后一年内进行安全评价": the other ask
    # answered by the sentence before
    before = previous_in_paragraph(clause, span)
    return read_on(clause, before, span) if speaks_to_it(before) else span


MAX_TIERS = 4  # the tiers read on after the answering one: a schedule, not the whole clause


def with_figure_tiers(clause: Clause, span: Span) -> Span:
    """A figure stated in tiers of a case read on over its next tiers, each a sentence of the
    same paragraph stating a figure ("十人以下的，代表人数最多不得超过三人；超过十人的，代表人数最多
    不得超过五人。"): the first tier alone answers for one case only (answer_types.json
    "figure_tiers")."""
    opening = answer_rule("figure_tiers", "opening")
    for _ in range(MAX_TIERS):
        following = next_in_paragraph(clause, span)
        if following is None or not opening.search(following.text) or not figures_in(clause, following):
            break
        span = read_on(clause, span, following)
    return span


# a sentence excepting a case from the rule before it: "但投标人少于三个…的，…可以采用协议方式…"
EXCEPTION = re.compile(r"\s*但(?:是)?(?!凡)")


def with_its_exception(clause: Clause, span: Span) -> Span:
    """A rule read on over the exception after it in its paragraph, an exception read from the
    rule before it: either alone answers only half ("应当通过招投标的方式选聘" without "但投标人少于
    三个…的，…可以采用协议方式")."""
    if EXCEPTION.match(span.text):
        before = previous_in_paragraph(clause, span)
        return span if before is None or EXCEPTION.match(before.text) else read_on(clause, before, span)
    following = next_in_paragraph(clause, span)
    return read_on(clause, span, following) if following is not None and EXCEPTION.match(following.text) else span


# a deadline's extension: "在期限内不能作出决定的，经本行政机关负责人批准，可以延长十个工作日"
EXTENSION = re.compile(r"延长")


def with_its_extension(clause: Clause, span: Span) -> Span:
    """A deadline read on over the next sentence of its paragraph when that one extends it by a
    period of its own (…十五个工作日内作出决定。…不能作出决定的，…可以延长十个工作日): the
    deadline alone understates how long it may take. An extension found on its own is read from
    the deadline it extends, the sentence before it."""
    def states_a_period(part: Span) -> bool:
        return any(in_days(1.0, figure.unit) is not None for figure in figures_in(clause, part))

    if EXTENSION.search(span.text) and states_a_period(span):
        # the extension found first (…可以适当延长办理期限，但延长期限不得超过30日): read from the deadline it extends
        before = previous_in_paragraph(clause, span)
        if before is not None and states_a_period(before) and not EXTENSION.search(before.text):
            # the deadline as a rule states it: an exception (但是，…最长为7年) with its rule before it
            return read_on(clause, with_its_exception(clause, before), span)
        return span
    following = next_in_paragraph(clause, span) if states_a_period(span) else None
    if following is None or not EXTENSION.search(following.text) or not states_a_period(following):
        return span
    return read_on(clause, span, following)


def previous_in_paragraph(clause: Clause, span: Span) -> Span | None:
    """The sentence before a span in the same paragraph, or None."""
    before = [s for s in sentences(clause) if s.end <= span.start and s.text.strip()]
    if not before or "\n" in clause.text[before[-1].end - clause.start : span.start - clause.start]:
        return None
    return before[-1]


def next_in_paragraph(clause: Clause, span: Span) -> Span | None:
    """The sentence after a span in the same paragraph, or None."""
    following = next((s for s in sentences(clause) if s.start >= span.end and s.text.strip()), None)
    if following is None or "\n" in clause.text[span.end - clause.start : following.start - clause.start]:
        return None
    return following


ARTICLE_HEADING = re.compile(r"第[一二三四五六七八九十百零〇0-9]+条")
MAX_PARAGRAPH_CONTEXT = 160  # characters of the rest of a paragraph shown beside its answering sentence


def rest_of_paragraph(clause: Clause, span: Span, applies: Callable[[str], bool] = lambda sentence: True) -> list[Span]:
    """The rest of the paragraph (款) an answering sentence stands in, when it states figures of
    its own: the other tier (用于非经营性活动的，…处五千元以上一万元以下罚款), the next step
    (复查机关决定受理的，应当自收到复查申请之日起三十日内作出复查意见) or the term the asked
    deadline counts from (许可证自颁发之日起五年内有效). A figure quoted without them is applied to
    the wrong case. At most MAX_PARAGRAPH_CONTEXT characters each side, in whole sentences next
    to the answer, up to one that does not apply (a tier the asked case does not meet); a side
    stating no figure is left out."""
    if not _in_article(clause):
        return []
    text, offset = clause.text, clause.start
    head = max(span.start - offset, 0)
    tail = min(span.end - offset, len(text))
    paragraph_start = text.rfind("\n", 0, head) + 1
    paragraph_end = text.find("\n", tail)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    before = pieces(SENTENCE, text[paragraph_start:head], offset + paragraph_start)
    after = pieces(SENTENCE, text[tail:paragraph_end], offset + tail)
    sides = [_adjacent_sentences(clause, list(reversed(before)), applies), _adjacent_sentences(clause, after, applies)]
    return [part for part in sides if part is not None and figures_in(clause, part)]


CONTINUATION_RUN = 4  # characters a next paragraph repeats from the answer when it takes up the same matter


def next_paragraph_continuing(clause: Clause, span: Span) -> Span | None:
    """The paragraph (款) after the answer's, when it takes up the matter the answer ends with and
    states a figure for its next step: "…十五个工作日内…提出复检申请。" then "市场监督管理部门应当自接到
    复检申请之日起十个工作日内组织调查。" Taking it up is repeating a run of CONTINUATION_RUN
    characters of the answer in its first sentence. At most MAX_PARAGRAPH_CONTEXT characters."""
    if not _in_article(clause):
        return None
    text, offset = clause.text, clause.start
    paragraph_end = text.find("\n", min(span.end - offset, len(text)))
    if paragraph_end < 0:
        return None
    start = len(text) - len(text[paragraph_end:].lstrip())
    end = text.find("\n", start)
    following = pieces(SENTENCE, text[start : len(text) if end < 0 else end], offset + start)
    if not following or not character_runs(following[0].text, CONTINUATION_RUN) & character_runs(span.text, CONTINUATION_RUN):
        return None
    part = _adjacent_sentences(clause, following)
    return part if part is not None and figures_in(clause, part) else None


def _in_article(clause: Clause) -> bool:
    """An article's paragraph is one provision; a plan's paragraph lists targets of their own."""
    return clause.kind != "table_row" and any(ARTICLE_HEADING.match(part) for part in clause.path)


def _adjacent_sentences(clause: Clause, side: list[Span], applies: Callable[[str], bool] = lambda sentence: True) -> Span | None:
    """The sentences of `side` (nearest first) up to MAX_PARAGRAPH_CONTEXT characters and up to
    one that does not apply, as one verbatim span; None when the first already does not fit."""
    taken: list[Span] = []
    for sentence in side:
        if sum(len(piece.text) for piece in taken) + len(sentence.text) > MAX_PARAGRAPH_CONTEXT or not applies(sentence.text):
            break
        taken.append(sentence)
    if not taken:
        return None
    first, last = min(taken, key=lambda piece: piece.start), max(taken, key=lambda piece: piece.end)
    return Span(first.start, last.end, clause.text[first.start - clause.start : last.end - clause.start])


def read_on(clause: Clause, span: Span, following: Span) -> Span:
    """A span read on to the end of a later sentence of its clause, verbatim."""
    return Span(span.start, following.end, clause.text[span.start - clause.start : following.end - clause.start])


def paragraph_up_to(clause: Clause, span: Span) -> str:
    """The paragraph a sentence stands in, from its start to the sentence's end: the subject a
    later sentence of the paragraph leaves out ("个人违反…；对拒不听从劝阻的，…；再次违反规定的，处…")."""
    end = span.end - clause.start
    return clause.text[clause.text.rfind("\n", 0, max(span.start - clause.start, 0)) + 1 : end]


def series_subject(clause: Clause, span: Span) -> str:
    """For a sentence continuing a series after "；" in its paragraph, the series' subject: the
    first phrase of the paragraph ("职工累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，
    年休假10天" reads its second part with 职工累计工作已满1年不满10年的). "" otherwise."""
    before = clause.text[: max(span.start - clause.start, 0)]
    paragraph = before[before.rfind("\n") + 1 :]
    if not paragraph.rstrip().endswith(("；", ";")):
        return ""
    first = pieces(PHRASE, paragraph, 0)
    return first[0].text if first else ""


def list_lead(clause: Clause, span: Span) -> str:
    """For a paragraph listed under an earlier paragraph of its clause that ends in a colon, that
    paragraph's last sentence ("…到2025年完成以下目标：" before "工业发展绿色高效。累计淘汰…200家"):
    the list's items are read with what it introduces. "" otherwise."""
    before = clause.text[: max(span.start - clause.start, 0)]
    earlier_paragraphs = before.split("\n")[:-1]
    for paragraph in reversed(earlier_paragraphs):
        if opens_a_list(paragraph):
            return re.split(r"[。]", paragraph.rstrip())[-1]
    return ""


def bigrams(text: str) -> set[str]:
    """The pairs of adjacent Chinese characters of a text (punctuation and digits break pairs)."""
    return character_runs(text, 2)


def character_runs(text: str, length: int) -> set[str]:
    """The runs of `length` adjacent Chinese characters of a text (punctuation and digits break runs)."""
    return {run[i : i + length] for run in re.findall(r"[\u4e00-\u9fff]+", text) for i in range(len(run) - length + 1)}


def figures_in(clause: Clause, span: Span, kinds: tuple[str, ...] = ("figure",)) -> list[Figure]:
    """The clause's figures (or dates, years) that stand inside the span."""
    return [f for f in clause.figures if f.kind in kinds and span.start <= f.start and f.end <= span.end]


def figure_phrases(clause: Clause) -> list[str]:
    """The phrases of the clause (between commas) that hold one of its figures: "增加婚假七天"."""
    phrases = [phrase for sentence in sentences(clause) for phrase in pieces(PHRASE, sentence.text, sentence.start)]
    return [phrase.text for phrase in phrases if figures_in(clause, phrase)]
