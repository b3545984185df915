"""Answers on regulations nobody here tuned on: places, applicability, numerals, penalties,
follow-ups and refusals, each tested as a class of input.

The corpus is five lawrefbook texts that no dev set asks about: two sibling cities' dog rules
(温州, 宁波), a province's property-management rule with one of its cities' own (山东, 青岛),
and the national property-management regulation. Questions are written here, not taken from a
dev set.
"""

from __future__ import annotations

import shutil

import pytest

from qa.settings import Settings
from qa.text.gazetteer import Gazetteer
from qa.understand import understand

from .conftest import LAWREFBOOK, compact

WENZHOU_DOGS = "DLC/浙江地方法规/地方性法规/浙江/温州市养犬管理条例(2020-04-07).md"
NINGBO_DOGS = "DLC/浙江地方法规/地方性法规/浙江/宁波市养犬管理条例(2020-04-09).md"
SHANDONG_PROPERTY = "DLC/山东地方法规/地方性法规/山东/山东省物业管理条例(2021-12-03).md"
QINGDAO_PROPERTY = "DLC/山东地方法规/地方性法规/山东/青岛市物业管理条例(2021-01-28).md"
NATIONAL_PROPERTY = "行政法规/物业管理条例(2018-03-19).md"
CORPUS = (WENZHOU_DOGS, NINGBO_DOGS, SHANDONG_PROPERTY, QINGDAO_PROPERTY, NATIONAL_PROPERTY)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def laws(tmp_path_factory: pytest.TempPathFactory):
    """A pipeline over the five texts, read from lawrefbook in place and copied to a temp folder."""
    from qa.pipeline import Pipeline

    if not LAWREFBOOK.is_dir():
        pytest.fail(f"lawrefbook corpus not found at {LAWREFBOOK} (it ships in ../shared)")
    root = tmp_path_factory.mktemp("generalise")
    for relative in CORPUS:
        target = root / "docs" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LAWREFBOOK / relative, target)
    settings = Settings.from_env(docs_dir=root / "docs", index_dir=root / "index")
    return Pipeline.open(settings, progress=False)


def cited_docs(answer) -> set[str]:
    return {citation.doc for citation in answer.citations}


# --- understanding, no model ------------------------------------------------------------

@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("养犬人要在多长时间内办理登记？", "日"),  # how long
        ("准养证遗失后几个月内要补办？", "个月"),
        ("未满多少周岁的人不得单独携犬出户？", "周岁"),  # ages
        ("在公共区域饲养犬只会被罚多少？", "元"),  # fines
        ("办一次不动产登记要交多少登记费？", "元"),  # a fee asked after 多少 (多少登记费, 多少物业费)
        ("一个月要交多少物业费？", "元"),
        ("物业服务中心每班至少要安排几个人值守？", "人"),  # a count of people: 几个人, answered 两人 or 3名
        ("物业服务中心每班至少要安排几个人值守？", "名"),
        ("物业用房按建筑面积的多大比例配置？", "‰"),  # a share, written per mille (千分之三) as often as per cent
    ],
)
def test_expected_answer_type_follows_the_question_word(gazetteer: Gazetteer, question: str, unit: str) -> None:
    assert unit in understand(question, [], gazetteer).expected_units


@pytest.mark.parametrize(
    ("question", "asking", "content"),
    [
        ("养犬登记证有效期几年？快到期了怎么办？", ["几年", "怎么办"], ["有效期", "到期"]),  # they ask; they are no content
        ("犬只收容后多少天内可以认领？", ["多少天"], ["收容", "认领"]),
        ("物业服务中心每班至少要安排几个人？", ["几个"], ["每班"]),
    ],
)
def test_words_asking_for_a_count_or_a_way_are_not_content(gazetteer: Gazetteer, question: str, asking: list[str], content: list[str]) -> None:
    from qa.text.keywords import KeywordTokenizer

    words = understand(question, [], gazetteer, KeywordTokenizer()).content_words
    assert not set(asking) & set(words) and set(content) <= set(words), words


def test_a_classifier_before_a_noun_that_is_no_unit_stays_the_unit(gazetteer: Gazetteer) -> None:
    assert understand("全市要培育几个企业？", [], gazetteer).expected_units == ["个"]


@pytest.mark.parametrize(
    "question",
    ["养犬人修剪犬毛的时候要注意什么？", "犬只到期以后要做什么？", "条例把犬只分成哪几个类别？"],
)
def test_words_that_ask_no_date_or_count(gazetteer: Gazetteer, question: str) -> None:
    understanding = understand(question, [], gazetteer)
    assert understanding.asks_date == ""
    assert not understanding.figure_intent


@pytest.mark.parametrize("tier", ["情节严重的呢？", "拒不改正的呢？", "要是逾期不改正呢？"])
def test_a_condition_follow_up_keeps_the_question_and_adds_the_condition(gazetteer: Gazetteer, tier: str) -> None:
    history = ["温州养犬人在限养区内养犬未办理初始登记，会被罚多少？"]
    understanding = understand(tier, history, gazetteer)
    assert "初始登记" in understanding.resolved_question and understanding.condition
    assert understanding.regions == ["温州市"]


@pytest.mark.parametrize(("follow_up", "place"), [("那在宁波呢？", "宁波市"), ("青岛呢？", "青岛市"), ("换成临沂呢", "临沂市")])
def test_a_place_follow_up_replaces_the_place_and_keeps_the_topic(gazetteer: Gazetteer, follow_up: str, place: str) -> None:
    understanding = understand(follow_up, ["温州养犬人未办理初始登记会被罚多少？"], gazetteer)
    assert understanding.regions == [place]
    assert "初始登记" in understanding.resolved_question and "温州" not in understanding.resolved_question


@pytest.mark.parametrize("question", ["火星市养犬要办登记吗？", "那火星县呢？"])
def test_a_place_nobody_knows_is_still_a_place(gazetteer: Gazetteer, question: str) -> None:
    understanding = understand(question, ["温州养犬要办登记吗？"], gazetteer)
    assert understanding.unknown_places and understanding.regions == []


@pytest.mark.parametrize("question", ["那宁波呢？", "这项由哪些部门负责？", "还有青岛的呢", "那柳州那边是怎么规定的？", "大同呢，怎么规定？"])
def test_a_follow_up_with_nothing_before_it_needs_context(gazetteer: Gazetteer, question: str) -> None:
    assert understand(question, [], gazetteer).needs_context
    assert not understand(question, ["温州养犬要办登记吗？"], gazetteer).needs_context


# --- document places, no model -----------------------------------------------------------

@pytest.mark.parametrize(
    ("relative", "regions"),
    [
        (WENZHOU_DOGS, ["温州市"]),
        (SHANDONG_PROPERTY, ["山东省"]),
        (NATIONAL_PROPERTY, ["全国"]),  # promulgated by 国务院令: applies everywhere
        ("行政法规/城镇排水与污水处理条例(2013-10-02).md", ["全国"]),
    ],
)
def test_a_document_takes_its_place_from_title_and_header(gazetteer: Gazetteer, relative: str, regions: list[str]) -> None:
    from qa.ingest.load import load_file
    from qa.ingest.metadata import extract_metadata

    path = LAWREFBOOK / relative
    if not path.is_file():
        pytest.fail(f"missing {path}")
    source = load_file(path, LAWREFBOOK)
    assert extract_metadata(source, [], gazetteer).regions == regions


# --- answers on the real model ------------------------------------------------------------

@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_duration_in_chinese_numerals_is_an_answer(laws) -> None:
    answer = laws.ask("温州养犬人取得犬只狂犬病免疫证明后，多少日内要办理初始登记？")
    assert answer.found, answer.answer
    assert answer.citations[0].doc == WENZHOU_DOGS
    assert "十日内" in answer.answer and "十日内" in answer.citations[0].quote


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_sibling_citys_rule_is_never_the_answer(laws) -> None:
    answer = laws.ask("台州养犬人在限养区内养犬未办理初始登记，会被罚多少钱？")
    assert not answer.found, answer.answer
    assert not ({WENZHOU_DOGS, NINGBO_DOGS} & cited_docs(answer))
    assert "台州" in answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_provinces_rule_applies_to_a_city_without_its_own(laws) -> None:
    answer = laws.ask("临沂的业主委员会选举产生后，几日内要召开首次会议？")
    assert answer.found, answer.answer
    assert answer.citations[0].doc == SHANDONG_PROPERTY
    assert "适用山东省" in answer.answer and "七日内" in answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_citys_own_rule_comes_before_its_provinces(laws) -> None:
    answer = laws.ask("青岛的业主委员会选举产生后，几日内要召开会议？")
    assert answer.found, answer.answer
    assert answer.citations[0].doc == QINGDAO_PROPERTY
    assert "三日内" in answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_citys_own_rule_answers_a_who_question_before_the_national_one(laws) -> None:
    answer = laws.ask("青岛的物业管理工作归哪个部门管？")  # 山东, 青岛 and the national rule all name one
    assert answer.found, answer.answer
    assert answer.citations[0].doc == QINGDAO_PROPERTY, answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_national_rule_answers_for_a_place_without_a_local_one(laws) -> None:
    answer = laws.ask("拉萨的业主委员会选举产生后，多少日内要去备案？")
    assert answer.found, answer.answer
    assert answer.citations[0].doc == NATIONAL_PROPERTY
    assert "全国" in answer.answer.splitlines()[0]
    assert not ({SHANDONG_PROPERTY, QINGDAO_PROPERTY} & cited_docs(answer))


@pytest.mark.model
@pytest.mark.lawrefbook
def test_an_unknown_place_is_refused_by_name(laws) -> None:
    answer = laws.ask("火星市养犬人未办理初始登记会被罚多少？")
    assert not answer.found and "火星市" in answer.answer
    assert not answer.citations


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_penalty_is_quoted_with_the_tier_it_depends_on(laws) -> None:
    answer = laws.ask("在温州，携犬进入电梯没有采取安全措施，会被罚多少？")
    assert answer.found, answer.answer
    quote = compact(answer.citations[0].quote)
    assert "一百元以上五百元以下罚款" in quote and "拒不改正" in quote


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize(
    ("question", "penalty", "conduct"),
    [
        ("在温州遛狗没给狗戴犬牌，会怎么处罚？", "拒不改正的，处二十元以上五十元以下罚款", "犬牌"),
        ("在山东，物业主管部门的工作人员不召集物业管理联席会议，会受到什么处分？", "依法给予处分", "联席会议"),
    ],
)
def test_a_listed_conduct_is_answered_with_the_penalty_its_list_states(laws, question: str, penalty: str, conduct: str) -> None:
    """"有下列行为之一的，处…罚款：（一）…（二）…": the penalty stands in the lead-in, the conduct in an item."""
    answer = laws.ask(question)
    assert answer.found, answer.answer
    assert penalty in compact(answer.citations[0].quote), answer.answer
    assert any(conduct in compact(citation.quote) for citation in answer.citations[:2]), answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize(
    "question",
    [
        "在青岛，原物业公司以业主欠费为由拒绝办理交接，会被罚多少？",  # 第六十七条: no penalty cites it
        "在青岛，利用小区道路设置车位占用了消防通道，会被罚多少钱？",  # 第七十七条: likewise
        "宁波个人帮人寄养两只狗，会被怎么处罚？",  # 第十五条 limits 寄养; no sentence of 宁波's rule penalises it
    ],
)
def test_a_prohibition_without_a_penalty_is_not_answered_with_another_conducts_fine(laws, question: str) -> None:
    answer = laws.ask(question)
    assert not answer.found, answer.answer
    assert "处罚" in answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_tier_follow_up_the_rule_does_not_set_is_not_answered_with_the_base_penalty(laws) -> None:
    history = ["青岛物业服务企业擅自撤离小区，罚多少？"]
    first = laws.ask(history[0])
    assert first.found and "一万元以上五万元以下罚款" in compact(first.citations[0].quote), first.answer
    answer = laws.ask("情节严重的呢？", history)
    assert not answer.found and "情节严重" in answer.answer, answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_compared_place_whose_rule_says_nothing_of_the_topic_is_marked_unregulated(laws) -> None:
    answer = laws.ask("温州和宁波遛狗的牵引绳长度分别有什么要求？")  # only 温州 regulates the leash
    assert answer.found, answer.answer
    assert {citation.region for citation in answer.citations} == {"温州市"}, answer.answer
    assert "未规定" in answer.answer and "宁波市" in answer.answer.split("未规定")[-1]


@pytest.mark.parametrize("question", ["哪个机构可以对这种行为直接处罚？", "养犬登记归谁管？", "由哪一级政府批准？", "由谁来授予称号？"])
def test_a_who_question_asks_for_a_body_not_a_penalty(gazetteer: Gazetteer, question: str) -> None:
    understanding = understand(question, [], gazetteer)
    assert understanding.asks_who and not understanding.asks_penalty


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_who_question_is_answered_by_the_sentence_naming_the_body(laws) -> None:
    answer = laws.ask("宁波养犬管理工作由哪个部门负责？")
    assert answer.found, answer.answer
    assert "公安机关" in compact(answer.citations[0].quote), answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize("question", ["你是谁？", "请问一下？", "这个呢怎么说"])
def test_a_question_naming_nothing_gets_a_request_not_a_clause(laws, question: str) -> None:
    answer = laws.ask(question)
    assert not answer.found and not answer.citations, answer.answer
    assert "请" in answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize("question", ["青岛的物业费每平方米每月要交多少钱？", "温州养犬登记要交多少钱？"])
def test_a_fee_asked_is_not_answered_with_a_fine(laws, question: str) -> None:
    answer = laws.ask(question)  # neither text sets the fee; both set fines in 元
    assert not answer.found or "罚款" not in answer.citations[0].quote, answer.answer


@pytest.mark.parametrize(
    "question",
    ["衢州电动车在非机动车道上最快能开多快？没有非机动车道的路上呢？", "温州养犬登记要多久？要是在限养区外呢？"],
)
def test_a_question_of_two_parts_is_no_follow_up(gazetteer: Gazetteer, question: str) -> None:
    assert not understand(question, [], gazetteer).needs_context


@pytest.mark.parametrize(
    "question",
    ["这个月电费比平时多了好几倍，供电公司该不该提醒我？", "这个星期停了两次水，能少交水费吗？", "这些天工地一直夜里施工，能投诉吗？"],
)
def test_the_askers_own_time_is_no_pointer_to_an_earlier_question(gazetteer: Gazetteer, question: str) -> None:
    # 这个月, 这个星期, 这些天: when the asker's case happened, not the subject of a question before
    assert not understand(question, [], gazetteer).needs_context
    assert understand("这个由哪些部门负责？", [], gazetteer).needs_context


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize(
    ("question", "fine", "other"),
    [  # 温州 第三十一条: two paragraphs, two conducts, two fines
        ("温州养犬人在限养区内养犬未办理变更登记，罚多少？", "每只一千元以上二千元以下", "二千元以上五千元以下"),
        ("温州养犬人在限养区内养犬未办理初始登记，罚多少？", "每只二千元以上五千元以下", "一千元以上二千元以下"),
    ],
)
def test_each_paragraph_of_a_penalty_article_answers_for_its_own_conduct(laws, question: str, fine: str, other: str) -> None:
    answer = laws.ask(question)
    assert answer.found, answer.answer
    quote = compact(answer.citations[0].quote)
    assert fine in quote and other not in quote, answer.answer


@pytest.mark.parametrize(
    ("question", "asks_penalty"),
    [
        ("超市还用超薄塑料袋，会怎么样？", True),  # the consequence of breaking a rule
        ("把电瓶车停在楼道里充电，会被怎么处理？", True),
        ("乱扔垃圾会受到什么处理？", True),
        ("没办养犬登记，被查到了怎么处理？", True),  # being caught: what happens next
        ("无证经营被查出来了怎么办？", True),
        ("家里的旧沙发这种大件垃圾该怎么处理？", False),  # how to do a thing
        ("对低效企业打算怎么处理？", False),
        ("处罚决定书公告送达后多少天算送到？", False),  # a document of penalising, not the penalty
        ("行政处罚听证要提前几天申请？", False),
        ("不按规定处罚的，罚款多少？", True),
    ],
)
def test_a_penalty_is_asked_by_the_consequence_not_by_any_handling(gazetteer: Gazetteer, question: str, asks_penalty: bool) -> None:
    assert understand(question, [], gazetteer).asks_penalty is asks_penalty


def test_a_past_penalty_named_in_a_condition_is_no_penalty() -> None:
    from qa.answer.penalties import PENALTY_SENTENCE

    assert not PENALTY_SENTENCE.search("（六）三年内无犬只被没收或者养犬登记证被吊销的记录。")
    assert PENALTY_SENTENCE.search("逾期不改正的，没收犬只。")


@pytest.mark.parametrize(
    ("sentence", "penalises"),
    [
        ("由市场监管部门责令改正，并按照每车次二百元的标准予以处罚。", True),  # a sum without the word 罚款
        ("按照每人一千元以上三千元以下的标准处罚；", True),
        ("构成违反治安管理行为的，由公安机关依法予以处罚。", False),  # a referral, no sum
        ("对举报人给予五百元奖励，不予处罚。", False),
    ],
)
def test_a_sum_set_as_a_penalty_is_a_penalty_without_the_word_fine(sentence: str, penalises: bool) -> None:
    from qa.answer.penalties import PENALTY_SENTENCE

    assert bool(PENALTY_SENTENCE.search(sentence)) is penalises


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_place_switching_follow_up_does_not_keep_the_old_places_rule(laws) -> None:
    history = ["温州养犬人在限养区内养犬未办理初始登记，会被罚多少？"]
    answer = laws.ask("台州呢？", history)
    assert WENZHOU_DOGS not in cited_docs(answer)
    assert not answer.found, answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_the_date_a_rule_takes_effect_comes_from_its_enactment_clause(laws) -> None:
    answer = laws.ask("温州市养犬管理条例从什么时候开始施行？")
    assert answer.found, answer.answer
    assert "起施行" in answer.citations[0].quote and "2020年7月1日" in answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_follow_up_asked_first_gets_a_request_for_context(laws) -> None:
    answer = laws.ask("那宁波呢？")
    assert not answer.found and not answer.citations
    assert answer.answer.startswith("请把问题说完整")


@pytest.mark.model
@pytest.mark.lawrefbook
def test_every_number_of_an_answer_stands_in_its_quotes(laws) -> None:
    from qa.answer.fidelity import check_fidelity

    questions = [
        "温州养犬人未对犬只进行狂犬病免疫，拒不改正的，罚多少？",
        "山东的筹备组应当在多少日内组建？",
        "青岛业主委员会多少日内向街道办事处备案？",
    ]
    for question in questions:
        answer = laws.ask(question)
        quotes = [citation.quote for citation in answer.citations]
        places = {citation.region for citation in answer.citations} | {answer.answer.split("：", 1)[0]}
        assert check_fidelity(answer.answer, quotes, places) == [], (question, answer.answer)


@pytest.mark.model
def test_a_number_lost_from_the_source_is_reported_missing_not_answered(pipeline) -> None:
    # the seed text reads "产业总值突破亿大关": the digits before 亿 were lost when it was scraped
    answer = pipeline.ask("瑞安到2027年新能源智能网联汽车产业总值要达到多少？")
    assert not answer.found, answer.answer
    assert "缺失" in answer.answer and "突破亿大关" in answer.answer
    stated = pipeline.ask("瑞安到2027年智能装备产业产值要达到多少？")  # the same sentence's next figure is there
    assert stated.found and "500亿元" in stated.answer


@pytest.mark.model
@pytest.mark.parametrize("region", ["火星市", "Ruian", "5"])
def test_a_region_parameter_nobody_knows_is_refused_by_name(pipeline, region: str) -> None:
    answer = pipeline.ask("工业用地出让比例是多少", region=region)
    assert not answer.found and region in answer.answer
    assert not answer.citations


@pytest.mark.model
def test_a_region_parameter_too_long_to_be_a_place_gets_a_message(pipeline) -> None:
    answer = pipeline.ask("工业用地出让比例是多少", region="瑞安" * 5000)
    assert not answer.found and "地区名称过长" in answer.answer


@pytest.mark.parametrize(
    ("earlier", "follow_up", "party"),
    [
        ("温州养犬单位未配置安全防护设施，会被罚多少？", "那个人呢？", "个人"),
        ("温州养犬人遗弃犬只会被罚多少？", "单位呢？", "单位"),
    ],
)
def test_a_party_follow_up_asks_the_same_question_of_that_party(gazetteer: Gazetteer, earlier: str, follow_up: str, party: str) -> None:
    understanding = understand(follow_up, [earlier], gazetteer)
    assert party in understanding.resolved_question and understanding.condition == party
    assert "会被罚多少" in understanding.resolved_question and understanding.regions == ["温州市"]


@pytest.mark.model
@pytest.mark.lawrefbook
def test_dates_compared_across_places_come_from_each_places_enactment_clause(laws) -> None:
    answer = laws.ask("温州和宁波的养犬管理条例分别从什么时候开始施行？哪个最早？")
    assert answer.found, answer.answer
    rows = {row.region: row for row in answer.table}
    assert "2020年7月1日" in rows["温州市"].text and "起施行" in rows["温州市"].text
    assert rows["宁波市"].citation is None  # 宁波's text states no date it takes effect: none is invented
    assert "未规定" in answer.answer and "宁波市" in answer.answer.splitlines()[-1]


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize(
    ("question", "history", "fine", "other"),
    [  # national 第六十三条: a list of conducts, then "个人有前款规定行为之一的，处…；单位有前款规定行为之一的，处…"
        ("广州个人擅自占用小区里的道路，罚多少？", [], "1000元以上1万元以下", "5万元以上20万元以下"),
        ("那单位呢？", ["广州个人擅自占用小区里的道路，罚多少？"], "5万元以上20万元以下", "1000元以上1万元以下"),
        ("广州的单位擅自利用共用部位搞经营，罚多少？", [], "5万元以上20万元以下", "1000元以上1万元以下"),
    ],
)
def test_a_penalty_naming_its_conduct_by_an_earlier_paragraph_answers_for_the_party_asked(laws, question: str, history: list[str], fine: str, other: str) -> None:
    answer = laws.ask(question, history)
    assert answer.found, answer.answer
    assert cited_docs(answer) == {NATIONAL_PROPERTY}
    quote = compact(answer.citations[0].quote)
    assert fine in quote and other not in quote, answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_paragraph_depending_on_an_earlier_one_still_answers_what_only_it_states(laws) -> None:
    # 青岛 第二十二条: two paragraphs on reports and applications, a third "自收到前两款规定的报告或者申请之日起三十日内…"
    answer = laws.ask("青岛街道办收到成立业主大会筹备组的申请后，多少天内要组建筹备组？")
    assert answer.found, answer.answer
    assert "三十日" in answer.citations[0].quote and "三十日" in answer.answer


@pytest.mark.parametrize(
    ("question", "asks_permission"),
    [
        ("温州能不能在公共楼道里养狗？", True),
        ("在宁波可以带狗坐公交车吗？", True),
        ("物业是否可以擅自占用小区道路？", True),
        ("养犬登记要交多少钱？", False),
        ("可以申请哪些补贴？", False),  # what, not whether
    ],
)
def test_a_question_whether_a_thing_is_allowed(gazetteer: Gazetteer, question: str, asks_permission: bool) -> None:
    assert understand(question, [], gazetteer).asks_permission is asks_permission


@pytest.mark.model
@pytest.mark.lawrefbook
def test_whether_a_thing_is_allowed_is_answered_by_the_rule_and_the_penalty_for_its_item(laws) -> None:
    # 温州 第十九条第一款 lists prohibitions; 第三十三条 fines its third item in one paragraph and
    # its fifth ("在公共楼道…饲养犬只") in another, both citing "第十九条第一款第X项"
    answer = laws.ask("温州能不能在公共楼道里养狗？")
    assert answer.found and len(answer.citations) == 2, answer.answer
    rule, penalty = (compact(citation.quote) for citation in answer.citations)
    assert "禁止" in rule and "饲养犬只" in rule
    assert "二百元以上二千元以下" in penalty and "一百元以上五百元以下" not in penalty, answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize(
    ("question", "body", "duty"),
    [
        ("温州哪个部门负责办理养犬登记？", "公安机关", "办理养犬登记"),  # 第七条 公安机关履行下列职责：（一）…
        ("山东的小区里，哪个机构负责监督管理规约的实施？", "业主委员会", "监督管理规约的实施"),  # 业主委员会履行下列职责：（五）…
    ],
)
def test_a_who_question_answered_by_a_listed_duty_names_the_body_of_its_lead_in(laws, question: str, body: str, duty: str) -> None:
    answer = laws.ask(question)
    assert answer.found and len(answer.citations) == 2, answer.answer
    lead, item = (compact(citation.quote) for citation in answer.citations)
    assert body in lead and duty in item, answer.answer


@pytest.mark.parametrize(
    ("question", "regions"),
    [
        ("山东省和青岛，物业服务用房分别按多大比例配置？", ["山东省", "青岛市"]),  # a province listed beside its city: both compared
        ("浙江温州养犬要登记吗？", ["温州市"]),  # a province only saying where the city is
        ("浙江省温州市的养犬登记", ["温州市"]),
    ],
)
def test_a_province_listed_beside_its_own_city_is_compared_with_it(gazetteer: Gazetteer, question: str, regions: list[str]) -> None:
    assert understand(question, [], gazetteer).regions == regions


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_province_and_its_city_compared_each_answer_from_their_own_rule(laws) -> None:
    answer = laws.ask("山东省和青岛，物业服务用房分别按多大比例配置？")
    assert answer.found and cited_docs(answer) == {SHANDONG_PROPERTY, QINGDAO_PROPERTY}, answer.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_a_penalty_listing_its_conducts_does_not_punish_a_duty_it_leaves_out(laws) -> None:
    # 温州 第三十四条 cites all of 第二十条 (four duties when walking a dog) but lists three of
    # them; the leash duty, 第二十条（三）, has no penalty
    listed = laws.ask("温州遛犬时没给狗佩戴犬牌，罚多少？")
    assert listed.found and "二十元以上五十元以下" in compact(listed.answer), listed.answer
    assert any("犬牌" in compact(citation.quote) for citation in listed.citations), listed.answer
    left_out = laws.ask("温州遛犬时没有使用牵引带牵领犬只，罚多少？")
    assert not left_out.found and "处罚" in left_out.answer, left_out.answer


@pytest.mark.model
@pytest.mark.lawrefbook
def test_an_everyday_word_is_searched_and_matched_in_the_documents_word(laws) -> None:
    # the dog rules write 养犬 and 遛犬 throughout, 养狗 and 遛狗 nowhere; 登记 they write as asked
    understanding = laws.search("宁波养狗要去哪里办登记？遛狗有什么要求？").understanding
    assert understanding.variants.get("养狗") == ["养犬"] and "遛犬" in understanding.variants.get("遛狗", [])
    assert "登记" not in understanding.variants
    assert {"养犬", "遛犬"} <= set(understanding.search_tokens)


@pytest.mark.model
@pytest.mark.lawrefbook
@pytest.mark.parametrize("question", ["青岛的物业服务人包括哪些？", "青岛条例里说的物业服务人，包不包括其他管理人？"])
def test_what_a_term_covers_is_answered_by_the_definition_of_that_term(laws, question: str) -> None:
    # 青岛 第二条 defines 物业管理 (是指…) in one paragraph and 物业服务人 (包括…) in the next
    answer = laws.ask(question)
    assert answer.found, answer.answer
    quote = compact(answer.citations[0].quote)
    assert "所称物业服务人" in quote and "物业管理，是指" not in quote, answer.answer


@pytest.mark.parametrize(
    ("question", "asks_definition"),
    [
        ("这里的“家庭成员”包括哪些人？", True),
        ("控烟条例说的吸烟包不包括电子烟？", True),
        ("什么是物业服务人？", True),
        ("物业费包括哪些费用要业主交多少？", True),
        ("物业服务企业要公示哪些信息？", False),
    ],
)
def test_a_question_what_a_term_means(gazetteer: Gazetteer, question: str, asks_definition: bool) -> None:
    assert understand(question, [], gazetteer).asks_definition is asks_definition


@pytest.mark.parametrize("question", ["北京每年哪个月是献血宣传月？", "浙江有没有规定每年哪个月是宣传月？"])
def test_a_month_asked_is_a_date_question(gazetteer: Gazetteer, question: str) -> None:
    assert understand(question, [], gazetteer).asks_date


def test_a_month_that_recurs_every_year_states_a_date() -> None:
    from qa.answer.candidates import RECURRING_DAY

    assert RECURRING_DAY.search("每年十二月为本市无偿献血宣传月。")
    assert RECURRING_DAY.search("每年9月的第三个星期日为全民国防教育日。")
    assert not RECURRING_DAY.search("每年至少组织开展一次献血活动。")
