"""The 评测 tab: handlers (editor checks, progress, downloads, comparison) and the tab in Chromium.

The tab is mounted in its own small Blocks around a stand-in app whose answers are scripted,
so what is tested is the tab itself; `tests/eval/test_sheet_pipeline.py` runs the real pipeline.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from qa.app.eval_tab import NO_PERMISSION, EvalTab, add_eval_tab, citations_html, write_template
from qa.eval.runs import EvalRun
from qa.eval.sheets import read_sheet
from qa.settings import Settings
from tests.eval.test_sheets import SHEET_ROWS, ScriptedPipeline, scripted, write_xlsx


@dataclass
class StandInApp:
    """What the tab uses of `qa.app.handlers.QAApp`: settings, ask, and the role rules."""

    scripted: ScriptedPipeline = field(default_factory=scripted)
    editor: bool = True
    settings: Settings = field(default_factory=Settings)
    users: dict[str, Any] = field(default_factory=dict)
    management_enabled: bool = True
    pipeline: Any = None

    def may_manage(self, request: Any) -> bool:
        return self.editor

    def ask(self, question: str, history: list[str] | None = None, region: str | None = None):
        return self.scripted.ask(question, history, region)


def run_to_end(tab: EvalTab, sheet: Path | None) -> list[tuple[Any, ...]]:
    return list(tab.run(str(sheet) if sheet else None))


def test_run_streams_progress_then_summary_items_and_downloads(tmp_path: Path) -> None:
    tab = EvalTab(StandInApp())
    updates = run_to_end(tab, write_xlsx(tmp_path / "评测.xlsx", SHEET_ROWS))
    statuses = [update[0] for update in updates]
    assert "识别的列" in statuses[0] and "共 5 题" in statuses[0]
    assert [s for s in statuses if "已完成" in s][-1].count("已完成 5/5 题") == 1
    status, run, summary, items, _, html_button, csv_button, json_button = updates[-1]
    assert status.count("完成：5 题，通过 3，未通过 2") == 1
    assert isinstance(run, EvalRun)
    assert summary.iloc[0].tolist()[:6] == ["总计", "全部", 5, 3, 2, 0]
    assert set(summary["分组"]) == {"总计", "类型", "地区"}
    assert items["判定"].tolist() == ["未通过", "未通过", "通过", "通过", "通过"]
    paths = [Path(button.value["path"]) for button in (html_button, csv_button, json_button)]
    assert [button.value["orig_name"] for button in (html_button, csv_button, json_button)] == ["评测-评测.html", "评测-评测.csv", "评测-评测.json"]
    assert all(p.is_file() for p in paths)
    assert 'id="items"' in paths[0].read_text(encoding="utf-8")
    assert json.loads(paths[2].read_text(encoding="utf-8"))["summary"]["fail"] == 2
    refusal = next(item for item in run.items if item.id == "q3")
    shown = citations_html(refusal)
    assert "相关条款" in shown and "比例不低于40%" in shown and "qa-related" in shown


def test_readers_and_bad_sheets_are_refused(tmp_path: Path) -> None:
    reader = StandInApp(editor=False)
    updates = run_to_end(EvalTab(reader), write_xlsx(tmp_path / "sheet.xlsx", SHEET_ROWS))
    assert [u[0] for u in updates] == [NO_PERMISSION] and reader.scripted.asked == []

    bad = tmp_path / "bad.csv"
    bad.write_text("编号,答案\n1,30%\n", encoding="utf-8")
    updates = run_to_end(EvalTab(StandInApp()), bad)
    assert len(updates) == 1 and "第 1 行：找不到问题列" in updates[0][0]
    assert "请先选择" in run_to_end(EvalTab(StandInApp()), None)[0][0]


def test_compare_in_the_tab_lists_the_changed_items(tmp_path: Path) -> None:
    tab = EvalTab(StandInApp())
    first = run_to_end(tab, write_xlsx(tmp_path / "v1.xlsx", SHEET_ROWS))[-1]
    earlier_json = first[7].value["path"]
    rows = [list(row) for row in SHEET_ROWS]
    rows[1][2] = "百分之五十"  # q1: pass -> fail
    second = run_to_end(tab, write_xlsx(tmp_path / "v2.xlsx", rows))[-1]
    message, changes = tab.compare(earlier_json, second[1])
    assert changes[["变化", "题目"]].values.tolist() == [["退步", "编号 q1"]]
    assert message.startswith("修复 0 题，退步 1 题")
    assert "请先运行" in tab.compare(earlier_json, None)[0]


def test_template_is_a_sheet_with_every_column(tmp_path: Path) -> None:
    read = read_sheet(write_template(tmp_path))
    assert list(read.columns) == ["question", "expected", "document", "place", "type", "history", "id"]
    assert read.problems == [] and read.questions[1].history == [read.questions[0].question]
    assert read.questions[2].expected == "未找到"


# ---------------------------------------------------------------- in Chromium


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def tab_url() -> Iterator[str]:
    app = StandInApp()
    with gr.Blocks() as demo:
        with gr.Tabs():
            with gr.Tab("问答"):
                gr.Markdown("问答")
            add_eval_tab(app, demo)
    port = free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


@pytest.mark.browser
def test_tab_runs_a_sheet_in_the_browser(tab_url: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from tests.app.test_browser import open_tab, wait_until

    driver = _driver(tmp_path)
    try:
        driver.get(tab_url)
        wait_until(driver, lambda d: d.find_elements(By.XPATH, "//button[@role='tab']"), 60, "the page did not load")
        open_tab(driver, "评测")
        sheet = write_xlsx(tmp_path / "评测.xlsx", SHEET_ROWS)
        upload = wait_until(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#qa-eval-upload input[type=file]"), 30)
        upload.send_keys(str(sheet))
        wait_until(driver, lambda d: ".xlsx" in d.find_element(By.ID, "qa-eval-upload").text.replace("\n", ""), 30, "the sheet did not upload")
        driver.find_element(By.ID, "qa-eval-run").click()
        wait_until(driver, lambda d: "完成：5 题" in d.find_element(By.ID, "qa-eval-status").text, 60, "the run did not finish")
        assert "识别的列" in driver.find_element(By.ID, "qa-eval-status").text
        assert "未通过" in driver.find_element(By.ID, "qa-eval-summary").text
        table = driver.find_element(By.ID, "qa-eval-items").text
        questions = [row[1] for row in SHEET_ROWS[1:]]
        shown_order = sorted(questions, key=table.index)
        assert shown_order == [questions[3], questions[4], questions[0], questions[1], questions[2]]  # failures first
        driver.find_element(  # the first passing item: its citations
            By.XPATH, f"//*[@id='qa-eval-items']//*[self::td or @role='gridcell']//*[normalize-space(text())='{questions[0]}']"
        ).click()
        wait_until(driver, lambda d: "不低于30%" in d.find_element(By.ID, "qa-eval-citations").text, 30, "no citations shown")
        assert "三、保障措施" in driver.find_element(By.ID, "qa-eval-citations").text
        download = driver.find_element(By.CSS_SELECTOR, "#qa-eval-html")
        assert download.is_enabled()
    finally:
        driver.quit()


def _driver(tmp_path: Path):
    from tests.app.test_browser import new_browser

    return new_browser(tmp_path / "profile", width=1440)
