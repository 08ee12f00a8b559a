"""Property-based tests (hypothesis) over generated Vietnamese-like text.

Whatever the text, extract and analyze never raise, every entity's offsets
index the input exactly, entities are sorted and never overlap, and the
result is the same every time and whatever was processed before.

Profiles (environment variable ``CDSNLP_HYPOTHESIS``):

- ``ci`` (default): a bounded number of examples per test, derandomised, so
  the suite is fast and never flaky;
- ``long``: ``CDSNLP_FUZZ_EXAMPLES`` examples per test (default 20,000),
  random, with no deadline: what ``scripts/fuzz.sh`` runs.
"""

from __future__ import annotations

import json
import os
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cdsnlp
from cdsnlp.numbers import parse_number
from cdsnlp.resources import load_json, load_lines
from cdsnlp.textnorm import normalize
from cdsnlp.tokenizer import tokenize

settings.register_profile(
    "ci", max_examples=int(os.environ.get("CDSNLP_CI_EXAMPLES", "60")), deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=int(os.environ.get("CDSNLP_FUZZ_EXAMPLES", "20000")), deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("CDSNLP_HYPOTHESIS", "ci"))

# --- generators ----------------------------------------------------------------

_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
_VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uy", "uô", "ươ", "iê", "ai", "ao", "ay", "oi", "ui"]
_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
_CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]


@st.composite
def syllables(draw) -> str:
    """A syllable with any tone on either vowel (new and old placement), in
    lower, title or upper case, composed (NFC) or decomposed (NFD)."""
    vowel = draw(st.sampled_from(_VOWELS))
    tone = draw(st.sampled_from(_TONES))
    at = draw(st.integers(0, len(vowel) - 1))
    v = vowel[: at + 1] + tone + vowel[at + 1 :]
    s = draw(st.sampled_from(_ONSETS)) + v + draw(st.sampled_from(_CODAS))
    s = draw(st.sampled_from([str.lower, str.title, str.upper]))(s)
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFC", "NFD"])), s)


def _phrases() -> list[str]:
    words = list(load_lines("titles.txt")) + list(load_lines("agency_types.txt")) + list(load_lines("surnames.txt"))
    words += list(load_lines("provinces.txt")) + list(load_lines("honorifics.txt")) + list(load_json("doc_types.json")["type_words"])
    words += ["ngày", "tháng", "năm", "quý", "số", "tỷ đồng", "triệu", "%", "đạt", "tăng", "của", "và", "Địa chỉ:", "Email:", "ĐT:", "thứ", "top"]
    return words


_PHRASES = _phrases()
_GROUPS = st.integers(0, 999).map(lambda n: f"{n:03d}")
numbers = st.one_of(
    st.integers(0, 10**6).map(str),
    st.tuples(st.integers(1, 999), st.lists(_GROUPS, min_size=1, max_size=4)).map(lambda t: ".".join([str(t[0]), *t[1]])),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]}"),
    st.integers(1, 200).map(lambda n: "9" * n),  # past every limit
    st.tuples(st.integers(0, 100), st.integers(0, 100)).map(lambda t: f"{t[0]},{t[1]} - {t[0] + 1},{t[1]}%"),
)
dates = st.one_of(
    st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(1890, 2130)).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}"),
    st.tuples(st.integers(0, 40), st.integers(0, 14)).map(lambda t: f"ngày {t[0]}-{t[1]}"),
    st.tuples(st.integers(1, 31), st.integers(1, 12), st.integers(2000, 2030)).map(lambda t: f"ngày {t[0]} tháng {t[1]} năm {t[2]}"),
    st.tuples(st.sampled_from(["I", "II", "III", "IV", "V", "1", "5"]), st.integers(1990, 2040)).map(lambda t: f"quý {t[0]}/{t[1]}"),
    st.integers(0, 30).map(lambda h: f"{h}h{h:02d}"),
    st.tuples(st.integers(1900, 2100), st.integers(0, 13), st.integers(0, 32)).map(lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
)
codes = st.tuples(
    st.integers(0, 9999), st.sampled_from(["QĐ", "NQ", "TT", "CT", "KH", "CV", "TB", "ND"]), st.sampled_from(["BTC", "UBND", "TW", "TU", "BTTTT", "CĐSQG", "QH15"]),
    st.sampled_from(["/", "-", "/2023/"]),
).map(lambda t: f"{t[0]}{t[3]}{t[1]}-{t[2]}" if t[3] != "-" else f"{t[0]}-{t[1]}/{t[2]}")
punct = st.sampled_from([".", ",", ";", ":", "-", "–", "/", "(", ")", "[", "]", "«", "»", '"', "“", "”", "…", "!", "?", "&", "@", "%", "+"])
html = st.sampled_from(["<b>", "</b>", "<p>", "<br/>", "&amp;", "&nbsp;", "&#8211;", "<script>alert(1)</script>", '<a href="x">', "<!-- -->"])
noise = st.one_of(
    st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff", "\u00a0", "\u2009", "\u3000", "\x00", "\x0b", "\u0301", "\u0323\u0301", "👩\u200d💻", "🇻🇳", "\ud800", "\udfff", "\u202e"]),
    st.characters(codec=None),
    st.text(max_size=3),
)
breaks = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", ""])
pieces = st.one_of(
    syllables(), syllables(), syllables(), st.sampled_from(_PHRASES), numbers, dates, codes, punct, html, noise,
)


@st.composite
def texts(draw, max_pieces: int = 60) -> str:
    """Pieces joined by spaces, line breaks or nothing."""
    out = []
    for p in draw(st.lists(pieces, max_size=max_pieces)):
        out.append(p)
        out.append(draw(breaks))
    return "".join(out)


# --- properties -------------------------------------------------------------------


def assert_valid(text: str, entities) -> None:
    last_end = 0
    for e in entities:
        assert text[e.start : e.end] == e.text, (e, text)
        assert e.start >= last_end, ("overlap or unsorted", entities)
        assert e.label in cdsnlp.LABELS
        json.dumps(e.to_dict())
        last_end = e.end


@given(texts())
def test_extract_offsets_sorted_non_overlapping_deterministic(text):
    first = cdsnlp.extract(text)
    assert_valid(text, first)
    assert cdsnlp.extract(text) == first


@given(texts(max_pieces=30), texts(max_pieces=30))
def test_extract_is_independent_of_what_came_before(a, b):
    alone = cdsnlp.extract(b)
    cdsnlp.extract(a)
    cdsnlp.extract(a + b)
    assert cdsnlp.extract(b) == alone


@given(texts())
def test_analyze_records_point_into_the_text(text):
    doc = cdsnlp.analyze(text)
    assert_valid(text, doc.entities)
    n = len(text)
    for rec in [*doc.officials, *doc.agencies, *doc.documents]:
        for s, e in rec.mentions:
            assert 0 <= s < e <= n
    for m in doc.metrics:
        assert text[m.start : m.end] == m.text
    json.dumps(doc.to_dict())
    assert cdsnlp.analyze(text).to_dict() == doc.to_dict()


@given(texts())
def test_tokens_index_the_text_and_cover_every_non_space(text):
    toks = tokenize(text)
    covered = 0
    for t in toks:
        assert text[t.start : t.end] == t.text and t.start >= covered and t.text
        assert text[covered : t.start].strip() == ""
        covered = t.end
    assert text[covered:].strip() == ""


@given(texts())
def test_normalisation_maps_back_monotonically(text):
    norm = normalize(text)
    starts = [norm._starts[i] if norm._starts else i for i in range(len(norm.text) + 1)]
    assert starts == sorted(starts) and starts[-1] == len(text)
    assert norm._starts is None or all(0 <= s <= len(text) for s in starts)
    norm.text.encode("utf-8")  # no lone surrogate left


@given(st.one_of(st.text(alphabet="0123456789.,%-/ ²³١٢", max_size=80), st.text(max_size=20)))
def test_parse_number_never_raises(s):
    v = parse_number(s)
    assert v is None or isinstance(v, int | float)
