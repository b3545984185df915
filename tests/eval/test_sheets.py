"""Evaluators' question sheets: reading CSV/xlsx, verdicts without evidence strings, reports, comparison.

No model here: answers are hand-built `Answer` records from a stand-in pipeline, so every
verdict rule is exercised on answers whose content the test controls. The sheets are
written by the tests (never the dev sets' gold answers).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from qa.cli import main as cli_main
from qa.eval.report import CSV_COLUMNS, render_html, write_csv
from qa.eval.runs import (
    EvalRun,
    compare_runs,
    load_compared_items,
    run_sheet,
    save_run,
)
from qa.eval.sheet_command import run_sheet_command
from qa.eval.sheets import SheetError, SheetQuestion, read_sheet
from qa.eval.verdicts import FAIL, PASS, REVIEW, judge
from qa.records import Answer, Citation
from qa.settings import Settings

RUIAN = Citation(
    doc="ruian.txt", title="瑞安市先进制造业集群建设行动方案", doc_number="瑞政办〔2023〕49号", region="瑞安市",
    clause_id="ruian.txt#12", path="三、保障措施 › （二）强化要素保障", quote="工业用地出让比例不低于30%",
    start=100, end=113, context="（二）强化要素保障。工业用地出让比例不低于30%。",
)
HUZHOU = Citation(
    doc="huzhou.txt", title="湖州市攻坚行动实施方案", doc_number="湖政发〔2021〕30号", region="湖州市",
    clause_id="huzhou.txt#3", path="二、主要任务", quote="比例不低于40%", start=5, end=12, context="比例不低于40%",
)


def answer(text: str, found: bool = True, citations: list[Citation] | None = None) -> Answer:
    return Answer(question="", answer=text, found=found, citations=[RUIAN] if citations is None and found else (citations or []))


def item(expected: str, **cells: str) -> SheetQuestion:
    return SheetQuestion(row=2, question="问题", expected=expected, **cells)


# ---------------------------------------------------------------- reading sheets


def write_xlsx(path: Path, rows: list[list[object]], percent_cells: tuple[str, ...] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0%"
    workbook.save(path)
    return path


def test_csv_with_chinese_headers_reports_columns_and_skips_bad_rows(tmp_path: Path) -> None:
    sheet = tmp_path / "问题表.csv"
    sheet.write_text(
        "编号,问题,标准答案,地区,类型,备注\n"
        "A1,瑞安工业用地出让比例是多少,百分之三十,瑞安,数字,看第三条\n"
        ",,,,,\n"
        "A2,,40%,湖州,数字,\n"
        "A3,宁海县的目标,5家,宁海,数字,多,出,两列\n"
        '"A4","罚款多少？","一千元以上一万元以下","文成","区间",""\n',
        encoding="utf-8",
    )
    read = read_sheet(sheet)
    assert read.columns == {"question": "问题", "expected": "标准答案", "place": "地区", "type": "类型", "id": "编号"}
    assert read.ignored_columns == ["备注"]
    message = read.columns_message()
    assert "问题＝「问题」" in message and "「备注」" in message
    assert [(q.row, q.id, q.expected) for q in read.questions] == [(2, "A1", "百分之三十"), (6, "A4", "一千元以上一万元以下")]
    assert [(p.row, p.reason.split("，")[0]) for p in read.problems] == [(4, "问题为空"), (5, "有 8 个单元格")]
    assert str(read.problems[0]).startswith("第 4 行：")


def test_gbk_csv_and_english_headers_with_semicolons(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("Question;Expected answer;Place\n文成县的目标是多少;20万元/人;文成\n".encode("gb18030"))
    read = read_sheet(sheet)
    assert read.columns == {"question": "Question", "expected": "Expected answer", "place": "Place"}
    assert read.questions[0].question == "文成县的目标是多少" and read.questions[0].expected == "20万元/人"


def test_xlsx_header_below_a_title_row_is_found(tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "sheet.xlsx", [
        ["瑞安政策问答评测题（2026年11月）"],
        [],
        ["序号", "问题", "标准答案"],
        [1, "瑞安工业用地出让比例是多少", "30%"],
    ])
    read = read_sheet(sheet)
    assert read.columns == {"question": "问题", "expected": "标准答案", "id": "序号"}
    assert [(q.row, q.id, q.question) for q in read.questions] == [(4, "1", "瑞安工业用地出让比例是多少")]


def test_xlsx_follow_ups_percent_cells_and_history_by_id(tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "sheet.xlsx", [
        ["题号", "问题*", "标准答案", "上一问", "文件"],
        ["1", "瑞安工业用地出让比例是多少", 0.3, None, "瑞政办〔2023〕49号"],
        ["2", "那湖州呢？", 0.4, "1", None],
        ["3", "文成呢？", None, "瑞安工业用地出让比例是多少\n那湖州呢？", None],
        ["4", "总共多少钱", 1000, None, None],
    ], percent_cells=("C2", "C3"))
    read = read_sheet(sheet)
    assert set(read.columns) == {"id", "question", "expected", "history", "document"}
    by_id = {q.id: q for q in read.questions}
    assert by_id["1"].expected == "30%" and by_id["2"].expected == "40%" and by_id["4"].expected == "1000"
    assert by_id["2"].history == ["瑞安工业用地出让比例是多少"]
    assert by_id["3"].history == ["瑞安工业用地出让比例是多少", "那湖州呢？"]
    assert by_id["1"].document == "瑞政办〔2023〕49号"
    assert [q.row for q in read.questions] == [2, 3, 4, 5]


def test_xlsx_reads_the_worksheet_that_holds_questions(tmp_path: Path) -> None:
    workbook = Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes.append(["本表说明"])
    notes.append(["请在第二个工作表填写问题"])
    questions = workbook.create_sheet("题目")
    questions.append(["question", "expected"])
    questions.append(["宁海县的目标是多少", "5家"])
    workbook.save(tmp_path / "book.xlsx")
    read = read_sheet(tmp_path / "book.xlsx")
    assert read.sheet_name == "题目" and "工作表「题目」" in read.columns_message()
    assert [q.question for q in read.questions] == ["宁海县的目标是多少"]


@pytest.mark.parametrize(
    ("name", "content", "row", "words"),
    [
        ("no-question.csv", "编号,标准答案\n1,30%\n", 1, "找不到问题列"),
        ("two-questions.csv", "问题,Question\na,b\n", 1, "都是问题列"),
        ("empty.csv", "\n\n", 1, "表格是空的"),
        ("only-header.csv", "\n问题,标准答案\n", 3, "没有问题"),
        ("binary.csv", "问题\n第一题\n\x00\x01", 3, "二进制"),
        ("old.xls", "whatever", 1, ".xlsx"),
        ("broken.xlsx", "this is not a zip", 1, "无法打开"),
        ("notes.txt", "问题\n", 1, "不支持的文件类型"),
    ],
)
def test_unreadable_sheets_are_refused_with_row_and_reason(tmp_path: Path, name: str, content: str, row: int, words: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SheetError) as refused:
        read_sheet(path)
    assert str(refused.value).startswith(f"第 {row} 行：") and words in str(refused.value)


def test_undecodable_csv_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("问题\n第一题\n".encode("utf-8") + b"\xff\xfe\xfa\n")
    with pytest.raises(SheetError, match=r"^第 3 行：无法识别文字编码"):
        read_sheet(path)


def test_question_too_long_and_repeated_id_are_row_problems(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(f"编号,问题\n1,第一题\n1,第二题\n2,{'长' * 30}\n3,？？？\n", encoding="utf-8")
    read = read_sheet(path, max_question_chars=20)
    assert [q.question for q in read.questions] == ["第一题"]
    assert [(p.row, p.reason[:4]) for p in read.problems] == [(3, "编号「1"), (4, "问题过长"), (5, "问题中没")]


# ---------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    ("expected", "answer_text", "status"),
    [
        ("百分之三十", "瑞安市：工业用地出让比例不低于30%。", PASS),
        ("30%", "比例为百分之三十", PASS),
        ("一千元", "奖励1000元", PASS),
        ("1000元", "补助0.1万元", PASS),
        ("五十万元", "最高奖励50万元", PASS),
        ("一千元以上一万元以下", "处1000元至10000元罚款", PASS),
        ("二万元至十万元", "罚款2万元-10万元", PASS),
        ("十个工作日", "在10个工作日内办结", PASS),
        ("三十天", "30日内", PASS),
        ("千分之三", "按3‰计提", PASS),
        ("1.2万亩", "腾出12000亩", PASS),
        ("40%", "比例不低于30%", FAIL),
        ("1家", "新增5家。[1]", FAIL),  # the citation marker [1] is not a figure
        ("三分之一", "不低于33.3%", REVIEW),  # near: a person decides whether the rounding is fine
        ("1000万元", "约1001万元", REVIEW),
        ("三分之一", "不低于50%", FAIL),
        ("一千元以上一万元以下", "处1000元罚款", FAIL),
        ("20万元和10万元", "奖励20万元", FAIL),
        ("不低于30%", "比例为30%", REVIEW),
        ("不低于30%", "比例不超过30%", FAIL),
        ("不低于30%", "出让比例不低于百分之三十", PASS),
    ],
)
def test_figures_agree_across_notations(expected: str, answer_text: str, status: str) -> None:
    verdict = judge(item(expected), answer(answer_text))
    assert verdict.status == status, verdict.reason
    assert verdict.reason


def test_refusals() -> None:
    refused = answer("未找到：所检索的文件中没有相关内容。", found=False)
    assert judge(item("未找到"), refused).status == PASS
    assert judge(item("文件未提及。"), refused).status == PASS
    assert judge(item("未找到"), answer("比例不低于30%")).status == FAIL
    wrongly = judge(item("30%"), refused)
    assert wrongly.status == FAIL and "未找到" in wrongly.reason


def test_key_phrases_for_non_numeric_answers() -> None:
    text = "瑞安市：由市经信局牵头，市发改局、市自然资源和规划局配合。"
    assert judge(item("市经信局牵头，市发改局配合"), answer(text)).status == PASS
    assert judge(item("由市财政局和市税务局负责"), answer(text)).status == FAIL
    assert judge(item("市经信局、市财政局"), answer(text)).status == REVIEW
    short = judge(item("是"), answer("是的，可以。"))
    assert short.status == REVIEW and "人工" in short.reason
    assert judge(item(""), answer(text)).status == REVIEW


def test_document_and_place_columns_turn_a_pass_into_review() -> None:
    right = answer("工业用地出让比例不低于30%")
    assert judge(item("30%", document="瑞政办〔2023〕49号"), right).status == PASS
    assert judge(item("30%", document="《瑞安市先进制造业集群建设行动方案》"), right).status == PASS
    assert judge(item("30%", document="ruian.txt"), right).status == PASS
    other_doc = judge(item("30%", document="湖州市攻坚行动实施方案"), right)
    assert other_doc.status == REVIEW and "湖州市攻坚行动实施方案" in other_doc.reason
    assert judge(item("30%", place="瑞安"), right).status == PASS
    assert judge(item("30%", place="温州市"), right).status == PASS  # 瑞安市 lies in 温州市
    other_place = judge(item("30%", place="湖州"), right)
    assert other_place.status == REVIEW and "湖州" in other_place.reason
    assert judge(item("40%", place="湖州"), answer("比例不低于40%", citations=[HUZHOU])).status == PASS


def test_pipeline_error_is_a_failure() -> None:
    verdict = judge(item("30%"), None, "RuntimeError: boom")
    assert verdict.status == FAIL and "boom" in verdict.reason


# ---------------------------------------------------------------- runs, reports, comparison


@dataclass
class ScriptedPipeline:
    """Answers by question text; records what it was asked."""

    answers: dict[str, Answer]
    asked: list[tuple[str, list[str]]] = field(default_factory=list)

    def ask(self, question: str, history: list[str] | None = None, region: str | None = None) -> Answer:
        self.asked.append((question, list(history or [])))
        if question not in self.answers:
            raise RuntimeError("no scripted answer")
        return self.answers[question]


SHEET_ROWS = [
    ["编号", "问题", "标准答案", "地区", "类型", "上一问"],
    ["q1", "瑞安工业用地出让比例是多少", "百分之三十", "瑞安", "数字", None],
    ["q2", "那湖州呢？", "40%", "湖州", "追问", "q1"],
    ["q3", "杭州的比例是多少", "未找到", "杭州", "拒答", None],
    ["q4", "谁负责<script>alert(1)</script>", "市财政局", "瑞安", "事实", None],
    ["q5", "没有准备答案的问题", "30%", None, None, None],
]


def scripted() -> ScriptedPipeline:
    return ScriptedPipeline({
        "瑞安工业用地出让比例是多少": answer("瑞安市：工业用地出让比例不低于30%。[1]"),
        "那湖州呢？": answer("湖州市：比例不低于40%。[1]", citations=[HUZHOU]),
        "杭州的比例是多少": Answer(question="", answer="未找到：文件库中没有覆盖该地区的文件。", found=False, related=[HUZHOU]),
        "谁负责<script>alert(1)</script>": answer("瑞安市：由市经信局牵头。[1]"),
    })


def sheet_run(tmp_path: Path, rows: list[list[object]] = SHEET_ROWS) -> tuple[EvalRun, ScriptedPipeline]:
    pipeline = scripted()
    read = read_sheet(write_xlsx(tmp_path / "评测.xlsx", rows))
    return run_sheet(pipeline, read), pipeline


def test_run_asks_with_history_and_judges_every_item(tmp_path: Path) -> None:
    run, pipeline = sheet_run(tmp_path)
    assert pipeline.asked[1] == ("那湖州呢？", ["瑞安工业用地出让比例是多少"])
    verdicts = {i.id: i.verdict for i in run.items}
    assert verdicts == {"q1": PASS, "q2": PASS, "q3": PASS, "q4": FAIL, "q5": FAIL}
    assert "no scripted answer" in next(i for i in run.items if i.id == "q5").reason
    assert [i.id for i in run.ordered_items()] == ["q4", "q5", "q1", "q2", "q3"]
    summary = run.summary()
    assert (summary.n, summary.passed, summary.failed, summary.review) == (5, 3, 2, 0)
    by_place = {g.name: (g.n, g.passed) for g in run.by("place")}
    assert by_place == {"杭州": (1, 1), "湖州": (1, 1), "瑞安": (2, 1), "（未填）": (1, 0)}
    assert list(by_place)[-1] == "（未填）"


def test_html_report_is_self_contained_escaped_and_failures_first(tmp_path: Path) -> None:
    run, _ = sheet_run(tmp_path)
    page = render_html(run)
    for section in ("summary", "by-type", "by-place", "items"):
        assert f"id='{section}'" in page or f'id="{section}"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page, re.I)
    assert not re.search(r"(src|href)=['\"](https?:)?//", page, re.I)
    order = re.findall(r"data-verdict='(\w+)' data-row='(\d+)'", page)
    assert [v for v, _ in order] == [FAIL, FAIL, PASS, PASS, PASS]
    assert "三、保障措施 › （二）强化要素保障" in page and "工业用地出让比例不低于30%" in page
    refusal = page[page.index("id='row-4'"):]
    refusal = refusal[: refusal.index("</article>")]
    assert "相关条款（仅供参考，并非答案）" in refusal and HUZHOU.quote in refusal


def test_csv_report_opens_in_excel_with_every_item(tmp_path: Path) -> None:
    run, _ = sheet_run(tmp_path)
    target = tmp_path / "out.csv"
    write_csv(run, target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert rows[0] == CSV_COLUMNS and len(rows) == 6
    assert [row[2] for row in rows[1:]] == ["未通过", "未通过", "通过", "通过", "通过"]
    first_pass = rows[3]
    assert first_pass[CSV_COLUMNS.index("条款路径")] == RUIAN.path


def test_compare_lists_exactly_the_items_whose_verdict_changed(tmp_path: Path) -> None:
    old_run, _ = sheet_run(tmp_path)
    new_rows = [list(row) for row in SHEET_ROWS]
    new_rows[2][2] = "45%"  # q2 now expects another figure: pass -> fail
    new_rows[5][2] = ""  # q5 has no expected answer any more: fail stays fail (pipeline error) -> unchanged
    new_rows[4][2] = "市经信局牵头"  # q4: fail -> pass
    new_rows.append(["q6", "新加的问题", "未找到", None, None, None])
    del new_rows[3]  # q3 removed
    new_run, _ = sheet_run(tmp_path, new_rows)
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    save_run(old_run, old_path)
    save_run(new_run, new_path)

    comparison = compare_runs(load_compared_items(old_path), load_compared_items(new_path))
    assert sorted((c.key, c.kind) for c in comparison.changes) == [("id:q2", "broke"), ("id:q4", "fixed")]
    assert [i.key for i in comparison.only_old] == ["id:q3"] and [i.key for i in comparison.only_new] == ["id:q6"]
    assert comparison.unchanged == 2

    result = CliRunner().invoke(cli_main, ["eval", "--compare", str(old_path), str(new_path)])
    assert result.exit_code == 0, result.output
    changed_lines = [line for line in result.output.splitlines() if line.startswith("  编号")]
    assert len(changed_lines) == 2
    assert "修复（fixed）：1 项" in result.output and "退步（broke）：1 项" in result.output
    assert "编号 q4" in result.output and "编号 q2" in result.output and "编号 q1" not in result.output


def test_compare_reads_gold_set_reports_and_refuses_other_files(tmp_path: Path) -> None:
    def outcome(id_: str, citation_ok: bool) -> dict:
        return {"id": id_, "question": id_, "answerable": True, "refusal_ok": True, "citation_any3": citation_ok,
                "figures_ok": True, "error": None}

    old = {"items": {"full": [outcome("a", True), outcome("b", False)]}}
    new = {"items": {"full": [outcome("a", True), outcome("b", True)]}}
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    comparison = compare_runs(load_compared_items(tmp_path / "old.json"), load_compared_items(tmp_path / "new.json"))
    assert [(c.key, c.kind) for c in comparison.changes] == [("id:b", "fixed")]

    (tmp_path / "other.json").write_text("[1, 2]", encoding="utf-8")
    result = CliRunner().invoke(cli_main, ["eval", "--compare", str(tmp_path / "other.json"), str(tmp_path / "new.json")])
    assert result.exit_code == 2 and "不是评测结果文件" in result.output


def test_sheet_command_writes_reports_and_exits_1_on_skipped_rows(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    rows = [list(row) for row in SHEET_ROWS[:4]] + [["q9", None, "30%", None, None, None]]
    sheet = write_xlsx(tmp_path / "sheet.xlsx", rows)
    outputs = {name: tmp_path / f"out.{name}" for name in ("html", "csv", "json")}
    code = run_sheet_command(sheet, Settings(), outputs["html"], outputs["csv"], outputs["json"], pipeline=scripted(), progress=False)
    printed = capsys.readouterr()
    assert code == 1
    assert "识别的列：" in printed.out and "第 5 行：问题为空" in printed.err
    assert all(path.exists() for path in outputs.values())
    saved = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert saved["summary"] == {"n": 3, "pass": 3, "fail": 0, "review": 0}
    assert saved["problems"] == [{"row": 5, "reason": "问题为空，但这一行其他列有内容，已跳过。"}]
    assert "跳过的行" in outputs["html"].read_text(encoding="utf-8")


def test_cli_refuses_an_unreadable_sheet_before_loading_anything(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("编号,答案\n1,30%\n", encoding="utf-8")
    result = CliRunner().invoke(cli_main, ["eval", str(sheet), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "第 1 行：找不到问题列" in result.output
    assert not (tmp_path / "r.html").exists()
    bad_mode = CliRunner().invoke(cli_main, ["eval", str(sheet), "--mode", "dense"])
    assert bad_mode.exit_code == 2 and "--mode full" in bad_mode.output
    nothing = CliRunner().invoke(cli_main, ["eval"])
    assert nothing.exit_code == 2 and "--compare" in nothing.output
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    html_for_gold = CliRunner().invoke(cli_main, ["eval", str(gold), "--html", str(tmp_path / "r.html")])
    assert html_for_gold.exit_code == 2 and "请提供 .csv 或 .xlsx" in html_for_gold.output
    gold_run = CliRunner().invoke(cli_main, ["eval", str(gold)])  # JSONL gold sets still go to qa.eval.evaluate
    assert gold_run.exit_code == 2 and "no valid questions" in gold_run.output
    both = CliRunner().invoke(cli_main, ["eval", str(sheet), "--compare", str(gold), str(gold)])
    assert both.exit_code == 2 and "不能同时给出问题表" in both.output
