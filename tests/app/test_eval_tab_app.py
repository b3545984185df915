"""The 评测 tab inside the real app, over the real pipeline and seed corpus, in Chromium.

Single-user mode makes the one visitor an editor, so the tab works; without logins and
without single-user mode it only explains how to turn evaluation on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from qa.app.eval_tab import EVAL_OFF
from tests.app.test_browser import open_tab, wait_until
from tests.eval.test_sheet_pipeline import ROWS
from tests.eval.test_sheets import write_xlsx
from tests.app.test_eval_tab import _driver, free_port

pytestmark = [pytest.mark.model, pytest.mark.browser]


def launched(pipeline, settings) -> Iterator[str]:
    from qa.app.handlers import QAApp
    from qa.app.layout import build_ui

    demo = build_ui(QAApp(pipeline, settings))
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


@pytest.fixture
def editor_app(pipeline, seed_settings) -> Iterator[str]:
    yield from launched(pipeline, replace(seed_settings, auth="", single_user=True))


@pytest.fixture
def open_app(pipeline, seed_settings) -> Iterator[str]:
    yield from launched(pipeline, replace(seed_settings, auth="", single_user=False))


def test_editor_runs_a_sheet_in_the_app(editor_app: str, tmp_path: Path) -> None:
    driver = _driver(tmp_path)
    try:
        driver.get(editor_app)
        wait_until(driver, lambda d: d.find_elements(By.XPATH, "//button[@role='tab' and contains(., '评测')]"), 60, "no 评测 tab")
        open_tab(driver, "评测")
        upload = wait_until(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#qa-eval-upload input[type=file]"), 30)
        upload.send_keys(str(write_xlsx(tmp_path / "seed.xlsx", ROWS)))
        wait_until(driver, lambda d: ".xlsx" in d.find_element(By.ID, "qa-eval-upload").text.replace("\n", ""), 30, "no upload")
        driver.find_element(By.ID, "qa-eval-run").click()
        wait_until(driver, lambda d: "完成：6 题" in d.find_element(By.ID, "qa-eval-status").text, 180, "the run did not finish")
        status = driver.find_element(By.ID, "qa-eval-status").text
        assert "通过 4，未通过 1，需复核 1" in status
        table = driver.find_element(By.ID, "qa-eval-items").text
        assert table.index("三十万元/人") < table.index("3.75%")  # the failure is listed first
        assert driver.find_element(By.ID, "qa-eval-html").is_enabled()
    finally:
        driver.quit()


def test_without_an_editor_the_tab_only_explains(open_app: str, tmp_path: Path) -> None:
    driver = _driver(tmp_path)
    try:
        driver.get(open_app)
        wait_until(driver, lambda d: d.find_elements(By.XPATH, "//button[@role='tab' and contains(., '评测')]"), 60, "no 评测 tab")
        open_tab(driver, "评测")
        note = wait_until(driver, lambda d: d.find_element(By.ID, "qa-eval-off"), 30)
        assert EVAL_OFF.split("。")[0] in note.text
        assert not driver.find_elements(By.CSS_SELECTOR, "#qa-eval-upload input[type=file]")
    finally:
        driver.quit()
