"""The Gradio app (qa/app/layout.py, handlers/, render.py, sessions.py, accounts.py): handlers on the real pipeline, sessions kept apart, the API via gradio_client.

Rendering helpers are tested on hand-made records first (no model); everything after
`# --- real pipeline` uses the real index and model (`make test` builds them).
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import socket
import threading
from contextlib import closing, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pytest

from qa.records import Answer, Citation, ComparisonRow
from qa.settings import Settings
from qa.app.accounts import parse_auth, parse_users
from qa.app.handlers import QAApp
from qa.app.layout import build_ui, mount_options
from qa.app.render import (
    ALL,
    answer_copy_text,
    answer_markdown,
    chat_messages,
    citations_html,
    document_text_html,
    escape_markdown,
    lead_line,
    reason_in_chinese,
    repaired_label,
)
from qa.app.sessions import ChatSession, ReadWriteLock, Turn, session_from_stored, stored_chat

RUIAN = "瑞安工业用地出让比例是多少"
HUZHOU_FOLLOW_UP = "那湖州呢？"
WENCHENG = "文成县规上工业亩均增加值的目标是多少？"
SCRIPT = "<script>alert(1)</script>"


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def last_answer(session: ChatSession) -> Answer:
    return session.turns[-1].answer


# --------------------------------------------------------------------------- helpers, no model


def test_escape_markdown_shows_markup_as_text() -> None:
    escaped = escape_markdown(f"{SCRIPT}**粗体** [链接](http://x) `code` $x$ | a")
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped
    assert re.search(r"(?<!\\)[*`$|\[\]()_]", escaped) is None  # every Markdown mark is backslashed
    assert "30%" in escape_markdown("不低于30%")


def test_answer_markdown_shows_resolution_table_and_related_note() -> None:
    citation = Citation("a.txt", "标题", "瑞政办〔2023〕49号", "瑞安市", "a.txt#1", "一、目标", "不低于30%", 10, 16, "比例不低于30%。")
    answer = Answer(
        question="各地呢", answer="瑞安市：不低于30%[1]", found=True, citations=[citation], resolved_question="各地工业用地比例",
        table=[
            ComparisonRow("瑞安市", value=30.0, unit="%", text="不低于30%", comparator=">=", period="每年", citation=0),
            ComparisonRow("文成县|<b>", value=None, text="未规定", citation=None),
        ],
    )
    text = answer_markdown(answer)
    assert "理解为：各地工业用地比例" in text
    assert "| 瑞安市 | 不低于30% | 30% | 每年 | \\[1\\] |" in text
    assert "文成县\\|&lt;b&gt;" in text and "未规定" in text
    refused = Answer(question="x", answer="未找到", found=False, related=[citation])
    assert "仅供参考，并非答案" in answer_markdown(refused)
    assert "理解为" not in answer_markdown(Answer(question="q", answer="a", found=True, resolved_question="q"))


def test_citation_card_marks_the_quote_inside_its_context_and_escapes_it() -> None:
    context = "前文<b>加粗</b>。工业用地比例不低于30%。后文"
    start = context.index("工业")
    citation = Citation("a.txt", "标题<i>", "", "瑞安市", "a.txt#1", "二、任务", "工业用地比例不低于30%", 100 + start, 100 + start + 12, context)
    page = citations_html(Turn("q", Answer(question="q", answer="a", found=True, citations=[citation])), {})
    assert "<mark>工业用地比例不低于30%</mark>" in page
    assert "&lt;b&gt;加粗&lt;/b&gt;" in page and "<b>" not in page and "标题&lt;i&gt;" in page
    related = citations_html(Turn("q", Answer(question="q", answer="a", found=False, related=[citation])), {})
    assert "仅供参考，并非答案" in related and "qa-related" in related


def test_document_text_drops_removed_spans_and_marks_the_cited_span() -> None:
    text = "广告电话123\n标题\n一、工业用地比例不低于30%。\n<script>x</script>"
    ad_end = text.index("\n") + 1
    start = text.index("不低于")
    page = document_text_html(text, [(0, ad_end)], {ad_end: "qa-clause-0"}, (start, start + 6), (start - 8, start + 7))
    assert "广告电话" not in page
    assert '<span id="qa-clause-0"></span>' in page
    assert '<span id="qa-cited"></span><mark>不低于30%</mark>' in page
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_repaired_labels_drop_scrape_damage_at_heading_ends_only() -> None:
    assert repaired_label(")强化要素保障") == "强化要素保障"
    assert repaired_label("一、总体要求 › 、主要目标") == "一、总体要求 › 主要目标"
    assert repaired_label("三、政策措施 › （三）强化要素保障（") == "三、政策措施 › （三）强化要素保障"
    assert repaired_label("（二）强化工业用地集约利用") == "（二）强化工业用地集约利用"  # intact labels stay as they are


def test_lead_line_states_place_indicator_comparator_and_bold_value_from_the_clause_figure() -> None:
    from qa.records import AnswerFigure, Clause, Figure

    context = "全市出让土地总量中工业用地比例不低于30%。"
    start = context.index("不低于")
    clause = Clause("a.txt#1", "a.txt", ["一、目标"], context, 100, 100 + len(context), figures=[
        Figure("不低于30%", 100 + start, 100 + start + 6, 30.0, "%", ">=", "工业用地比例"),
    ])
    citation = Citation("a.txt", "标题", "瑞政办〔2023〕49号", "瑞安市", "a.txt#1", "一、目标", context, 100, 100 + len(context), context)
    answer = Answer(question="q", answer=f"瑞安市：{context}[1]", found=True, citations=[citation],
                    figures=[AnswerFigure("不低于30%", 30.0, "%", 0)])
    assert lead_line(answer, {clause.clause_id: clause}) == "瑞安市，工业用地比例：不低于 **30%** \\[1\\]"
    assert lead_line(replace(answer, found=False), {clause.clause_id: clause}) == ""
    assert lead_line(replace(answer, table=[ComparisonRow("瑞安市")]), {clause.clause_id: clause}) == ""  # comparisons lead with the table
    text = answer_copy_text(answer)
    assert text.startswith(answer.answer) and "来源：" in text and "[1] 《标题》（瑞政办〔2023〕49号，瑞安市，一、目标）" in text
    assert "\\" not in text


def test_a_kept_chat_comes_back_for_its_own_user_only() -> None:
    citation = Citation("a.txt", "标题", "", "瑞安市", "a.txt#1", "一、目标", "不低于30%", 10, 16, "比例不低于30%。")
    session = ChatSession()
    session.turns.append(Turn(RUIAN, Answer(question=RUIAN, answer="不低于30%[1]", found=True, citations=[citation]), note="n"))
    stored = stored_chat(session, "lin")
    import json

    stored = json.loads(json.dumps(stored))  # as the browser keeps it
    back = session_from_stored(stored, "lin")
    assert back.history() == [RUIAN] and back.turns[0].answer.citations[0] == citation and back.turns[0].note == "n"
    assert session_from_stored(stored, "zhao").turns == []
    assert session_from_stored({"user": "lin", "turns": [{"question": 1}]}, "lin").turns == []
    assert session_from_stored("garbage", None).turns == []


def test_loader_reasons_reach_the_page_in_chinese() -> None:
    assert "文字层" in reason_in_chinese("PDF has no text layer (scanned?); OCR it first")
    assert reason_in_chinese("文件过大：60.0 MB") == "文件过大：60.0 MB"
    assert reason_in_chinese("something new").startswith("无法处理")


def test_chat_session_history_skips_refused_questions() -> None:
    session = ChatSession()
    session.turns.append(Turn("   ", Answer(question="   ", answer="请输入问题。", found=False), asked=False))
    session.turns.append(Turn(RUIAN, Answer(question=RUIAN, answer="a", found=True)))
    assert session.history() == [RUIAN]
    assert [m["role"] for m in chat_messages(session)] == ["user", "assistant", "user", "assistant"]


def test_parse_auth_roles_and_mount_options() -> None:
    assert parse_auth("") == []
    assert parse_auth("alice:s3cret, bob:pa:ss") == [("alice", "s3cret"), ("bob", "pa:ss")]
    users = parse_users("alice:s3cret:editor, bob:pa:ss, carol:x:reader")
    assert [(user.name, user.password, user.role) for user in users] == [
        ("alice", "s3cret", "editor"), ("bob", "pa:ss", "reader"), ("carol", "x", "reader"),
    ]
    for broken in ("alice", "alice:", ":pw"):
        with pytest.raises(ValueError):
            parse_users(broken)
    options = mount_options(replace(Settings(), auth="u:p"))
    assert options["auth"] == [("u", "p")] and "请登录" in options["auth_message"]
    assert mount_options(Settings())["auth"] is None


def test_read_write_lock_keeps_writers_apart_from_readers() -> None:
    lock = ReadWriteLock()
    events: list[str] = []
    reading = threading.Event()
    release = threading.Event()

    def reader() -> None:
        with lock.reading():
            events.append("read")
            reading.set()
            release.wait(5)
        events.append("read done")

    def writer() -> None:
        reading.wait(5)
        with lock.writing():
            events.append("write")

    threads = [threading.Thread(target=reader), threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    reading.wait(5)
    assert "write" not in events
    release.set()
    for thread in threads:
        thread.join(5)
    assert events.index("write") > events.index("read done")


# --------------------------------------------------------------------------- real pipeline


@pytest.fixture(scope="module")
def app(pipeline, seed_settings: Settings) -> QAApp:
    return QAApp(pipeline, seed_settings)


@pytest.fixture(scope="module")
def demo(app: QAApp):
    return build_ui(app)


@pytest.mark.model
def test_blocks_build_with_the_real_pipeline_and_expose_the_api(demo) -> None:
    names = {dependency.get("api_name") for dependency in demo.config["dependencies"] if dependency.get("api_visibility") == "public"}
    assert {"ask", "figures", "documents"} <= names
    assert "respond" not in names and "upload" not in names and "remove" not in names


@pytest.mark.model
@pytest.mark.parametrize("question", ["", "   \n\t", "问" * 600])
def test_bad_questions_get_a_message_not_an_exception(app: QAApp, question: str) -> None:
    messages, session, kept, citations, _, _ = app.chat.respond(question, ALL, ChatSession())
    answer = last_answer(session)
    assert not answer.found
    assert "请输入问题" in answer.answer or "问题过长" in answer.answer
    assert session.history() == [] and kept == question  # left in the box to be fixed
    assert messages[-1]["role"] == "assistant" and messages[-1]["content"]
    assert "没有引用" in citations


@pytest.mark.model
def test_script_in_a_question_is_shown_as_text(app: QAApp) -> None:
    messages, session, _, citations, _, _ = app.chat.respond(SCRIPT + RUIAN, ALL, None)
    shown = " ".join(message["content"] for message in messages) + citations
    assert "<script>" not in shown
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in messages[0]["content"]
    # Still answered from 瑞安's 415X plan, as the plain question is. Which of its two land clauses
    # comes first (工业用地比例不低于30% or 提取1%以上 of land income) is a near-tie once markup
    # precedes the question (dense cosine 0.546 vs 0.549 with bf16), so the test does not pin it.
    answer = last_answer(session)
    assert answer.found and answer.citations[0].doc.startswith("002_") and answer.citations[0].region == "瑞安市"


@pytest.mark.model
def test_follow_up_uses_this_sessions_history_only_under_concurrency(app: QAApp) -> None:
    session_a, session_b = ChatSession(), ChatSession()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(session: ChatSession, questions: list[str]) -> None:
        try:
            for question in questions:
                barrier.wait(timeout=120)  # both sessions ask at the same moment
                app.chat.respond(question, ALL, session)
        except BaseException as error:  # surfaced in the main thread
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(session_a, [RUIAN, HUZHOU_FOLLOW_UP])),
        threading.Thread(target=run, args=(session_b, [WENCHENG, WENCHENG])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not errors, errors
    assert session_a.history() == [RUIAN, HUZHOU_FOLLOW_UP]
    assert session_b.history() == [WENCHENG, WENCHENG]
    first, follow_up = (turn.answer for turn in session_a.turns)
    assert "30%" in first.answer and any("瑞安" in c.region for c in first.citations)
    assert "40%" in follow_up.answer, follow_up.answer
    assert follow_up.citations and all("湖州" in c.region for c in follow_up.citations)
    assert "文成" not in follow_up.answer + "".join(c.region for c in follow_up.citations)
    assert all("瑞安" not in c.region and "湖州" not in c.region for turn in session_b.turns for c in turn.answer.citations)


@pytest.mark.model
def test_citation_panel_and_open_in_documents(app: QAApp) -> None:
    _, session, _, citations, dropdown, _ = app.chat.respond(RUIAN, ALL, ChatSession())
    answer = last_answer(session)
    assert "<mark>" in citations and "瑞安" in citations
    choice = dropdown.value
    assert choice == "c0"
    tabs, pick, page = app.chat.open_citation(choice, session)
    citation = answer.citations[0]
    assert tabs.selected == "docs" and pick.value == citation.doc
    assert '<span id="qa-cited"></span><mark>' in page
    assert citation.quote.replace("<", "&lt;")[:10] in page
    meta = app.index.documents[citation.doc]
    for removal in meta.removed:
        if len(removal.text.strip()) >= 4:  # boilerplate (ads, widgets) is not shown
            assert html.escape(removal.text.strip()) not in page


@pytest.mark.model
def test_clicking_an_earlier_message_shows_its_citations(app: QAApp) -> None:
    session = ChatSession()
    app.chat.respond(RUIAN, ALL, session)
    app.chat.respond(HUZHOU_FOLLOW_UP, ALL, session)

    class Click:
        index = 1  # the first assistant message

    session, page, _ = app.chat.select_message(session, Click())  # type: ignore[arg-type]
    assert session.selected == 0 and "瑞安" in page


@pytest.mark.model
def test_a_place_in_the_question_that_overrides_the_region_dropdown_is_said(app: QAApp) -> None:
    messages, session, *_ = app.chat.respond(RUIAN, "湖州市", ChatSession())
    answer = last_answer(session)
    if all("湖州" in c.region for c in answer.citations):
        assert session.turns[-1].note == ""
    else:
        assert "湖州市" in session.turns[-1].note and "湖州市" in messages[-1]["content"]


@pytest.mark.model
def test_region_filter_restricts_the_answer(app: QAApp) -> None:
    _, session, _, _, _, _ = app.chat.respond("工业用地出让比例是多少", "湖州市", ChatSession())
    answer = last_answer(session)
    assert answer.citations and all("湖州" in c.region for c in answer.citations)


@pytest.mark.model
def test_figures_filter_plot_and_csv(app: QAApp) -> None:
    frame, plot, download, summary, locators = app.figures.filter_figures(ALL, "工业用地", "%")
    assert isinstance(frame, pd.DataFrame) and not frame.empty
    assert set(frame["单位"]) == {"%"}
    assert {"瑞安市", "湖州市"} <= set(frame["地区"])
    assert plot.visible is True
    csv_path = download.value["path"] if isinstance(download.value, dict) else download.value
    with open(csv_path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(frame) and rows[0].keys() >= {"地区", "指标", "数值", "单位", "条款路径"}
    assert all(row["数字"] in row["原文"] and len(row["原文"]) > len(row["数字"]) for row in frame.to_dict("records"))

    class RowClick:
        row_value = list(frame.iloc[0])

    tabs, pick, page = app.figures.open_figure(locators, RowClick())  # type: ignore[arg-type]
    assert tabs.selected == "docs" and pick.value and f'<span id="qa-cited"></span><mark>{html.escape(frame.iloc[0]["数字"])}' in page
    one_region, hidden_plot, _, _, _ = app.figures.filter_figures("瑞安市", "", ALL)
    assert set(one_region["地区"]) == {"瑞安市"} and hidden_plot.visible is False


@pytest.mark.model
def test_open_pages_follow_an_index_changed_by_another_session(app: QAApp) -> None:
    import gradio as gr

    current = app.index.directory.name
    unchanged = app.corpus.refresh_if_changed(current)
    assert unchanged and all(isinstance(item, type(gr.skip())) for item in unchanged)
    changed = app.corpus.refresh_if_changed("gen-older")
    assert len(changed) == len(unchanged) and changed[-1] == current
    assert len(changed[1]) == len(app.index.documents)  # the documents table


@pytest.mark.model
def test_documents_listing(app: QAApp) -> None:
    documents = app.api.documents()
    assert len(documents) == len(app.index.documents) >= 5
    assert all(item["条款数"] > 0 for item in documents)
    assert any(item["文号"] == "瑞政办〔2023〕49号" for item in documents)


# --------------------------------------------------------------------------- uploads on a copy of the corpus


@pytest.fixture()
def corpus_copy(tmp_path: Path, seed_settings: Settings) -> Settings:
    docs = tmp_path / "docs"
    shutil.copytree(seed_settings.docs_dir, docs, ignore=shutil.ignore_patterns("uploads", ".*"))
    return replace(seed_settings, docs_dir=docs, index_dir=tmp_path / "index", single_user=True)


@pytest.mark.model
def test_upload_indexes_incrementally_and_remove_takes_it_out(tmp_path: Path, corpus_copy: Settings, pipeline) -> None:
    from qa.pipeline import Pipeline

    copy_app = QAApp(Pipeline.open(corpus_copy, progress=False), corpus_copy)
    before = len(copy_app.index.documents)
    new_doc = tmp_path / "incoming" / "测试县政策.txt"
    new_doc.parent.mkdir()
    new_doc.write_text(
        "永嘉县人民政府关于印发永嘉县工业用地管理办法的通知\n永政发〔2024〕7号\n"
        "一、总体要求\n全县每年出让土地总量中工业用地比例不低于35%。\n二、附则\n本办法自印发之日起施行。\n",
        encoding="utf-8",
    )
    duplicate = tmp_path / "incoming" / "copy.txt"
    shutil.copy(next(corpus_copy.docs_dir.glob("002_*.txt")), duplicate)
    mismatch = tmp_path / "incoming" / "fake.pdf"
    mismatch.write_text("这不是 PDF", encoding="utf-8")

    results, status, *_ = copy_app.manage.upload([str(new_doc), str(duplicate), str(mismatch)], progress=lambda *a, **k: None)
    outcome = {row["文件"]: row["结果"] for row in results.to_dict("records")}
    assert outcome == {"测试县政策.txt": "已添加并索引", "copy.txt": "重复，未添加", "fake.pdf": "已拒绝"}, results
    assert (corpus_copy.uploads_dir / "测试县政策.txt").is_file()
    assert len(copy_app.index.documents) == before + 1
    assert "uploads/测试县政策.txt" in copy_app.index.documents

    answer = copy_app.ask("永嘉县工业用地比例不低于多少？")
    assert "35%" in answer.answer and answer.citations[0].doc == "uploads/测试县政策.txt"

    message, *_ = copy_app.manage.remove("uploads/测试县政策.txt", progress=lambda *a, **k: None)
    assert "已删除" in message and "索引已更新" in message
    assert len(copy_app.index.documents) == before
    refused, *_ = copy_app.manage.remove("../../etc/passwd", progress=lambda *a, **k: None)
    assert "未删除" in refused


@pytest.mark.model
def test_a_failed_index_build_keeps_the_stored_file_and_the_previous_index(tmp_path: Path, corpus_copy: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import qa.pipeline
    from qa.pipeline import Pipeline

    copy_app = QAApp(Pipeline.open(corpus_copy, progress=False), corpus_copy)
    generation = copy_app.index.directory

    def broken_build(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(qa.pipeline, "build", broken_build)
    new_doc = tmp_path / "new.txt"
    new_doc.write_text("平阳县工业用地比例不低于45%。", encoding="utf-8")
    results, status, *_ = copy_app.manage.upload([str(new_doc)], progress=lambda *a, **k: None)
    row = results.to_dict("records")[0]
    assert row["结果"] == "已保存，索引未更新" and "disk full" in row["说明"]
    assert "disk full" in status
    assert (corpus_copy.uploads_dir / "new.txt").is_file()
    assert copy_app.index.directory == generation


# --------------------------------------------------------------------------- over HTTP with gradio_client


@contextmanager
def launched(qa_app: QAApp, demo=None) -> Iterator[str]:
    """The app as app.py serves it (Gradio mounted beside /v1), on a free loopback port."""
    from qa.app.server import create_app, serve_in_background

    settings = replace(qa_app.settings, host="127.0.0.1", port=free_port())
    with serve_in_background(create_app(qa_app, settings, demo), settings) as url:
        yield url


@pytest.mark.model
def test_api_over_http_with_explicit_history(app: QAApp, demo) -> None:
    from gradio_client import Client

    with launched(app, demo) as url:
        clients = [Client(url, verbose=False), Client(url, verbose=False)]
        outcomes: dict[str, dict[str, Any]] = {}

        def ask(name: str, client: Any, question: str, history: list[str]) -> None:
            outcomes[name] = client.predict(question, history, None, api_name="/ask")

        threads = [
            threading.Thread(target=ask, args=("huzhou", clients[0], HUZHOU_FOLLOW_UP, [RUIAN])),
            threading.Thread(target=ask, args=("wencheng", clients[1], WENCHENG, [])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        assert "40%" in outcomes["huzhou"]["answer"]
        assert all("湖州" in c["region"] for c in outcomes["huzhou"]["citations"])
        assert all("文成" in c["region"] for c in outcomes["wencheng"]["citations"])

        ruian = clients[0].predict(RUIAN, [], None, api_name="/ask")
        assert "30%" in ruian["answer"] and ruian["found"] is True
        empty = clients[0].predict("   ", [], None, api_name="/ask")
        assert empty["found"] is False and "请输入问题" in empty["answer"]
        figures = clients[1].predict("瑞安", "工业用地", "%", api_name="/figures")
        assert figures and all(row["unit"] == "%" for row in figures)


@pytest.mark.model
def test_login_is_required_when_auth_is_set(app: QAApp, seed_settings: Settings) -> None:
    import httpx
    from gradio_client import Client

    guarded = replace(seed_settings, auth="reader:s3cret")
    with launched(QAApp(app.pipeline, guarded)) as url:
        assert httpx.get(url + "config", timeout=30).status_code in (401, 403)
        client = Client(url, auth=("reader", "s3cret"), verbose=False)
        assert "30%" in client.predict(RUIAN, [], None, api_name="/ask")["answer"]


# --------------------------------------------------------------------------- permissions, hostile calls


def dependency_index(config: dict[str, Any], api_name: str) -> int | None:
    return next((number for number, dep in enumerate(config["dependencies"]) if dep.get("api_name") == api_name), None)


def call_by_fn_index(http: Any, url: str, fn_index: int, data: list[Any]) -> dict[str, Any]:
    """What a curl user does: join the queue by fn_index, read the result from the event stream."""
    import json
    import uuid

    session_hash = uuid.uuid4().hex[:10]
    joined = http.post(url + "gradio_api/queue/join", json={"data": data, "fn_index": fn_index, "session_hash": session_hash, "event_data": None})
    if joined.status_code != 200:
        return {"refused": joined.status_code, "body": joined.text}
    with http.stream("GET", url + "gradio_api/queue/data", params={"session_hash": session_hash}, timeout=300) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return message
    return {}


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory: pytest.TempPathFactory, seed_settings: Settings):
    """A copy of the corpus with its own index, for calls that try to change it."""
    from qa.pipeline import Pipeline

    root = tmp_path_factory.mktemp("guarded")
    docs = root / "docs"
    shutil.copytree(seed_settings.docs_dir, docs, ignore=shutil.ignore_patterns("uploads", ".*"))
    settings = replace(seed_settings, docs_dir=docs, index_dir=root / "index")
    return settings, Pipeline.open(settings, progress=False)


@pytest.mark.model
def test_without_an_editor_or_single_user_mode_there_are_no_management_endpoints(shared_copy) -> None:
    import httpx

    settings, pipeline = shared_copy
    bundled = sorted(settings.docs_dir.glob("*.txt"))[0]
    with launched(QAApp(pipeline, settings)) as url, httpx.Client(timeout=60) as http:
        config = http.get(url + "config").json()
        assert dependency_index(config, "upload") is None and dependency_index(config, "remove") is None
        for fn_index in range(len(config["dependencies"])):  # whatever a caller tries, nothing deletes a document
            call_by_fn_index(http, url, fn_index, [bundled.name])
        assert bundled.is_file()
        assert "QA_SINGLE_USER" in http.get(url).text or "QA_SINGLE_USER" in json_text(config)


def json_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


@pytest.mark.model
def test_management_endpoints_check_the_role_on_the_server(shared_copy, tmp_path: Path) -> None:
    import httpx

    settings, pipeline = shared_copy
    guarded = replace(settings, auth="reader:r-pass,editor:e-pass:editor")
    bundled = sorted(settings.docs_dir.glob("*.txt"))[0].name
    with launched(QAApp(pipeline, guarded)) as url:
        with httpx.Client(timeout=60) as anonymous:
            assert anonymous.post(url + "gradio_api/queue/join", json={"data": [bundled], "fn_index": 0, "session_hash": "x"}).status_code in (401, 403)
        for user, password in (("reader", "r-pass"), ("editor", "e-pass")):
            with httpx.Client(timeout=60) as http:
                assert http.post(url + "login", data={"username": user, "password": password}).status_code == 200
                config = http.get(url + "config").json()
                remove = dependency_index(config, "remove")
                assert remove is not None
                outcome = call_by_fn_index(http, url, remove, [bundled])
                message = json_text(outcome)
                if user == "reader":
                    assert "没有权限" in message
                else:
                    assert "不是上传的文档" in message
                assert (settings.docs_dir / bundled).is_file()


@pytest.mark.model
def test_the_page_never_sends_the_server_paths(app: QAApp) -> None:
    import httpx

    with launched(app) as url, httpx.Client(timeout=60) as http:
        page = http.get(url + "config").text
    load = json_text([str(getattr(item, "value", item)) for item in app.corpus.page_load(None)])
    for path in (app.settings.docs_dir, app.settings.uploads_dir, app.settings.index_dir):
        assert str(path) not in page and str(path) not in load


@pytest.mark.model
def test_login_attempts_are_rate_limited_per_client(app: QAApp) -> None:
    import httpx

    guarded = replace(app.settings, auth="reader:s3cret", login_attempts_per_minute=5)
    with launched(QAApp(app.pipeline, guarded)) as url, httpx.Client(timeout=30) as http:
        statuses = [http.post(url + "login", data={"username": "reader", "password": f"guess{n}"}).status_code for n in range(7)]
        assert all(status != 429 for status in statuses[:5]) and statuses[5:] == [429, 429]
        refused = http.post(url + "login", data={"username": "reader", "password": "s3cret"})
        assert refused.status_code == 429 and "登录尝试过于频繁" in refused.json()["detail"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("inputs", "words"),
    [
        ((123, [], None), ["question", "数字"]),
        (("瑞安工业用地出让比例是多少", 5, None), ["history", "数字"]),
        (("瑞安工业用地出让比例是多少", ["a", 3], None), ["history", "数字"]),
        (("瑞安工业用地出让比例是多少", [], ["瑞安"]), ["region", "列表"]),
        (("瑞安工业用地出让比例是多少", [], "瑞" * 1000), ["region", "过长"]),
    ],
)
def test_wrong_typed_api_inputs_say_what_is_wrong_in_chinese(app: QAApp, inputs: tuple, words: list[str]) -> None:
    import gradio as gr

    with pytest.raises(gr.Error) as refused:
        app.api.ask(*inputs)
    assert all(word in refused.value.message for word in words), refused.value.message


def test_single_user_mode_refuses_an_address_others_can_reach(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    from qa.settings import PROJECT_ROOT

    spec = importlib.util.spec_from_file_location("policyqa_app_main", PROJECT_ROOT / "app.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setenv("QA_HOST", "0.0.0.0")
    monkeypatch.delenv("QA_AUTH", raising=False)
    assert module.main(["--single-user"]) == 2  # before any model or index is loaded
    assert "单用户模式只能在本机地址上运行" in capsys.readouterr().err
    assert module.is_loopback("127.0.0.1") and module.is_loopback("::1") and not module.is_loopback("192.0.2.1")


@pytest.mark.model
def test_questions_are_answered_while_an_upload_is_being_indexed(app: QAApp, monkeypatch: pytest.MonkeyPatch) -> None:
    import qa.pipeline

    started, release = threading.Event(), threading.Event()

    def slow_build(*args: Any, **kwargs: Any):
        started.set()
        release.wait(60)
        raise RuntimeError("stopped by the test")

    monkeypatch.setattr(qa.pipeline, "build", slow_build)
    rebuild = threading.Thread(target=app.manage.rebuild)
    rebuild.start()
    try:
        assert started.wait(30)
        answered: list[Answer] = []
        asking = threading.Thread(target=lambda: answered.append(app.ask(RUIAN)))
        asking.start()
        asking.join(60)
        assert answered and "30%" in answered[0].answer  # on the old index, during the build
    finally:
        release.set()
        rebuild.join(60)


@pytest.mark.model
def test_a_pdf_without_a_text_layer_is_reported_as_such(tmp_path: Path, corpus_copy: Settings) -> None:
    from fpdf import FPDF

    from qa.pipeline import Pipeline

    copy_app = QAApp(Pipeline.open(corpus_copy, progress=False), corpus_copy)
    scanned = tmp_path / "扫描件.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a page with a picture and no text, as a scan
    pdf.output(str(scanned))
    results, status, *_ = copy_app.manage.upload([str(scanned)], progress=lambda *a, **k: None)
    row = results.to_dict("records")[0]
    assert row["结果"] == "已保存，未能索引" and "文字层" in row["说明"], row
    assert "0 个文件已添加并索引" in status


@pytest.mark.model
def test_api_calls_with_missing_or_extra_arguments_are_told_in_chinese(app: QAApp) -> None:
    import httpx

    with launched(app) as url, httpx.Client(timeout=120) as http:
        for data, words in (([], ["缺少参数", "question"]), ([RUIAN, [], None, "x"], ["参数过多", "3"]), ("x", ["参数列表"])):
            refused = http.post(url + "gradio_api/call/ask", json={"data": data})
            assert refused.status_code == 422 and all(word in refused.json()["detail"] for word in words), refused.text
        event = http.post(url + "gradio_api/call/ask", json={"data": [RUIAN]}).json()["event_id"]  # optional ones default
        result = http.get(url + f"gradio_api/call/ask/{event}").text
        assert "event: complete" in result and "30%" in result
