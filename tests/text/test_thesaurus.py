"""The documents' words for a question's everyday ones: thesaurus synonyms the documents use,
close in embedding, for words the documents never use (real model)."""

from __future__ import annotations

import pytest

from qa.text.gazetteer import Gazetteer
from qa.text.keywords import KeywordTokenizer
from qa.text.thesaurus import Thesaurus
from qa.understand import understand

pytestmark = pytest.mark.model


def counts(written: set[str]):
    """Occurrences as if the documents wrote each of these words often and no other word."""
    return lambda word: 50 if word in written else 0


@pytest.fixture(scope="module")
def similarity(pipeline):
    return pipeline.retriever.word_similarity


@pytest.mark.parametrize(
    ("everyday", "written"),
    [("抽烟", "吸烟"), ("房子", "房屋"), ("小孩", "儿童"), ("饭馆", "饭店")],  # colloquial noun or verb -> the legal word
)
def test_an_everyday_word_the_documents_never_use_is_read_as_their_word(similarity, everyday: str, written: str) -> None:
    thesaurus = Thesaurus(counts({written, "协调"}), similarity, 0.75)
    assert written in thesaurus.variants(everyday)


def test_a_word_the_documents_use_as_much_is_matched_as_it_stands(similarity) -> None:
    assert Thesaurus(counts({"抽烟", "吸烟"}), similarity, 0.75).variants("抽烟") == ()
    assert Thesaurus(lambda word: {"抽烟": 3, "吸烟": 80}.get(word, 0), similarity, 0.75).variants("抽烟") == ("吸烟",)  # far rarer
    assert Thesaurus(lambda word: {"抽烟": 3}.get(word, 0), similarity, 0.75).variants("抽烟") == ()


def test_a_synonym_set_member_far_in_meaning_is_not_offered(similarity) -> None:
    # the thesaurus puts 自己 with 协调 and 和谐 (自己人, "one of us"); a question's 自己 means oneself
    assert Thesaurus(counts({"协调", "和谐"}), similarity, 0.75).variants("自己") == ()


def test_a_word_the_documents_lack_and_the_thesaurus_lacks_gets_nothing(similarity) -> None:
    assert Thesaurus(counts({"电动自行车"}), similarity, 0.75).variants("电瓶车") == ()


def test_understanding_carries_the_variants_into_search_and_matching(similarity) -> None:
    thesaurus = Thesaurus(counts({"吸烟", "公共场所"}), similarity, 0.75)
    understanding = understand("在公共场所抽烟罚多少？", [], Gazetteer.load(), KeywordTokenizer(), thesaurus)
    assert understanding.variants == {"抽烟": ["吸烟"]}
    assert "吸烟" in understanding.search_tokens


@pytest.mark.parametrize(("everyday", "written"), [("养狗", "养犬"), ("遛狗", "遛犬")])
def test_a_compound_is_varied_by_one_characters_synonym(similarity, everyday: str, written: str) -> None:
    assert Thesaurus(counts({written}), similarity, 0.75, 0.9).variants(everyday) == (written,)


def test_a_character_swap_that_changes_the_meaning_is_not_offered(similarity) -> None:
    # 存 and 有 are synonyms as single characters; 留存 (keep) and 留有 (leave behind) are not
    assert Thesaurus(counts({"遗存", "留有"}), similarity, 0.75, 0.9).variants("留存") == ()


@pytest.mark.parametrize("word", ["用地", "企业", "亩均"])
def test_how_often_the_documents_write_a_word_of_two_characters_is_exact(pipeline, word: str) -> None:
    index = pipeline.index
    assert index.occurrences(word) == sum(clause.text.count(word) for clause in index.clauses) > 0


def test_a_word_the_documents_never_write_occurs_nowhere(pipeline) -> None:
    assert pipeline.index.occurrences("遛狗") == 0
    assert pipeline.index.occurrences("工业用地") <= pipeline.index.occurrences("用地")  # longer words: at most their rarest pair


def nearest_of(vocabulary: list[str], similarity):
    """Neighbours as the retriever finds them, over a vocabulary written here."""
    return lambda word: sorted(zip(vocabulary, similarity(word, vocabulary)), key=lambda pair: -pair[1])[:5]


DOCUMENT_WORDS = ["烟花爆竹", "电动车", "犬只", "物业", "楼宇", "排队", "垃圾", "燃气", "罚款", "业主"]


@pytest.mark.parametrize(
    ("everyday", "written"),
    [("鞭炮", "烟花爆竹"), ("电瓶车", "电动车")],  # colloquial names the thesaurus does not link
)
def test_a_word_the_thesaurus_lacks_is_read_as_the_documents_nearest_word(similarity, everyday: str, written: str) -> None:
    thesaurus = Thesaurus(counts(set(DOCUMENT_WORDS)), similarity, 0.75, 0.9, nearest_of(DOCUMENT_WORDS, similarity), 0.8)
    assert thesaurus.variants(everyday)[:1] == (written,)


@pytest.mark.parametrize("everyday", ["楼上", "插队", "加塞"])  # related things (楼宇, 排队), not the same
def test_a_merely_related_document_word_is_not_taken(similarity, everyday: str) -> None:
    thesaurus = Thesaurus(counts(set(DOCUMENT_WORDS)), similarity, 0.75, 0.9, nearest_of(DOCUMENT_WORDS, similarity), 0.8)
    assert thesaurus.variants(everyday) == ()


def test_a_part_of_the_word_is_broader_and_never_taken(similarity) -> None:
    near = lambda word: [("物业", 0.95), ("犬只", 0.1)]  # noqa: E731  物业费 -> 物业 is the whole, not the fee
    assert Thesaurus(counts({"物业"}), similarity, 0.75, 0.9, near, 0.8).variants("物业费") == ()


def test_the_document_vocabulary_is_their_frequent_chinese_words() -> None:
    from qa.text.thesaurus import document_vocabulary

    written = {"烟花爆竹": 120, "罚款": 300, "的": 900, "ABC": 50, "偶见": 2}
    vocabulary = document_vocabulary(list(written), lambda word: written.get(word, 0), size=10)
    assert vocabulary == ["罚款", "烟花爆竹"]  # most frequent first; no single characters, Latin or rare words
    assert document_vocabulary(list(written), lambda word: written.get(word, 0), size=1) == ["罚款"]


def test_the_retriever_reads_a_colloquial_word_as_the_seed_documents_word(pipeline) -> None:
    words, vectors = pipeline.retriever.vocabulary
    assert len(words) == len(vectors) > 100
    assert all(pipeline.index.occurrences(word) >= 10 for word in words)
    assert "企业" in words
    neighbours = dict(pipeline.retriever.vocabulary_neighbours("公司"))
    assert "企业" in neighbours


def test_a_word_the_documents_write_themselves_gets_no_neighbour(similarity) -> None:
    written = {**{word: 50 for word in DOCUMENT_WORDS}, "电瓶车": 12}  # written, if less often than 电动车
    thesaurus = Thesaurus(lambda word: written.get(word, 0), similarity, 0.75, 0.9, nearest_of(DOCUMENT_WORDS, similarity), 0.8)
    assert thesaurus.variants("电瓶车") == ()


def test_only_the_closest_neighbour_is_taken(similarity) -> None:
    # 烟花 is the genus every clause of the topic writes; the closest word is the documents' name for it
    vocabulary = ["燃放烟花", "烟花爆竹", "烟花", "罚款"]
    thesaurus = Thesaurus(counts(set(vocabulary)), similarity, 0.75, 0.9, nearest_of(vocabulary, similarity), 0.8)
    assert len(thesaurus.variants("放鞭炮")) == 1


def test_a_run_of_characters_jieba_does_not_know_is_not_looked_up(similarity) -> None:
    looked_up: list[str] = []

    def near(word: str) -> list[tuple[str, float]]:
        looked_up.append(word)
        return [("烟花爆竹", 0.95)]

    thesaurus = Thesaurus(counts({"烟花爆竹"}), similarity, 0.75, 0.9, near, 0.8)
    assert thesaurus.variants("狗拉屎", nearest=False) == () and looked_up == []
    assert thesaurus.variants("鞭炮") == ("烟花爆竹",) and looked_up == ["鞭炮"]


def test_a_document_word_closer_than_the_thesaurus_sense_is_taken_beside_it(similarity) -> None:
    # the thesaurus puts 驾照 with 行车执照 (a vehicle's licence); the documents' 驾驶证 is closer
    vocabulary = ["驾驶证", "行车执照", "罚款", "车辆"]
    thesaurus = Thesaurus(counts(set(vocabulary)), similarity, 0.75, 0.9, nearest_of(vocabulary, similarity), 0.8)
    assert thesaurus.variants("驾照")[0] == "驾驶证"


def test_a_thesaurus_synonym_closer_than_any_document_word_stands_alone(similarity) -> None:
    vocabulary = ["吸烟", "罚款", "场所"]
    thesaurus = Thesaurus(counts(set(vocabulary)), similarity, 0.75, 0.9, nearest_of(vocabulary, similarity), 0.8)
    assert thesaurus.variants("抽烟") == ("吸烟",)
