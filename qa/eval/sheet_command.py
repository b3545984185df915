"""`qa eval SHEET.csv|SHEET.xlsx` and `qa eval --compare OLD.json NEW.json`: a sheet run
(runs.py) printed as tables and written as HTML/CSV (report.py) and JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from qa.eval.report import write_csv, write_html
from qa.eval.runs import (
    AskingPipeline,
    Comparison,
    EvalRun,
    RunFileError,
    compare_runs,
    load_compared_items,
    run_sheet,
    save_run,
)
from qa.eval.sheets import SheetError, read_sheet
from qa.eval.verdicts import PASS, VERDICT_LABELS
from qa.settings import Settings


def comparison_text(comparison: Comparison) -> str:
    lines: list[str] = []
    titles = {"fixed": "修复（fixed）", "broke": "退步（broke）", "changed": "其他变化（未通过 ↔ 需复核）"}
    for kind, title in titles.items():
        changes = comparison.of_kind(kind)
        lines.append(f"{title}：{len(changes)} 项")
        for change in changes:
            lines.append(
                f"  {change.label}  {VERDICT_LABELS[change.old]} → {VERDICT_LABELS[change.new]}  {change.question}"
            )
            lines.append(f"      现在：{change.new_reason}")
    lines.append(f"判定未变：{comparison.unchanged} 项")
    if comparison.only_old or comparison.only_new:
        lines.append(
            f"只在旧结果中：{len(comparison.only_old)} 项；只在新结果中：{len(comparison.only_new)} 项（不计入变化）"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- the commands


def summary_text(run: EvalRun) -> str:
    from qa.eval.evaluate import format_table  # the gold-set tables' layout, CJK widths included

    headers = ["分组", "名称", "题数", "通过", "未通过", "需复核", "通过率"]
    groups = [("总计", run.summary())]
    groups += [("类型", g) for g in run.by("type")] if "type" in run.columns else []
    groups += [("地区", g) for g in run.by("place")] if "place" in run.columns else []
    rows = [
        [kind, g.name, str(g.n), str(g.passed), str(g.failed), str(g.review), f"{g.pass_rate:.0%}" if g.pass_rate is not None else "—"]
        for kind, g in groups
    ]
    lines = [format_table(headers, rows)]
    failures = [item for item in run.ordered_items() if item.verdict != PASS]
    if failures:
        lines.append("未通过与需复核：")
        lines += [f"  第 {item.row} 行 [{item.verdict_label}] {item.question} —— {item.reason}" for item in failures]
    return "\n".join(lines)


def run_sheet_command(
    sheet_path: str | Path,
    settings: Settings,
    html_out: str | Path | None = None,
    csv_out: str | Path | None = None,
    json_out: str | Path | None = None,
    *,
    pipeline: AskingPipeline | None = None,
    progress: bool = True,
) -> int:
    """`qa eval SHEET.csv|SHEET.xlsx`. Exit code: 0 clean; 1 when rows were skipped; 2 when the sheet was refused."""
    try:
        sheet = read_sheet(sheet_path, settings.max_question_chars)
    except SheetError as error:
        print(f"错误：{sheet_path}：{error}", file=sys.stderr)
        return 2
    print(sheet.columns_message())
    for problem in sheet.problems:
        print(f"{sheet_path}：{problem}", file=sys.stderr)
    if not sheet.questions:
        print(f"错误：{sheet_path} 中没有可以评测的问题。", file=sys.stderr)
        return 2
    print(f"{len(sheet.questions)} 个问题，{len(sheet.problems)} 行跳过。")
    if pipeline is None:
        from qa.pipeline import Pipeline  # late: loads the model

        pipeline = Pipeline.open(settings, progress=progress)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(sheet.questions), desc="eval sheet", unit="q", file=sys.stderr)
    run = run_sheet(pipeline, sheet, (lambda number, total, result: bar.update(1)) if bar else None)
    if bar:
        bar.close()
    print()
    print(summary_text(run))
    for path, write in ((html_out, write_html), (csv_out, write_csv), (json_out, save_run)):
        if path:
            write(run, path)
            print(f"已写入 {path}")
    return 1 if sheet.problems else 0


def run_compare_command(old_path: str | Path, new_path: str | Path) -> int:
    """`qa eval --compare OLD.json NEW.json`: the items whose verdict changed."""
    try:
        comparison = compare_runs(load_compared_items(old_path), load_compared_items(new_path))
    except RunFileError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    print(comparison_text(comparison))
    return 0


def run_sheet_command_from_cli(
    sheet_path: str | None,
    settings: Settings,
    mode: str,
    json_out: str | None,
    md_out: str | None,
    html_out: str | None,
    csv_out: str | None,
    compare: Sequence[str] | None,
) -> int:
    """The `qa eval` options for sheets and comparisons, checked, then the command run."""
    if compare:
        if sheet_path:
            print("错误：--compare 只比较两个结果文件，不能同时给出问题表。", file=sys.stderr)
            return 2
        return run_compare_command(compare[0], compare[1])
    if not sheet_path:
        print("错误：请给出问题表（.csv 或 .xlsx）。", file=sys.stderr)
        return 2
    if mode.strip() != "full":
        print("错误：问题表只按完整流程（--mode full）评测。", file=sys.stderr)
        return 2
    if md_out:
        print("错误：问题表的报告用 --html（网页）和 --csv（表格）输出，不支持 --md。", file=sys.stderr)
        return 2
    return run_sheet_command(sheet_path, settings, html_out, csv_out, json_out)
