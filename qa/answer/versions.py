"""Answers only versions and validity can give (the notes on other answers: validity_notes.py).

- `in_force_answer`: "现在还有效吗" answered with the statement that decides it, cited.
- `what_changed`: "上海学生伤害事故处理条例2024年修改了什么？" aligns the clauses of two versions
  of a rule and answers with the changed clauses side by side, each cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from qa.index.build import Index
from qa.ingest.quantities import quantities
from qa.ingest.structure.clauses import ITEM_MARK
from qa.ingest.validity import noun, standing, versions
from qa.records import Answer, Clause, Retrieval
from qa.text.keywords import KeywordTokenizer
from qa.answer.builder import AnswerBuilder
from qa.answer.sentences import Span, one_line, sentences, term
from qa.answer.validity_notes import clause_holding, today

# "修改了什么", "有什么变化", "罚款有没有提高", "新旧对比": the question asks how a rule changed
CHANGE_QUESTION = re.compile(
    r"(?:修改|修订|修正|改)了(?:什么|哪些|啥|些什么|哪几)"
    r"|(?:有|作了|做了)(?:什么|哪些|何)(?:变化|修改|改动|调整|不同)"
    r"|(?:有没有|是否|是不是|有无)(?:提高|降低|调高|调低|增加|减少|变化|修改|调整|改)"
    r"|(?:提高|降低|调整|修改|变化|改)了(?:吗|没有|没)"
    r"|新旧(?:版本)?(?:对比|比较|区别|差别|不同)|前后(?:有什么)?(?:区别|不同|变化)"
)
# words of a change question that name no topic of the rule
CHANGE_WORDS = re.compile(r"修改|修订|修正|变化|改动|调整|不同|区别|差别|提高|降低|调高|调低|增加|减少|新旧|版本|对比|比较|前后|哪些|什么|有没有|是否|(?:19|20)\d{2}年?")
RAISED = re.compile(r"提高|增加|调高|加大|降低|减少|调低|减轻")
MAX_CHANGES = 8
_ARTICLE_NUMBER = re.compile(r"第[一二三四五六七八九十百零〇0-9]+条")
_PUNCTUATION = str.maketrans({";": "；", ",": "，", ":": "：", "(": "（", ")": "）"})


# --- questions about versions and force --------------------------------------------------

# "现在还有效吗", "是否已经失效", "废止了没有": the question asks whether the document is in force
IN_FORCE_QUESTION = re.compile(
    r"(?:(?:还|仍然?|是否|是不是|现在|目前|当前|已经|已)[^，。？?]{0,4}(?:有效|失效|废止|过期|届满|作废)(?:了)?(?:吗|么|没有|没|与否)?"
    r"|(?:有效|失效|废止|过期|届满|作废)(?:了)?(?:吗|么|没有|没|与否))\s*[？?。！!]?\s*$"
)


def version_answer(builder: AnswerBuilder, tokenizer: KeywordTokenizer, question: str, retrieval: Retrieval) -> Answer | None:
    """Answers only versions and validity can give: what changed between two versions, and
    whether the document is in force on the asked date. None: the usual answer applies."""
    if asks_what_changed(question):
        changed = what_changed(builder, tokenizer, question, retrieval)
        if changed is not None:
            return changed
    if IN_FORCE_QUESTION.search(question) and retrieval.hits:
        return in_force_answer(builder, question, retrieval)
    return None


def in_force_answer(builder: AnswerBuilder, question: str, retrieval: Retrieval) -> Answer | None:
    """Whether the answering document is in force on the asked date, with the statement that
    decides it cited; None when the document says nothing about its force."""
    documents = builder.index.documents
    doc = retrieval.hits[0].clause.doc
    meta = documents[doc]
    as_of = retrieval.as_of or today()
    found = standing(doc, documents, as_of)
    what = "该" + noun(meta)
    region = builder.region_of(retrieval.hits[0].clause, retrieval)
    if found.note:
        evidence, lead = found.evidence, found.note.replace("注意：", "", 1)
        source_doc = found.evidence_doc
    else:
        by_kind = {statement.kind: statement for statement in meta.validity}
        evidence = by_kind.get("有效期至") or by_kind.get("继续有效") or by_kind.get("实施期") or by_kind.get("施行")
        source_doc = doc
        newer = [d for d in versions(doc, documents) if d != doc]
        if evidence is None and not newer:
            return None
        lead = f"{what}{'目前' if as_of == today() else '在所问日期'}有效" + ("（为现行版本）" if newer else "")
    clause = clause_holding(builder.index, source_doc, evidence) if evidence is not None else None
    if clause is None:
        lead = re.sub(r"[0-9０-９].*", "", lead).rstrip("于至为自，")
        return builder.verified(question, retrieval, f"{region}：{lead}", [])
    span = Span(evidence.start, evidence.end, builder.index.sources[source_doc].text[evidence.start : evidence.end])
    return builder.verified(question, retrieval, f"{region}：{lead}[1]\n原文：{one_line(span.text)}[1]", [(clause, span)])


# --- what changed between two versions --------------------------------------------------

def asks_what_changed(question: str) -> bool:
    return bool(CHANGE_QUESTION.search(question))


@dataclass
class Change:
    """One difference between two versions: an article changed, removed (no new clauses) or
    added (no old clauses); each side cites the stretches of its clauses the other lacks."""

    old: list[tuple[Clause, Span]]
    new: list[tuple[Clause, Span]]

    def text(self) -> str:
        return "".join(clause.text for clause, _ in self.old + self.new)


def comparable(text: str) -> str:
    """Text as compared across versions: no whitespace, article numbers (renumbering), item
    marks, or half-width punctuation variants."""
    text = re.sub(r"\s", "", text).translate(_PUNCTUATION)
    text = ITEM_MARK.sub("", _ARTICLE_NUMBER.sub("", text, count=1) if _ARTICLE_NUMBER.match(text) else text)
    return _ARTICLE_NUMBER.sub("第X条", text)


def articles(index: Index, doc: str) -> list[list[Clause]]:
    """The body clauses of a document grouped by article (an article's items are its clauses)."""
    groups: list[list[Clause]] = []
    previous = None
    for clause in index.clauses:
        if clause.doc != doc or clause.kind in ("title", "preamble"):
            continue
        article = next((part for part in clause.path if _ARTICLE_NUMBER.match(part)), None)
        if article is not None and article == previous and groups:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        previous = article
    return groups


def _sentence_keys(clauses: list[Clause]) -> list[str]:
    return [comparable(part.text) for clause in clauses for part in sentences(clause)]


def _differing(index: Index, clauses: list[Clause], other: list[Clause]) -> list[tuple[Clause, Span]]:
    """Per clause, the stretch from its first to its last sentence that `other` does not have."""
    theirs = set(_sentence_keys(other))
    cited = []
    for clause in clauses:
        differing = [part for part in sentences(clause) if comparable(part.text) not in theirs]
        if differing:
            start, end = differing[0].start, differing[-1].end
            cited.append((clause, Span(start, end, index.sources[clause.doc].text[start:end])))
    return cited


def align(index: Index, old_doc: str, new_doc: str) -> list[Change]:
    """The articles that differ between two versions, in the order of the texts. Renumbered
    articles and references, and dropped item marks, count as unchanged."""
    old, new = articles(index, old_doc), articles(index, new_doc)
    old_keys, new_keys = ["".join(_sentence_keys(a)) for a in old], ["".join(_sentence_keys(a)) for a in new]
    pairs: list[tuple[list[Clause], list[Clause]]] = []
    for tag, a0, a1, b0, b1 in SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        unmatched_new = list(range(b0, b1))
        for i in range(a0, a1):
            ratios = {j: SequenceMatcher(None, old_keys[i], new_keys[j], autojunk=False).ratio() for j in unmatched_new}
            best = max(ratios, key=ratios.get, default=None)
            if best is not None and ratios[best] >= 0.5:
                unmatched_new.remove(best)
                pairs.append((old[i], new[best]))
            else:
                pairs.append((old[i], []))
        pairs.extend(([], new[j]) for j in unmatched_new)
    changes = [Change(_differing(index, before, after), _differing(index, after, before)) for before, after in pairs]
    return [change for change in changes if change.old or change.new]


def pair_of_versions(index: Index, question: str, doc: str) -> tuple[str, str] | None:
    """(older, newer) versions the question compares: the version of a year the question names
    ("2024年修改") and the one before it, else the answering version and the one before it."""
    documents = index.documents
    members = versions(doc, documents)
    if len(members) < 2:
        return None
    newer = doc
    for year in re.findall(r"((?:19|20)\d{2})\s*年", question):
        dated = [d for d in members if documents[d].version_date.startswith(year)]
        if dated:
            newer = dated[-1]
    position = members.index(newer)
    if position == 0:
        return members[0], members[1]
    return members[position - 1], newer


def what_changed(builder: AnswerBuilder, tokenizer: KeywordTokenizer, question: str, retrieval: Retrieval) -> Answer | None:
    """The changed clauses of two versions side by side, each cited; None when the question's
    rule has a single version in the documents (the usual answer then applies)."""
    documents = builder.index.documents
    doc = next((hit.clause.doc for hit in retrieval.hits if documents[hit.clause.doc].version_of), None)
    pair = pair_of_versions(builder.index, question, doc) if doc else None
    if pair is None:
        return None
    older, newer = pair
    changes = align(builder.index, older, newer)
    title = documents[newer].title
    name = f"《{title}》" if not re.search(r"\d", title) else "该" + noun(documents[newer])  # digits must stand in a quote
    topic_words = [
        word for word in tokenizer.content_words(CHANGE_WORDS.sub(" ", question))
        if word not in re.sub(r"\s", "", title) and not CHANGE_WORDS.fullmatch(word) and not re.search(r"\d", word)
    ]
    topics = [term(word, tokenizer.subwords(word)) for word in topic_words]
    if topics:
        changes = [
            change for change in changes
            if any(t.present_in(re.sub(r"\s", "", change.text())) for t in topics)
        ]
    cited: list[tuple[Clause, Span]] = []
    lines: list[str] = []

    def cite(clause: Clause, span: Span) -> str:
        cited.append((clause, span))
        return f"[{len(cited)}]"

    newest = documents[newer]
    proof = next((s for s in reversed(newest.amendments) if s.date == newest.version_date), None)
    proof_clause = clause_holding(builder.index, newer, proof) if proof else None
    topic_label = "、".join(topic_words)
    if not changes:
        if not topics:
            return None
        unchanged = next((c for article in articles(builder.index, newer) for c in article if any(t.present_in(re.sub(r"\s", "", c.text)) for t in topics)), None)
        if unchanged is None:
            return None
        lines.append(f"{name}修改前后，有关“{topic_label}”的条款没有改动：{one_line(unchanged.text)}{cite(unchanged, Span(unchanged.start, unchanged.end, unchanged.text))}")
    else:
        about = f"有关“{topic_label}”的" if topics else ""
        lines.append(f"{name}修改后与修改前相比，{about}以下条款有改动（修改前｜修改后）：")
        for change in changes[:MAX_CHANGES]:
            before = " ".join(f"{one_line(span.text)}{cite(clause, span)}" for clause, span in change.old)
            after = " ".join(f"{one_line(span.text)}{cite(clause, span)}" for clause, span in change.new)
            if before and after:
                lines.append(f"· 修改前：{before}｜修改后：{after}")
            elif before:
                lines.append(f"· 删除：{before}")
            else:
                lines.append(f"· 新增：{after}")
        if len(changes) > MAX_CHANGES:
            lines.append("另有其他改动，见两个版本的全文。")
        verdict = amount_verdict(changes[:MAX_CHANGES]) if RAISED.search(question) else ""
        if verdict:
            lines.insert(1, verdict)
    if proof is not None and proof_clause is not None:
        lines.append(f"修改依据：{one_line(proof.text)}{cite(proof_clause, Span(proof.start, proof.end, builder.index.sources[newer].text[proof.start:proof.end]))}")
    return builder.verified(question, retrieval, "\n".join(lines), cited)


def amount_verdict(changes: list[Change]) -> str:
    """Whether the amounts (元) of the changed clauses went up or down, without restating them."""
    def top(span: Span) -> float | None:
        values = [q.value_to if q.value_to is not None else q.value for q in quantities(span.text) if q.unit == "元"]
        return max(values) if values else None

    verdicts = set()
    for change in changes:
        before = max((v for _, span in change.old if (v := top(span)) is not None), default=None)
        after = max((v for _, span in change.new if (v := top(span)) is not None), default=None)
        if before is not None and after is not None:
            verdicts.add("提高" if after > before else "降低" if after < before else "不变")
    if not verdicts:
        return ""
    if verdicts == {"不变"}:
        return "结论：改动的条款中金额上限没有变化。"
    return "结论：改动的条款中金额上限" + "、".join(sorted(verdicts - {"不变"})) + "了（以原文为准）。"
