"""The sheet evaluation report opened in Debian's headless Chromium from a file, as a colleague would.

The run is judged from hand-built answers (no model): what is checked is that the one
HTML file renders its sections, failures first, with citations, without any network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from qa.eval.report import write_html
from qa.eval.runs import run_sheet
from qa.eval.sheets import read_sheet
from tests.app.test_browser import new_browser
from tests.eval.test_sheets import SHEET_ROWS, scripted, write_xlsx

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    driver = new_browser(tmp_path_factory.mktemp("chromium-profile"), width=1280)
    try:
        yield driver
    finally:
        driver.quit()


def test_report_opens_with_its_sections_failures_first(tmp_path: Path, browser: WebDriver) -> None:
    run = run_sheet(scripted(), read_sheet(write_xlsx(tmp_path / "评测.xlsx", SHEET_ROWS)))
    report = tmp_path / "report.html"
    write_html(run, report)
    browser.get(report.as_uri())

    assert browser.title == "评测报告：评测.xlsx"
    headings = [element.text for element in browser.find_elements(By.TAG_NAME, "h2")]
    assert headings == ["总览", "按类型", "按地区", "逐题结果（未通过在前）"]
    summary = browser.find_element(By.CSS_SELECTOR, "#summary tbody tr").text.split()
    assert summary[:4] == ["5", "3", "2", "0"]
    places = [row.text.split()[0] for row in browser.find_elements(By.CSS_SELECTOR, "#by-place tbody tr")]
    assert places == ["杭州", "湖州", "瑞安", "（未填）"]
    types = {row.text.split()[0] for row in browser.find_elements(By.CSS_SELECTOR, "#by-type tbody tr")}
    assert types == {"数字", "追问", "拒答", "事实", "（未填）"}

    items = browser.find_elements(By.CSS_SELECTOR, "#items article.item")
    assert [item.get_attribute("data-verdict") for item in items] == ["fail", "fail", "pass", "pass", "pass"]
    assert all(item.is_displayed() for item in items)
    first_pass = items[2]
    assert "通过" in first_pass.find_element(By.CSS_SELECTOR, ".badge").text
    quote = first_pass.find_element(By.CSS_SELECTOR, "blockquote.quote")
    assert quote.is_displayed() and "不低于30%" in quote.text
    assert "三、保障措施 › （二）强化要素保障" in first_pass.text
    follow_up = browser.find_element(By.ID, "row-3")
    assert "上一问" in follow_up.text and "瑞安工业用地出让比例是多少" in follow_up.text
    assert "<script>alert(1)</script>" in browser.find_element(By.ID, "row-5").text  # shown as text, not run

    browser.find_element(By.CSS_SELECTOR, "a[href='#row-6']").click()
    assert browser.execute_script("return location.hash") == "#row-6"
    requested = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert requested == []
