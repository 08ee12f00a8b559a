import dataclasses
import datetime as dt
import itertools
import json

import pytest

import cdsnlp
from cdsnlp import Entity

TEXT = (
    "Ngày 20/3/2024, Sở Khoa học và Công nghệ tổ chức hội nghị. "
    "Theo Quyết định số 104/QĐ-UBND ngày 07/02/2023, Sở đạt 18/54 TTHC (33,3%) và xếp thứ 15/20."
)


def test_entities_sorted_non_overlapping_with_exact_offsets():
    ents = cdsnlp.extract(TEXT)
    assert ents, "expected entities"
    for a, b in itertools.pairwise(ents):
        assert a.start < b.start and a.end <= b.start
    for e in ents:
        assert TEXT[e.start : e.end] == e.text
        assert e.label in cdsnlp.LABELS
        assert e.source


def test_entity_is_immutable_and_serialisable():
    e = cdsnlp.extract(TEXT)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.start = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        e.value["start"] = "x"  # type: ignore[index]
    d = e.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert set(d) == {"label", "text", "start", "end", "value", "source", "score"}


def test_entity_rejects_inconsistent_fields():
    with pytest.raises(ValueError):
        Entity("PERSON", "x", 0, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Entity("DATE", "abc", 0, 2)
    with pytest.raises(ValueError):
        Entity("DATE", "", 3, 3)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "không có gì ở đây"])
def test_empty_or_plain_text_gives_empty_result(text):
    assert cdsnlp.extract(text) == []


@pytest.mark.parametrize("bad", [None, 123, b"bytes", ["a"]])
def test_non_string_input_is_a_clear_type_error(bad):
    with pytest.raises(TypeError, match="text must be str"):
        cdsnlp.extract(bad)  # type: ignore[arg-type]


def test_bad_ref_date_is_a_clear_type_error():
    with pytest.raises(TypeError, match="ref_date"):
        cdsnlp.extract(TEXT, ref_date="2024-01-01")  # type: ignore[arg-type]


def test_ref_date_accepts_datetime():
    ents = cdsnlp.extract("Sáng 6.6, Sở họp.", ref_date=dt.datetime(2021, 3, 1, 8, 0))
    assert dict(ents[0].value)["start"] == "2021-06-06"


def test_pathological_input_is_fast_and_safe():
    text = ("1/" * 5000) + ("Quyết định số " * 2000) + ("9" * 10000) + "\x00\ufeff"
    ents = cdsnlp.extract(text)
    for e in ents:
        assert text[e.start : e.end] == e.text
