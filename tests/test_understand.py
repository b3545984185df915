"""Rule-based question understanding: follow-ups, places, figure intent, period, intents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.text.gazetteer import Gazetteer
from qa.records import QueryUnderstanding
from qa.understand import answer_rule, glued_prefixes, segments, understand

DEV_QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "questions" / "dev.jsonl"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def ask(gazetteer: Gazetteer, question: str, *history: str) -> QueryUnderstanding:
    return understand(question, list(history), gazetteer)


# --- follow-ups -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("history", "question", "resolved"),
    [
        # a place only: the place is swapped
        (["瑞安工业用地出让比例是多少"], "那湖州呢？", "湖州工业用地出让比例是多少"),
        (["湖州这个方案的有效期截至哪天？"], "文成县的呢？", "文成县这个方案的有效期截至哪天？"),
        # a phrase sharing a prefix: only the head is swapped, place and period kept
        (["宁海县到2025年规上工业亩均税收目标是多少？"], "亩均增加值呢？", "宁海县到2025年规上工业亩均增加值目标是多少？"),
        # a phrase sharing a suffix: the whole noun phrase is swapped
        (["越城区到2026年要培育多少家省级智能工厂？"], "未来工厂呢？", "越城区到2026年要培育多少家未来工厂？"),
        # a pronoun: attached to the previous question's subject
        (["瑞安2023年重点工作任务清单里低效工业用地改造开发目标是多少？"], "这项由哪些单位负责？",
         "瑞安2023年重点工作任务清单里低效工业用地改造开发由哪些单位负责？"),
        (["湖州方案中加大绿色金融支持力度的目标是什么？"], "这项工作的责任单位有哪些？",
         "湖州方案中加大绿色金融支持力度的责任单位有哪些？"),
        # a period only
        (["瑞安到2025年规上工业亩均增加值要达到多少？"], "2027年呢？", "瑞安到2027年规上工业亩均增加值要达到多少？"),
        (["湖州每年新增多少家高新技术企业？"], "那三年累计呢？", "湖州三年累计新增多少家高新技术企业？"),
        # a pronoun with a fragment: the subject is kept, the rest is asked about it
        (["宁海县强链补链关键项目招引工作的目标是什么？"], "它的责任单位呢？", "宁海县强链补链关键项目招引工作的责任单位呢？"),
        # 这个方案 as a fragment: the place is inherited, nothing swapped
        (["湖州方案提出要新增多少台工业机器人？"], "这个方案的有效期呢？", "湖州这个方案的有效期呢？"),
        # place and phrase at once
        (["宁海县到2025年规上工业亩均税收目标是多少？"], "文成的亩均增加值呢？", "文成到2025年规上工业亩均增加值目标是多少？"),
        # nothing shared: the main phrase is replaced and its old counter dropped
        (["宁海县到2025年规上工业亩均税收目标是多少？"], "研发经费占比呢？", "宁海县到2025年研发经费占比目标是多少？"),
        (["湖州方案提出要新增多少台工业机器人？"], "智能工厂呢？", "湖州方案提出要新增多少智能工厂？"),
        # a weak alias on its own is still a place, written out in full
        (["宁海县到2025年规上工业亩均税收目标是多少？"], "那慈溪呢", "慈溪到2025年规上工业亩均税收目标是多少？"),
        # a full question without a place inherits the place
        (["文成县规上工业亩均增加值的目标是多少？"], "单位工业增加值能耗要下降多少？", "文成县单位工业增加值能耗要下降多少？"),
        # 这个方案 points at the document: only the place is inherited
        (["湖州这个方案的有效期截至哪天？"], "这个方案是哪个部门发布的？", "湖州这个方案是哪个部门发布的？"),
        (["湖州这个方案的有效期截至哪天？"], "该文件的文号是什么？", "湖州该文件的文号是什么？"),
        # 其他 is not the pronoun 其
        (["瑞安工业用地出让比例是多少"], "其他企业的比例是多少？", "瑞安其他企业的比例是多少？"),
        # a tier of the penalty asked before, however worded: the same question under it
        (["在湖州的公园里遛狗不牵绳罚多少？"], "限期内还是没改呢？", "在湖州的公园里遛狗不牵绳罚多少（限期内还是没改）？"),
        (["在湖州的公园里遛狗不牵绳罚多少？"], "拒不改正的呢？", "在湖州的公园里遛狗不牵绳罚多少（拒不改正）？"),
        # a follow-up and a further ask about it: the further ask stands in the follow-up's frame
        (["在湖州的公园里遛狗不牵绳罚多少？"], "逾期不改呢？那单位会被罚吗？", "在湖州的公园里遛狗不牵绳罚多少（逾期不改）？那单位会被罚吗？"),
        # a lead naming only another place, then what is asked of it: the previous question asked
        # of that place, with the new ask in its frame; a fragment after the lead is a follow-up of it
        (["湖州工业用地出让比例是多少？"], "换成瑞安的话，由哪个部门负责？", "瑞安工业用地出让比例是多少？由哪个部门负责？"),
        (["在湖州的公园里遛狗不牵绳罚多少？"], "那在宁波，情节严重的呢？", "在宁波的公园里遛狗不牵绳罚多少（情节严重）？"),
        # an elliptical follow-up and a remark on it: the follow-up alone is asked
        (["湖州工业用地出让比例是多少？"], "那瑞安呢？瑞安的方案好像没写这个，按什么规定？", "瑞安工业用地出让比例是多少？"),
        (["湖州工业用地出让比例是多少？"], "那宁海呢？宁海有没有写？", "宁海工业用地出让比例是多少？"),
    ],
)
def test_follow_up_rewrites(gazetteer: Gazetteer, history: list[str], question: str, resolved: str) -> None:
    understanding = ask(gazetteer, question, *history)
    assert understanding.resolved_question == resolved
    assert understanding.is_follow_up
    assert understanding.question == question


def test_follow_up_chain_resolves_step_by_step(gazetteer: Gazetteer) -> None:
    history = ["宁海县到2025年规上工业亩均税收目标是多少？", "亩均增加值呢？", "那文成呢？"]
    understanding = ask(gazetteer, "2023年呢？", *history)
    assert understanding.resolved_question == "文成到2023年规上工业亩均增加值目标是多少？"
    assert understanding.regions == ["文成县"]
    assert understanding.mentioned_places == []


def test_pronoun_after_place_follow_up(gazetteer: Gazetteer) -> None:
    history = ["瑞安2023年重点工作任务清单里低效工业用地改造开发目标是多少？", "这项由哪些单位负责？"]
    understanding = ask(gazetteer, "那湖州呢？", *history)
    assert understanding.resolved_question == "湖州2023年重点工作任务清单里低效工业用地改造开发由哪些单位负责？"
    assert understanding.asks_responsible_units


@pytest.mark.parametrize(
    ("history", "question"),
    [
        (["瑞安工业用地出让比例是多少"], "湖州方案提出要新增多少台工业机器人？"),
        (["宁海县到2025年规上工业亩均税收目标是多少？"], "文成县规上工业亩均增加值的目标是多少？"),
        ([], "那湖州呢？"),  # nothing to resolve against
        (["瑞安工业用地出让比例是多少"], "这几个地方的行动方案里，哪个的实施期限（目标年份）最晚？"),
        # another place, then a question stating its own case: that case is asked, not the old one
        (["郑州的企业超计划用水，超出两成以内的部分按几倍水价收？"], "换成威海，超得不多、一成以内的那部分怎么加收？"),
    ],
)
def test_self_contained_questions_are_not_rewritten(gazetteer: Gazetteer, history: list[str], question: str) -> None:
    understanding = ask(gazetteer, question, *history)
    assert understanding.resolved_question == question
    assert not understanding.is_follow_up


def test_empty_fragment_changes_nothing(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "呢？", "瑞安工业用地出让比例是多少")
    assert understanding.resolved_question == "呢？" and understanding.regions == ["瑞安市"]


def test_global_comparison_does_not_inherit_a_place(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "这几个地方的行动方案里，哪个的实施期限（目标年份）最晚？", "瑞安工业用地出让比例是多少")
    assert understanding.regions == [] and understanding.is_comparison


def test_dev_follow_ups_land_on_their_region(gazetteer: Gazetteer) -> None:
    items = [json.loads(line) for line in DEV_QUESTIONS.read_text("utf-8").splitlines() if line.strip()]
    follow_ups = [item for item in items if item.get("history")]
    assert len(follow_ups) >= 5
    for item in follow_ups:
        understanding = ask(gazetteer, item["question"], *item["history"])
        expected = gazetteer.get(item["region"].split("、")[0]).name
        assert understanding.regions == [expected], item["question"]
        assert understanding.resolved_question != item["question"]


# --- places -----------------------------------------------------------------------------

def test_county_question_scope_is_the_county(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "瑞安工业用地出让比例是多少")
    assert understanding.regions == ["瑞安市"] and understanding.region_scope == ["瑞安市"]
    assert understanding.mentioned_places == ["瑞安市"]


def test_city_question_scope_includes_its_counties(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "温州规上工业亩均税收的目标是多少？")
    assert understanding.regions == ["温州市"]
    assert understanding.region_scope[0] == "温州市"
    assert {"瑞安市", "文成县", "鹿城区", "龙港市"} <= set(understanding.region_scope)
    assert "宁海县" not in understanding.region_scope


def test_city_own_level_only(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "温州市（市本级）规上工业亩均税收的目标是多少？")
    assert understanding.region_scope == ["温州市"]


def test_places_outside_the_corpus_are_reported(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "杭州市新一轮制造业“腾笼换鸟”方案要求工业用地出让比例不低于多少？")
    assert understanding.mentioned_places == ["杭州市"] and understanding.regions == ["杭州市"]
    assert "萧山区" in understanding.region_scope


def test_ancestor_is_dropped_from_regions(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "浙江省温州市瑞安市的工业用地出让比例是多少？")
    assert understanding.mentioned_places == ["浙江省", "温州市", "瑞安市"]
    assert understanding.regions == ["瑞安市"]
    assert not understanding.is_comparison


def test_no_place(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "工业用地出让比例一般不低于多少？")
    assert understanding.regions == [] and understanding.region_scope == [] and understanding.mentioned_places == []


# --- figure intent and units ------------------------------------------------------------

@pytest.mark.parametrize(
    ("question", "first_unit"),
    [
        ("瑞安工业用地出让比例是多少", "%"),
        ("越城区到2026年高新技术产业增加值占规上工业的比重要达到多少？", "%"),
        ("宁海县规上企业全员劳动生产率的年均增速目标是多少？", "%"),  # 增速 beats 劳动生产率
        ("文成县要腾出多少低效工业用地？", "亩"),
        ("湖州方案提出要新增多少台工业机器人？", "台"),
        ("宁海县到2025年要累计淘汰多少家落后产能企业？", "家"),
        ("文成县要招引落地多少个1亿元以上单体制造业项目？", "个"),
        ("宁海县到2025年规上工业亩均增加值目标是多少？", "万元/亩"),
        ("文成县规上制造业全员劳动生产率要达到多少？", "万元/人"),
        ("越城区到2026年全部工业增加值的目标是多少？", "亿元"),
        ("湖州新一轮腾笼换鸟攻坚行动计划腾出多少用能空间？", "吨标准煤"),
        ("湖州力争三年实到制造业外资多少？", "亿美元"),
        ("宁海希望当地上市公司靠资本市场五年再融到多少钱？", "亿元"),
        ("越城想让袍江和高新区这两个开发区在全国排进前多少名？", "名"),
        # power is no ratio though 功率 ends in 率
        ("多大功率的拖拉机要到省里登记？", "千瓦"),
        ("渔船主机马力多大要报省里批准？", "千瓦"),
        # a part asked as its share of a whole, whatever the whole is counted in
        ("教育经费要占本级财政支出的多少？", "%"),
        ("小区绿地要占总用地面积的多少？", "%"),
        ("推广站里专业技术人员至少占多少？", "%"),  # 占多少 with the whole left unsaid, of people too
        ("理事里女性要占几成？", "%"),
        ("盖仓库占地多少亩要报批？", "亩"),  # control: an amount of land taken, no share
        # 几 before any unit the figures are read in asks a quantity
        ("刺网的网眼最小不能小于几厘米？", "厘米"),
        ("围海几公顷以上要报省政府批？", "公顷"),
    ],
)
def test_expected_units(gazetteer: Gazetteer, question: str, first_unit: str) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.figure_intent
    assert understanding.expected_units[0] == first_unit


@pytest.mark.parametrize("question", ["供热不达标那几天的热费退多少？", "车被撞坏了对方要赔多少？", "物业管理费一年最多收多少？"])
def test_a_refund_or_fee_asked_is_money_which_may_be_a_share(gazetteer: Gazetteer, question: str) -> None:
    # 退还不合格天数收费额的50%: refunds and fees are set in yuan or as a share of an amount
    units = ask(gazetteer, question).expected_units
    assert "元" in units and "%" in units


@pytest.mark.parametrize("question", ["居民用热每平方米多少钱？", "自来水水价一吨是多少？"])
def test_a_price_asked_is_an_amount_in_yuan_not_a_share(gazetteer: Gazetteer, question: str) -> None:
    units = ask(gazetteer, question).expected_units
    assert "元" in units and "%" not in units and "倍" not in units


def test_a_fine_asked_in_money_may_be_a_multiple(gazetteer: Gazetteer) -> None:
    assert "倍" in ask(gazetteer, "偷水被查到罚多少钱？").expected_units


def test_ratio_question_expects_a_share_only(gazetteer: Gazetteer) -> None:
    # a share in per cent or per mille (千分之三), never an amount or an area
    assert ask(gazetteer, "湖州工业用地出让比例不低于多少？").expected_units == ["%", "‰"]


@pytest.mark.parametrize("question", ["电视台每周至少要播几档科普节目？", "每条街要设几座公厕？", "收费站堵到几辆车以上就得免费放行？"])
def test_a_count_asked_by_a_numeral_word_is_a_figure(gazetteer: Gazetteer, question: str) -> None:
    # 几档, 几座: 几 with a measure word (jieba "m"), whether or not the figures' units list it; 几辆车,
    # cut as one noun, opens with one
    assert ask(gazetteer, question).figure_intent


@pytest.mark.parametrize("question", ["许可证有效期几年，到期要换吗？", "调解委员会委员一届干几年？能不能连任？", "最多能待几天，能不能延期？"])
def test_a_quantity_asked_beside_a_yes_no_question_is_a_figure(gazetteer: Gazetteer, question: str) -> None:
    assert ask(gazetteer, question).figure_intent


def test_dimensionless_figure(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "瑞安和宁海对新建工业项目容积率的要求分别是多少？")
    assert understanding.figure_intent and understanding.expected_units == []


@pytest.mark.parametrize(
    "question",
    [
        "这几年本市的渔业政策有什么变化？",  # 这几年 names a time, asks no quantity
        "这几辆车归哪个部门管？",  # 这几辆车 points at things, asks no count
        "几乎所有的单位都要备案吗？",
        "湖州方案中加大绿色金融支持力度这项工作的责任单位有哪些？",
        "瑞安415X先进制造业集群建设行动方案的文号是什么？",
        "湖州这个实施方案的有效期到什么时候？",
        "越城区提出要迭代升级的先进制造业高质量发展行动计划叫什么？",
        "被告拿不出钱，能不能让他去当几年护林员来抵？",  # 几 in a proposal asked yes or no: "a few"
        "想做亲子鉴定，能不能自己在家拔几根头发寄过去？",
    ],
)
def test_no_figure_intent(gazetteer: Gazetteer, question: str) -> None:
    understanding = ask(gazetteer, question)
    assert not understanding.figure_intent and understanding.expected_units == []


# --- period -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("宁海县到2025年要腾出多少低效工业用地？", "2025"),
        ("瑞安2023年重点工作任务清单提出新增科技贷款多少？", "2023"),
        ("瑞安每年要完成多少低效工业用地改造开发？", "每年"),
        ("湖州力争三年实到制造业外资多少？", "三年"),
        ("宁海县规上企业全员劳动生产率的年均增速目标是多少？", "年均"),
        ("湖州方案（2021-2023年）腾出多少低效工业用地？", "2021-2023"),
        ("湖州方案（2021—2023年）腾出多少低效工业用地？", "2021-2023"),
        ("湖州方案提出要新增多少台工业机器人？", ""),
    ],
)
def test_period(gazetteer: Gazetteer, question: str, period: str) -> None:
    assert ask(gazetteer, question).period == period


# --- intents ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("question", "comparison"),
    [
        ("湖州、瑞安、文成三地从土地出让收入中提取“腾笼换鸟”专项经费的比例分别是多少？哪个最高？", True),
        ("文成和宁海的规上工业亩均税收目标哪个更高？", True),
        ("湖州和宁海，谁的高新技术企业培育目标更多？", True),
        ("瑞安和宁海对新建工业项目容积率的要求是多少？", True),  # two places are a comparison
        ("对比一下各地的工业用地出让比例", True),
        ("宁海县到2025年规上工业亩均税收目标是多少？", False),
        ("宁波市宁海县规上工业亩均税收目标是多少？", False),  # a place and its city are one place
    ],
)
def test_comparison(gazetteer: Gazetteer, question: str, comparison: bool) -> None:
    assert ask(gazetteer, question).is_comparison is comparison


@pytest.mark.parametrize(
    ("question", "responsible"),
    [
        ("越城区“加快工业全域治理”这项任务的责任单位有哪些？", True),
        ("宁海县强链补链关键项目招引工作的责任单位是哪些？", True),
        ("文成县“强化工业用地集约利用”这一条由哪些单位负责？", True),
        ("这项工作谁牵头？", True),
        ("越城区“1515”专项行动若干意见是由哪些机关印发的？", False),  # issuer, not a task's units
        ("宁海县到2025年要腾出多少低效工业用地？", False),
    ],
)
def test_responsible_units(gazetteer: Gazetteer, question: str, responsible: bool) -> None:
    assert ask(gazetteer, question).asks_responsible_units is responsible


def test_issuer_doc_number_and_dates(gazetteer: Gazetteer) -> None:
    issuer = ask(gazetteer, "越城区“1515”专项行动若干意见是由哪些机关印发的？")
    assert issuer.asks_issuer and not issuer.asks_doc_number
    assert ask(gazetteer, "瑞安415X先进制造业集群建设行动方案的文号是什么？").asks_doc_number
    # a product's licence number (产品批准文号) is no document's 文号
    licence = ask(gazetteer, "没取得兽药产品批准文号就生产，情节严重的，几年内不能干这行？")
    assert not licence.asks_doc_number and licence.figure_intent
    assert ask(gazetteer, "湖州这个实施方案的有效期到什么时候？").asks_date == "有效期至"
    assert ask(gazetteer, "文成县这个攻坚行动方案从什么时候开始实施？").asks_date == "施行"
    assert ask(gazetteer, "宁海县这份攻坚行动方案（征求意见稿）是哪天由谁发布的？").asks_date == "发布"
    assert ask(gazetteer, "宁海县到2025年要腾出多少低效工业用地？").asks_date == ""


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("撤诉以后，原来的仲裁裁决从什么时候起生效？", "日期"),
        ("借款合同从什么时候开始生效？", "日期"),
        ("二审判决哪天生效？", "日期"),
        # the rule itself, named or not, takes effect (施行)
        ("这个仲裁条例什么时候生效？", "施行"),
        ("垃圾分类的新规什么时候开始实施？", "施行"),
    ],
)
def test_an_instrument_taking_effect_is_no_rule_taking_effect(gazetteer: Gazetteer, question: str, date: str) -> None:
    assert ask(gazetteer, question).asks_date == date


# --- keywords and segments --------------------------------------------------------------

def test_keywords_leave_out_places_periods_and_question_words(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "越城区到2026年要培育多少家省级智能工厂？")
    assert understanding.keywords == ["培育", "省级智能工厂"]


def test_segments_cover_the_question_verbatim(gazetteer: Gazetteer) -> None:
    question = "瑞安2023年重点工作任务清单里低效工业用地改造开发目标是多少？"
    parts = segments(question, gazetteer)
    assert all(question[p.start : p.end] == p.text for p in parts)
    assert [p.kind for p in parts if p.kind in ("place", "period")] == ["place", "period"]
    assert "低效工业用地改造开发" in [p.text for p in parts if p.kind == "content"]


@pytest.mark.parametrize(
    ("previous", "breach"),
    [
        ("物业服务合同解除后，原物业要在多少天内退出小区？", "要是到期了它赖着不走呢？"),  # refuses to leave
        ("养犬人要在多少日内办理犬只登记？", "如果一直不办呢？"),  # never does it
        ("装修垃圾应当在几天内清运？", "要是逾期还不清运呢？"),
    ],
)
def test_a_breach_of_the_duty_asked_before_asks_for_the_penalty(gazetteer: Gazetteer, previous: str, breach: str) -> None:
    understanding = understand(breach, [previous], gazetteer)
    assert understanding.asks_penalty and understanding.condition
    assert "多少" not in understanding.resolved_question and "几" not in understanding.resolved_question  # the deadline is not asked again


@pytest.mark.parametrize(
    ("previous", "condition"),
    [
        ("在禁放区放烟花罚多少？", "要是拒不改正呢？"),  # a tier of the penalty already asked
        ("未成年人能不能单独遛狗？", "要是不满十四周岁呢？"),  # a negated state is a case, not a breach
        ("在公园里能放风筝吗？", "要是不在公园里呢？"),
    ],
)
def test_other_conditions_keep_the_question_asked_before(gazetteer: Gazetteer, previous: str, condition: str) -> None:
    understanding = understand(condition, [previous], gazetteer)
    assert understanding.resolved_question.startswith(previous.rstrip("？"))


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("超过多少公里可以自行决定送往的医院？", ["公里"]),  # any unit the figures are read in
        ("噪声不得超过多少分贝？", ["分贝"]),
        ("每辆车最少配几个急救医生？", ["名", "人", "个"]),  # a count of people named by their role
        ("每个社区配几个垃圾桶？", ["个"]),
    ],
)
def test_the_unit_after_the_question_word_is_the_answers_unit(gazetteer: Gazetteer, question: str, units: list[str]) -> None:
    assert understand(question, [], gazetteer).expected_units == units


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("开一家保安服务公司，注册资本最少要多少？", ["亿元", "万元", "元"]),  # the 公司 of another phrase counts in 家
        ("办一家民办学校，开办资金至少多少？", ["亿元", "万元", "元"]),
        ("设立一家公司，股东出资最少要多少？", ["亿元", "万元", "元"]),
        ("本市有多少家孵化器？", ["家"]),  # the counted noun in the asking phrase
    ],
)
def test_the_nouns_of_the_asking_phrase_name_the_unit_first(gazetteer: Gazetteer, question: str, units: list[str]) -> None:
    assert understand(question, [], gazetteer).expected_units == units


@pytest.mark.parametrize(
    "question",
    ["批准砍树以后要补种，补的树至少得多粗？", "工地围挡最低要多高？", "人行道的混凝土垫层要铺多厚？"],
)
def test_a_girth_height_or_thickness_asked_is_a_length(gazetteer: Gazetteer, question: str) -> None:
    understanding = understand(question, [], gazetteer)
    assert understanding.figure_intent and {"米", "厘米"} <= set(understanding.expected_units)


def test_a_deadline_in_days_is_a_duration_not_a_date(gazetteer: Gazetteer) -> None:
    assert understand("停车费最晚在开走以后多少天内要交？", [], gazetteer).asks_date == ""
    assert understand("这个条例最晚什么时候施行？", [], gazetteer).asks_date == "施行"


@pytest.mark.parametrize(
    ("question", "not_content"),
    [
        ("急救车最迟多少分钟内要赶到现场？", ["分钟", "最迟"]),  # the unit asked in and a superlative shape the question
        ("离医院超过多少公里可以另选医院？", ["公里"]),
    ],
)
def test_the_unit_asked_in_is_no_content_word(gazetteer: Gazetteer, question: str, not_content: list[str]) -> None:
    from qa.text.keywords import KeywordTokenizer

    understanding = understand(question, [], gazetteer, KeywordTokenizer())
    assert understanding.content_words and not set(not_content) & set(understanding.content_words)


@pytest.mark.parametrize(
    ("previous", "follow_up", "party"),
    [
        ("占用公共停车场经营，拒不改正，个人要罚多少？", "那如果经营的是公司呢？", "公司"),  # an everyday name of a party
        ("占用公共停车场经营，拒不改正，个人要罚多少？", "单位呢？", "单位"),
    ],
)
def test_a_follow_up_naming_another_party_asks_the_same_of_it(gazetteer: Gazetteer, previous: str, follow_up: str, party: str) -> None:
    resolved = understand(follow_up, [previous], gazetteer).resolved_question
    assert party in resolved and "个人" not in resolved


def test_an_everyday_party_name_matches_the_regulations_party() -> None:
    from qa.answer.sentences import term

    assert term("公司", []).present_in("经营者属于法人的，处五千元以上二万元以下罚款")
    assert not term("公司", []).present_in("经营者属于个人的，处一千元以上五千元以下罚款")


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        ("苏州工地夜间施工扰民会被怎么处罚？", "同样的事放在无锡，怎么罚？", "无锡工地夜间施工扰民会被怎么处罚？"),
        ("成都网约车没有营运证罚多少？", "这种情况在绵阳罚多少？", "绵阳网约车没有营运证罚多少？"),
        ("长沙商场不设无障碍通道怎么处理？", "一样的问题放到株洲呢？", "株洲商场不设无障碍通道怎么处理？"),
        # only the place, asking how it is regulated there
        ("南宁的电动车能不能上人行道？", "那柳州那边是怎么规定的？", "柳州的电动车能不能上人行道？"),
        ("太原养犬要办什么证？", "大同呢，怎么规定？", "大同养犬要办什么证？"),
        ("西宁公园里能不能烧烤？", "换到海东是什么规定？", "海东公园里能不能烧烤？"),
    ],
)
def test_a_follow_up_pointing_back_at_the_subject_asks_it_of_the_new_place(
    gazetteer: Gazetteer, previous: str, question: str, resolved: str
) -> None:
    understanding = ask(gazetteer, question, previous)
    assert understanding.resolved_question == resolved
    assert understanding.is_follow_up


def test_a_new_question_naming_another_place_keeps_its_own_subject(gazetteer: Gazetteer) -> None:
    understanding = ask(gazetteer, "无锡的停车场收费标准是多少？", "苏州工地夜间施工扰民会被怎么处罚？")
    assert understanding.resolved_question == "无锡的停车场收费标准是多少？"


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("成都的网约车平台要提前几天公示计价规则？", "日"),
        ("水管爆了，供水公司几小时内要到场抢修？", "小时"),
        ("120接到电话几分钟内要派车？", "分钟"),
        ("消防队接到出警命令后几秒内要出车？", "秒"),
        ("救护车接警后多长时间出发？", "秒"),
        ("孩子几岁可以上幼儿园？", "岁"),
    ],
)
def test_a_duration_or_age_asked_with_ji_is_a_figure_question(gazetteer: Gazetteer, question: str, unit: str) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.figure_intent and unit in understanding.expected_units


@pytest.mark.parametrize("question", ["无偿献血宣传月是每年几月？", "这个条例是几月几日起施行的？", "候鸟的重点保护期是每年哪几个月？"])
def test_which_month_or_day_is_no_figure_question(gazetteer: Gazetteer, question: str) -> None:
    assert not ask(gazetteer, question).figure_intent


@pytest.mark.parametrize("question", ["供水企业多久内要修好？", "投诉多长时间能办完？", "离学校门口多远不能摆摊？"])
def test_a_how_long_or_how_far_word_is_no_content_word(question: str) -> None:
    from qa.text.keywords import KeywordTokenizer

    words = KeywordTokenizer().content_words(question)
    assert words and not {"多久", "多长时间", "多远"} & set(words)


@pytest.mark.parametrize("question", ["统计员问了我家收入，他们能说出去吗？", "物业把她们家的门禁停了，咱们能投诉吗？"])
def test_a_personal_pronoun_is_no_content_word(question: str) -> None:
    from qa.text.keywords import KeywordTokenizer

    words = KeywordTokenizer().content_words(question)
    assert words and not {"我家", "他们", "她们", "咱们", "她"} & set(words), words


@pytest.mark.parametrize("question", ["车位被占了该谁管、罚多少？", "这种情况归哪个部门处理，罚款多少？"])
def test_a_fine_asked_beside_who_acts_is_a_penalty_question(gazetteer: Gazetteer, question: str) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.asks_penalty and understanding.asks_who


def test_who_punishes_alone_is_no_question_of_the_fine(gazetteer: Gazetteer) -> None:
    assert not ask(gazetteer, "乱扔垃圾由哪个部门处罚？").asks_penalty


@pytest.mark.parametrize("question", ["中考那几天放鞭炮会罚多少？", "前几天有人在楼道里停电动车，这个罚多少？"])
def test_a_span_of_days_named_in_passing_asks_no_duration(gazetteer: Gazetteer, question: str) -> None:
    assert "元" in ask(gazetteer, question).expected_units


@pytest.mark.parametrize(
    ("question", "lead_time"),
    [
        ("供水公司要提前多久通知停水？", True),
        ("提前几天申请？", True),
        ("得提前多长时间公告", True),
        ("停电以后多久内要恢复？", False),
        ("许可证有效期几年？", False),
    ],
)
def test_a_lead_time_is_asked_by_tiqian_and_a_period_word(gazetteer, question: str, lead_time: bool) -> None:
    assert understand(question, [], gazetteer).asks_lead_time is lead_time


@pytest.mark.parametrize(
    ("question", "two"),
    [
        ("许可证有效期几年？快到期了怎么办？", True),
        ("投诉以后多久内要受理、多久内要给处理结果？", True),
        ("谁来管，罚多少钱？", True),
        ("许可证有效期几年？", False),
        ("在公共场所吸烟，罚多少？", False),
    ],
)
def test_two_things_asked_at_once(gazetteer, question: str, two: bool) -> None:
    assert understand(question, [], gazetteer).asks_two is two


@pytest.mark.parametrize(
    ("previous", "follow_up", "act", "old_act"),
    [
        ("在北京公园里乱扔烟头罚多少？", "那在公园里搞烧烤呢？", "烧烤", "烟头"),
        ("在济南的河堤上取土会被罚多少？", "要是在河堤上盖房子呢？", "盖房子", "取土"),
        ("在地铁车厢里吃东西罚多少？", "如果在车厢里乞讨呢？", "乞讨", "吃东西"),
    ],
)
def test_another_act_in_the_same_place_replaces_the_act(gazetteer, previous: str, follow_up: str, act: str, old_act: str) -> None:
    understanding = ask(gazetteer, follow_up, previous)
    assert act in understanding.resolved_question and old_act not in understanding.resolved_question
    assert understanding.asks_penalty and not understanding.condition


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("在公园里遛狗罚多少？", "如果在公园里不拴绳呢？"),  # the act breached
        ("在公园里遛狗罚多少？", "要是在公园里遛狗情节严重的呢？"),  # the act under a tier
        ("在禁烟场所吸烟罚多少？", "要是在网吧里呢？"),  # where, with no act of its own
        ("见义勇为受伤的奖励多少？", "要是人牺牲了呢？"),
    ],
)
def test_a_condition_keeps_the_act_asked_before(gazetteer, previous: str, follow_up: str) -> None:
    understanding = ask(gazetteer, follow_up, previous)
    assert understanding.condition
    assert understanding.resolved_question.startswith(previous.rstrip("？"))


@pytest.mark.parametrize(
    ("question", "bound"),
    [
        ("单位一年最多给几天护理假？", "<="),
        ("失业保险金最长能领多少个月？", "<="),
        ("押金的上限是几个月租金？", "<="),
        ("至少提前几天通知？", ">="),
        ("最少要交多少年社保？", ">="),
        ("产假有多少天？", ""),
    ],
)
def test_the_limit_a_figure_question_asks(gazetteer, question: str, bound: str) -> None:
    assert ask(gazetteer, question).asked_bound == bound


@pytest.mark.parametrize(
    "question",
    ["河道堤防安全保护区一般划多宽？", "离电力设施多远以内不能爆破？", "水深多深的地方要设警示标志？", "保护范围的宽度是多少？"],
)
def test_a_width_distance_or_depth_asks_a_length(gazetteer, question: str) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.figure_intent
    assert understanding.expected_units[0] == "米"


def test_how_long_a_time_is_still_a_duration(gazetteer) -> None:
    assert "日" in ask(gazetteer, "审批要多长时间？").expected_units


@pytest.mark.parametrize(
    ("question", "span"),
    [
        ("供暖季是几月几号到几月几号？", True),
        ("公园开放时间是几点到几点？", True),
        ("林木采伐期从什么时候到什么时候？", True),
        ("防火期的起止时间是？", True),
        ("禁渔期是每年几月到几月？", True),
        ("采暖期是哪段时间？", True),
        ("林区封山育林是什么时间段？", True),
        ("什么时候开始供暖？", False),
        ("哪天起施行？", False),
    ],
)
def test_from_when_to_when_asks_a_span(gazetteer, question: str, span: bool) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.asks_span is span
    # 段时间 of 哪段时间 (cut 哪/段时间) shapes the question, it names nothing
    assert not {"段时间", "时间段"} & set(understanding.content_words)


@pytest.mark.parametrize("question", ["采暖期是哪段时间？", "禁渔期是哪一段时间？", "汛期是每年几月到几月？"])
def test_which_stretch_of_time_asks_a_date(gazetteer, question: str) -> None:
    assert ask(gazetteer, question).asks_date


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("每年10月15日至次年3月31日为本市林木采伐期。", True),
        ("农历除夕至正月初一每日七时至二十四时", True),
        ("在每年采暖期结束后至6月30日前通知用户", False),  # one date, not a span
        ("本条例自2019年3月1日起施行。", False),
    ],
)
def test_a_sentence_stating_a_span(sentence: str, span: bool) -> None:
    assert (answer_rule("span", "answer").search(sentence) is not None) is span


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("发现负责审批的工作人员是亲戚，申请回避后，要在几天内作出决定？", "日"),
        ("负责验收的单位要在几个月内出结果？", "个月"),
        ("哪个部门负责登记？几个工作日内办完？", "工作日"),
    ],
)
def test_a_quantity_asked_in_a_unit_beside_who_is_responsible(gazetteer: Gazetteer, question: str, unit: str) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.figure_intent and unit in understanding.expected_units


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("一次要砍十几棵树，找谁审批？补栽多少？", ""),
        ("二十几个人的单位要配几名安全员？", "名"),
        ("一个工地要配几名安全员？", "名"),
    ],
)
def test_a_number_stated_roughly_is_the_case_not_the_ask(gazetteer: Gazetteer, question: str, unit: str) -> None:
    # 十几棵 states how many; 几棵 asks it
    assert ask(gazetteer, question).asked_unit == unit


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("拒不支付一个工人的工资，欠多少才算数额较大？", "要是欠了十几个工人的工资呢？"),
        ("一家企业在河道里采砂，要罚多少？", "那要是二十几家企业一起采呢？"),
    ],
)
def test_a_follow_up_stating_a_rough_number_is_still_a_follow_up(gazetteer: Gazetteer, previous: str, follow_up: str) -> None:
    # 十几个 states the case; only 几个 would ask a count of its own
    understanding = understand(follow_up, [previous], gazetteer)
    assert understanding.is_follow_up and "多少" in understanding.resolved_question


@pytest.mark.parametrize(
    "question",
    ["新建小区的集中绿地人均要有多少？", "公园里游人人均占有的陆地面积是多少？"],
)
def test_per_head_alone_names_no_money(gazetteer: Gazetteer, question: str) -> None:
    assert "万元/人" not in ask(gazetteer, question).expected_units


@pytest.mark.parametrize(
    ("question", "penalty"),
    [
        ("快递公司的骑手老闯红灯，管理部门能把公司怎么样？", True),
        ("物业不给换门禁卡，街道能拿它怎么办？", True),
        ("管理部门能把公司登记信息改成什么样？", False),
    ],
)
def test_what_an_authority_may_do_to_a_party_asks_a_penalty(gazetteer: Gazetteer, question: str, penalty: bool) -> None:
    assert ask(gazetteer, question).asks_penalty is penalty


@pytest.mark.parametrize(
    ("question", "penalty"),
    [
        ("被工商罚了款，不想先复议，直接去法院起诉有多长期限？", False),  # a penalty imposed: the case
        ("被罚过以后，多少天内能申请复议？", False),
        ("被罚款以后不服，找谁复议？", False),
        ("无证经营会被罚多少？", True),
        ("罚款最多罚多少？", True),
    ],
)
def test_a_penalty_already_imposed_is_the_case_not_the_ask(gazetteer: Gazetteer, question: str, penalty: bool) -> None:
    assert ask(gazetteer, question).asks_penalty is penalty


@pytest.mark.parametrize(
    ("question", "penalty"),
    [
        ("被市场监管局罚了款不服，几天内能申请复议？", False),
        ("被城管罚款以后多久可以去法院起诉？", False),
        ("对环保局的处罚不服，找谁申诉？", False),
        ("擅自砍伐行道树，罚多少？", True),
        ("没有营业执照卖东西被查到会罚款吗？", True),
    ],
)
def test_a_penalty_already_imposed_is_the_case_of_an_appeal_question(gazetteer: Gazetteer, question: str, penalty: bool) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.asks_penalty is penalty


@pytest.mark.parametrize(
    ("question", "event"),
    [
        ("做了水平衡测试发现问题，要在多少天内整改完？", "整改完"),
        ("鉴定单位必须在多少天之内把鉴定报告给我？", "把鉴定报告给我"),
        ("收到申请后几个工作日内要作出决定？", "作出决定"),
        ("多久内要给处理结果？", "给处理结果"),
        # the time until an act, asked with 会/能 and no 内
        ("把材料交上去以后，多久会给答复？", "给答复"),
        ("申请递上去几天才能批下来？", "批下来"),
        ("许可证有效期是几年？", ""),
        ("这个设备多久能检测一次？", ""),  # how often, not a deadline
        ("提前几天通知住户？", ""),
    ],
)
def test_what_must_be_done_by_an_asked_deadline(gazetteer: Gazetteer, question: str, event: str) -> None:
    assert ask(gazetteer, question).asked_event == event


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("济南禁止开垦的陡坡是多少度，和山东省的规定一样吗？", {"济南市", "山东省"}),
        ("杭州对这种行为的罚款跟浙江省的有什么不同？", {"杭州市", "浙江省"}),
        ("青岛的标准与山东省比有区别吗？", {"青岛市", "山东省"}),
        # each place written with the word for its rule
        ("发生重大事故，山东省条例和青岛条例分别规定谁来处置？", {"山东省", "青岛市"}),
        ("浙江省的规定和杭州的办法对这个要求一样吗？", {"浙江省", "杭州市"}),
    ],
)
def test_a_city_set_against_its_own_province_compares_the_two(gazetteer: Gazetteer, question: str, places: set[str]) -> None:
    understanding = ask(gazetteer, question)
    assert set(understanding.regions) == places and understanding.is_comparison


@pytest.mark.parametrize("question", ["山东省济南市禁止开垦的陡坡是多少度？", "在济南和朋友聊到山东省的规定，陡坡是多少度？"])
def test_a_province_named_only_to_place_its_city_is_not_compared(gazetteer: Gazetteer, question: str) -> None:
    assert ask(gazetteer, question).regions == ["济南市"]


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("侵犯同一项专利，广东和上海浦东各怎么罚？", ["广东省", "浦东新区"]),
        ("山东济南和浙江的规定一样吗？", ["济南市", "浙江省"]),
        ("浙江和江苏南京对这事的罚款有什么不同？", ["浙江省", "南京市"]),
    ],
)
def test_a_compared_place_written_after_its_province_is_compared_without_the_province(gazetteer: Gazetteer, question: str, places: list[str]) -> None:
    assert sorted(ask(gazetteer, question).regions) == sorted(places)


@pytest.mark.parametrize(
    ("history", "question", "topic"),
    [
        ("苏州临时占用城市绿地最长能占多久？", "到期了还没用完，能续吗？", "苏州临时占用城市绿地"),
        ("无锡户外广告设施许可最长几年？", "到期了还想接着用，要提前多久申请？", "无锡户外广告设施许可"),
        ("南京的居民装修最多能施工几个月？", "超了会怎么处理？", "南京的居民装修"),
    ],
)
def test_a_question_naming_no_thing_asks_about_the_thing_asked_before(gazetteer: Gazetteer, history: str, question: str, topic: str) -> None:
    understanding = ask(gazetteer, question, history)
    assert understanding.resolved_question == f"{topic}，{question}"


@pytest.mark.parametrize(
    ("history", "question"),
    [("南京的居民装修最多能施工几个月？", "那公园里能遛狗吗？"), ("苏州养狗要办证吗？", "烟花爆竹什么时候能放？")],
)
def test_a_question_naming_its_own_thing_is_not_given_the_previous_one(gazetteer: Gazetteer, history: str, question: str) -> None:
    assert not ask(gazetteer, question, history).resolved_question.startswith(("南京的居民装修，", "苏州养狗要办证，"))


@pytest.mark.parametrize(
    ("history", "question", "breach"),
    [
        ("苏州养狗要办证吗？", "不办会怎么样？", "不办"),
        ("苏州养狗要办证吗？", "没办证呢？", "没办证"),
        ("无锡限期整改要多少天？", "逾期不改正的话会怎样？", "逾期不改正"),
    ],
)
def test_a_duty_asked_before_and_not_done_asks_its_penalty(gazetteer: Gazetteer, history: str, question: str, breach: str) -> None:
    understanding = ask(gazetteer, question, history)
    assert understanding.condition == breach
    assert understanding.asks_penalty, understanding.resolved_question


@pytest.mark.parametrize(("history", "question"), [("苏州到2026年要培育多少家未来工厂？", "未来工厂呢？"), ("各区县要建几个未成年人保护站？", "未成年人活动中心呢？")])
def test_a_fragment_starting_with_a_negation_character_is_no_breach(gazetteer: Gazetteer, history: str, question: str) -> None:
    assert ask(gazetteer, question, history).condition == ""


@pytest.mark.parametrize(
    ("question", "units"),
    [
        # the noun the question word asks the quantity of names the unit, not another noun of the question
        ("专利法规定单位每年要给发明人提多少报酬？", ["亿元", "万元", "元"]),
        ("物业要换公司，得有多少业主同意？", ["名", "人", "个", "%"]),  # a body's decision: a share of its members answers
        ("每个检查组要派多少执法人员？", ["名", "人", "个"]),
        ("多大的水库要建专用地震监测台网？", []),  # a size of any kind: 专用|地震 is no 用地
        ("全市居民人均收入的目标是多少？", ["万元/人"]),  # 人均|收入 spans whole words
    ],
)
def test_the_noun_the_question_word_asks_about_names_the_unit(gazetteer: Gazetteer, question: str, units: list[str]) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.figure_intent and understanding.expected_units == units


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("在荒坡上开荒，过了期限也不补救，个人罚多少？", "元"),  # 期限 is the case, 罚多少 the ask
        ("年检期限过了还没去，要罚多少钱？", "元"),
        ("罚款交了以后，复议期限是多久？", "日"),
        ("拆除工程工期多长就要装视频监控？", "年"),  # a period named before 多长 asks a duration
        ("批准筹建以后，筹备期一般多长？", "年"),  # with an adverb between
        ("试用期最长多长？", "个月"),
        ("绿化隔离带要多长？", "米"),
    ],
)
def test_the_phrase_holding_the_question_word_decides_the_kind_of_figure(gazetteer: Gazetteer, question: str, unit: str) -> None:
    assert unit in ask(gazetteer, question).expected_units


@pytest.mark.parametrize("question", ["防灾减灾宣传周是每年哪一周？", "安全生产月是哪个星期开始？"])
def test_a_week_of_the_calendar_asked_is_a_date(gazetteer: Gazetteer, question: str) -> None:
    assert ask(gazetteer, question).asks_date



@pytest.mark.parametrize("question", ["物业费欠了几个月，物业就停了我家电梯卡，合法吗？", "停了几天水，能不能少交水费？"])
def test_a_quantity_the_question_states_after_le_asks_no_figure(gazetteer: Gazetteer, question: str) -> None:
    # 欠了几个月, 停了几天: several months, a case stated, not a quantity asked
    assert not ask(gazetteer, question).figure_intent


@pytest.mark.parametrize(("question", "units"), [("企业一天取多少方地下水要审批？", ["立方米"]), ("每户每月用水超过多少方要加价？", ["立方米"])])
def test_a_unit_as_people_say_it_is_read_as_the_texts_write_it(gazetteer: Gazetteer, question: str, units: list[str]) -> None:
    understanding = ask(gazetteer, question)
    assert understanding.figure_intent and understanding.expected_units == units


@pytest.mark.parametrize(
    ("question", "glued"),
    [
        ("黄河的凌汛期是哪段时间？", {"汛期": "凌"}),
        ("老旧小区加装电梯要谁同意？", {"小区": "旧"}),
        # a verb takes its object (拴绳子), an adverb or preposition qualifies (不, 被): neither forms a word
        ("遛狗不拴绳子，会被罚多少钱？", {}),
        ("新装的电梯要去办使用登记吗？", {}),
        # a direction word ends what it locates (十日内), it prefixes nothing after it
        ("调解必须在多少天内完成？", {}),
    ],
)
def test_a_lone_character_the_cut_leaves_before_a_word_may_prefix_it(question: str, glued: dict[str, str]) -> None:
    assert glued_prefixes(question) == glued
