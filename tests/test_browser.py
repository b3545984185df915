"""The app in a real browser: `python app.py` on a free port, driven by Debian's headless Chromium.

Selenium is pointed at /usr/bin/chromedriver and /usr/bin/chromium explicitly and told to
stay offline, so Selenium Manager never tries to download a driver or a browser.
Screenshots go to reports/screenshots/ (git-ignored).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from qa.settings import PROJECT_ROOT
from tests.conftest import bench_module

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = PROJECT_ROOT / "reports" / "screenshots"
ANSWER_SECONDS = 120
MARK_IN_VIEW_JS = """
const mark = arguments[0], box = mark.closest('.qa-doc-text');
const a = mark.getBoundingClientRect(), b = box.getBoundingClientRect();
return a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.top >= 0 && a.bottom <= window.innerHeight;
"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("app") / "app.log"
    with bench_module("load_test").running_app(log) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail("Debian chromium and chromium-driver are missing: run `make system-deps`")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--window-size=1440,1000", "--lang=zh-CN",
    ):
        options.add_argument(argument)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # with both paths given Selenium Manager has nothing to fetch; make sure
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        driver.set_page_load_timeout(120)
        try:
            yield driver
        finally:
            driver.quit()


def screenshot(driver: WebDriver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / name))


def wait_until(driver: WebDriver, condition: Callable[[WebDriver], Any], seconds: float = ANSWER_SECONDS, message: str = ""):
    return WebDriverWait(driver, seconds, poll_frequency=0.3).until(condition, message)


def text_of(driver: WebDriver, css: str) -> str:
    elements = driver.find_elements(By.CSS_SELECTOR, css)
    return " ".join(element.text for element in elements)


def ask(driver: WebDriver, question: str, expect: list[str], citation_expect: str) -> None:
    before = len(driver.find_elements(By.CSS_SELECTOR, "#qa-chat .message-row, #qa-chat [data-testid='bot']"))
    box = driver.find_element(By.CSS_SELECTOR, "#qa-question textarea")
    box.clear()
    box.send_keys(question)
    driver.find_element(By.ID, "qa-send").click()

    def answered(d: WebDriver) -> bool:
        rows = d.find_elements(By.CSS_SELECTOR, "#qa-chat .message-row, #qa-chat [data-testid='bot']")
        chat = text_of(d, "#qa-chat")
        return len(rows) > before and all(word in chat for word in expect) and citation_expect in text_of(d, "#qa-citations")

    wait_until(driver, answered, message=f"no answer with {expect} for {question!r}")


def open_tab(driver: WebDriver, label: str) -> None:
    driver.find_element(By.XPATH, f"//button[@role='tab' and contains(normalize-space(.), '{label}')]").click()


def last_bot_message(driver: WebDriver) -> str:
    messages = driver.find_elements(By.CSS_SELECTOR, "#qa-chat [data-testid='bot']")
    return messages[-1].text if messages else ""


def test_ask_follow_up_open_citation_and_figures(app_url: str, browser: WebDriver) -> None:
    driver = browser
    driver.get(app_url)
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#qa-question textarea"), 60, "the page did not load")

    ask(driver, "瑞安工业用地出让比例是多少", ["30%"], "瑞安")
    assert "30%" in last_bot_message(driver)
    cards = driver.find_elements(By.CSS_SELECTOR, "#qa-citations .qa-card")
    assert cards and "瑞安" in cards[0].text
    assert driver.find_elements(By.CSS_SELECTOR, "#qa-citations .qa-card mark")
    screenshot(driver, "01-ruian.png")

    ask(driver, "那湖州呢？", ["40%"], "湖州")
    assert "40%" in last_bot_message(driver)
    assert "湖州" in driver.find_elements(By.CSS_SELECTOR, "#qa-citations .qa-card")[0].text
    screenshot(driver, "02-huzhou-follow-up.png")

    driver.find_element(By.ID, "qa-open-doc").click()
    mark = wait_until(
        driver,
        lambda d: next((m for m in d.find_elements(By.CSS_SELECTOR, "#qa-document-view mark") if m.is_displayed()), None),
        30,
        "the 文档 tab did not open at the citation",
    )
    wait_until(driver, lambda d: d.execute_script(MARK_IN_VIEW_JS, mark), 10, "the cited passage was not scrolled into view")
    assert "40%" in mark.text
    screenshot(driver, "03-document-cited.png")

    open_tab(driver, "数据")
    indicator = wait_until(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#qa-fig-indicator input, #qa-fig-indicator textarea"), 30)
    indicator.clear()
    indicator.send_keys("工业用地")
    unit = driver.find_element(By.CSS_SELECTOR, "#qa-fig-unit input")
    unit.click()
    unit.send_keys(Keys.CONTROL, "a")
    unit.send_keys("%")
    option = "li[data-testid='dropdown-option'][aria-label='%']"
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, option), 10, "the unit % is not offered")
    driver.find_element(By.CSS_SELECTOR, option).click()
    driver.find_element(By.ID, "qa-fig-go").click()

    def figures_shown(d: WebDriver) -> bool:
        table = text_of(d, "#qa-figures")
        return "工业用地" in table and "瑞安市" in table and "湖州市" in table and "%" in table

    wait_until(driver, figures_shown, 60, "the 工业用地 figures did not appear")
    wait_until(driver, lambda d: d.find_element(By.ID, "qa-fig-plot").is_displayed(), 30, "no bar chart for one unit across regions")
    time.sleep(1)  # let the chart finish drawing for the screenshot
    screenshot(driver, "04-figures.png")

    open_tab(driver, "问答")
    ask(driver, "<script>alert(1)</script>瑞安工业用地出让比例是多少", ["<script>alert(1)</script>"], "瑞安")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - the script must not have run
    screenshot(driver, "05-escaped-question.png")
