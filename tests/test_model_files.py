"""Broken model folders: a cdsnlp error naming the path and how to retrain,
never a crash (crfsuite itself does not check a model file: a truncated one
brings the whole process down, which is why these run in the test process:
a segfault would fail the suite)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cdsnlp import Extractor
from cdsnlp.model_store import default_model_dir
from cdsnlp.tagger.crf import CRFTagger, ModelLoadError, check_model_file

SHIPPED = default_model_dir()


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    d = tmp_path / "mymodel"
    shutil.copytree(SHIPPED, d)
    return d


def _load_error(d: Path) -> str:
    with pytest.raises(ModelLoadError) as info:
        CRFTagger.load(d)
    msg = str(info.value)
    assert "cdsnlp train" in msg  # says how to retrain
    return msg


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b[:20], id="shorter-than-header"),
        pytest.param(lambda b: b[:100], id="truncated-100"),
        pytest.param(lambda b: b[: len(b) // 2], id="truncated-half"),
        pytest.param(lambda b: b[:-10], id="truncated-end"),
        pytest.param(lambda b: b + b"extra", id="appended"),
        pytest.param(lambda b: os.urandom(len(b)), id="random-bytes"),
        pytest.param(lambda b: b"PK\x03\x04" + b[4:], id="foreign-magic"),
        pytest.param(lambda b: b[:8] + b"XXXX" + b[12:], id="foreign-type"),
        pytest.param(lambda b: b[:36] + (10**9).to_bytes(4, "little") + b[40:], id="bad-offset"),
    ],
)
def test_a_damaged_model_file_is_a_clear_error(model_copy, damage):
    f = model_copy / "model.crfsuite"
    f.write_bytes(damage(f.read_bytes()))
    msg = _load_error(model_copy)
    assert str(f) in msg


def test_a_foreign_file_in_place_of_the_model(model_copy, tmp_path):
    (model_copy / "model.crfsuite").write_text("# not a model\n" * 100, encoding="utf-8")
    assert "not a CRFsuite model" in _load_error(model_copy)


@pytest.mark.parametrize("missing", ["model.crfsuite", "config.json"])
def test_a_missing_file_is_named(model_copy, missing):
    (model_copy / missing).unlink()
    assert missing in _load_error(model_copy)


@pytest.mark.parametrize(
    "config, says",
    [
        ('{"features": ', "not valid JSON"),
        ("\xff\xfe garbage", "not valid JSON"),
        ("[1, 2]", "no 'features'"),
        ('{"labels": []}', "no 'features'"),
        ('{"features": {"window": 2, "hyperdrive": true}, "cdsnlp_version": "9.9.9"}', "9.9.9"),
        ('{"features": {"window": "two"}}', "'window'"),
        ('{"features": {"window": 100000}}', "'window'"),
        ('{"features": {"bigrams": "yes"}}', "'bigrams'"),
        ('{"features": {}, "labels": "B-X"}', "'labels'"),
        ('{"features": {}, "model_sha256": 5}', "model_sha256"),
    ],
)
def test_a_malformed_or_other_version_config_is_a_clear_error(model_copy, config, says):
    cfg = model_copy / "config.json"
    cfg.write_bytes(config.encode("utf-8", "surrogateescape") if "\xff" not in config else b"\xff\xfe garbage")
    msg = _load_error(model_copy)
    assert str(cfg) in msg and says in msg


def test_a_checksum_in_the_config_is_checked(model_copy):
    cfg = model_copy / "config.json"
    meta = json.loads(cfg.read_text(encoding="utf-8"))
    digest = hashlib.sha256((model_copy / "model.crfsuite").read_bytes()).hexdigest()
    cfg.write_text(json.dumps({**meta, "model_sha256": digest}), encoding="utf-8")
    assert CRFTagger.load(model_copy).tag  # the right checksum loads
    cfg.write_text(json.dumps({**meta, "model_sha256": "0" * 64}), encoding="utf-8")
    assert "SHA-256" in _load_error(model_copy)
    check_model_file(model_copy / "model.crfsuite", digest)


def test_the_api_and_the_cli_report_a_broken_model_with_its_path(model_copy):
    f = model_copy / "model.crfsuite"
    f.write_bytes(f.read_bytes()[:5000])
    with pytest.raises(ModelLoadError, match="truncated"):
        Extractor(model_copy)
    proc = subprocess.run([sys.executable, "-m", "cdsnlp.cli", "extract", "--model", str(model_copy)], input="Ông Nguyễn Văn An.",
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert str(f) in proc.stderr and "cdsnlp train" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("table", ["../../etc/passwd", "no_such_table.txt", "agencies.json"])
def test_a_config_naming_a_missing_or_foreign_cluster_table_is_a_clear_error(model_copy, table):
    import json

    cfg = model_copy / "config.json"
    meta = json.loads(cfg.read_text(encoding="utf-8"))
    meta["features"]["clusters"] = table
    cfg.write_text(json.dumps(meta), encoding="utf-8")
    assert "word-cluster table" in _load_error(model_copy)


def _trained(tmp_path: Path) -> Path:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    xs = [[{"w=Bộ": 1.0, "sh=Xx": 1.0}, {"w=tài chính": 1.0, "=|:": 1.0}], [{"w=ngày": 1.0}, {"d=6/6": 1.0, "bias": 1.0}]]
    for x, y in zip(xs, [["B-AGENCY", "I-AGENCY"], ["B-DATE", "I-DATE"]], strict=True):
        trainer.append(x, y)
    trainer.set_params({"max_iterations": 5})
    path = tmp_path / "tiny.crfsuite"
    trainer.train(str(path))
    return path


def test_labels_and_attribute_names_are_the_ones_crfsuite_reports(tmp_path):
    import pycrfsuite

    from cdsnlp.tagger.crf import model_dictionaries

    for path in (SHIPPED / "model.crfsuite", _trained(tmp_path)):
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        labels, attributes = model_dictionaries(path)
        assert [x.decode() for x in labels] == tagger.labels()
        want = frozenset(a.encode("utf-8") for a in tagger.info().attributes)
        assert attributes == want and len(want) > 3


@pytest.mark.parametrize("chunk", [32, 36], ids=["labels", "attributes"])
@pytest.mark.parametrize(
    "field, value",
    [(0, b"XXXX"), (16, (10**8).to_bytes(4, "little")), (20, (10**8).to_bytes(4, "little")), (12, b"\0\0\0\0")],
    ids=["chunk-id", "count", "array-offset", "byte-order"],
)
def test_a_damaged_dictionary_is_a_clear_error(model_copy, chunk, field, value):
    import struct

    cfg = model_copy / "config.json"
    meta = json.loads(cfg.read_text(encoding="utf-8"))
    meta.pop("model_sha256", None)  # the checksum would catch the damage first
    cfg.write_text(json.dumps(meta), encoding="utf-8")
    f = model_copy / "model.crfsuite"
    data = bytearray(f.read_bytes())
    base = struct.unpack_from("<I", data, chunk)[0]  # the dictionary's offset in the header
    data[base + field : base + field + 4] = value
    f.write_bytes(bytes(data))
    assert str(f) in _load_error(model_copy)
