"""Hostile and broken input: each case once, with the exact result expected.

The random search over such inputs is tests/test_properties.py; speed on
adversarial repetitions is benchmarks/adversarial.py (not a timed test).
"""

from __future__ import annotations

import itertools
import json
import unicodedata

import pytest

import cdsnlp
from cdsnlp import Extractor
from cdsnlp.numbers import MAX_DIGITS, parse_number
from cdsnlp.structure.agencies import canonical_name
from cdsnlp.structure.officials import _connects
from cdsnlp.tagger.features import FeatureExtractor
from cdsnlp.textnorm import normalize


def check_offsets(text: str, entities) -> None:
    for e in entities:
        assert text[e.start : e.end] == e.text
    starts = [(e.start, e.end) for e in entities]
    assert starts == sorted(starts)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(starts))


# --- types and empty input ---------------------------------------------------


@pytest.mark.parametrize("bad", [None, 12, b"Ngay 6/6", ["a"], 3.5])
def test_non_str_is_a_type_error_that_says_str(bad):
    for call in (cdsnlp.extract, cdsnlp.analyze, Extractor(None).extract):
        with pytest.raises(TypeError, match="must be str"):
            call(bad)


@pytest.mark.parametrize("blank", ["", " ", "\n\n\t", "\u00a0\u2003", "\u3000"])
def test_empty_or_blank_gives_an_empty_result(blank):
    assert cdsnlp.extract(blank) == []
    doc = cdsnlp.analyze(blank)
    assert (doc.entities, doc.officials, doc.agencies, doc.documents, doc.metrics) == ([], [], [], [], [])


# --- numbers of any length -----------------------------------------------------


def test_numbers_past_the_digit_limit_have_no_value():
    assert parse_number("9" * MAX_DIGITS) == int("9" * MAX_DIGITS)
    assert parse_number("9" * (MAX_DIGITS + 1)) is None
    assert parse_number("1." + "000." * 12 + "000") is None  # 40 digits, grouped
    assert parse_number("3.678") == 3678  # the usual ones still parse


@pytest.mark.parametrize("digits", [31, 5_000, 20_000])
def test_a_huge_number_with_a_unit_keeps_its_span_with_a_null_value(digits):
    number = "9" * digits
    text = f"Doanh thu đạt {number} tỷ đồng trong năm."
    ents = cdsnlp.extract(text)
    check_offsets(text, ents)
    money = [e for e in ents if e.label == "METRIC"]
    assert [e.text for e in money] == [f"{number} tỷ đồng"]
    assert money[0].value["value"] is None and money[0].value["unit"] == "VND"
    json.dumps(cdsnlp.analyze(text).to_dict())  # no inf, no exception


@pytest.mark.parametrize("text", ["Tỷ lệ đạt " + "1" * 40 + "%", "Đạt " + "2" * 50 + "/" + "3" * 50 + " hộ", "Từ " + "5" * 40 + " - " + "6" * 40 + "%"])
def test_huge_percent_ratio_and_range_do_not_raise(text):
    ents = cdsnlp.extract(text)
    check_offsets(text, ents)
    assert any(e.label == "METRIC" for e in ents)


def test_a_number_of_ten_thousand_digits_alone():
    text = "1" * 10_000
    check_offsets(text, cdsnlp.extract(text))


# --- broken and unusual Unicode --------------------------------------------------


def test_lone_surrogates_are_read_as_replacement_characters():
    base = "Ngày 6/6/2023, Bộ trưởng Nguyễn Văn An làm việc với Bộ Tài chính."
    broken = base.replace("Văn An", "Văn An\ud800")
    replaced = broken.replace("\ud800", "\ufffd")
    got = cdsnlp.extract(broken)
    check_offsets(broken, got)
    assert [(e.label, e.start, e.end) for e in got] == [(e.label, e.start, e.end) for e in cdsnlp.extract(replaced)]
    assert normalize("a\udfffb").text == "a\ufffdb"
    for lone in ("\ud800", "\udc00" * 5, "\ud83d x \ude00"):
        check_offsets(lone, cdsnlp.extract(lone))
        cdsnlp.analyze(lone)


def test_deep_combining_marks_keep_offsets():
    text = "Ông Nguye\u0302\u0303n" + "\u0301\u0323" * 5_000 + " Văn An, Bộ trưởng Bộ Tài chính, ngày 6/6/2023"
    norm = normalize(text)
    assert norm.to_original(0, len(norm.text)) == (0, len(text))
    ents = cdsnlp.extract(text)
    check_offsets(text, ents)
    assert any(e.label == "DATE" and e.text.endswith("6/6/2023") for e in ents)


@pytest.mark.parametrize(
    "noise",
    ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00a0", "\u2009", "\x00", "\x1b", "\u202e", "&nbsp;", "<b>", "👩\u200d💻", "中文", "ع"],
)
def test_noise_inside_names_and_numbers_keeps_offsets(noise):
    text = f"Ngày 6/6/2023, Bộ trưởng Nguy{noise}ễn Văn An cho biết đạt 3.6{noise}78 tỷ đồng, tăng 33,3%."
    ents = cdsnlp.extract(text)
    check_offsets(text, ents)
    assert any(e.label == "DATE" for e in ents)
    cdsnlp.analyze(text)


def test_nfd_and_old_style_tones_give_the_nfc_entities_at_original_offsets():
    nfc = "Ngày 6/6/2023, Thủ tướng Phạm Minh Chính chủ trì cuộc họp với Ủy ban nhân dân tỉnh Hòa Bình."
    for variant in (unicodedata.normalize("NFD", nfc), nfc.replace("Hòa", "Hoà").replace("Ủy", "Uỷ")):
        ents = cdsnlp.extract(variant)
        check_offsets(variant, ents)
        assert [e.label for e in ents] == [e.label for e in cdsnlp.extract(nfc)]


def test_a_line_of_100000_characters_without_a_space():
    for text in ("a" * 100_000, "Nguyễn" * 16_000, "1/" * 50_000, ("a." * 50_000) + " Bộ Tài chính"):
        check_offsets(text, cdsnlp.extract(text))


# --- state that must not leak between calls ------------------------------------------


def test_results_do_not_depend_on_what_was_processed_before():
    target = "Ngày 6/6/2023, Bộ trưởng Nguyễn Văn An ký Quyết định số 01/QĐ-BTC, đạt 3.678 tỷ đồng."
    fresh = [e.to_dict() for e in Extractor().extract(target)]
    ex = Extractor()
    for other in ("x" * 5_000, "Nguyễn " * 3_000, "a.b." * 2_000, "\ud800 1 - 1 - 1", target.upper()):
        ex.extract(other)
    assert [e.to_dict() for e in ex.extract(target)] == fresh


def test_long_words_are_not_kept_in_the_feature_cache():
    ex = Extractor()
    features = ex.tagger.features
    long_word = "Bộ" + "a" * 5_000
    ex.extract(f"Ông {long_word} và ông Nguyễn Văn An.")
    assert long_word not in features._words
    assert "Nguyễn" in features._words
    assert max(len(w) for w in features._words) <= FeatureExtractor._MAX_CACHED_LEN


# --- linking on long and repetitive input ----------------------------------------


def test_connector_of_many_honorifics_is_still_a_connector():
    text = "Ông An, GS.TS. PGS.TS. ông Bình"
    assert _connects(text, 6, text.index("ông Bình") + 4)
    run = "A" + " GS.TS." * 40 + " x B"  # not a connector (a word among them): answered at once
    assert not _connects(run, 1, len(run) - 1)
    assert not _connects("A" + " " * 200 + "B", 1, 201)


def test_alias_chains_are_followed_but_not_forever():
    aliases = {f"B{i}": f"B{i - 1}" for i in range(1, 1_000)}
    assert canonical_name("B5", aliases) == "B0"
    assert canonical_name("B999", aliases) == "B967"  # 32 steps at most
    cycle = {"X": "Y", "Y": "X"}
    assert canonical_name("X", cycle) == "X"


def test_metric_period_is_found_within_its_clause_in_a_text_without_stops():
    filler = " - ".join(["1"] * 3_000)
    text = f"{filler} quý I/2024 tỷ lệ đạt 33,3%"
    doc = cdsnlp.analyze(text)
    last = doc.metrics[-1]
    assert last.text == "33,3%" and last.period is not None and last.period["text"] == "quý I/2024"


def test_many_officials_in_one_chain_each_get_their_role():
    people = [f"Ông Nguyễn Văn {chr(0x41 + i)}, Giám đốc Sở Tài chính" for i in range(20)]
    doc = cdsnlp.analyze(", ".join(people) + ".")
    named = {o.name: o for o in doc.officials}
    assert len(named) >= 15
    assert all(any(r.title == "Giám đốc" for r in o.roles) for o in named.values())


def test_zero_width_characters_and_soft_hyphens_inside_names_and_numbers_are_read_through():
    clean = "Ngày 6/6/2023, Bộ trưởng Nguyễn Văn An cho biết đạt 3.678 tỷ đồng."
    for ch in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"):
        text = clean.replace("Nguyễn", f"Nguy{ch}ễn").replace("3.678", f"3.6{ch}78").replace("Văn An", f"Văn An{ch}")
        ents = cdsnlp.extract(text)
        check_offsets(text, ents)
        assert [(e.label, dict(e.value)) for e in ents] == [(e.label, dict(e.value)) for e in cdsnlp.extract(clean)]
        official = next(e for e in ents if e.label == "OFFICIAL")
        assert official.text == f"Nguy{ch}ễn Văn An"  # the span holds what was written, not the mark after it


HOSTILE = [
    "\ud800 Ông Nguyễn Văn An, Bộ trưởng Bộ Tài chính, ngày 6/6/2023 đạt " + "9" * 5_000 + " tỷ đồng",
    "Nguy\u200bễn Văn An\u00ad, Giám đốc Sở\u00a0Tài chính <b>ngày</b> 6/6/2023 &nbsp; 👩\u200d💻 中文",
    unicodedata.normalize("NFD", "Thủ tướng Phạm Minh Chính chủ trì, Uỷ ban nhân dân tỉnh Hoà Bình") + "\u0301\u0323" * 200,
    "1 - " * 2_000, "a." * 3_000, "",
]


@pytest.fixture(scope="module")
def nlp():
    return cdsnlp.load()


@pytest.mark.parametrize("text", HOSTILE)
def test_the_spacy_pipeline_takes_hostile_text_with_the_entities_of_extract(nlp, text):
    doc = nlp(text)
    assert len(doc.text) == len(text)
    assert [(e.label_, e.start_char, e.end_char) for e in doc.ents] == [(e.label, e.start, e.end) for e in cdsnlp.extract(text)]
