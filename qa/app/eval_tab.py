"""The 评测 tab: an evaluator uploads a question sheet, watches it run, reads the verdicts,
opens any item's citations, downloads the report, and compares with an earlier run.

`add_eval_tab(app, demo)` is called by `qa.app.layout.build_ui` inside its `gr.Tabs`. The tab is
for editors: it is shown to a visitor whom the app lets manage documents (an editor in
QA_AUTH, or single-user mode) and, without logins, to everyone with a note on how to turn
it on, like the 管理 tab. Every handler checks the caller's role on the server again.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import gradio as gr
import pandas as pd

from qa.app.render import escape_markdown, h
from qa.eval.report import write_csv, write_html
from qa.eval.runs import EvalRun, ItemResult, RunFileError, compare_runs, judged_items, load_compared_items, new_run, save_run
from qa.eval.sheets import SHEET_SUFFIXES, SheetError, read_sheet
from qa.eval.verdicts import VERDICT_LABELS

EVAL_TAB = "eval"
SUMMARY_COLUMNS = ["分组", "名称", "题数", "通过", "未通过", "需复核", "通过率"]
ITEM_COLUMNS = ["行号", "判定", "问题", "标准答案", "系统答案", "判定理由"]
CHANGE_COLUMNS = ["变化", "题目", "问题", "之前", "现在", "现在的理由"]
CHANGE_KINDS = {"fixed": "修复", "broke": "退步", "changed": "其他变化"}
NO_PERMISSION = "没有权限：只有编辑者可以运行评测。"
EVAL_OFF = (
    "评测只对编辑者开放。需要时：在 QA_AUTH 中给一个账号加上编辑者角色（例如 `QA_AUTH=alice:密码:editor`），"
    "或以单用户模式启动（`QA_SINGLE_USER=1`）。"
)
HELP = (
    "上传问题表（.csv 或 .xlsx）。表头可用中文或英文：**问题**/question（必填）、标准答案/expected、文件/document、"
    "地区/place、类型/type、上一问/history（追问的前一个问题，或前一行的编号）、编号/id。\n\n"
    "判定：含数字的标准答案按数值比较（30% 与 百分之三十、一千元 与 1000元 相同，区间和“不低于/不超过”按原样比较）；"
    "不含数字的按关键词覆盖；标准答案为“未找到”时系统拒答即为通过；引用的文件或地区与表中不符时需复核。"
)


def _may_run(app: Any, request: gr.Request | None) -> bool:
    """Editors only, by the app's role rules; without a role system, only when no login is configured."""
    may_manage: Callable[[gr.Request | None], bool] | None = getattr(app, "may_manage", None)
    if may_manage is not None:
        return bool(may_manage(request))
    return not getattr(app.settings, "auth", "")


def _enabled(app: Any) -> bool:
    enabled = getattr(app, "management_enabled", None)
    return bool(enabled) if enabled is not None else not getattr(app.settings, "auth", "")


def summary_frame(run: EvalRun | None) -> pd.DataFrame:
    if run is None:
        return pd.DataFrame([], columns=SUMMARY_COLUMNS)
    rows = []
    groups = [("总计", run.summary())]
    groups += [("类型", g) for g in run.by("type")] if "type" in run.columns else []
    groups += [("地区", g) for g in run.by("place")] if "place" in run.columns else []
    for kind, group in groups:
        rate = f"{group.pass_rate:.0%}" if group.pass_rate is not None else "—"
        rows.append([kind, group.name, group.n, group.passed, group.failed, group.review, rate])
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def items_frame(items: list[ItemResult]) -> pd.DataFrame:
    rows = [[i.row, i.verdict_label, i.question, i.expected, i.answer, i.reason] for i in items]
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def citations_html(item: ItemResult | None) -> str:
    if item is None:
        return "<div class='qa-empty'>点击上表中的一行，查看该题的答案与引用。</div>"
    parts = [
        f"<div class='qa-card-title'>第 {item.row} 行 · {h(item.verdict_label)}</div>",
        f"<div class='qa-card-meta'>{h(item.reason)}</div>",
        f"<div><b>问题</b>：{h(item.question)}</div>",
        f"<div><b>系统答案</b>：{h(item.answer)}</div>",
    ]
    if not item.citations:
        parts.append("<div class='qa-empty'>没有引用。</div>")
    parts += [_card(f"[{number}]", citation, "qa-card") for number, citation in enumerate(item.citations, start=1)]
    if item.related:
        parts.append("<div class='qa-related-note'>相关条款（仅供参考，并非答案）</div>")
        parts += [_card("·", citation, "qa-card qa-related") for citation in item.related]
    return "".join(parts)


def _card(label: str, citation: dict[str, Any], css: str) -> str:
    title = " ".join(p for p in (citation.get("title") or citation.get("doc"), citation.get("doc_number")) if p)
    return (
        f"<div class='{css}'><div class='qa-card-title'>{h(label)} {h(title)}</div>"
        f"<div class='qa-card-meta'>{h(citation.get('region'))} ｜ 条款：{h(citation.get('path'))}</div>"
        f"<div class='qa-context'>{h(citation.get('quote'))}</div></div>"
    )


TEMPLATE_ROWS = [
    ["编号", "问题", "标准答案", "文件", "地区", "类型", "上一问"],
    ["1", "（示例）某县工业用地出让比例是多少？", "不低于30%", "", "某县", "数字", ""],
    ["2", "（示例）那某市呢？", "百分之四十", "", "某市", "追问", "1"],
    ["3", "（示例）某省以外的地区有什么规定？", "未找到", "", "", "拒答", ""],
]


def write_template(folder: Path) -> Path:
    """An empty question sheet with every recognised column and three example rows."""
    from openpyxl import Workbook

    target = folder / "问题表模板.xlsx"
    if not target.exists():
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "问题"
        for row in TEMPLATE_ROWS:
            sheet.append(row)
        workbook.save(target)
    return target


def _download(path: Path | None, label: str) -> Any:
    return gr.DownloadButton(label=label, value=str(path) if path else None, interactive=path is not None)


class EvalTab:
    """Handlers of the 评测 tab; the run of a session lives in its gr.State."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.folder = Path(tempfile.mkdtemp(prefix="policyqa-eval-"))

    def run(self, sheet_file: Any, request: gr.Request = None) -> Iterator[tuple[Any, ...]]:
        """Read the sheet, then ask and judge item by item, streaming the progress."""
        empty = (None, summary_frame(None), items_frame([]), citations_html(None),
                 _download(None, "下载 HTML 报告"), _download(None, "下载 CSV"), _download(None, "下载 JSON（用于比较）"))
        if not _may_run(self.app, request):
            yield (NO_PERMISSION, *empty)
            return
        path = Path(getattr(sheet_file, "name", sheet_file)) if sheet_file else None
        if path is None:
            yield ("请先选择问题表（.csv 或 .xlsx）。", *empty)
            return
        try:
            sheet = read_sheet(path, self.app.settings.max_question_chars)
        except SheetError as error:
            yield (f"无法读取问题表：{escape_markdown(str(error))}", *empty)
            return
        header = [escape_markdown(sheet.columns_message())]
        header += [f"- {escape_markdown(str(problem))}" for problem in sheet.problems]
        if not sheet.questions:
            yield ("\n\n".join(header + ["表中没有可以评测的问题。"]), *empty)
            return
        total = len(sheet.questions)
        yield ("\n\n".join(header + [f"正在评测：共 {total} 题……"]), *empty)
        run = new_run(sheet, self.app.pipeline)
        started = time.perf_counter()
        for number, result in enumerate(judged_items(self.app, sheet), start=1):
            run.items.append(result)
            tally = "，".join(f"{label} {sum(1 for r in run.items if r.verdict == key)}" for key, label in VERDICT_LABELS.items())
            yield ("\n\n".join(header + [f"正在评测：已完成 {number}/{total} 题（{tally}）。"]), None, gr.skip(),
                   items_frame(run.items), gr.skip(), gr.skip(), gr.skip(), gr.skip())
        run.seconds = round(time.perf_counter() - started, 2)
        stem = Path(sheet.path).stem[:60] or "sheet"
        folder = Path(tempfile.mkdtemp(dir=self.folder))
        outputs = {kind: folder / f"评测-{stem}.{kind}" for kind in ("html", "csv", "json")}
        write_html(run, outputs["html"])
        write_csv(run, outputs["csv"])
        save_run(run, outputs["json"])
        summary = run.summary()
        done_line = (f"完成：{summary.n} 题，通过 {summary.passed}，未通过 {summary.failed}，需复核 {summary.review}"
                     f"（用时 {run.seconds:.1f} 秒）。未通过的排在前面。")
        yield ("\n\n".join(header + [done_line]), run, summary_frame(run), items_frame(run.ordered_items()),
               citations_html(None), _download(outputs["html"], "下载 HTML 报告"), _download(outputs["csv"], "下载 CSV"),
               _download(outputs["json"], "下载 JSON（用于比较）"))

    def pick(self, run: EvalRun | None, event: gr.SelectData, request: gr.Request = None) -> str:
        if not _may_run(self.app, request) or not isinstance(run, EvalRun):
            return citations_html(None)
        row = event.index[0] if isinstance(event.index, (list, tuple)) else None
        items = run.ordered_items()
        return citations_html(items[row] if isinstance(row, int) and 0 <= row < len(items) else None)

    def compare(self, earlier: Any, run: EvalRun | None, request: gr.Request = None) -> tuple[str, pd.DataFrame]:
        """The items whose verdict changed between an uploaded earlier run and this session's run."""
        if not _may_run(self.app, request):
            return NO_PERMISSION, pd.DataFrame([], columns=CHANGE_COLUMNS)
        if not isinstance(run, EvalRun):
            return "请先运行一次评测，再上传之前的结果（.json）进行比较。", pd.DataFrame([], columns=CHANGE_COLUMNS)
        if not earlier:
            return "请上传之前下载的 JSON 结果。", pd.DataFrame([], columns=CHANGE_COLUMNS)
        current = Path(tempfile.mkdtemp(dir=self.folder)) / "current.json"  # one per call: sessions compare at once
        save_run(run, current)
        try:
            comparison = compare_runs(load_compared_items(Path(getattr(earlier, "name", earlier))), load_compared_items(current))
        except RunFileError as error:
                return escape_markdown(str(error)), pd.DataFrame([], columns=CHANGE_COLUMNS)
        rows = [
            [CHANGE_KINDS[c.kind], c.label, c.question, VERDICT_LABELS[c.old], VERDICT_LABELS[c.new], c.new_reason]
            for c in sorted(comparison.changes, key=lambda c: list(CHANGE_KINDS).index(c.kind))
        ]
        message = (f"修复 {len(comparison.of_kind('fixed'))} 题，退步 {len(comparison.of_kind('broke'))} 题，"
                   f"其他变化 {len(comparison.of_kind('changed'))} 题；判定未变 {comparison.unchanged} 题。")
        if comparison.only_old or comparison.only_new:
            message += f"只在之前的结果中 {len(comparison.only_old)} 题，只在本次中 {len(comparison.only_new)} 题（不计入变化）。"
        return message, pd.DataFrame(rows, columns=CHANGE_COLUMNS)

    def visibility(self, request: gr.Request = None) -> Any:
        return gr.Tab(visible=_may_run(self.app, request) or not getattr(self.app, "users", None))


def add_eval_tab(app: Any, demo: gr.Blocks) -> gr.Tab:
    """Add the 评测 tab inside the app's `gr.Tabs` (call from within the Blocks and Tabs contexts)."""
    tab_handlers = EvalTab(app)
    with gr.Tab("评测", id=EVAL_TAB, visible=not getattr(app, "users", None), elem_id="qa-eval-tab") as tab:
        if not _enabled(app):
            gr.Markdown(EVAL_OFF, elem_id="qa-eval-off")
            return tab
        run_state = gr.State(None)
        with gr.Row():
            gr.Markdown(HELP)
            gr.DownloadButton("下载问题表模板", value=str(write_template(tab_handlers.folder)), scale=0, min_width=160,
                              elem_id="qa-eval-template")
        with gr.Row():
            sheet = gr.File(label="问题表（.csv / .xlsx）", file_types=list(SHEET_SUFFIXES), type="filepath",
                            scale=3, elem_id="qa-eval-upload")
            start = gr.Button("开始评测", variant="primary", scale=1, elem_id="qa-eval-run")
        status = gr.Markdown(elem_id="qa-eval-status")
        summary = gr.Dataframe(summary_frame(None), label="汇总（总计、按类型、按地区）", interactive=False, wrap=True,
                               elem_id="qa-eval-summary")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                items = gr.Dataframe(items_frame([]), label="逐题结果（未通过在前；点击一行查看引用）", interactive=False,
                                     wrap=True, elem_id="qa-eval-items")
            with gr.Column(scale=2):
                citations = gr.HTML(citations_html(None), elem_id="qa-eval-citations")
        with gr.Row():
            html_file = gr.DownloadButton("下载 HTML 报告", interactive=False, elem_id="qa-eval-html")
            csv_file = gr.DownloadButton("下载 CSV", interactive=False, elem_id="qa-eval-csv")
            json_file = gr.DownloadButton("下载 JSON（用于比较）", interactive=False, elem_id="qa-eval-json")
        with gr.Accordion("与之前的结果比较", open=False):
            with gr.Row():
                earlier = gr.File(label="之前下载的 JSON 结果", file_types=[".json"], type="filepath", scale=3,
                                  elem_id="qa-eval-earlier")
                compare = gr.Button("比较", scale=1, elem_id="qa-eval-compare")
            compare_status = gr.Markdown(elem_id="qa-eval-compare-status")
            changes = gr.Dataframe(pd.DataFrame([], columns=CHANGE_COLUMNS), interactive=False, wrap=True,
                                   label="判定有变化的题目", elem_id="qa-eval-changes")

    private = {"api_visibility": "private"}
    start.click(
        tab_handlers.run, [sheet], [status, run_state, summary, items, citations, html_file, csv_file, json_file],
        concurrency_limit=1, concurrency_id="qa-eval", show_progress_on=[status], **private,
    )
    items.select(tab_handlers.pick, [run_state], [citations], show_progress="hidden", **private)
    compare.click(tab_handlers.compare, [earlier, run_state], [compare_status, changes], **private)
    demo.load(tab_handlers.visibility, None, [tab], show_progress="hidden", **private)
    return tab
