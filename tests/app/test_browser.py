"""The app in a real browser: `python app.py` on a free port, driven by Debian's headless Chromium.

Selenium is pointed at /usr/bin/chromedriver and /usr/bin/chromium explicitly and told to
stay offline, so Selenium Manager never tries to download a driver or a browser.
Screenshots of the main flows go to reports/screenshots/ (git-ignored), so anyone can look
at what the user sees.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from tests.conftest import DOCS_DIR, bench_module

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = PROJECT_ROOT / "reports" / "screenshots"
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
ANSWER_SECONDS = 120
RUIAN = "瑞安工业用地出让比例是多少"
MARK_IN_VIEW_JS = """
const mark = arguments[0], box = mark.closest('.qa-doc-text');
const a = mark.getBoundingClientRect(), b = box.getBoundingClientRect();
return a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.top >= 0 && a.bottom <= window.innerHeight;
"""
# Text colour and the first opaque background behind an element, as computed by the browser.
COLOURS_JS = """
const element = arguments[0];
const parse = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
let node = element, background = null;
while (node && node.nodeType === 1) {
  const rgba = parse(getComputedStyle(node).backgroundColor);
  if (rgba.length >= 3 && (rgba.length < 4 || rgba[3] > 0.5)) { background = rgba.slice(0, 3); break; }
  node = node.parentElement;
}
return [parse(getComputedStyle(element).color), background || [255, 255, 255]];
"""
PROGRESS_TEXT_JS = "return [...document.querySelectorAll('[data-testid=status-tracker]')].map((e) => e.innerText).join(' ')"
# Latin words a Chinese user may see: the product name, file types, units and formats.
ALLOWED_LATIN = {"policyqa", "csv", "api", "mb", "txt", "md", "docx", "pdf", "html", "htm", "qa", "gradio", "ocr"}

launcher = bench_module("load_test")


@contextmanager
def app_process(log: Path, docs_dir: Path, index_dir: Path, **environment: str) -> Iterator[str]:
    """`python app.py` with these QA_* settings on a free loopback port; stopped afterwards."""
    with launcher.running_app(log, index_dir, docs_dir, **environment) as url:
        yield url


def corpus_copy(root: Path) -> tuple[Path, Path]:
    docs = root / "docs"
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns("uploads", ".*"))
    return docs, root / "index"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Single-user mode on a copy of the corpus (this test uploads)."""
    root = tmp_path_factory.mktemp("app")
    docs, index = corpus_copy(root)
    with app_process(root / "app.log", docs, index, QA_SINGLE_USER="1") as url:
        yield url


def new_browser(profile: Path, width: int = 1400, height: int = 1000) -> WebDriver:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail("Debian chromium and chromium-driver are missing: run `make system-deps`")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", f"--window-size={width},{height}", "--lang=zh-CN",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # with both paths given Selenium Manager has nothing to fetch; make sure
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(120)
    return driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    driver = new_browser(tmp_path_factory.mktemp("chromium-profile"))
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


def bot_messages(driver: WebDriver) -> list[Any]:
    return driver.find_elements(By.CSS_SELECTOR, "#qa-chat [data-testid='bot']")


def ask(driver: WebDriver, question: str, expect: list[str], citation_expect: str) -> None:
    before = len(bot_messages(driver))
    box = driver.find_element(By.CSS_SELECTOR, "#qa-question textarea")
    box.clear()
    box.send_keys(question)
    driver.find_element(By.ID, "qa-send").click()

    progress_seen: list[str] = []

    def answered(d: WebDriver) -> bool:
        progress_seen.append(d.execute_script(PROGRESS_TEXT_JS))
        chat = text_of(d, "#qa-chat")
        return len(bot_messages(d)) > before and all(word in chat for word in expect) and citation_expect in text_of(d, "#qa-citations")

    wait_until(driver, answered, message=f"no answer with {expect} for {question!r}")
    english = {word.lower() for text in progress_seen for word in re.findall(r"[A-Za-z]{2,}", text)} - ALLOWED_LATIN
    assert not english, f"progress shown in English: {english}"


def open_tab(driver: WebDriver, label: str) -> None:
    driver.find_element(By.XPATH, f"//button[@role='tab' and contains(normalize-space(.), '{label}')]").click()


def tab_labels(driver: WebDriver) -> list[str]:
    return [tab.text.strip() for tab in driver.find_elements(By.CSS_SELECTOR, "button[role='tab']") if tab.is_displayed()]


def last_bot_message(driver: WebDriver) -> str:
    messages = bot_messages(driver)
    return messages[-1].text if messages else ""


def load(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#qa-question textarea"), 60, "the page did not load")


def wait_for_quote_in_view(driver: WebDriver, expected: str) -> Any:
    mark = wait_until(
        driver,
        lambda d: next((m for m in d.find_elements(By.CSS_SELECTOR, "#qa-document-view mark") if m.is_displayed()), None),
        30,
        "the 文档 tab did not open at the citation",
    )
    wait_until(driver, lambda d: d.execute_script(MARK_IN_VIEW_JS, mark), 10, "the cited passage was not scrolled into view")
    assert expected in mark.text
    return mark


def contrast_ratio(foreground: list[float], background: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        channels = [value / 255 for value in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def latin_words(driver: WebDriver) -> set[str]:
    """Latin words in the page's visible text, minus file names and the allowed ones."""
    text = driver.execute_script(
        "return document.body.innerText + ' ' + [...document.querySelectorAll('input, textarea')]"
        ".filter((e) => e.offsetParent !== null).map((e) => e.placeholder || '').join(' ')"
    )
    text = re.sub(r"\S+\.(txt|md|docx|pdf|html?)\b", " ", text)  # document file names
    words = {word.lower() for word in re.findall(r"[A-Za-z]{2,}", text)}
    return words - ALLOWED_LATIN


# --------------------------------------------------------------------------- the flows


def test_fact_first_citations_open_copy_contrast_and_chat_kept(app_url: str, browser: WebDriver) -> None:
    driver = browser
    load(driver, app_url)
    ask(driver, RUIAN, ["30%"], "瑞安")
    message = bot_messages(driver)[-1]
    bold = [element.text for element in message.find_elements(By.CSS_SELECTOR, "strong, b")]
    assert any("30%" in text for text in bold), bold
    lead = message.text.strip().splitlines()[0]
    assert "瑞安" in lead and "不低于" in lead and "30%" in lead  # place, comparator and value lead the answer
    screenshot(driver, "01-fact-first.png")

    meta = driver.find_elements(By.CSS_SELECTOR, "#qa-citations .qa-card .qa-card-meta")[0]
    foreground, background = driver.execute_script(COLOURS_JS, meta)
    assert contrast_ratio(foreground, background) >= 4.5, (foreground, background)

    card_path = meta.text
    assert not re.search(r"条款：[)）、，]", card_path)  # scrape damage is not shown in labels

    driver.find_element(By.CSS_SELECTOR, "#qa-citations .qa-card[data-cite] .qa-copy").click()
    copied = wait_until(driver, lambda d: d.execute_script("return window.__policyqaCopied"), 10, "复制引用 copied nothing")
    assert "瑞政办〔2023〕49号" in copied and "《" in copied and "30%" in copied and "\\" not in copied

    driver.find_element(By.CSS_SELECTOR, "#qa-citations .qa-card[data-cite]").click()
    wait_for_quote_in_view(driver, "30%")
    screenshot(driver, "02-card-opens-document.png")

    open_tab(driver, "问答")
    marker = wait_until(driver, lambda d: bot_messages(d)[-1].find_elements(By.CSS_SELECTOR, ".qa-ref"), 10, "no clickable [n] marker")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", marker[0])
    marker[0].click()
    wait_for_quote_in_view(driver, "30%")

    open_tab(driver, "问答")
    ask(driver, "那湖州呢？", ["40%"], "湖州")
    assert not latin_words(driver), latin_words(driver)
    driver.refresh()
    wait_until(driver, lambda d: "40%" in last_bot_message(d) and len(bot_messages(d)) >= 2, 60, "the chat was lost on reload")
    assert "30%" in bot_messages(driver)[-2].text
    ask(driver, "那宁海呢？", [], "宁海")  # the kept chat is still the follow-ups' context
    screenshot(driver, "03-kept-after-reload.png")

    ask(driver, "<script>alert(1)</script>" + RUIAN, ["<script>alert(1)</script>"], "瑞安")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - the script must not have run


def test_figures_table_shows_the_sentence_and_a_row_opens_the_clause(app_url: str, browser: WebDriver) -> None:
    driver = browser
    load(driver, app_url)
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
        return "工业用地" in table and "瑞安市" in table and "湖州市" in table and "出让土地总量" in table

    wait_until(driver, figures_shown, 60, "the 工业用地 figures did not appear with their sentences")
    wait_until(driver, lambda d: d.find_element(By.ID, "qa-fig-plot").is_displayed(), 30, "no bar chart for one unit across regions")
    time.sleep(1)  # let the chart finish drawing for the screenshot
    screenshot(driver, "09-figures.png")
    assert not latin_words(driver), latin_words(driver)
    cell = next(c for c in driver.find_elements(By.CSS_SELECTOR, "#qa-figures .cell-wrap") if re.fullmatch(r"\S*\d%\S*", c.text.strip()))
    figure = re.search(r"\d+(\.\d+)?%", cell.text).group()
    cell.click()
    wait_for_quote_in_view(driver, figure)


def kangxi_pdf(path: Path) -> None:
    """A PDF as browsers print it: characters that are also Kangxi radicals stored as the radicals."""
    from fpdf import FPDF

    to_radical = {unicodedata.normalize("NFKC", chr(code)): chr(code) for code in range(0x2F00, 0x2FD6)}
    lines = [
        "平阳县人民政府关于印发平阳县工业用地管理办法的通知",
        "平政发〔2024〕11号",
        "一、总体要求",
        "全县每年出让土地总量中工业用地比例不低于45%。",
        "二、附则",
        "本办法自印发之日起施行。",
    ]
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", "", str(NOTO_CJK))
    pdf.set_font("cjk", size=12)
    for line in lines:
        pdf.multi_cell(0, 10, "".join(to_radical.get(char, char) for char in line), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_upload_of_a_compatibility_form_pdf_is_reported_and_answerable(app_url: str, browser: WebDriver, tmp_path: Path) -> None:
    if not NOTO_CJK.is_file():
        pytest.fail("fonts-noto-cjk is missing: run `make system-deps`")
    driver = browser
    load(driver, app_url)
    pdf = tmp_path / "平阳工业用地.pdf"
    kangxi_pdf(pdf)
    open_tab(driver, "管理")
    field = wait_until(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#qa-upload input[type='file']"), 20)
    field.send_keys(str(pdf))
    wait_until(driver, lambda d: "平阳工业用地" in text_of(d, "#qa-upload"), 30, "the file was not taken")
    driver.find_element(By.ID, "qa-upload-go").click()
    wait_until(driver, lambda d: "平阳工业用地.pdf" in text_of(d, "#qa-upload-results"), 300, "no upload report")
    report = text_of(driver, "#qa-upload-results")
    assert "已添加并索引" in report and "兼容字形" in report, report
    assert "平阳工业用地" not in text_of(driver, "#qa-upload")  # the chosen file left the box
    assert not latin_words(driver), latin_words(driver)
    screenshot(driver, "04-upload-report.png")

    open_tab(driver, "问答")
    ask(driver, "平阳县工业用地比例不低于多少？", ["45%"], "平阳")
    screenshot(driver, "05-uploaded-pdf-answered.png")


def test_phone_layout_says_where_citations_are(app_url: str, tmp_path: Path) -> None:
    driver = new_browser(tmp_path / "phone", 390, 844)
    try:
        load(driver, app_url)
        header = text_of(driver, "#qa-header")
        assert "右侧" not in header and "引用" in header
        ask(driver, RUIAN, ["30%"], "瑞安")
        screenshot(driver, "06-phone.png")
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def roles_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("roles")
    with app_process(root / "app.log", DOCS_DIR, PROJECT_ROOT / "index", QA_AUTH="lin:reader-pw,zhao:editor-pw:editor") as url:
        yield url


def log_in(driver: WebDriver, url: str, user: str, password: str) -> None:
    driver.delete_all_cookies()
    driver.get(url)
    name = wait_until(driver, lambda d: d.find_element(By.CSS_SELECTOR, "input[type='text'], input:not([type])"), 60)
    name.send_keys(user)
    driver.find_element(By.CSS_SELECTOR, "input[type='password']").send_keys(password, Keys.ENTER)
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#qa-question textarea"), 60, f"{user} could not log in")
    time.sleep(1.5)  # the load event decides which tabs this user sees


def test_a_reader_does_not_see_management_and_an_editor_does(roles_url: str, tmp_path: Path) -> None:
    driver = new_browser(tmp_path / "roles")
    try:
        log_in(driver, roles_url, "lin", "reader-pw")
        assert "问答" in tab_labels(driver) and "管理" not in tab_labels(driver)
        ask(driver, RUIAN, ["30%"], "瑞安")
        screenshot(driver, "07-reader.png")
        log_in(driver, roles_url, "zhao", "editor-pw")
        wait_until(driver, lambda d: "管理" in tab_labels(d), 20, "the editor has no 管理 tab")
        open_tab(driver, "管理")
        wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#qa-upload input[type='file']"), 20, "no upload for the editor")
        assert not latin_words(driver), latin_words(driver)
        screenshot(driver, "08-editor.png")
    finally:
        driver.quit()
