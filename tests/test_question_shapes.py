"""Question understanding for shapes of question met on unseen sets: the attribute asked of a
thing, a follow-up that only names another place under 要是, places counted rather than named, a
period written as a two-character noun, a length asked in days but written in months, a time
asked beside the department it goes to, an arrival at the scene, a proposal asked with a bare
可以吗, two questions asking figures in different units, a period named beside the deadline
asked of an act (任期没满就…多长时间内要公布), a follow-up naming another breach than the one asked
before. The questions are written here for each class."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer
from qa.text.keywords import KeywordTokenizer
from qa.understand import answer_rule, asked_attribute, asks_for_figure, expected_units, figure_sentence_kinds, named_period, understand


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("批准砍树以后补种的树，对胸径有什么要求？", "胸径"),
        ("开封和许昌对补植树木的胸径要求一样吗？", "胸径"),
        ("保护区的核心区有多大面积？", "核心区"),
        ("分包部分最多能占合同金额多少？", ""),  # 多少 after a verb asks no attribute of a noun
        ("电梯监控录像至少要保存多少天？", ""),
        ("绿化部门几天内要给答复？", ""),  # a body named before 几天 acts; it is not what is measured
    ],
)
def test_the_attribute_asked_is_the_noun_before_the_asking_phrase(question: str, attribute: str) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.parametrize("follow_up", ["那要是在郑州呢？", "如果是郑州的话呢？", "要是郑州呢？"])
def test_a_conditional_follow_up_naming_only_a_place_asks_the_question_there(gazetteer: Gazetteer, follow_up: str) -> None:
    understood = understand(follow_up, ["淄博有人把基本农田保护区的标志牌拔了，能罚多少钱？"], gazetteer)
    assert understood.regions == ["郑州市"]
    assert understood.condition == ""
    assert "要是" not in understood.resolved_question and "标志牌" in understood.resolved_question


def test_a_conditional_follow_up_with_a_case_keeps_its_case(gazetteer: Gazetteer) -> None:
    understood = understand("那要是在郑州情节严重的呢？", ["淄博有人把基本农田保护区的标志牌拔了，能罚多少钱？"], gazetteer)
    assert understood.regions == ["郑州市"]
    assert "情节严重" in understood.condition


@pytest.mark.parametrize("question", ["一个省划的基本农田至少占多少？", "每个县要设几个站点？", "哪个市的补贴最高？", "几个区联合执法时谁牵头？"])
def test_places_counted_are_no_places_named(gazetteer: Gazetteer, question: str) -> None:
    assert gazetteer.unknown_places(question) == []
    assert understand(question, [], gazetteer).unknown_places == []


def test_an_unknown_place_is_still_a_place(gazetteer: Gazetteer) -> None:
    assert gazetteer.unknown_places("火星市的基本农田至少占多少？") == ["火星市"]


@pytest.mark.parametrize(
    ("question", "period"),
    [("重庆汛期是每年几月到几月？", "汛期"), ("村委会的任期是几年？", "任期"), ("逾期多少天要罚款？", ""), ("土地超期多久不开工会被收回？", ""), ("期限是多少天？", ""), ("定期检查多久一次？", "")],
)
def test_a_two_character_period_noun_names_a_period(question: str, period: str) -> None:
    assert named_period(question) == period


def test_days_asked_may_be_written_in_months_or_weeks() -> None:
    units = expected_units("调解期限是多少天？")
    assert {"日", "工作日", "个月", "周"} <= set(units)


def test_a_length_of_time_is_asked_beside_the_department_it_goes_to() -> None:
    assert asks_for_figure("污水处理厂要检修停运，得提前多久向主管部门报告？")
    assert asks_for_figure("停运以后多长时间内向主管部门备案？")
    assert not asks_for_figure("污水处理厂检修停运要向哪个主管部门报告？")


def test_an_arrival_at_the_scene_is_asked_of_an_arrival() -> None:
    assert "arrival" in figure_sentence_kinds("报修停电后，供电公司多少分钟内必须到现场？", "到现场")


@pytest.mark.parametrize("question", ["我想自己把发动机换成马力更大的，可以吗？", "把树剪短一点，行吗？", "物业掐了我家的水电，这样做合法吗？"])
def test_a_proposal_asked_with_a_bare_yes_or_no_asks_permission(question: str) -> None:
    assert answer_rule("permission").search(question)


@pytest.mark.parametrize("question", ["这个规定现在还执行吗？", "那条线路还运行吗？"])
def test_a_verb_ending_in_行_asks_no_permission(question: str) -> None:
    assert not answer_rule("permission").search(question)


def test_two_questions_asking_figures_take_the_units_of_either(gazetteer: Gazetteer) -> None:
    understood = understand("东江干流边上，多大范围内不能新建垃圾堆放场？这个最高水位线按几年一遇算？", [], gazetteer)
    assert understood.expected_units == []  # the first may be answered in any unit of length or area
    assert understood.asked_unit == ""  # 几年 names the unit of the second question only
    both = understand("许可证有效期几年？快到期了要提前多少天申请延续？", [], gazetteer)
    assert {"年", "日"} <= set(both.expected_units)


def test_one_question_keeps_the_unit_it_names(gazetteer: Gazetteer) -> None:
    assert understand("许可证有效期是几年？", [], gazetteer).asked_unit == "年"


@pytest.mark.parametrize(
    "question",
    ["租赁期没满就退租了，押金多少天内要退还？", "聘期还没到就辞职，离任审计报告多长时间内要出来？"],
)
def test_a_period_named_beside_an_asked_deadline_is_not_the_length_asked(gazetteer: Gazetteer, question: str) -> None:
    understood = understand(question, [], gazetteer)
    assert understood.asked_event  # the deadline of an act is asked
    assert understood.named_period == ""  # the period says when the act comes, not what is measured


def test_a_period_asked_by_its_own_noun_is_still_named(gazetteer: Gazetteer) -> None:
    assert understand("租赁期最长可以定几年？", [], gazetteer).named_period == "租赁期"


def test_a_follow_up_naming_another_breach_replaces_the_breach_asked_before(gazetteer: Gazetteer) -> None:
    understood = understand("那要是根本没考过驾驶证就开呢？", ["在上海，开出租车没把驾驶证带在身上，被查到罚多少？"], gazetteer)
    assert "没考过驾驶证" in understood.resolved_question
    assert "带在身上" not in understood.resolved_question and understood.condition == ""


def test_a_follow_up_breaching_the_duty_asked_before_is_a_case_of_it(gazetteer: Gazetteer) -> None:
    understood = understand("要是一直不办呢？", ["在上海，开出租车要办什么证？"], gazetteer)
    assert "出租车" in understood.resolved_question  # no question before named a breach: this one is a case of the duty


@pytest.mark.parametrize("follow_up", ["要是查不到违法所得呢？", "那要是还不交呢？"])
def test_a_follow_up_negating_no_new_act_stays_a_case_of_the_breach_asked(gazetteer: Gazetteer, follow_up: str) -> None:
    understood = understand(follow_up, ["在山东没交采矿权使用费就偷着挖矿，有违法所得的罚多少？"], gazetteer)
    assert understood.condition  # a case of the same breach, asked under it
    assert "偷着挖矿" in understood.resolved_question


@pytest.mark.parametrize(
    ("question", "event"),
    [("见义勇为的事过去多久以内还能申报确认？", "申报确认"), ("离职以后多少天内可以领补偿？", "领补偿")],
)
def test_what_may_be_done_by_a_deadline_is_the_act_after_its_modal(gazetteer: Gazetteer, question: str, event: str) -> None:
    assert understand(question, [], gazetteer).asked_event == event


def test_a_declaration_asked_is_a_submission() -> None:
    assert "submission" in figure_sentence_kinds("多久以内还能申报确认？", "申报确认")


@pytest.mark.parametrize("question", ["码头没按规定装视频监控，要罚多少钱？", "企业依法应当缴纳多少排污费？"])
def test_by_the_rules_is_no_content_word(gazetteer: Gazetteer, question: str) -> None:
    understood = understand(question, [], gazetteer, KeywordTokenizer())
    assert not {"按规定", "依法"} & set(understood.content_words), understood.content_words
    assert understood.content_words  # the words naming the matter stay


@pytest.mark.parametrize(
    ("question", "named", "not_named"),
    [
        ("小区外面的树长得太高，把我家光都挡了，能让人来剪吗？", {"光", "挡", "剪"}, {"能", "让", "人", "来", "高"}),
        ("在重庆寄的信，寄不到又退不回来，最后会怎么处理？", {"寄", "信"}, {"重", "庆", "又", "会"}),  # 退不回来 is the word 退回
        ("在苏州河上跑船，能不能先在桥底下停一会儿？", {"船", "停"}, {"能", "先", "在", "上"}),
    ],
)
def test_a_spoken_question_names_its_matter_with_single_characters(gazetteer: Gazetteer, question: str, named: set[str], not_named: set[str]) -> None:
    morphemes = set(understand(question, [], gazetteer, KeywordTokenizer()).morphemes)
    assert named <= morphemes, morphemes
    assert not morphemes & not_named, morphemes


@pytest.mark.parametrize(
    "question",
    ["浙江的测绘项目没走招投标，承包单位最多能分包出去多少？", "这些企业没签合同，施工方最多能转出去多少？"],
)
def test_a_noun_of_the_case_is_not_what_the_question_counts(question: str) -> None:
    # the phrase holding 多少 names no counted noun: 项目 and 企业 describe the case
    assert not {"个", "项", "家"} & set(expected_units(question)), expected_units(question)


def test_the_nouns_of_the_asking_phrase_still_decide() -> None:
    assert "万元" in expected_units("开一家保安服务公司，注册资本最少要多少？")
    assert "亩" in expected_units("这个开发区，新增用地要多少？")


def test_a_follow_up_naming_one_character_keeps_it_as_its_condition(gazetteer: Gazetteer) -> None:
    follow_up = understand("女的呢？", ["男的多大年龄要参加义务植树？"], gazetteer, KeywordTokenizer())
    assert follow_up.condition_words == ["女"], follow_up.condition_words
    assert "男" in understand("男的多大年龄要参加义务植树？", [], gazetteer, KeywordTokenizer()).morphemes


@pytest.mark.parametrize(
    ("follow_up", "case"),
    [("杭州呢？我们小区有1200户。", "1200户"), ("那宁波呢？我家店面积有三百平方米。", "三百平方米")],
)
def test_a_place_follow_up_with_the_askers_case_asks_the_question_there_for_that_case(gazetteer: Gazetteer, follow_up: str, case: str) -> None:
    understood = understand(follow_up, ["住宅小区超过500户的，物业用房要配多少平方米？"], gazetteer)
    assert understood.is_follow_up and understood.figure_intent  # the question before, asked again
    assert "物业用房" in understood.resolved_question and case in understood.resolved_question
    assert understood.regions[0] in ("杭州市", "宁波市")


@pytest.mark.parametrize("question", ["情况比较复杂的，审查期限多长？", "情节比较轻的，罚多少？", "这个问题比较急，几天内能办完？"])
def test_比较_before_an_adjective_is_a_degree_not_a_comparison(gazetteer: Gazetteer, question: str) -> None:
    assert not understand(question, [], gazetteer).is_comparison


def test_比较_as_a_verb_still_compares(gazetteer: Gazetteer) -> None:
    assert understand("比较一下杭州和宁波的物业用房配置标准", [], gazetteer).is_comparison


@pytest.mark.parametrize("question", ["食品违法的情节严重，货值、持续时间和发病人数分别是多少？", "对单位和个人分别罚多少？"])
def test_分别_after_the_things_it_lists_compares_no_places(gazetteer: Gazetteer, question: str) -> None:
    assert not understand(question, [], gazetteer).is_comparison


@pytest.mark.parametrize("question", ["杭州和宁波的物业用房分别怎么配？", "各地的补贴标准分别是多少？", "这几个地方分别罚多少？"])
def test_分别_of_places_still_compares(gazetteer: Gazetteer, question: str) -> None:
    assert understand(question, [], gazetteer).is_comparison


@pytest.mark.parametrize("follow_up", ["要是情况特殊，十五天审不完呢？", "如果事情太多，一个月办不完呢？"])
def test_a_period_that_is_not_enough_is_a_case_of_the_asked_deadline_not_a_breach(gazetteer: Gazetteer, follow_up: str) -> None:
    understood = understand(follow_up, ["在北京申请开办民办学校，教育部门多少天内要审查完？"], gazetteer)
    assert understood.figure_intent and not understood.asks_penalty  # the length asked, under that case
    assert understood.condition and "民办学校" in understood.resolved_question


@pytest.mark.parametrize(
    ("question", "ruled_out", "kept"),
    [
        ("在杭州盖一栋普通住宅楼，不是成片开发的小区，也必须请监理吗？", {"成片开发", "小区"}, {"住宅楼", "监理"}),
        ("我开的店并非连锁经营的，也要办这个备案吗？", {"连锁", "连锁经营"}, {"备案"}),
    ],
)
def test_what_the_question_rules_out_is_no_content_word(gazetteer: Gazetteer, question: str, ruled_out: set[str], kept: set[str]) -> None:
    understood = understand(question, [], gazetteer, KeywordTokenizer())
    assert not ruled_out & set(understood.content_words), understood.content_words
    assert kept <= set(understood.content_words), understood.content_words


@pytest.mark.parametrize(
    ("follow_up", "previous", "fresh"),
    [
        ("那履约保证金呢？", "在杭州招标，投标保证金最多能收多少？", ["履约"]),
        ("那基本医疗保险呢？", "职工基本养老保险累计缴费满多少年才能按月领取？", ["医疗保险"]),
    ],
)
def test_a_follow_up_names_anew_what_the_answer_must_speak_of(gazetteer: Gazetteer, follow_up: str, previous: str, fresh: list[str]) -> None:
    understood = understand(follow_up, [previous], gazetteer, KeywordTokenizer())
    assert understood.fresh_words == fresh, understood.fresh_words
    assert understand(previous, [], gazetteer, KeywordTokenizer()).fresh_words == []  # a question of its own adds to no frame


def test_a_follow_up_naming_only_a_place_names_no_fresh_words(gazetteer: Gazetteer) -> None:
    assert understand("那宁波呢？", ["在杭州招标，投标保证金最多能收多少？"], gazetteer, KeywordTokenizer()).fresh_words == []


@pytest.mark.parametrize(
    ("question", "completed"),
    [
        ("借给朋友的押金收不回来了，该找谁？", "收回"),
        ("工厂排放的废气一直达不到标准怎么办？", "达到"),
        ("寄出去的包裹退不回来，快递公司怎么处理？", "退回"),
    ],
)
def test_a_negated_potential_complement_reads_as_the_act_it_cannot_complete(gazetteer: Gazetteer, question: str, completed: str) -> None:
    understood = understand(question, [], gazetteer, KeywordTokenizer())
    assert completed in understood.search_tokens, understood.search_tokens
    assert not {"回来", "不到"} & set(understood.content_words), understood.content_words


@pytest.mark.parametrize("question", ["工作不到一年能休年假吗？", "孩子不到十六周岁能打工吗？", "报名人数不下二十人的班要备案吗？"])
def test_不到_before_a_number_stays_a_quantity(gazetteer: Gazetteer, question: str) -> None:
    understood = understand(question, [], gazetteer, KeywordTokenizer())
    assert not {"作到", "子到", "数下"} & set(understood.search_tokens), understood.search_tokens


@pytest.mark.parametrize(
    ("question", "words", "not_words"),
    [
        ("修好以后我们能不能自己用一段时间？", {"自己"}, {"不能自己"}),  # jieba's 不能自己 (an idiom) is no word of the question
        ("路边摆摊，城管管不管？", {"城管", "摆摊"}, {"不管", "管管"}),
    ],
)
def test_a_verb_affirmed_and_negated_asks_yes_or_no_and_names_no_word(gazetteer: Gazetteer, question: str, words: set[str], not_words: set[str]) -> None:
    content_words = set(understand(question, [], gazetteer, KeywordTokenizer()).content_words)
    assert words <= content_words and not not_words & content_words, content_words


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("低保户家里有人出去上班了，工资算不算收入？", {"上班", "工资"}),
        ("借出去的展品多久要还回来？", {"展品"}),
    ],
)
def test_the_direction_a_spoken_verb_takes_names_no_matter(gazetteer: Gazetteer, question: str, kept: set[str]) -> None:
    understood = understand(question, [], gazetteer, KeywordTokenizer())
    assert not {"出去", "回来", "出口"} & (set(understood.content_words) | set(understood.search_tokens)), understood.content_words
    assert kept <= set(understood.content_words), understood.content_words


@pytest.mark.parametrize("question", ["北京的规定和国务院的条例在罚款上有什么不一样？", "河南的条例和国务院的实施条例规定一样吗？"])
def test_a_place_set_beside_the_national_issuer_compares_with_the_national_rule(gazetteer: Gazetteer, question: str) -> None:
    understood = understand(question, [], gazetteer)
    assert understood.is_comparison and "全国" in understood.regions and len(understood.regions) == 2, understood.regions


@pytest.mark.parametrize("question", ["上海的地方标准发布后，多少天之内要报国务院备案？", "浙江设立自然保护区要经国务院批准吗？", "杭州的这个事归国务院有关部门管吗？"])
def test_the_national_issuer_as_a_body_acting_is_no_place_asked(gazetteer: Gazetteer, question: str) -> None:
    understood = understand(question, [], gazetteer)
    assert "全国" not in understood.regions and not understood.is_comparison, understood.regions


@pytest.mark.parametrize("question", ["杭州和宁波的物业用房标准一样吗？", "这两个地方的规定有什么不同？", "郑州的罚款和洛阳的是否一样"])
def test_asking_whether_rules_are_alike_compares(gazetteer: Gazetteer, question: str) -> None:
    assert understand(question, [], gazetteer).is_comparison


@pytest.mark.parametrize("question", ["大型矿山划定矿区范围后给多长保留期？", "取水许可给多长有效期？", "这个证给多长的使用期限？"])
def test_how_long_before_a_period_noun_asks_a_duration(question: str) -> None:
    units = expected_units(question)
    assert "年" in units and "米" not in units, units


@pytest.mark.parametrize("question", ["围挡要砌多长？", "护栏多长的距离要设一个警示牌？"])
def test_how_long_before_no_period_noun_asks_a_length(question: str) -> None:
    assert "米" in expected_units(question), expected_units(question)


@pytest.mark.parametrize("question", ["评审至少得请几位专家？", "调解委员会要有几位委员？"])
def test_people_counted_politely_are_counted_as_texts_count_them(question: str) -> None:
    assert {"名", "人"} <= set(expected_units(question)), expected_units(question)


@pytest.mark.parametrize("question", ["山东邮政局接到用户投诉，必须几天之内答复？", "物业公司应当在多少日以内答复业主？"])
def test_the_duty_and_bound_a_deadline_is_asked_with_name_no_matter(gazetteer: Gazetteer, question: str) -> None:
    words = set(understand(question, [], gazetteer, KeywordTokenizer()).content_words)
    assert not words & {"必须", "应当", "之内", "以内"}, words
    assert "答复" in words, words
