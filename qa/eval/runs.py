"""A sheet evaluation run: every item asked, judged and kept; saved as JSON; two runs compared.

`run_sheet(pipeline, sheet)` asks each question (with its 上一问) through `Pipeline.ask`,
judges it (`qa.eval.verdicts.judge`) and returns an `EvalRun`. `EvalRun.to_json()` is
what `qa eval SHEET --json` writes and `qa eval --compare OLD.json NEW.json` reads.
`compare_runs` lists exactly the items whose verdict changed: fixed (now passes),
broke (passed before) and other changes (fail <-> needs review). Items are matched by
编号, else by question text and 上一问. The JSON of `qa eval QUESTIONS.jsonl` (gold sets)
can be compared too: its full-mode items pass when refusal, citation (any of 3) and
figures are right.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

from qa.eval.sheets import SheetQuestion, SheetRead
from qa.eval.verdicts import FAIL, PASS, REVIEW, VERDICT_LABELS, VERDICT_ORDER, judge
from qa.records import Answer

RUN_KIND = "policyqa-sheet-eval"
UNFILLED = "（未填）"


class AskingPipeline(Protocol):
    def ask(self, question: str, history: list[str] | None = None, region: str | None = None) -> Answer: ...


@dataclass
class ItemResult:
    row: int
    key: str
    question: str
    id: str = ""
    history: list[str] = field(default_factory=list)
    expected: str = ""
    document: str = ""
    place: str = ""
    type: str = ""
    answer: str = ""
    found: bool | None = None
    resolved_question: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)  # 相关条款 of a refusal, not the answer
    verdict: str = REVIEW
    reason: str = ""
    latency_ms: float = 0.0
    error: str = ""

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, self.verdict)


@dataclass
class GroupSummary:
    name: str
    n: int
    passed: int
    failed: int
    review: int

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.n if self.n else None


@dataclass
class EvalRun:
    sheet: str
    format: str
    columns: dict[str, str]
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)  # {"row", "reason"}
    items: list[ItemResult] = field(default_factory=list)
    started: str = ""
    seconds: float = 0.0
    index: dict[str, Any] = field(default_factory=dict)  # documents, clauses, created
    sheet_name: str = ""

    def summary(self) -> GroupSummary:
        return _group("全部", self.items)

    def by(self, attribute: str) -> list[GroupSummary]:
        """Per 类型 ("type") or 地区 ("place"); unfilled cells are one group."""
        groups: dict[str, list[ItemResult]] = {}
        for item in self.items:
            groups.setdefault(getattr(item, attribute) or UNFILLED, []).append(item)
        return [_group(name, items) for name, items in sorted(groups.items(), key=lambda kv: (kv[0] == UNFILLED, kv[0]))]

    def ordered_items(self) -> list[ItemResult]:
        """Failures first, then needs review, then passes; sheet order within each."""
        return sorted(self.items, key=lambda item: (VERDICT_ORDER.get(item.verdict, 1), item.row))

    def to_json(self) -> dict[str, Any]:
        payload = asdict(self)
        payload["kind"] = RUN_KIND
        summary = self.summary()
        payload["summary"] = {"n": summary.n, "pass": summary.passed, "fail": summary.failed, "review": summary.review}
        return payload

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> "EvalRun":
        known = {name for name in cls.__dataclass_fields__}
        values = {key: value for key, value in payload.items() if key in known}
        item_fields = set(ItemResult.__dataclass_fields__)
        values["items"] = [ItemResult(**{k: v for k, v in item.items() if k in item_fields}) for item in payload.get("items", [])]
        return cls(**values)


def _group(name: str, items: Sequence[ItemResult]) -> GroupSummary:
    counts = Counter(item.verdict for item in items)
    return GroupSummary(name, len(items), counts[PASS], counts[FAIL], counts[REVIEW])


def citation_record(citation: Any) -> dict[str, Any]:
    return {
        "title": citation.title, "doc": citation.doc, "doc_number": citation.doc_number, "region": citation.region,
        "path": citation.path, "quote": citation.quote, "start": citation.start, "end": citation.end,
    }


def judge_item(item: SheetQuestion, answer: Answer | None, error: str = "", latency_ms: float = 0.0) -> ItemResult:
    verdict = judge(item, answer, error)
    return ItemResult(
        row=item.row, key=item.key, question=item.question, id=item.id, history=list(item.history),
        expected=item.expected, document=item.document, place=item.place, type=item.type,
        answer=answer.answer if answer else "", found=answer.found if answer else None,
        resolved_question=answer.resolved_question if answer else "",
        citations=[citation_record(c) for c in answer.citations] if answer else [],
        related=[citation_record(c) for c in answer.related] if answer else [],
        verdict=verdict.status, reason=verdict.reason, latency_ms=round(latency_ms, 1), error=error,
    )


def new_run(sheet: SheetRead, pipeline: Any = None) -> EvalRun:
    """An empty run for `sheet`: what was read, when, and on which index."""
    return EvalRun(
        sheet=Path(sheet.path).name, format=sheet.format, columns=dict(sheet.columns),
        ignored_columns=list(sheet.ignored_columns), problems=[asdict(p) for p in sheet.problems],
        started=datetime.now().astimezone().isoformat(timespec="seconds"), index=_index_facts(pipeline),
        sheet_name=sheet.sheet_name,
    )


def judged_items(pipeline: AskingPipeline, sheet: SheetRead) -> Iterator[ItemResult]:
    """Ask and judge the sheet's questions one by one; one failing item is judged a failure and the run goes on."""
    for item in sheet.questions:
        asked = time.perf_counter()
        try:
            answer, error = pipeline.ask(item.question, list(item.history), None), ""
        except Exception as exc:  # a bug on one item must not end the run
            answer, error = None, f"{type(exc).__name__}: {exc}"
        yield judge_item(item, answer, error, (time.perf_counter() - asked) * 1000)


def run_sheet(
    pipeline: AskingPipeline,
    sheet: SheetRead,
    on_item: Callable[[int, int, ItemResult], None] | None = None,
) -> EvalRun:
    """Ask every question of the sheet and judge it."""
    run = new_run(sheet, pipeline)
    started = time.perf_counter()
    for number, result in enumerate(judged_items(pipeline, sheet), start=1):
        run.items.append(result)
        if on_item:
            on_item(number, len(sheet.questions), result)
    run.seconds = round(time.perf_counter() - started, 2)
    return run


def _index_facts(pipeline: Any) -> dict[str, Any]:
    index = getattr(pipeline, "index", None)
    if index is None:
        return {}
    try:
        return {
            "documents": len(index.documents), "clauses": len(index.clauses),
            "created": (index.manifest or {}).get("created", ""),
        }
    except Exception:  # facts for the report header only
        return {}


def save_run(run: EvalRun, path: str | Path) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(run.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- comparing two runs


@dataclass
class ComparedItem:
    key: str
    label: str  # 编号 or row, for people
    question: str
    verdict: str
    reason: str


@dataclass
class Change:
    key: str
    label: str
    question: str
    old: str
    new: str
    old_reason: str
    new_reason: str

    @property
    def kind(self) -> str:
        if self.new == PASS:
            return "fixed"
        if self.old == PASS:
            return "broke"
        return "changed"


@dataclass
class Comparison:
    changes: list[Change]
    only_old: list[ComparedItem]
    only_new: list[ComparedItem]
    unchanged: int

    def of_kind(self, kind: str) -> list[Change]:
        return [change for change in self.changes if change.kind == kind]


class RunFileError(ValueError):
    """A results file that is neither a sheet run nor a gold-set eval JSON (message in Chinese)."""


def load_compared_items(path: str | Path) -> list[ComparedItem]:
    """The items of a saved run: a sheet run (`qa eval SHEET --json`) or a gold-set eval JSON."""
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RunFileError(f"无法读取结果文件 {path}：{error}") from error
    if isinstance(payload, dict) and payload.get("kind") == RUN_KIND:
        run = EvalRun.from_json(payload)
        return [
            ComparedItem(item.key, f"编号 {item.id}" if item.id else f"第 {item.row} 行", item.question, item.verdict, item.reason)
            for item in run.items
        ]
    if isinstance(payload, dict) and isinstance(payload.get("items"), dict) and "full" in payload["items"]:
        return [_gold_item(outcome) for outcome in payload["items"]["full"]]
    raise RunFileError(f"{path} 不是评测结果文件（需要 `qa eval 问题表 --json` 或 `qa eval 题集.jsonl --mode full --json` 的输出）。")


def _gold_item(outcome: dict[str, Any]) -> ComparedItem:
    """A gold-set item in full mode: passes when refusal, citation (any of 3) and figures are right."""
    if outcome.get("error"):
        verdict, reason = FAIL, f"系统出错：{outcome['error']}"
    elif not outcome.get("refusal_ok"):
        verdict, reason = FAIL, "应拒答却回答了" if not outcome.get("answerable") else "应回答却未找到"
    elif outcome.get("answerable") and not outcome.get("citation_any3"):
        verdict, reason = FAIL, "前三条引用没有覆盖证据"
    elif outcome.get("figures_ok") is False:
        verdict, reason = FAIL, "答案缺少标准数字"
    else:
        verdict, reason = PASS, "拒答、引用和数字均正确"
    key = f"id:{outcome.get('id')}"
    return ComparedItem(key, f"编号 {outcome.get('id')}", str(outcome.get("question", "")), verdict, reason)


def compare_runs(old: Sequence[ComparedItem], new: Sequence[ComparedItem]) -> Comparison:
    old_by_key = {item.key: item for item in old}
    new_by_key = {item.key: item for item in new}
    changes = [
        Change(item.key, item.label, item.question, old_by_key[item.key].verdict, item.verdict,
               old_by_key[item.key].reason, item.reason)
        for item in new if item.key in old_by_key and old_by_key[item.key].verdict != item.verdict
    ]
    unchanged = sum(1 for item in new if item.key in old_by_key and old_by_key[item.key].verdict == item.verdict)
    return Comparison(
        changes=changes,
        only_old=[item for item in old if item.key not in new_by_key],
        only_new=[item for item in new if item.key not in old_by_key],
        unchanged=unchanged,
    )
