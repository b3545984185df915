"""A sheet run as a report people can read and share: one self-contained HTML page, and CSV.

The HTML has no scripts and no external assets (inline CSS only), so it opens from a
mail attachment or a shared drive. Sections: 总览 (#summary), 按类型 (#by-type),
按地区 (#by-place), 跳过的行 (#problems, when rows were skipped) and 逐题结果 (#items),
failures first, each item with its answer, citations (quote and clause path) and verdict.
Every sheet- or document-derived string is HTML-escaped.

The CSV is UTF-8 with a byte-order mark so that Excel shows the Chinese correctly.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path
from typing import Any, Sequence

from qa.eval.runs import EvalRun, GroupSummary, ItemResult
from qa.eval.sheets import FIELD_LABELS

CSV_COLUMNS = [
    "行号", "编号", "判定", "判定理由", "问题", "上一问", "类型", "地区", "文件", "标准答案", "系统答案",
    "是否找到", "引用文件", "文号", "条款路径", "引文", "用时毫秒",
]

REPORT_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #1f2328; line-height: 1.6; }
h1 { font-size: 1.5em; margin-bottom: 4px; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 32px; }
.meta { color: #57606a; font-size: 0.9em; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; border-radius: 4px; padding: 0 8px; font-weight: 600; color: #fff; }
.badge.fail { background: #cf222e; } .badge.review { background: #bf8700; } .badge.pass { background: #1a7f37; }
.item { border: 1px solid #d0d7de; border-left-width: 6px; border-radius: 6px; padding: 8px 14px; margin: 14px 0; }
.item.fail { border-left-color: #cf222e; } .item.review { border-left-color: #bf8700; } .item.pass { border-left-color: #1a7f37; }
.item h3 { font-size: 1em; margin: 4px 0; } .item dl { display: grid; grid-template-columns: 6em 1fr; gap: 2px 10px; margin: 6px 0; }
.item dt { color: #57606a; } .item dd { margin: 0; white-space: pre-wrap; }
.citations { margin: 6px 0 4px 0; padding-left: 1.4em; } .citations li { margin-bottom: 8px; }
.cite-meta { font-size: 0.88em; color: #57606a; }
blockquote { margin: 4px 0; padding: 4px 10px; border-left: 3px solid #8c959f; background: #f6f8fa; white-space: pre-wrap; }
.none { color: #57606a; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _rate(group: GroupSummary) -> str:
    return f"{group.pass_rate:.1%}" if group.pass_rate is not None else "—"


def _group_table(first_header: str, groups: Sequence[GroupSummary]) -> str:
    rows = "".join(
        f"<tr><td>{_e(g.name)}</td><td class='num'>{g.n}</td><td class='num'>{g.passed}</td>"
        f"<td class='num'>{g.failed}</td><td class='num'>{g.review}</td><td class='num'>{_rate(g)}</td></tr>"
        for g in groups
    )
    return (
        f"<table><thead><tr><th>{_e(first_header)}</th><th>题数</th><th>通过</th><th>未通过</th><th>需复核</th>"
        f"<th>通过率</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _breakdown(run: EvalRun, attribute: str, section_id: str, title: str) -> str:
    header = FIELD_LABELS[attribute]
    if attribute not in run.columns:
        body = f"<p class='none'>问题表没有{header}列，无法分组。</p>"
    else:
        body = _group_table(header, run.by(attribute))
    return f"<section id='{section_id}'><h2>{title}</h2>{body}</section>"


def _citation_html(citation: dict[str, Any]) -> str:
    title = " ".join(part for part in (citation.get("title") or citation.get("doc"), citation.get("doc_number")) if part)
    meta = f"{_e(title)} ｜ {_e(citation.get('region'))} ｜ 条款：{_e(citation.get('path') or '（无标题）')}"
    location = f"{_e(citation.get('doc'))} 第 {_e(citation.get('start'))}–{_e(citation.get('end'))} 字"
    return (
        f"<li><div class='cite-meta'>{meta}</div><blockquote class='quote'>{_e(citation.get('quote'))}</blockquote>"
        f"<div class='cite-meta'>{location}</div></li>"
    )


def _item_html(item: ItemResult) -> str:
    fields: list[tuple[str, str]] = [("问题", item.question)]
    if item.history:
        fields.append(("上一问", "\n".join(item.history)))
    if item.resolved_question and item.resolved_question != item.question:
        fields.append(("理解为", item.resolved_question))
    for label, value in (("类型", item.type), ("地区", item.place), ("文件", item.document)):
        if value:
            fields.append((label, value))
    fields += [("标准答案", item.expected or "（未填）"), ("系统答案", item.answer or "（无）"), ("判定理由", item.reason)]
    rows = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in fields)
    if item.citations:
        citations = "<ol class='citations'>" + "".join(_citation_html(c) for c in item.citations) + "</ol>"
    else:
        citations = "<p class='none'>没有引用。</p>"
    if item.related:
        citations += (
            "<div class='cite-meta'>相关条款（仅供参考，并非答案）</div><ol class='citations related'>"
            + "".join(_citation_html(c) for c in item.related) + "</ol>"
        )
    heading = f"第 {item.row} 行" + (f" · 编号 {_e(item.id)}" if item.id else "")
    return (
        f"<article class='item {_e(item.verdict)}' id='row-{item.row}' data-verdict='{_e(item.verdict)}' data-row='{item.row}'>"
        f"<h3><span class='badge {_e(item.verdict)}'>{_e(item.verdict_label)}</span> {heading}</h3>"
        f"<dl>{rows}</dl><div class='cite-meta'>引用</div>{citations}</article>"
    )


def _item_index(items: Sequence[ItemResult]) -> str:
    rows = "".join(
        f"<tr><td class='num'><a href='#row-{i.row}'>{i.row}</a></td><td><span class='badge {_e(i.verdict)}'>{_e(i.verdict_label)}</span></td>"
        f"<td>{_e(i.question)}</td><td>{_e(i.expected)}</td></tr>"
        for i in items
    )
    return f"<table class='item-index'><thead><tr><th>行</th><th>判定</th><th>问题</th><th>标准答案</th></tr></thead><tbody>{rows}</tbody></table>"


def render_html(run: EvalRun) -> str:
    summary = run.summary()
    items = run.ordered_items()
    columns = "，".join(f"{FIELD_LABELS[name]}＝「{header}」" for name, header in run.columns.items())
    ignored = ("；未识别（忽略）：" + "，".join(f"「{h}」" for h in run.ignored_columns)) if run.ignored_columns else ""
    index = run.index
    index_line = f"；索引 {index.get('documents')} 份文档、{index.get('clauses')} 条条款" if index else ""
    problems = ""
    if run.problems:
        rows = "".join(f"<tr><td class='num'>{_e(p['row'])}</td><td>{_e(p['reason'])}</td></tr>" for p in run.problems)
        problems = (
            "<section id='problems'><h2>跳过的行</h2><p>这些行没有评测，请修改后重新运行。</p>"
            f"<table><thead><tr><th>行号</th><th>原因</th></tr></thead><tbody>{rows}</tbody></table></section>"
        )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>评测报告：{_e(run.sheet)}</title>
<style>{REPORT_CSS}</style>
</head>
<body>
<h1>评测报告：{_e(run.sheet)}</h1>
<p class="meta">运行时间 {_e(run.started)}，用时 {run.seconds:.1f} 秒{_e(index_line)}。</p>
<p class="meta">识别的列：{_e(columns)}{_e(ignored)}</p>
<section id="summary"><h2>总览</h2>
<table><thead><tr><th>题数</th><th>通过</th><th>未通过</th><th>需复核</th><th>通过率</th><th>跳过的行</th></tr></thead>
<tbody><tr><td class="num">{summary.n}</td><td class="num">{summary.passed}</td><td class="num">{summary.failed}</td>
<td class="num">{summary.review}</td><td class="num">{_rate(summary)}</td><td class="num">{len(run.problems)}</td></tr></tbody></table>
<p class="meta">判定规则：含数字的标准答案按数值比较（30% 与 百分之三十、一千元 与 1000元 相同，区间和“不低于/不超过”按原样比较，相差 1% 以内的需复核）；
不含数字的按关键词，答案覆盖六成及以上为通过、不足三成为未通过、其间需复核；标准答案为“未找到”时系统拒答为通过；
引用的文件或地区与表中不符时需复核。</p>
</section>
{_breakdown(run, "type", "by-type", "按类型")}
{_breakdown(run, "place", "by-place", "按地区")}
{problems}
<section id="items"><h2>逐题结果（未通过在前）</h2>
{_item_index(items)}
{"".join(_item_html(item) for item in items)}
</section>
</body>
</html>
"""


def write_html(run: EvalRun, path: str | Path) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(run), encoding="utf-8")


def csv_rows(run: EvalRun) -> list[list[Any]]:
    rows = []
    for item in run.ordered_items():
        first = item.citations[0] if item.citations else {}
        rows.append([
            item.row, item.id, item.verdict_label, item.reason, item.question, " || ".join(item.history), item.type,
            item.place, item.document, item.expected, item.answer,
            "" if item.found is None else ("是" if item.found else "否"),
            first.get("title") or first.get("doc", ""), first.get("doc_number", ""), first.get("path", ""),
            first.get("quote", ""), item.latency_ms,
        ])
    return rows


def write_csv(run: EvalRun, path: str | Path) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_rows(run))
