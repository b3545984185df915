"""Verdicts for sheet questions without evidence strings: pass / fail / needs review, with a reason.

Rules, in order (the reason says which one decided):

1. The pipeline raised -> fail.  No expected answer in the sheet -> needs review.
2. Expected is a refusal (未找到, 文件未提及 ... see qa/lexicon/eval_sheets.json): pass when the
   system refused (`found` false), fail when it answered.  Expected an answer but the system
   refused -> fail.
3. Expected holds figures (`qa.text.numerals`: 30% = 百分之三十, 一千元 = 1000元 = 0.1万元, ranges
   and comparators as such): every expected figure must be stated in the answer text with the
   same value(s) in the same base unit; a range matches only the same range.  Comparators:
   an expected figure written without one (30%) accepts any; one written with one (不低于30%)
   needs the same one in the answer, "=" there (a bare 30%) makes it needs review, the
   opposite direction fails.  A figure within 1% of the expected one (33.3% for 三分之一,
   a rounded value) needs review; a missing figure fails.
4. Otherwise key phrases: the expected answer's content words (jieba precise cut with the
   project's domain dictionary, two characters or more, stop and question words dropped)
   are looked up in the answer (as a word, a synonym variant, or a substring).  Covered
   share >= 0.6 passes, < 0.3 fails, in between needs review; an expected answer with no
   content word ("是", "可以") needs review.
5. A passing answer is checked against the sheet's 文件 (a cited document's file name, title
   or 文号 must name it) and 地区 (the first citation's region must be that place or inside
   it); a mismatch turns pass into needs review, since the figure may be another place's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Sequence

from qa.eval.sheets import SheetQuestion, is_refusal
from qa.ingest.quantities import Quantity, quantities, same_quantity
from qa.records import Answer, Citation

PASS, FAIL, REVIEW = "pass", "fail", "review"
VERDICT_LABELS = {PASS: "通过", FAIL: "未通过", REVIEW: "需复核"}
VERDICT_ORDER = {FAIL: 0, REVIEW: 1, PASS: 2}  # failures first in reports
PHRASE_PASS_SHARE = 0.6
PHRASE_FAIL_SHARE = 0.3
NEAR_SHARE = 0.01  # figures this close (relative) are a rounding question for a person: needs review
_WHITESPACE = re.compile(r"\s+")
_CITATION_MARK = re.compile(r"\[\d+\]")  # the answer's [1] [2] markers are not figures or words
_TITLE_MARKS = re.compile(r"[《》〈〉“”\"'\s]")
_FUNCTION_CHARS = frozenset("由向从自给让使")  # single characters that start a phrase, never part of a name
_PLACE_SUFFIX = re.compile(r"(省|市|县|区|自治县)$")


@dataclass(frozen=True)
class Verdict:
    status: str  # pass / fail / review
    reason: str  # Chinese, for the evaluator

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.status]


@lru_cache(maxsize=1)
def _tokenizer():
    from qa.text.keywords import KeywordTokenizer

    return KeywordTokenizer()


@lru_cache(maxsize=1)
def _segmenter():
    """jieba without HMM, with the project's domain terms (as the keyword index segments)."""
    import logging

    import jieba

    from qa.text.keywords import DOMAIN_TERMS, SYNONYMS

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    for word in sorted({*DOMAIN_TERMS, *SYNONYMS, *(v for variants in SYNONYMS.values() for v in variants)}):
        segmenter.add_word(word, freq=20000)
    return segmenter


@lru_cache(maxsize=1)
def _gazetteer():
    from qa.text.gazetteer import Gazetteer

    return Gazetteer.load()


def _shorten(text: str, limit: int = 40) -> str:
    text = _WHITESPACE.sub(" ", text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def judge(item: SheetQuestion, answer: Answer | None, error: str = "") -> Verdict:
    """The verdict for one sheet item and the pipeline's answer to it."""
    if error or answer is None:
        return Verdict(FAIL, f"系统出错：{error or '没有返回答案'}")
    expected = item.expected.strip()
    if not expected:
        return Verdict(REVIEW, "表中没有标准答案，请人工判断。")
    if is_refusal(expected):
        if not answer.found:
            return Verdict(PASS, "标准答案为未找到，系统正确地表示文件中没有相关内容。")
        return Verdict(FAIL, f"标准答案为未找到，但系统给出了答案：「{_shorten(answer.answer)}」。")
    if not answer.found:
        return Verdict(FAIL, f"系统表示未找到，但标准答案为「{_shorten(expected)}」。")
    answer_text = _CITATION_MARK.sub("", answer.answer)
    expected_figures = quantities(expected)
    content = figure_verdict(expected_figures, answer_text) if expected_figures else phrase_verdict(expected, answer_text)
    if content.status != PASS:
        return content
    return source_verdict(item, answer.citations, content)


# ---------------------------------------------------------------- figures


def _comparator_word(quantity: Quantity) -> str:
    return {">=": "下限", "<=": "上限", "range": "区间", "change": "变化"}.get(quantity.comparator, "")


def roughly_same(first: Quantity, second: Quantity) -> bool:
    """Within 1% of each other, a fraction read as a percentage too (三分之一 ~ 33.3%); ranges are never rough."""
    if first.value_to is not None or second.value_to is not None or not first.value or not second.value:
        return False
    pairs = [(first.value, first.unit, second.value, second.unit)]
    for a, a_unit, b, b_unit in list(pairs):
        if a_unit == "" and b_unit == "%":
            pairs.append((a * 100, "%", b, b_unit))
        if b_unit == "" and a_unit == "%":
            pairs.append((a, a_unit, b * 100, "%"))
    return any(
        (not a_unit or not b_unit or a_unit == b_unit) and abs(a - b) <= NEAR_SHARE * max(abs(a), abs(b))
        for a, a_unit, b, b_unit in pairs
    )


def figure_verdict(expected: Sequence[Quantity], answer_text: str) -> Verdict:
    """Rule 3: every expected figure stated in the answer, comparators compared as such."""
    stated = quantities(answer_text)
    agreed: list[str] = []
    loose: list[str] = []
    opposite: list[str] = []
    missing: list[str] = []
    near: list[str] = []
    for figure in expected:
        same_value = [other for other in stated if same_quantity(figure, other)]
        if not same_value:
            close = next((other for other in stated if roughly_same(figure, other)), None)
            if close is not None:
                near.append(f"标准答案「{figure.text}」，答案「{close.text}」")
            else:
                missing.append(figure.text)
            continue
        if figure.comparator == "=" or any(other.comparator == figure.comparator for other in same_value):
            match = next((o for o in same_value if o.comparator == figure.comparator), same_value[0])
            agreed.append(f"「{figure.text}」＝「{match.text}」")
        elif all(other.comparator in (">=", "<=") for other in same_value) and figure.comparator in (">=", "<="):
            opposite.append(f"标准答案「{figure.text}」，答案「{same_value[0].text}」")
        else:
            loose.append(f"标准答案「{figure.text}」是{_comparator_word(figure)}，答案只写「{same_value[0].text}」")
    shown = "、".join(q.text for q in stated[:8]) or "无"
    if missing:
        return Verdict(FAIL, f"答案中没有标准答案的数字「{'、'.join(missing)}」（答案中的数字：{shown}）。")
    if opposite:
        return Verdict(FAIL, "数值一致但比较关系相反：" + "；".join(opposite) + "。")
    if near:
        return Verdict(REVIEW, "数值接近但不完全相同（可能是四舍五入或分数写法）：" + "；".join(near) + "。")
    if loose:
        return Verdict(REVIEW, "数值一致，但比较关系不同：" + "；".join(loose) + "。")
    return Verdict(PASS, "数字一致：" + "，".join(agreed) + "。")


# ---------------------------------------------------------------- key phrases


def key_phrases(text: str) -> list[str]:
    """Content words of two characters or more, stop and question words dropped.

    Without HMM, jieba leaves words it does not know as single characters (市经信局 ->
    市 经 信 局); a run of such characters is joined back into one phrase, so agency
    abbreviations and names are compared whole instead of being dropped.
    """
    from qa.text.keywords import QUESTION_WORDS, STOP_WORDS

    phrases: list[str] = []
    run: list[str] = []

    def keep(word: str) -> None:
        word = word.lower()
        if len(word) >= 2 and word not in STOP_WORDS and word not in QUESTION_WORDS and word not in phrases:
            phrases.append(word)

    for token in [*_segmenter().cut(_WHITESPACE.sub(" ", text), HMM=False), " "]:
        token = token.strip()
        if len(token) == 1 and token.isalnum() and token not in STOP_WORDS and token not in _FUNCTION_CHARS:
            run.append(token)
            continue
        keep("".join(run))
        run = []
        if token:
            keep(token)
    return phrases


def phrase_verdict(expected: str, answer_text: str) -> Verdict:
    """Rule 4: share of the expected answer's content words found in the answer."""
    from qa.text.keywords import SYNONYMS

    words = key_phrases(expected)
    if not words:
        return Verdict(REVIEW, f"标准答案「{_shorten(expected)}」没有可比对的关键词，请人工判断。")
    answer_words = set(_tokenizer().tokenize(answer_text)) | set(key_phrases(answer_text))
    flat_answer = _WHITESPACE.sub("", answer_text).lower()

    def covered(word: str) -> bool:
        forms = (word, *SYNONYMS.get(word, ()))
        return any(form in answer_words or form in flat_answer for form in forms)

    found = [word for word in words if covered(word)]
    lost = [word for word in words if word not in found]
    share = len(found) / len(words)
    summary = f"关键词 {len(found)}/{len(words)} 出现在答案中"
    detail = f"（缺少：{'、'.join(lost)}）" if lost else f"（{'、'.join(found)}）"
    if share >= PHRASE_PASS_SHARE:
        return Verdict(PASS, summary + detail + "。")
    if share < PHRASE_FAIL_SHARE:
        return Verdict(FAIL, summary + detail + "。")
    return Verdict(REVIEW, summary + detail + "，请人工判断。")


# ---------------------------------------------------------------- document and place


def names_document(wanted: str, citation: Citation) -> bool:
    """Whether the sheet's 文件 cell names the cited document (file name, title or 文号)."""
    key = _TITLE_MARKS.sub("", PurePosixPath(wanted.strip()).stem if "." in wanted else wanted)
    if not key:
        return True
    names = [PurePosixPath(citation.doc).stem, PurePosixPath(citation.doc).name, citation.title, citation.doc_number]
    for name in names:
        name = _TITLE_MARKS.sub("", name or "")
        if name and (key in name or name in key):
            return True
    return False


def place_matches(place: str, cited_region: str) -> bool:
    """The cited document's region is the sheet's place or lies inside it."""
    gazetteer = _gazetteer()
    wanted = gazetteer.find(place)
    cited = [name for name in cited_region.split("、") if name]
    if wanted and cited and all(gazetteer.get(name) for name in cited):
        return any(gazetteer.covers(wanted[0].name, name) for name in cited)
    short = _PLACE_SUFFIX.sub("", place.strip())
    return bool(short) and short in cited_region


def source_verdict(item: SheetQuestion, citations: Sequence[Citation], content: Verdict) -> Verdict:
    """Rule 5: a passing answer from another document or place needs review."""
    if item.document and not any(names_document(item.document, c) for c in citations):
        cited = "、".join(dict.fromkeys(c.title or c.doc for c in citations)) or "无"
        return Verdict(REVIEW, f"{content.reason[:-1]}，但引用的文件不是「{item.document}」（引用：{_shorten(cited, 60)}）。")
    if item.place and citations and not place_matches(item.place, citations[0].region):
        return Verdict(REVIEW, f"{content.reason[:-1]}，但引用的是「{citations[0].region}」的文件，表中地区为「{item.place}」。")
    return content
