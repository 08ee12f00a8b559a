"""The CRF sequence tagger at run time: loads a trained model directory and
tags documents. Training lives in :mod:`cdsnlp.tagger.training`.

A model directory holds ``model.crfsuite`` (python-crfsuite's binary, written
by sklearn-crfsuite) and ``config.json`` (feature configuration and labels).
Loading needs only python-crfsuite, so it is fast and offline.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import struct
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..annotation.iob import iob_to_spans, spans_to_iob
from ..resources import resource_exists
from ..tokenizer import Token, sentences
from .features import FeatureConfig, FeatureExtractor


class ModelLoadError(RuntimeError):
    """A model directory that is missing or unreadable."""


# sentences of at most this many tokens are tagged once per document when repeated;
# the memo holds at most _REPEAT_MEMO_MAX of them (a bound on memory, not a tuning knob)
_REPEAT_MAX_TOKENS = 12
_REPEAT_MEMO_MAX = 20_000
RETRAIN = "retrain it with `cdsnlp train --out DIR` or pass another --model (see `cdsnlp models`)"
# crfsuite's model header: magic, file size, type, version, counts and the
# offsets of its five chunks. crfsuite reads a model by these offsets without
# checking them (a truncated file crashes the process), so they are checked here.
_HEADER = struct.Struct("<4sI4sI3I5I")
_CONFIG_KEYS = {f.name for f in dataclasses.fields(FeatureConfig) if f.init}


def check_model_file(path: Path, sha256: str | None = None) -> None:
    """Raise :class:`ModelLoadError` unless ``path`` is a whole CRFsuite model
    (and has the SHA-256 its config names, when it names one)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(_HEADER.size)
    except OSError as exc:
        raise ModelLoadError(f"{path}: cannot read the model ({exc.strerror or exc}); {RETRAIN}") from None
    if len(head) < _HEADER.size:
        raise ModelLoadError(f"{path}: not a CRFsuite model ({size} bytes, shorter than its header); {RETRAIN}")
    magic, total, kind, _version, _nf, _nl, _na, *offsets = _HEADER.unpack(head)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ModelLoadError(f"{path}: not a CRFsuite model (it starts with {head[:8]!r}); {RETRAIN}")
    if total != size:
        raise ModelLoadError(f"{path}: truncated or damaged (its header says {total} bytes, the file has {size}); {RETRAIN}")
    if not all(_HEADER.size <= off <= size for off in offsets):
        raise ModelLoadError(f"{path}: damaged (a chunk offset points outside the file); {RETRAIN}")
    if sha256 is not None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha256:
            raise ModelLoadError(f"{path}: its SHA-256 is not the one config.json names (the file was changed or damaged); {RETRAIN}")


_CQDB = struct.Struct("<4s5I")  # chunk id, size, flags, byte-order mark, number of ids, offset of the id -> key array
_CQDB_ORDER = 0x62445371
_RECORD = struct.Struct("<iI")  # id, key size (with its final NUL)


def model_dictionaries(path: Path) -> tuple[list[bytes], frozenset[bytes]]:
    """The label names and the attribute (feature) names of a CRFsuite model,
    read from its two dictionaries (CQDB chunks: an array from id to key
    record). Used instead of ``Tagger.info()``, which writes the whole model
    out as text and parses it back (50 ms of every model load), and checked,
    because crfsuite reads a damaged dictionary without checking it."""
    data = path.read_bytes()
    header = _HEADER.unpack_from(data)  # checked by check_model_file
    return _cqdb_keys(data, header[8], path), frozenset(_cqdb_keys(data, header[9], path))


def _cqdb_keys(data: bytes, base: int, path: Path) -> list[bytes]:
    damaged = ModelLoadError(f"{path}: damaged (a dictionary of the model cannot be read); {RETRAIN}")
    if base + _CQDB.size > len(data):
        raise damaged
    chunk, size, _flags, order, count, array = _CQDB.unpack_from(data, base)
    if chunk != b"CQDB" or order != _CQDB_ORDER or base + size > len(data) or array + 4 * count > size:
        raise damaged
    keys = []
    for (record,) in struct.iter_unpack("<I", data[base + array : base + array + 4 * count]):
        if record == 0:  # an id without a key
            continue
        if record + _RECORD.size > size:
            raise damaged
        _id, ksize = _RECORD.unpack_from(data, base + record)
        if ksize == 0 or record + _RECORD.size + ksize > size:
            raise damaged
        at = base + record + _RECORD.size
        keys.append(data[at : at + ksize - 1])
    return keys


def read_config(cfg_file: Path) -> tuple[FeatureConfig, dict[str, Any]]:
    """The feature configuration and metadata of a model's ``config.json``,
    or :class:`ModelLoadError` saying what is wrong with it."""
    try:
        meta = json.loads(cfg_file.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise ModelLoadError(f"{cfg_file}: cannot read ({exc.strerror or exc}); {RETRAIN}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelLoadError(f"{cfg_file}: not valid JSON ({exc}); {RETRAIN}") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("features"), dict):
        raise ModelLoadError(f"{cfg_file}: no 'features' object: not the config of a cdsnlp model; {RETRAIN}")
    features = meta["features"]
    version = meta.get("cdsnlp_version", "unknown")
    unknown = sorted(set(features) - _CONFIG_KEYS)
    if unknown:
        raise ModelLoadError(f"{cfg_file}: features {unknown} are unknown to this cdsnlp (the model was written by cdsnlp {version}); {RETRAIN}")
    for key, value in features.items():
        want = int if key == "window" else str if key == "clusters" else bool
        if type(value) is not want or (key == "window" and not 0 <= value <= 10):
            raise ModelLoadError(f"{cfg_file}: feature {key!r} = {value!r} is not a valid setting (cdsnlp {version}); {RETRAIN}")
    table = features.get("clusters")
    if table and not (re.fullmatch(r"[\w.-]+\.txt", table) and resource_exists(table)):
        raise ModelLoadError(f"{cfg_file}: its word-cluster table {table!r} is not a file of cdsnlp/resources (cdsnlp {version}); {RETRAIN}")
    labels = meta.get("labels")
    if labels is not None and (not isinstance(labels, list) or not all(isinstance(x, str) for x in labels)):
        raise ModelLoadError(f"{cfg_file}: 'labels' is not a list of tags; {RETRAIN}")
    sha = meta.get("model_sha256")
    if sha is not None and not isinstance(sha, str):
        raise ModelLoadError(f"{cfg_file}: 'model_sha256' is not a string; {RETRAIN}")
    return FeatureConfig(**features), meta


class CRFTagger:
    """Tags tokens with IOB2 labels using a trained CRF."""

    def __init__(self, model_file: Path, config: FeatureConfig, meta: dict[str, Any]) -> None:
        import pycrfsuite

        self.config = config
        self.meta = meta
        check_model_file(model_file, meta.get("model_sha256"))
        # only the attribute names the model has weights for are built at run
        # time: the same predictions, far fewer lookups inside crfsuite. Read
        # before crfsuite opens the file: a damaged dictionary would crash it.
        _labels, known = model_dictionaries(model_file)
        self._tagger = pycrfsuite.Tagger()
        self._lock = threading.Lock()
        try:
            self._tagger.open(str(model_file))
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"{model_file}: cannot open the CRF model ({exc}); {RETRAIN}") from None
        self.features = FeatureExtractor(config, known)

    @classmethod
    def load(cls, directory: str | Path) -> CRFTagger:
        """Load a model directory written by ``training/train.py``."""
        d = Path(directory)
        cfg_file, model_file = d / "config.json", d / "model.crfsuite"
        if not cfg_file.is_file() or not model_file.is_file():
            missing = [f.name for f in (cfg_file, model_file) if not f.is_file()]
            raise ModelLoadError(f"{d} is not a cdsnlp model directory (missing {', '.join(missing)}); {RETRAIN}")
        config, meta = read_config(cfg_file)
        return cls(model_file, config, meta)

    def document_features(self, text: str, tokens: Sequence[Token], rule_spans: Sequence[tuple[int, int, str]]) -> list[list[list[bytes]]]:
        """Feature sequences of one document, one per sentence."""
        rule_tags = spans_to_iob(tokens, rule_spans) if self.config.rule_tags else None
        extra = None
        if self.config.underthesea:
            from .underthesea_features import underthesea_features

            extra = underthesea_features(text, tokens)
        words = [t.text for t in tokens]
        return [
            self.features(words[a:b], rule_tags[a:b] if rule_tags else None, extra[a:b] if extra else None)
            for a, b in sentences(tokens, text)
        ]

    def tag(self, text: str, tokens: Sequence[Token], rule_spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Entity spans (character offsets into ``text``) predicted for ``tokens``."""
        if not tokens:
            return []
        return iob_to_spans(tokens, self.tags(text, tokens, rule_spans))

    def tag_scored(
        self, text: str, tokens: Sequence[Token], rule_spans: Sequence[tuple[int, int, str]]
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, float]]]:
        """:meth:`tag` and (token index, marginal probability of its tag) of
        every token not tagged ``O``: see :mod:`cdsnlp.confidence`."""
        if not tokens:
            return [], []
        marginals: list[tuple[int, float]] = []
        tags = self.tags(text, tokens, rule_spans, marginals)
        return iob_to_spans(tokens, tags), marginals

    def tags(
        self, text: str, tokens: Sequence[Token], rule_spans: Sequence[tuple[int, int, str]], marginals: list[tuple[int, float]] | None = None
    ) -> list[str]:
        """The IOB2 tag of every token. Each sentence's features are built and
        tagged in turn, so only one sentence's feature lists exist at a time.

        With a ``marginals`` list, (token index, P(y_i = tag_i | x)) of each
        token tagged B- or I- is appended to it (crfsuite's forward-backward,
        run only for sentences with such a tag)."""
        rule_tags = spans_to_iob(tokens, rule_spans) if self.config.rule_tags else None
        extra = None
        if self.config.underthesea:
            from .underthesea_features import underthesea_features

            extra = underthesea_features(text, tokens)
        words = [t.text for t in tokens]
        features, tag = self.features, self._tagger.tag
        tags: list[str] = []
        marginal = self._tagger.marginal
        # A short sentence written again in the document (menu items, table
        # rows, «TP.» or «a» lines repeated) has the same features and so the
        # same tags and marginals: it is tagged once per call.
        seen: dict[tuple, tuple[list[str], list[tuple[int, float]]]] = {}
        for a, b in sentences(tokens, text):
            key = None
            if b - a <= _REPEAT_MAX_TOKENS:
                key = (tuple(words[a:b]), tuple(rule_tags[a:b]) if rule_tags else None, tuple(extra[a:b]) if extra else None)
                hit = seen.get(key)
                if hit is not None:
                    tags += hit[0]
                    if marginals is not None:
                        marginals += [(a + i, p) for i, p in hit[1]]
                    continue
            feats = features(words[a:b], rule_tags[a:b] if rule_tags else None, extra[a:b] if extra else None)
            # crfsuite's tagger holds the last tagged sentence for marginal():
            # a thread tagging between another's tag() and marginal() gave it
            # wrong scores, so the two run under one lock per model
            local: list[tuple[int, float]] = []
            with self._lock:
                seq = tag(feats)
                if marginals is not None and seq.count("O") != len(seq):
                    # the tagger still holds this sentence: its marginals are computed on first call
                    local = [(i, marginal(t, i)) for i, t in enumerate(seq) if t != "O"]
            if marginals is not None:
                marginals += [(a + i, p) for i, p in local]
            if key is not None and len(seen) < _REPEAT_MEMO_MAX:
                seen[key] = (seq, local)
            tags += seq
        return tags

    def explain(self, top: int = 20) -> dict[str, list[tuple[str, float]]]:
        """The strongest transitions and state features of the model."""
        info = self._tagger.info()
        trans = sorted(info.transitions.items(), key=lambda kv: -abs(kv[1]))[:top]
        state = sorted(info.state_features.items(), key=lambda kv: -abs(kv[1]))[:top]
        return {
            "transitions": [(f"{a} -> {b}", w) for (a, b), w in trans],
            "state_features": [(f"{feat} => {label}", w) for (feat, label), w in state],
        }
