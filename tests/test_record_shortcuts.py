"""Shortcuts of the records stage give what the searches they stand in for give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cdsnlp.structure import agencies as A
from cdsnlp.structure import dateline as DL


class _Indexed(A.Spellings):
    FIND_CHARS = -1  # every text indexed word by word, as before the shortcut


_PIECES = ["SỞ", "Sở", "sở", "TƯ", "Tư", "tư", "PHÁP", "Pháp", "pháp", "xsở", "phápx", "sở2", "²", "ı", "İ", "ſ", "Σ", "TT&TT",
           "UBND", "tỉnh", "TỈNH", "Nam", "NAM", "Định", "ĐỊNH", "và", "VÀ", "(", ")", ".", ",", "-", "_", "1", " ", "  ", "\n", "\t"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join) | st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join)
surfaces = st.lists(st.sampled_from(["SỞ", "TƯ", "PHÁP", "TỈNH", "NAM", "ĐỊNH", "VÀ", "UBND", "TT&TT", "SỞ2", "İ"]), min_size=1, max_size=4).map(" ".join)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(texts, st.lists(surfaces, min_size=1, max_size=4))
def test_find_equals_the_index(text, names):
    found, indexed = A.Spellings(text), _Indexed(text)
    for name in names:  # several names per text: the counts and places are kept between them
        assert found.first_not_caps(name) == indexed.first_not_caps(name)


def test_finds_the_normal_spelling():
    text = "SỞ TƯ PHÁP\nHôm nay, Sở Tư pháp tỉnh họp; xsở tư pháp không tính."
    assert A.Spellings(text).first_not_caps("SỞ TƯ PHÁP") == "Sở Tư pháp"
    assert _Indexed(text).first_not_caps("SỞ TƯ PHÁP") == "Sở Tư pháp"
    assert A.Spellings("SỞ TƯ PHÁP").first_not_caps("SỞ TƯ PHÁP") is None


_FILLER_PIECES = ["08:00", "8h30", "17:02:11", "(GMT+7)", "(gmt + 7)", "Thứ Ba", "thứ  sáu", "Chủ nhật", "ngày", "Ngày", "lúc", "LÚC",
                  "|", ",", "-", "–", "(", ")", ":", ".", " ", "\n", "x", "ngàyx", "1", "123:45", "Hà Nội", "K", "ſ", "²"]
fillers = st.lists(st.sampled_from(_FILLER_PIECES), max_size=12).map("".join) | st.lists(st.sampled_from(_FILLER_PIECES), max_size=12).map(" ".join)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(fillers)
def test_all_filler_is_what_the_substitution_leaves_nothing_of(s):
    assert (DL._ALL_FILLER.fullmatch(s) is not None) == (re.sub(DL._FILLER_ALTS, "", s, flags=re.IGNORECASE) == "")


def _opening_lookaround_scan(words):
    """The whole-word scan as it was written before :func:`actions._whole_word_scan` put each letter first."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    first = "".join(re.escape(c) for c in groups)
    alt = "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in groups.items())
    return rf"(?=[{first}])(?<![^\W_])({alt})(?![^\W_])"


_SCAN_PIECES = ["hội nghị", "Hội Nghị", "HỘI NGHỊ", "hội nghị giao ban", "làm việc với", "kiểm tra", "kiểm", "tra", "khội nghị", "hội nghịx",
                "lễ", "lễ ký kết", "ký kết", "c", "k", "K", "ſ", "_", "2", "đ", "Đ", " ", "\n", ",", "(", "hội", "nghị"]
scan_texts = st.lists(st.sampled_from(_SCAN_PIECES), max_size=25).map("".join) | st.lists(st.sampled_from(_SCAN_PIECES), max_size=20).map(" ".join)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(scan_texts)
def test_letter_first_scans_equal_the_lookaround_scans(text):
    from cdsnlp.structure import actions as Ac

    for key in ("event_kinds", "event_verb_kinds"):
        words = list(Ac._words()[key])
        for flags in (0, re.IGNORECASE):
            got = [(m.span(), m.group(1)) for m in re.finditer(Ac._whole_word_scan(words), text, flags)]
            want = [(m.span(), m.group(1)) for m in re.finditer(_opening_lookaround_scan(words), text, flags)]
            assert got == want


_MARK_PIECES = [".", ";", "\n", " ", "\t", "\u00a0", "TS", "PGS", "TP", "Tp", "TSKH", "BSCKII", "CKI", "NSƯT", "Ths", "S", "K", "(", "a", "1", "420.000",
                "TP.HCM", "x", "\r\n"]
mark_texts = st.lists(st.sampled_from(_MARK_PIECES), max_size=30).map("".join)


@settings(derandomize=True, max_examples=500, deadline=None)
@given(mark_texts)
def test_span_marks_and_boundaries_equal_the_plain_scan(text):
    from cdsnlp.structure import spans as S

    marks = [m.start() for m in re.finditer(r"\.(?=\s|$)|[\n;]", text)]
    assert list(S._marks.__wrapped__(text)) == marks
    for semicolons in (False, True):
        for abbreviations in (False, True):  # the loop _boundaries was: every mark but those the kind skips
            want = [i for i in marks if not (text[i] == ";" and not semicolons)
                    and not (text[i] == "." and abbreviations and _abbreviation_before(text, i))]
            assert list(S._boundaries(text, semicolons, abbreviations)) == want


def _abbreviation_before(text, dot):
    from cdsnlp.resources import load_lines

    words = set(load_lines("dotted_abbreviations.txt"))
    return any(text[a:dot] in words and (a == 0 or text[a - 1].isspace() or text[a - 1] in ".(") for a in range(dot))


@settings(derandomize=True, max_examples=300, deadline=None)
@given(mark_texts, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=8), st.booleans(), st.booleans())
def test_bounds_of_and_the_bounds_one_by_one_follow_the_definition(text, spans, semicolons, abbreviations):
    from cdsnlp.structure import spans as S

    spans = [(min(a, len(text)), min(a + n, len(text))) for a, n in spans]
    one = S.clause_bounds if semicolons else S.sentence_bounds
    cuts = S._boundaries(text, semicolons, abbreviations)

    def plain(a, b):  # the definition: after the last boundary before a (or a full stop just before a), up to the first at or after b
        left = max([c + 1 for c in cuts if c < a], default=0)
        if a and text[a - 1] == ".":
            left = max(left, a)
        return left, min([c for c in cuts if c >= b], default=len(text))

    want = [plain(a, b) for a, b in spans]
    assert S.bounds_of(text, spans, semicolons=semicolons, abbreviations=abbreviations) == want
    assert [one(text, a, b, abbreviations=abbreviations) for a, b in spans] == want


def test_abbreviation_dots_on_known_texts():
    from cdsnlp.structure import spans as S

    for text in ("Đồng chủ trì có PGS.TS. Nguyễn Văn A. Hết", "(TP. Thủ Dầu Một) và TS. B; xTS. C", "TS.\nThS. D. BSCKII. E"):
        marks = [m.start() for m in re.finditer(r"\.(?=\s|$)|[\n;]", text)]
        assert list(S._marks_past_abbreviations(text)) == [i for i in marks if text[i] != "." or not _abbreviation_before(text, i)]


_HEAD_PIECES = ["Trung tâm", "Trung", "tâm", "Sở", "Ban", "Chỉ đạo", "IOC", " ", ",", "-", "2", "Trung tâmx", "xTrung", "\n"]


@settings(derandomize=True, max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_HEAD_PIECES), max_size=10).map("".join) | st.lists(st.sampled_from(_HEAD_PIECES), max_size=8).map(" ".join))
def test_head_once_equals_the_substitution(name):
    assert A._head_once(name) == A._HEAD_TWICE.sub(r"\1", name)


_FIND_KEYS = ("plan_words", "not_plan_words", "event_verbs")


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.data())
def test_window_word_finds_of_the_lowered_text_equal_the_case_insensitive_search(data):
    from cdsnlp.structure import actions as Ac

    words = [w for k in _FIND_KEYS for w in Ac._words()[k]]
    pieces = st.sampled_from([*words, *(w.upper() for w in words), *(w.title() for w in words), "x", "İ", "ı", "ſ", "Σ", "1", ",", "\n"])
    text = data.draw(st.sampled_from(["", " "])).join(data.draw(st.lists(pieces, max_size=12)))
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    for key in _FIND_KEYS:
        got = [m.span() for m in Ac._find_words(key, text, pos, endpos)]
        assert got == [m.span() for m in Ac._word_re(key).finditer(text, pos, endpos)]
