"""Question sheets an evaluator brings: CSV or Excel (.xlsx) -> `SheetQuestion`s.

Headers may be Chinese or English (问题/question, 标准答案/expected, 文件/document,
地区/place, 类型/type, 上一问/history, 编号/id; the spellings are in
`qa/lexicon/eval_sheets.json`). Only the question column is required. The first
row naming a question column (among the first five non-empty rows) is the header row;
row numbers are the ones the evaluator sees in the spreadsheet.

A sheet that cannot be read at all raises `SheetError` with the row number and the
reason in Chinese. A single bad row (empty question beside filled cells, more cells
than headers, a question too long, a repeated 编号) is reported in `SheetRead.problems`
and left out; the other rows are still evaluated, so nothing else is lost.

上一问 holds the earlier question(s) of a follow-up, oldest first, one per line (or
separated by "||"); a cell that equals the 编号 of an earlier row stands for that
row's question, with that row's own 上一问 before it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from qa import lexicon

SHEET_SUFFIXES = (".csv", ".xlsx")
FIELDS = ("question", "expected", "document", "place", "type", "history", "id")
FIELD_LABELS = {
    "question": "问题", "expected": "标准答案", "document": "文件", "place": "地区",
    "type": "类型", "history": "上一问", "id": "编号",
}
HISTORY_SEPARATOR = re.compile(r"\s*(?:\|\||\r?\n)\s*")
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in China saves CSV as GBK
DEFAULT_MAX_QUESTION_CHARS = 500
HEADER_SEARCH_ROWS = 5  # non-empty rows looked at for the header (titles and notes may come first)
_HEADER_NOISE = re.compile(r"[\s*＊:：()（）\[\]【】_\-]+")
RESOURCE = lexicon.path("eval_sheets")


class SheetError(ValueError):
    """The whole sheet cannot be read; the message (Chinese) names the row and the reason."""


@dataclass
class SheetQuestion:
    row: int  # row number in the spreadsheet
    question: str
    expected: str = ""
    document: str = ""
    place: str = ""
    type: str = ""
    history: list[str] = field(default_factory=list)
    id: str = ""

    @property
    def key(self) -> str:
        """What identifies the item across two runs of the same sheet: its 编号, else its text."""
        if self.id:
            return f"id:{self.id}"
        return "q:" + " || ".join([*self.history, self.question])


@dataclass
class RowProblem:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行：{self.reason}"


@dataclass
class SheetRead:
    path: str
    format: str  # "csv" or "xlsx"
    columns: dict[str, str]  # field -> header as written in the sheet
    ignored_columns: list[str]
    questions: list[SheetQuestion]
    problems: list[RowProblem] = field(default_factory=list)
    sheet_name: str = ""  # xlsx worksheet read

    def columns_message(self) -> str:
        """One line saying which columns were recognised and which were ignored."""
        known = "，".join(f"{FIELD_LABELS[name]}＝「{header}」" for name, header in self.columns.items())
        message = f"识别的列：{known}" + (f"（工作表「{self.sheet_name}」）" if self.sheet_name else "")
        if self.ignored_columns:
            message += "；未识别（忽略）的列：" + "，".join(f"「{h}」" for h in self.ignored_columns)
        return message


@lru_cache(maxsize=1)
def sheet_rules() -> dict[str, Any]:
    return json.loads(RESOURCE.read_text(encoding="utf-8"))


def header_key(text: str) -> str:
    return _HEADER_NOISE.sub("", text).lower()


def recognise_header(text: str) -> str | None:
    """The field a header names, or None."""
    key = header_key(text)
    for name, spellings in sheet_rules()["columns"].items():
        if key in {header_key(spelling) for spelling in spellings}:
            return name
    return None


def is_refusal(expected: str) -> bool:
    """Whether an expected answer says the documents do not answer the question."""
    text = re.sub(r"[\s。.!！]+$", "", expected.strip()).lower()
    return text in {phrase.lower() for phrase in sheet_rules()["refusals"]}


# ---------------------------------------------------------------- raw rows


def cell_text(value: Any, number_format: str = "") -> str:
    """A cell as the evaluator sees it: 0.3 formatted as a percentage reads 30%, 1000.0 reads 1000."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            value = value * 100
            return _plain_number(value) + "%"
        return _plain_number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _plain_number(value: float) -> str:
    rounded = round(float(value), 10)
    return str(int(rounded)) if rounded == int(rounded) else repr(rounded)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    raw = path.read_bytes()
    text = None
    failed_at = 0  # the furthest any encoding got: the bad bytes are most likely there
    for encoding in CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError as error:
            failed_at = max(failed_at, error.start)
    if text is None:
        row = raw[:failed_at].count(b"\n") + 1
        raise SheetError(f"第 {row} 行：无法识别文字编码（既不是 UTF-8 也不是 GBK），请在 Excel 中另存为“CSV UTF-8”。")
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise SheetError(f"第 {row} 行：含有二进制内容，这不是 CSV 文本文件（Excel 文件请保存为 .xlsx）。")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    start = 1
    try:
        for cells in reader:
            yield start, [cell.strip() for cell in cells]
            start = reader.line_num + 1
    except csv.Error as error:
        raise SheetError(f"第 {start} 行：CSV 格式错误（{error}），请检查引号是否成对。") from error


def _xlsx_rows(path: Path) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook  # late: only sheets need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise SheetError(f"第 1 行：无法打开这个 Excel 文件（{type(error).__name__}），请确认它是 .xlsx 格式且未损坏。") from error
    worksheet = _question_sheet(workbook)

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, row in enumerate(worksheet.iter_rows(), start=1):
                cells = [cell_text(getattr(c, "value", None), getattr(c, "number_format", "") or "") for c in row]
                yield getattr(row[0], "row", None) or number if row else number, cells
        finally:
            workbook.close()

    return worksheet.title, rows()


def _question_sheet(workbook: Any) -> Any:
    """The first worksheet whose first non-empty row names a question column (else the first one)."""
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows(max_row=20, values_only=True):
            cells = [cell_text(value) for value in row]
            if any(cells):
                if any(recognise_header(cell) == "question" for cell in cells if cell):
                    return worksheet
                break
    return workbook.worksheets[0]


# ---------------------------------------------------------------- reading


def read_sheet(path: str | Path, max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS) -> SheetRead:
    """Read a CSV or .xlsx question sheet; `SheetError` (Chinese, with row number) when it cannot."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise SheetError("第 1 行：不支持旧版 Excel（.xls），请在 Excel 中另存为 .xlsx 或 CSV。")
    if suffix not in SHEET_SUFFIXES:
        raise SheetError(f"第 1 行：不支持的文件类型「{suffix or '无扩展名'}」，请提供 .csv 或 .xlsx 问题表。")
    if not path.is_file():
        raise SheetError(f"第 1 行：找不到文件 {path}。")
    sheet_name = ""
    if suffix == ".csv":
        rows = _csv_rows(path)
    else:
        sheet_name, rows = _xlsx_rows(path)

    header_row, headers = _header(rows)
    columns, positions, ignored = _map_columns(header_row, headers)
    read = SheetRead(str(path), suffix.lstrip("."), columns, ignored, [], sheet_name=sheet_name)
    by_id: dict[str, SheetQuestion] = {}
    for number, cells in rows:
        if not any(cells):
            continue
        if len(cells) > len(headers) and any(cells[len(headers):]):
            read.problems.append(RowProblem(number, f"有 {len(cells)} 个单元格，但表头只有 {len(headers)} 列（可能是逗号未加引号），已跳过。"))
            continue
        values = {name: cells[i] if i < len(cells) else "" for name, i in positions.items()}
        problem = _row_problem(values, by_id, max_question_chars)
        if problem:
            read.problems.append(RowProblem(number, problem))
            continue
        item = SheetQuestion(
            row=number, question=values["question"], expected=values.get("expected", ""),
            document=values.get("document", ""), place=values.get("place", ""), type=values.get("type", ""),
            history=_history(values.get("history", ""), by_id), id=values.get("id", ""),
        )
        if item.id:
            by_id[item.id] = item
        read.questions.append(item)
    if not read.questions and not read.problems:
        raise SheetError(f"第 {header_row + 1} 行：表头下面没有问题。")
    return read


def _header(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The header row: the first row naming a question column among the first few non-empty
    rows (a title or note may stand above it), else the first non-empty row."""
    first: tuple[int, list[str]] | None = None
    for seen, (number, cells) in enumerate((row for row in rows if any(row[1])), start=1):
        while cells and not cells[-1]:
            cells = cells[:-1]
        if first is None:
            first = (number, cells)
        if any(recognise_header(cell) == "question" for cell in cells if cell):
            return number, cells
        if seen >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise SheetError("第 1 行：表格是空的，没有表头也没有问题。")
    return first


def _map_columns(header_row: int, headers: list[str]) -> tuple[dict[str, str], dict[str, int], list[str]]:
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, header in enumerate(headers):
        name = recognise_header(header) if header else None
        if name is None:
            if header:
                ignored.append(header)
            continue
        if name in columns:
            raise SheetError(
                f"第 {header_row} 行：「{columns[name]}」和「{header}」都是{FIELD_LABELS[name]}列，请只保留一列。"
            )
        columns[name] = header
        positions[name] = position
    if "question" not in columns:
        shown = "、".join(f"「{h}」" for h in headers if h) or "（空）"
        raise SheetError(
            f"第 {header_row} 行：找不到问题列。表头需要有“问题”或“question”一列（现有表头：{shown}）。"
        )
    ordered = {name: columns[name] for name in FIELDS if name in columns}
    return ordered, positions, ignored


def _row_problem(values: dict[str, str], by_id: dict[str, SheetQuestion], max_chars: int) -> str:
    question = values["question"]
    if not question:
        return "问题为空，但这一行其他列有内容，已跳过。"
    if len(question) > max_chars:
        return f"问题过长（{len(question)} 字，上限 {max_chars} 字），已跳过。"
    if not any(ch.isalnum() for ch in question):
        return "问题中没有文字，已跳过。"
    if values.get("id") and values["id"] in by_id:
        return f"编号「{values['id']}」与第 {by_id[values['id']].row} 行重复，已跳过。"
    return ""


def _history(cell: str, by_id: dict[str, SheetQuestion]) -> list[str]:
    if not cell:
        return []
    earlier = by_id.get(cell.strip())
    if earlier is not None:
        return [*earlier.history, earlier.question]
    return [part for part in HISTORY_SEPARATOR.split(cell) if part]
