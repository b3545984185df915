"""Which rule is in force: validity statements of the seeds, versions of lawrefbook rules,
answers as of a date, expired plans flagged, and "what changed" between two versions.

Version pairs are real lawrefbook files found by title stem (`X.md` / `X(2024-12-31).md`),
read in place; the index test copies them into a temp folder. Questions are written here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa.answer.fidelity import check_fidelity
from qa.answer.sentences import whole
from qa.answer.shapes.sentence import sentence_answer
from qa.answer.versions import asks_what_changed, comparable
from qa.ingest.documents import ingest_document, ingest_folder
from qa.ingest.load import load_file
from qa.ingest.validity import iso_date, link_versions, parse_as_of, standing, version_on, versions_in_force
from qa.settings import PROJECT_ROOT, Settings
from qa.text.gazetteer import Gazetteer

from tests.conftest import DOCS_DIR, LAWREFBOOK, compact

SHANGHAI = "DLC/上海地方法规/地方性法规/上海/"
BEIJING = "DLC/北京地方法规/地方性法规/北京/"
# (older, newer) versions of one rule
STUDENT_INJURY = (SHANGHAI + "上海市中小学校学生伤害事故处理条例.md", SHANGHAI + "上海市中小学校学生伤害事故处理条例(2024-12-31).md")
PARKING = (BEIJING + "北京市机动车停车条例(2021-09-24).md", BEIJING + "北京市机动车停车条例(2024-03-29).md")
SOCIAL_AID = (SHANGHAI + "上海市社会救助条例(2018-11-22).md", SHANGHAI + "上海市社会救助条例(2024-12-31).md")
HOUSING = (SHANGHAI + "上海市住宅物业管理规定(2010-12-23).md", SHANGHAI + "上海市住宅物业管理规定(2020-12-30).md")
PAIRS = (STUDENT_INJURY, PARKING, SOCIAL_AID, HOUSING)
# same subject, other places: never versions of each other
OTHER_RULES = (SHANGHAI + "上海市志愿服务条例(2019-11-15).md", "行政法规/志愿服务条例(2017-08-22).md")


def _require_lawrefbook() -> None:
    if not LAWREFBOOK.is_dir():
        pytest.fail(f"lawrefbook corpus not found at {LAWREFBOOK} (it ships in ../shared)")


@pytest.fixture(scope="module")
def seeds():
    result = ingest_folder(DOCS_DIR, Settings.from_env(docs_dir=DOCS_DIR))
    return {doc.meta.doc: doc for doc in result.documents}


@pytest.fixture(scope="module")
def law_metas():
    _require_lawrefbook()
    settings, gazetteer = Settings.from_env(), Gazetteer.load()
    found = {}
    for relative in [path for pair in PAIRS for path in pair] + list(OTHER_RULES):
        document = ingest_document(load_file(LAWREFBOOK / relative, LAWREFBOOK, settings), settings, gazetteer)
        found[relative] = document
    return found


# --- dates and statements, no model ------------------------------------------------------

@pytest.mark.parametrize(("written", "iso"), [("2023年12月31日", "2023-12-31"), ("2022-06-01", "2022-06-01"), ("二〇二一年十一月十日", "2021-11-10"), ("2023年2月30日", ""), ("4月28日", "")])
def test_iso_date_reads_full_dates_only(written: str, iso: str) -> None:
    assert iso_date(written) == iso


def test_an_unreadable_as_of_date_is_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="无法识别"):
        parse_as_of("明年")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", parse_as_of(""))


def test_seed_validity_statements_are_verbatim_and_decide_the_status(seeds) -> None:
    stated = [doc for doc in seeds.values() if re.search(r"有效期至\s*\d{4}年", doc.source.text)]
    assert len(stated) >= 2  # the 湖州 and 文成 plans say until when they are valid
    metas = {path: doc.meta for path, doc in seeds.items()}
    for doc in stated:
        until = next(s for s in doc.meta.validity if s.kind == "有效期至")
        assert doc.source.text[until.start : until.end] == until.text and "有效期至" in until.text
        day_after = f"{int(until.date[:4]) + 1}{until.date[4:]}"
        expired = standing(doc.meta.doc, metas, day_after)
        assert expired.code == "expired" and expired.evidence is until
        written = re.search(r"有效期至\s*(\d{4}年\d{1,2}月\d{1,2}日)", until.text).group(1)
        assert written in expired.note and expired.note.startswith("注意：") and "已届满" in expired.note
        assert standing(doc.meta.doc, metas, until.date).code == "in_force"  # the last day still counts


def test_a_plan_whose_title_period_ended_is_flagged_without_a_validity_sentence(seeds) -> None:
    metas = {path: doc.meta for path, doc in seeds.items()}
    periods = [doc for doc in seeds.values() if any(s.kind == "实施期" for s in doc.meta.validity) and not any(s.kind == "有效期至" for s in doc.meta.validity)]
    assert periods
    for doc in periods:
        period = next(s for s in doc.meta.validity if s.kind == "实施期")
        assert doc.source.text[period.start : period.end] == period.text
        assert standing(doc.meta.doc, metas, "2099-01-01").code == "period_ended"
        assert standing(doc.meta.doc, metas, period.date).code in ("in_force", "not_yet")


def test_a_site_review_notice_is_recorded_though_cleaning_removes_it(seeds) -> None:
    noticed = [doc for doc in seeds.values() if "继续有效" in doc.source.text]
    assert noticed
    for doc in noticed:
        assert any(s.kind == "继续有效" and "继续有效" in s.text for s in doc.meta.validity)


# --- versions of lawrefbook rules, no model ------------------------------------------------

@pytest.mark.lawrefbook
def test_versions_of_one_rule_are_linked_and_dated(law_metas) -> None:
    metas = {path: doc.meta for path, doc in law_metas.items()}
    link_versions(metas)
    for older, newer in PAIRS:
        assert metas[older].version_of == [newer] and metas[newer].version_of == [older]
        assert metas[older].version_date < metas[newer].version_date
        assert metas[newer].version_date in Path(newer).name  # lawrefbook's file date
        history = metas[newer].amendments
        assert history and [s.date for s in history] == sorted(s.date for s in history)
        for statement in history:
            assert law_metas[newer].source.text[statement.start : statement.end] == statement.text
            assert statement.kind in ("通过", "修正", "修订", "批准", "公布", "发布", "施行")
    for rule in OTHER_RULES:
        assert metas[rule].version_of == []


@pytest.mark.lawrefbook
def test_the_version_in_force_depends_on_the_date(law_metas) -> None:
    metas = {path: doc.meta for path, doc in law_metas.items()}
    link_versions(metas)
    for older, newer in PAIRS:
        switch = metas[newer].version_date
        day_before = f"{int(switch[:4]) - 1}{switch[4:]}" if switch[5:] != "02-29" else f"{int(switch[:4]) - 1}-02-28"
        assert version_on(older, metas, "2099-01-01") == newer
        assert version_on(newer, metas, day_before) == older
        assert versions_in_force([older, newer], metas, "2099-01-01") == [newer]
        assert versions_in_force([older, newer], metas, day_before) == [older]
        assert standing(newer, metas, day_before).code == "not_yet"  # that version was not adopted yet
        superseded = standing(older, metas, "2099-01-01")
        assert superseded.code == "superseded" and superseded.evidence_doc == newer
        if superseded.evidence is not None:  # the note's date stands in the newer version's header line
            assert not check_fidelity(superseded.note, [superseded.evidence.text])


@pytest.mark.lawrefbook
def test_a_question_may_ask_for_an_older_version(law_metas) -> None:
    metas = {path: doc.meta for path, doc in law_metas.items()}
    link_versions(metas)
    for older, newer in PAIRS:
        year = metas[older].version_date[:4]
        assert versions_in_force([older, newer], metas, "2099-01-01", "修改前的规定是怎样的？") == [older]
        if year != metas[newer].version_date[:4]:
            assert versions_in_force([older, newer], metas, "2099-01-01", f"{year}年版的规定是怎样的？") == [older]
        assert versions_in_force([older, newer], metas, "2099-01-01", "现在的规定是怎样的？") == [newer]


@pytest.mark.parametrize("question", ["上海学生伤害事故处理条例2024年修改了什么？", "停车条例修改后罚款有没有提高？", "这个条例前后有什么变化", "新旧版本对比一下"])
def test_change_questions_are_recognised(question: str) -> None:
    assert asks_what_changed(question)


@pytest.mark.parametrize("question", ["学生伤害事故发生后学校多长时间内报告？", "工业用地出让比例是多少", "罚款是多少"])
def test_other_questions_are_not_change_questions(question: str) -> None:
    assert not asks_what_changed(question)


def test_renumbered_articles_and_dropped_item_marks_compare_equal() -> None:
    assert comparable("第十九条 发生学生伤害事故，可以要求赔偿下列费用：") == comparable("第十七条 发生学生伤害事故，可以要求赔偿下列费用：")
    assert comparable("（一）医疗费，指受伤害学生。") == comparable("医疗费，指受伤害学生。")
    assert comparable("按照本条例第十九条的规定") == comparable("按照本条例第十七条的规定")
    assert comparable("区、县教育行政部门") != comparable("区教育行政部门")


# texts of one title stem that are no versions of each other, and rules that only mention 废止
NOT_VERSIONS = (
    ("司法解释/最高人民法院关于审理劳动争议案件适用法律若干问题的解释(2001-04-16).md", "司法解释/最高人民法院关于审理劳动争议案件适用法律若干问题的解释（二）(2006-08-14).md"),  # a sequel
    ("宪法/宪法.md", "宪法/宪法修正案（2018年）.md"),  # an amendment act
    ("经济法/广告法(2021-04-29).md", "行政法/广告法(2021-04-29).md"),  # one text filed twice
)
MENTIONS_REPEAL = (
    SHANGHAI + "上海市制定地方性法规条例.md",  # 适用于…制定、修改、废止
    BEIJING + "北京市实施《集会游行示威法》办法.md",  # 《旧规定》自本办法施行之日起即行废止
)


@pytest.mark.lawrefbook
def test_sequels_amendment_acts_and_copies_are_not_versions_and_mentions_of_repeal_repeal_nothing() -> None:
    _require_lawrefbook()
    settings, gazetteer = Settings.from_env(), Gazetteer.load()
    paths = [path for pair in NOT_VERSIONS for path in pair] + list(MENTIONS_REPEAL)
    metas = {p: ingest_document(load_file(LAWREFBOOK / p, LAWREFBOOK, settings), settings, gazetteer).meta for p in paths}
    link_versions(metas)
    for first, second in NOT_VERSIONS:
        assert metas[first].version_of == [] and metas[second].version_of == []
    for path in MENTIONS_REPEAL:
        assert not any(s.kind in ("废止", "失效") for s in metas[path].validity)
        assert standing(path, metas, "2099-01-01").code != "repealed"


REPEAL_DECISION = BEIJING + "北京市人民代表大会常务委员会关于废止部分地方性法规的决定.md"


@pytest.mark.lawrefbook
def test_a_repeal_decision_marks_the_rules_it_names_as_repealed() -> None:
    _require_lawrefbook()
    settings, gazetteer = Settings.from_env(), Gazetteer.load()
    decision = ingest_document(load_file(LAWREFBOOK / REPEAL_DECISION, LAWREFBOOK, settings), settings, gazetteer)
    named = re.findall(r"废止《([^》]+)》", decision.source.text)
    present = [BEIJING + f"{title}.md" for title in named if (LAWREFBOOK / BEIJING / f"{title}.md").is_file()]
    assert len(present) >= 2
    metas = {decision.meta.doc: decision.meta}
    for relative in present + [PARKING[1]]:
        metas[relative] = ingest_document(load_file(LAWREFBOOK / relative, LAWREFBOOK, settings), settings, gazetteer).meta
    link_versions(metas)
    adopted = decision.meta.version_date
    for relative in present:
        assert metas[relative].repealed_by == [decision.meta.doc]
        gone = standing(relative, metas, "2099-01-01")
        assert gone.code == "repealed" and gone.evidence_doc == decision.meta.doc
        assert gone.evidence.text == decision.source.text[gone.evidence.start : gone.evidence.end]
        assert metas[relative].title in gone.evidence.text
        assert standing(relative, metas, f"{int(adopted[:4]) - 1}{adopted[4:]}").code != "repealed"
    assert standing(PARKING[1], metas, "2099-01-01").code == "in_force"  # not named by the decision



JUDICIAL = "司法解释/"
# 危害税收征管 (2024) ends: "《甲》（法发〔1996〕30号）、《乙》（法释〔2002〕30号）、《丙》（法释〔2002〕33号）同时废止"
LISTED_REPEAL = (
    JUDICIAL + "最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释(2024-03-15).md",
    (JUDICIAL + "最高人民法院关于审理骗取出口退税刑事案件具体应用法律若干问题的解释(2002-09-17).md",
     JUDICIAL + "最高人民法院关于审理偷税抗税刑事案件具体应用法律若干问题的解释(2002-11-05).md"),
)


@pytest.mark.lawrefbook
def test_every_text_a_list_of_repealed_titles_names_is_repealed_not_only_the_last() -> None:
    _require_lawrefbook()
    settings, gazetteer = Settings.from_env(), Gazetteer.load()
    repealing, repealed = LISTED_REPEAL
    metas = {p: ingest_document(load_file(LAWREFBOOK / p, LAWREFBOOK, settings), settings, gazetteer).meta for p in (repealing, *repealed)}
    link_versions(metas)
    for relative in repealed:
        assert metas[relative].repealed_by == [repealing]
        gone = standing(relative, metas, "2099-01-01")
        assert gone.code == "repealed" and gone.evidence_doc == repealing
        assert standing(relative, metas, "2024-01-01").code != "repealed"  # before the repealing text was adopted
    assert versions_in_force(list(metas), metas, "2025-01-01") == [repealing]
    assert metas[repealing].repealed_by == []

# --- answers, with the model ----------------------------------------------------------------

@pytest.fixture(scope="module")
def versioned(tmp_path_factory: pytest.TempPathFactory):
    """A pipeline over two real version pairs, copied from lawrefbook to a temp folder."""
    from qa.pipeline import Pipeline

    _require_lawrefbook()
    root = tmp_path_factory.mktemp("versions")
    for relative in STUDENT_INJURY + PARKING:
        target = root / "docs" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LAWREFBOOK / relative, target)
    return Pipeline.open(Settings.from_env(docs_dir=root / "docs", index_dir=root / "index"), progress=False)


def _assert_verbatim(pipeline, answer) -> None:
    for citation in answer.citations:
        assert pipeline.index.sources[citation.doc].text[citation.start : citation.end] == citation.quote
    assert check_fidelity(answer.answer, [c.quote for c in answer.citations]) == []


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize(
    ("question", "pair"),
    [("上海学生伤害事故发生后学校要在多长时间内报告？", STUDENT_INJURY), ("北京居住小区停车收费价格调整要经过谁同意？", PARKING)],
)
def test_today_the_version_in_force_answers_and_as_of_changes_it(versioned, question: str, pair: tuple[str, str]) -> None:
    older, newer = pair
    today = versioned.ask(question)
    assert today.found and {c.doc for c in today.citations} == {newer}
    assert all(c.status == "现行有效" for c in today.citations)
    switch = versioned.index.documents[newer].version_date
    before = versioned.ask(question, as_of=f"{int(switch[:4]) - 1}-06-01")
    assert before.found and {c.doc for c in before.citations} == {older}
    assert "注意" not in before.answer  # in force on the asked date
    _assert_verbatim(versioned, today)
    _assert_verbatim(versioned, before)


@pytest.mark.model
@pytest.mark.lawrefbook
def test_an_old_version_cited_today_says_it_was_amended(versioned) -> None:
    older, newer = STUDENT_INJURY
    retrieval = versioned.search("学生伤害事故发生后学校要在多长时间内报告", as_of="2099-01-01")
    clause = next(c for c in versioned.index.clauses if c.doc == older and "二十四小时" in c.text)
    answer = sentence_answer(versioned.composer.builder, "学生伤害事故发生后学校要在多长时间内报告", retrieval, [(clause, whole(clause))])
    lead = answer.answer.splitlines()[0]
    assert "注意：该条例已于" in lead and "修改" in lead
    assert answer.citations[0].status.startswith("已被修改")
    assert answer.citations[-1].doc == newer and "修正" in answer.citations[-1].quote  # the amendment line
    _assert_verbatim(versioned, answer)


@pytest.mark.model
@pytest.mark.lawrefbook
def test_what_changed_sets_the_differing_articles_of_both_versions_side_by_side(versioned) -> None:
    older, newer = STUDENT_INJURY
    answer = versioned.ask("上海学生伤害事故处理条例2024年修改了什么？")
    assert answer.found
    docs = {c.doc for c in answer.citations}
    assert docs == {older, newer}
    pairs = [line for line in answer.answer.splitlines() if line.startswith("· 修改前：")]
    assert pairs
    by_number = {str(n): c for n, c in enumerate(answer.citations, start=1)}
    for line in pairs:
        before_part, after_part = line.split("｜修改后：")
        before = [by_number[n] for n in re.findall(r"\[(\d+)\]", before_part)]
        after = [by_number[n] for n in re.findall(r"\[(\d+)\]", after_part)]
        assert before and after and {c.doc for c in before} == {older} and {c.doc for c in after} == {newer}
        assert comparable("".join(c.quote for c in before)) != comparable("".join(c.quote for c in after))
    # unchanged articles (renumbered only) are not listed
    unchanged = next(c for c in versioned.index.clauses if c.doc == newer and "可以要求赔偿下列费用" in c.text)
    assert unchanged.clause_id not in {c.clause_id for c in answer.citations}
    assert "修改依据：" in answer.answer
    _assert_verbatim(versioned, answer)


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_change_question_about_one_topic_lists_only_clauses_about_it(versioned) -> None:
    older, newer = PARKING
    answer = versioned.ask("北京市机动车停车条例修改后罚款有没有提高？")
    assert answer.found and {c.doc for c in answer.citations} >= {older, newer}
    listed = [line for line in answer.answer.splitlines() if line.startswith("· ")]
    assert listed and all("罚款" in line for line in listed)
    assert "结论：" in answer.answer  # whether the amounts went up, from the quotes
    _assert_verbatim(versioned, answer)


@pytest.mark.model
def test_an_expired_plan_still_answers_and_says_so_in_its_lead_line_and_citation(pipeline) -> None:
    metas = pipeline.index.documents
    expired = [doc for doc in metas if standing(doc, metas, "2099-01-01").code == "expired"]
    assert expired
    for doc in expired:
        until = next(s for s in metas[doc].validity if s.kind == "有效期至")
        clause = next(c for c in pipeline.index.clauses if c.doc == doc and c.kind == "body" and c.figures)
        question = "工业用地出让比例是多少"
        for as_of, flagged in (("2099-01-01", True), (until.date, False)):
            retrieval = pipeline.search(question, as_of=as_of)
            answer = sentence_answer(pipeline.composer.builder, question, retrieval, [(clause, whole(clause))])
            lead = answer.answer.splitlines()[0]
            assert ("注意：该方案有效期至" in lead and "已届满" in lead) is flagged
            assert answer.citations[0].status.startswith("已届满") is flagged
            if flagged:  # the note's date stands in a cited quote: the 有效期 sentence
                assert any(c.quote == until.text for c in answer.citations)
            _assert_verbatim(pipeline, answer)


@pytest.mark.model
def test_figure_rows_carry_period_and_status(pipeline) -> None:
    from qa.answer.figure_table import figure_rows

    rows = figure_rows(pipeline.index, as_of="2099-01-01")
    metas = pipeline.index.documents
    for row in rows:
        assert "period" in row and row["status"] == standing(row["doc"], metas, "2099-01-01").label
    assert any(row["status"].startswith("已届满") for row in rows)


@pytest.mark.model
def test_qa_ask_as_of_on_the_command_line(seed_settings) -> None:
    env = {**os.environ, "QA_INDEX": str(seed_settings.index_dir), "QA_DOCS": str(seed_settings.docs_dir)}
    command = [sys.executable, "-m", "qa.cli", "ask", "--json", "文成县工业用地出让比例是多少"]
    runs = {}
    for as_of in ("2022-06-01", "2099-01-01"):
        done = subprocess.run([*command, "--as-of", as_of], capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=600)
        assert done.returncode == 0, done.stderr
        runs[as_of] = json.loads(done.stdout)
    assert "注意" not in runs["2022-06-01"]["answer"] and runs["2022-06-01"]["citations"][0]["status"] == "现行有效"
    assert "已届满" in runs["2099-01-01"]["answer"].splitlines()[0]
    bad = subprocess.run([*command, "--as-of", "明天"], capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=600)
    assert bad.returncode == 2 and "无法识别" in bad.stderr


@pytest.mark.model
@pytest.mark.parametrize("question", ["温州各地工业用地出让比例分别是多少？", "瑞安和文成的规上工业亩均税收目标哪个高？"])
def test_comparison_rows_carry_their_documents_status_and_notes_sit_on_their_row(pipeline, question: str) -> None:
    answer = pipeline.ask(question, as_of="2099-01-01")
    assert answer.found and answer.table
    metas = pipeline.index.documents
    for row in answer.table:
        if row.citation is not None:
            assert row.status == standing(answer.citations[row.citation].doc, metas, "2099-01-01").label
    flagged = [line for line in answer.answer.splitlines() if "注意（" in line]
    assert flagged  # the seed plans of 温州's places have all ended by then
    for line in flagged:
        place = re.search(r"注意（([^）]+)）", line).group(1)
        assert line.startswith(place) or f"{place}（" in line or line.startswith("比较")
    _assert_verbatim(pipeline, answer)


@pytest.mark.parametrize(("question", "asks"), [
    ("文成县的攻坚行动方案现在还有效吗？", True), ("湖州的方案是否已经失效", True), ("这个条例废止了没有", True),
    ("目前有效的方案中工业用地比例是多少", False), ("现在执行的工业用地出让比例是多少", False), ("有效期到什么时候", False),
])
def test_questions_whether_a_document_is_in_force_are_recognised(question: str, asks: bool) -> None:
    from qa.answer.versions import IN_FORCE_QUESTION

    assert bool(IN_FORCE_QUESTION.search(question)) is asks


@pytest.mark.model
def test_is_it_still_in_force_is_answered_from_the_validity_sentence(pipeline) -> None:
    from qa.ingest.validity import noun

    metas = pipeline.index.documents
    stated = [doc for doc, meta in metas.items() if any(s.kind == "有效期至" for s in meta.validity)]
    assert stated
    for doc in stated:
        meta = metas[doc]
        until = next(s for s in meta.validity if s.kind == "有效期至")
        question = f"{meta.regions[0]}的这个{noun(meta)}现在还有效吗？"
        later = pipeline.ask(question, as_of="2099-01-01")
        assert later.found and "已届满" in later.answer.splitlines()[0]
        assert later.citations[0].doc == doc and later.citations[0].quote == until.text
        assert later.answer.count("已届满") == 1  # the answer is the note; it is not repeated
        then = pipeline.ask(question, as_of=until.date)
        assert then.found and "有效" in then.answer and "已届满" not in then.answer
        _assert_verbatim(pipeline, later)
        _assert_verbatim(pipeline, then)


@pytest.mark.lawrefbook
def test_qa_inspect_shows_validity_versions_and_status(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from qa.cli import main as cli_main

    _require_lawrefbook()
    for relative in PARKING:
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LAWREFBOOK / relative, target)
    result = CliRunner().invoke(cli_main, ["inspect", "--docs", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = {item["doc"]: item for item in json.loads(result.output[result.output.index("{") :])["documents"]}
    older, newer = PARKING
    assert report[older]["version_of"] == [newer] and report[newer]["version_of"] == [older]
    assert report[newer]["amendments"] and report[newer]["version_date"] > report[older]["version_date"]
    assert any(line.startswith("施行 ") for line in report[newer]["validity"])
    assert report[older]["status"].startswith("已被修改") and report[newer]["status"] == "现行有效"


@pytest.mark.model
def test_the_app_date_control_answers_as_of_its_date_and_refuses_an_unreadable_one(pipeline, seed_settings) -> None:
    from qa.app.handlers import QAApp
    from qa.app.sessions import ChatSession

    app = QAApp(pipeline, seed_settings)
    question = "文成县工业用地出让比例是多少"
    _, session, kept, *_ = app.chat.respond(question, None, ChatSession(), "2099-01-01")
    later = session.turns[-1].answer
    assert later.found and "已届满" in later.answer.splitlines()[0] and kept == ""
    _, session, _, *_ = app.chat.respond(question, None, ChatSession(), "2022年6月1日")
    then = session.turns[-1].answer
    assert then.found and "注意" not in then.answer and then.citations[0].status == "现行有效"
    _, session, kept, *_ = app.chat.respond(question, None, ChatSession(), "下个月")
    refused = session.turns[-1].answer
    assert not refused.found and "无法识别" in refused.answer and kept == question  # the question stays to be fixed
