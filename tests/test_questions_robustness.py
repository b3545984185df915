"""Questions at their worst, and the fidelity rule over every answer the dev set produces.

Every answer, whatever the question: no exception, a non-empty message, every number of the
answer text standing in one of its quotes (a not-found message may repeat the question's own
numbers; a refusal before retrieval may state its limits), and every quote equal to the
source at start:end.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from qa.answer.fidelity import check_fidelity, numbers_in
from qa.pipeline import Pipeline, build
from qa.records import Answer
from qa.settings import Settings
from tests.conftest import DEV_QUESTIONS

pytestmark = pytest.mark.model

HUNDRED_KB = 100 * 1024


def hundred_kb_question() -> str:
    question = "瑞安工业用地出让比例是多少？" * (HUNDRED_KB // 14 + 1)
    assert len(question.encode("utf-8")) >= HUNDRED_KB
    return question


def assert_well_formed(answer: Answer, question: str, sources: dict) -> None:
    """The invariants every answer keeps, found or not."""
    assert isinstance(answer, Answer)
    assert answer.question == question
    assert answer.answer.strip(), "an answer always says something"
    assert len(answer.answer) < 5_000, "a refusal never echoes a huge question back"
    quotes = [citation.quote for citation in answer.citations]
    unsupported = check_fidelity(answer.answer, quotes)
    if not answer.found:
        # A not-found message may restate the question's own numbers, never a document's.
        unsupported = [number for number in unsupported if number not in numbers_in(question)]
    if answer.found or answer.retrieved:  # refusals before retrieval quote their limits (500 字)
        assert unsupported == [], (answer.answer, quotes)
    if answer.found:
        assert answer.citations, "a found answer cites its source"
    for citation in answer.citations + answer.related:
        assert sources[citation.doc].text[citation.start : citation.end] == citation.quote, citation
    for figure in answer.figures:
        assert 0 <= figure.citation < len(answer.citations)


# --------------------------------------------------------------------------- hostile questions

# Refused before retrieval: nothing in them can be searched for.
UNASKABLE = {
    "empty": "",
    "whitespace": " \n\t\u3000 ",
    "100 KB": hundred_kb_question(),
    "only punctuation": "？？？！！",
    "only emoji": "😀😀😀",
}

# Searched, but no document answers them.
UNANSWERABLE = {
    "html script": "<script>alert(1)</script>",
    "sql injection": "'; DROP TABLE clauses; --",
    "sql select": "SELECT * FROM clauses WHERE 1=1 OR ''=''",
    "digits only": "1234567890",
}

# Other languages and odd characters around a real question: an answer or a clear refusal.
FOREIGN_OR_ODD = {
    "english": "What is the industrial land ratio in Ruian?",
    "japanese": "瑞安市の工業用地の譲渡比率は何パーセントですか？",
    "control characters": "\x00瑞安\x07工业用地\u200b出让比例\x1b[31m是多少",
    "full-width latin": "ｗｈａｔ　是　瑞安　ｔｈｅ　工业用地比例",
    "path traversal": "../../../../etc/passwd 瑞安工业用地出让比例",
    "shell": "$(rm -rf /) `reboot` ; 瑞安工业用地出让比例 | cat /etc/shadow",
}


@pytest.mark.parametrize("name", list(UNASKABLE))
def test_unaskable_question_gets_a_clear_message_without_retrieval(name: str, pipeline: Pipeline) -> None:
    question = UNASKABLE[name]
    answer = pipeline.ask(question)
    assert_well_formed(answer, question, pipeline.index.sources)
    assert answer.found is False
    assert not answer.citations and not answer.related and not answer.retrieved
    assert "请" in answer.answer  # tells the user what to do instead


@pytest.mark.parametrize("name", list(UNANSWERABLE))
def test_question_no_document_answers_is_not_found(name: str, pipeline: Pipeline) -> None:
    question = UNANSWERABLE[name]
    answer = pipeline.ask(question)
    assert_well_formed(answer, question, pipeline.index.sources)
    assert answer.found is False
    assert not answer.citations


@pytest.mark.parametrize("name", list(FOREIGN_OR_ODD))
def test_foreign_or_odd_question_is_answered_faithfully_or_refused(name: str, pipeline: Pipeline) -> None:
    question = FOREIGN_OR_ODD[name]
    answer = pipeline.ask(question)
    assert_well_formed(answer, question, pipeline.index.sources)
    if answer.found:
        assert all("瑞安" in citation.region for citation in answer.citations), answer.citations


@pytest.mark.parametrize("question", ["舟山市工业用地出让比例是多少？", "杭州市规上工业亩均税收的目标是多少？"])
def test_region_no_document_covers_says_so_and_gives_no_other_regions_number(question: str, pipeline: Pipeline) -> None:
    answer = pipeline.ask(question)
    assert_well_formed(answer, question, pipeline.index.sources)
    assert answer.found is False
    assert not answer.citations
    assert question[:2] in answer.answer, "the message names the region it has no document for"
    assert numbers_in(answer.answer) == [], answer.answer


def test_question_at_the_length_limit_is_still_answered(pipeline: Pipeline) -> None:
    base = "瑞安工业用地出让比例是多少？"
    limit = pipeline.settings.max_question_chars
    question = (base * (limit // len(base) + 1))[:limit]
    answer = pipeline.ask(question)
    assert_well_formed(answer, question, pipeline.index.sources)
    assert answer.retrieved, "a question within the limit is searched, not refused"


def test_hostile_history_does_not_break_a_follow_up(pipeline: Pipeline) -> None:
    history = ["", "<script>alert(1)</script>", hundred_kb_question(), "😀", "瑞安工业用地出让比例是多少"]
    answer = pipeline.ask("那湖州呢？", history)
    assert_well_formed(answer, "那湖州呢？", pipeline.index.sources)
    assert answer.found and "40%" in answer.answer, answer.answer
    assert all("湖州" in citation.region for citation in answer.citations)


# --------------------------------------------------------------------------- fidelity on dev


def _dev_ids() -> list[str]:
    return [json.loads(line)["id"] for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("item_id", _dev_ids())
def test_dev_answer_numbers_stand_in_its_quotes_and_quotes_are_verbatim(item_id: str, pipeline: Pipeline, dev_questions: list[dict]) -> None:
    item = next(item for item in dev_questions if item["id"] == item_id)
    answer = pipeline.ask(item["question"], item.get("history") or [])
    assert_well_formed(answer, item["question"], pipeline.index.sources)


# --------------------------------------------------------------------------- lawrefbook smoke

SHANGHAI = Path("DLC/上海地方法规/地方性法规/上海")
LAW_FILES = [
    "上海市查处车辆非法客运若干规定(2014-06-19).md",
    "上海市新建住宅交付使用许可规定.md",
    "上海市商品包装物减量若干规定.md",
    "上海市公共场所控制吸烟条例.md",
    "上海市酒类商品产销管理条例.md",
]

# (question, history, a phrase the cited quotes must contain when the answer is found)
LAW_QUESTIONS: list[tuple[str, list[str], str]] = [
    ("上海市个人在禁止吸烟场所吸烟且不听劝阻的，罚款多少？", [], "五十元以上两百元以下"),
    ("上海市禁止吸烟场所所在单位违反规定的罚款是多少？", [], "两千元以上一万元以下"),
    ("上海市公共场所控制吸烟条例什么时候施行？", [], "2010年3月1日"),
    ("上海市无零售许可证零售酒类商品罚款多少？", [], "五千元以下"),
    ("上海市无生产许可证生产酒类商品罚款多少？", [], "二万元以下"),
    ("上海市酒类商品产销管理条例自何时起施行？", [], "1998年1月1日"),
    ("上海市生产假冒伪劣酒类商品怎么罚款？", [], "一倍以上五倍以下"),
    ("上海市假冒客运出租汽车罚款多少？", [], "一万元以上五万元以下"),
    ("上海市违反查处车辆非法客运若干规定第二条第二款的罚款是多少？", [], "一千元以上五千元以下"),
    ("上海市对从事非法客运活动的驾驶人暂扣驾驶证多久？", [], "三个月至六个月"),
    ("上海市扣押的非法客运车辆公告后多少日内无法查明可以拍卖？", [], "六十日"),
    ("上海市销售过度包装商品拒不停止销售的罚款多少？", [], "二千元以上二万元以下"),
    ("上海市商品包装物减量若干规定什么时候施行？", [], "2013年2月1日"),
    ("上海市住宅建设单位未取得新建住宅交付使用许可证擅自交付使用的罚款多少？", [], "千分之五"),
    ("上海市新建住宅交付使用许可规定自何时起施行？", [], "2006年1月1日"),
    ("上海市查处车辆非法客运若干规定什么时候施行？", [], "2014年8月1日"),
    ("那酒类商品产销管理条例呢？", ["上海市查处车辆非法客运若干规定什么时候施行？"], "1998年1月1日"),
    ("上海市采购进口酒类商品未取得证明文件拒不改正的罚款多少？", [], "一万元以下"),
    ("上海市酒类行政处罚收缴罚款时应当出具哪个部门制发的收据？", [], "市财政部门"),
    ("北京市公共场所吸烟罚款多少？", [], ""),
]


@pytest.fixture(scope="module")
def law_pipeline(tmp_path_factory: pytest.TempPathFactory, lawrefbook: Path, seed_settings: Settings, pipeline: Pipeline) -> Pipeline:
    """A five-law Shanghai sample indexed with the session's model (~130 clauses)."""
    root = tmp_path_factory.mktemp("lawrefbook")
    docs = root / "docs"
    docs.mkdir()
    for name in LAW_FILES:
        shutil.copy(lawrefbook / SHANGHAI / name, docs / name)
    settings = replace(seed_settings, docs_dir=docs, index_dir=root / "index")
    report = build(settings, progress=False, embedder=pipeline.embedder)
    assert report.built and report.documents == len(LAW_FILES) and not report.failures
    moved = replace(pipeline, settings=settings)
    moved.reload()
    return moved


LAW_IDS = [f"law-{number:02d}" for number in range(1, len(LAW_QUESTIONS) + 1)]


@pytest.mark.lawrefbook
@pytest.mark.parametrize(("question", "history", "expected"), LAW_QUESTIONS, ids=LAW_IDS)
def test_lawrefbook_answers_keep_the_fidelity_rule(question: str, history: list[str], expected: str, law_pipeline: Pipeline) -> None:
    answer = law_pipeline.ask(question, history)
    assert_well_formed(answer, question, law_pipeline.index.sources)
    if not expected:
        assert answer.found is False


@pytest.mark.lawrefbook
@pytest.mark.parametrize(("question", "history", "expected"), [item for item in LAW_QUESTIONS if item[2]], ids=[i for i, item in zip(LAW_IDS, LAW_QUESTIONS) if item[2]])
def test_lawrefbook_found_answer_quotes_the_passage_that_answers(question: str, history: list[str], expected: str, law_pipeline: Pipeline) -> None:
    """Not finding is allowed; quoting another law's or another clause's words is not."""
    answer = law_pipeline.ask(question, history)
    if answer.found:
        quotes = "".join(re.sub(r"\s", "", citation.quote) for citation in answer.citations)
        assert expected in quotes, (question, answer.answer, [citation.doc for citation in answer.citations])
