"""Kangxi radicals and CJK compatibility ideographs: folded for search and metadata, verbatim in quotes."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from qa.ingest.documents import ingest_document
from qa.ingest.load import load_file
from qa.settings import Settings
from qa.text.gazetteer import Gazetteer
from qa.text.textnorm import compatibility_share, fold_compatibility_forms, is_compatibility_form

KANGXI_FOR = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
TO_KANGXI = {unified: radical for radical, unified in KANGXI_FOR.items()}


def as_printed_by_a_browser(text: str) -> str:
    """What browser print-to-PDF does: every character that is also a Kangxi radical is stored as the radical."""
    return "".join(TO_KANGXI.get(char, char) for char in text)


@given(st.text(alphabet=st.sampled_from("工业用地比例不低于30%，金华市人民政府⼯⽤⾦⼈⺠⽂⼀\uf900\u2e9f \n")))
def test_folding_keeps_length_and_only_changes_compatibility_forms(text: str) -> None:
    folded = fold_compatibility_forms(text)
    assert len(folded) == len(text)
    for before, after in zip(text, folded):
        assert after == before or (is_compatibility_form(before) and after == unicodedata.normalize("NFKC", before))
    assert not any(is_compatibility_form(char) for char in folded)


def test_share_counts_compatibility_forms_among_cjk_characters() -> None:
    assert compatibility_share("工业用地 30%") == 0.0
    assert compatibility_share("⼯") == 1.0
    assert compatibility_share("abc") == 0.0


def test_a_document_in_kangxi_forms_gets_metadata_and_search_text_but_keeps_verbatim_quotes(tmp_path: Path) -> None:
    plain = (
        "金华市人民政府关于印发金华市工业用地管理办法的通知\n金政发〔2024〕3号\n"
        "一、总体要求\n全市每年出让土地总量中工业用地比例不低于35%。\n二、附则\n本办法自印发之日起施行。\n"
    )
    printed = as_printed_by_a_browser(plain)
    assert printed != plain and len(printed) == len(plain)
    path = tmp_path / "kangxi.txt"
    path.write_text(printed, encoding="utf-8")
    document = ingest_document(load_file(path, tmp_path, Settings()), Settings(), Gazetteer.load())

    assert "金华市" in document.meta.regions
    assert document.meta.doc_number == "金政发〔2024〕3号"
    target = next(clause for clause in document.clauses if "35%" in clause.text)
    assert target.text == printed[target.start : target.end]  # verbatim, offsets right
    assert "工业用地" in target.matching_text() and "工业用地" not in target.text
    figure = next(figure for figure in target.figures if figure.value == 35)
    assert figure.text == printed[figure.start : figure.end]
