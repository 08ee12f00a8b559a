"""The end-of-phrase shortcuts of the metric linker give what the regex searches
they stand in for give (they only skip searches that cannot match)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cdsnlp.structure import metrics as M

# pieces the patterns care about, with case, spacing and line breaks
_PIECES = ["đạt", "Đạt", "là", "chiếm", "tăng", "giảm thêm", "cao hơn", "Gấp", "xuống", "còn", "phấn đấu", "chỉ", "ở mức", "lên tới", "LÊN TỚI", "lên", "tăng", "giảm", "bố trí", "đóng góp", ":", "khoảng",
           "Khoảng", "gần", "hơn", "trên", "tới", "thêm", "mức", "chỉ", "đã", "được", "doanh thu", "tỷ lệ", "số", "Số lượt", "xkhoảng",
           "a)", "1.", "-", "|", "(", "năm 2024", "\n", " ", "  ", "\u00a0", "\t", ",", "x" * 90]
phrases = st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join) | st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(phrases)
def test_verb_start_equals_the_search(phrase):
    assert M._verb_start(phrase) == M._tail_start(M._VERB_END, phrase)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(phrases)
def test_approx_start_equals_the_search(phrase):
    assert M._approx_start(phrase) == M._tail_start(M._APPROX_END, phrase)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(phrases)
def test_label_end_is_what_the_label_pattern_needs(phrase):
    assert M._LABEL.search(phrase) is None or M._label_end(phrase)


def test_shortcuts_on_known_phrases():
    assert M._verb_start("doanh thu của tỉnh đạt khoảng ") == len("doanh thu của tỉnh")
    assert M._verb_start("doanh thu của tỉnh năm ") is None
    assert M._approx_start("tổng số tiền lên tới  ") == len("tổng số tiền")
    assert M._approx_start("thiệt hại ") == len("thiệt hại")
    assert M._label_end("Số lượt truy cập: ") and M._label_end("Tổng vốn:\n") and not M._label_end("Tổng vốn\n: x")


@settings(derandomize=True, max_examples=300, deadline=None)
@given(phrases)
def test_tail_patterns_equal_their_search(phrase):
    for tail in (M._CHANGE, M._SHARE, M._TARGET_ONLY):
        got, want = tail.search(phrase), tail.pattern.search(phrase)
        assert (got and got.span()) == (want and want.span())
