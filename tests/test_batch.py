"""Extractor.pipe gives what extract gives, in order, in one or two processes."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT

from cdsnlp import Extractor
from cdsnlp.annotation import read_jsonl
from cdsnlp.pipeline import default_extractor


def _texts(n: int) -> list[str]:
    return [d["text"] for d in read_jsonl(ROOT / "data" / "corpus" / "validation.jsonl")][:n]


def test_pipe_in_this_process_equals_extract():
    ex = default_extractor()
    texts = [*_texts(6), "", "Ngày 6/6, Bộ Tài chính họp."]
    ref = date(2023, 1, 1)
    assert list(ex.pipe(texts, batch_size=4, ref_date=ref)) == [ex.extract(t, ref_date=ref) for t in texts]


def test_pipe_in_two_processes_equals_extract():
    ex = Extractor()
    texts = _texts(5)
    assert list(ex.pipe(iter(texts), batch_size=2, n_process=2)) == [ex.extract(t) for t in texts]


def test_pipe_rejects_bad_arguments_at_the_call():
    ex = default_extractor()
    with pytest.raises(ValueError, match="batch_size"):
        ex.pipe(["a"], batch_size=0)
    with pytest.raises(ValueError, match="n_process"):
        ex.pipe(["a"], n_process=0)
    with pytest.raises(TypeError, match="text must be str"):
        list(ex.pipe([b"bytes"]))
