from itertools import pairwise

import pytest

from cdsnlp.tokenizer import tokenize


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ngày 27/07/2023, họp", ["Ngày", "27/07/2023", ",", "họp"]),
        ("sáng 6.6 và Chiều 30-11.", ["sáng", "6.6", "và", "Chiều", "30-11", "."]),
        ("số 01/QĐ-BCĐCĐS ngày", ["số", "01/QĐ-BCĐCĐS", "ngày"]),
        ("Nghị quyết 13-NQ/TU.", ["Nghị", "quyết", "13-NQ/TU", "."]),
        ("Thông tư 01/2023/TT-BTTTT;", ["Thông", "tư", "01/2023/TT-BTTTT", ";"]),
        ("3.678 cuộc, 33,3% và 8,3 - 8,5%", ["3.678", "cuộc", ",", "33,3%", "và", "8,3 - 8,5%"]),
        ("GS.VS. Châu, PGS.TS. Anh, TP. Huế", ["GS.VS.", "Châu", ",", "PGS.TS.", "Anh", ",", "TP.", "Huế"]),
        ("Sở KH&CN, Sở TT&TT, Bộ LĐ-TB&XH", ["Sở", "KH&CN", ",", "Sở", "TT&TT", ",", "Bộ", "LĐ-TB&XH"]),
        ("Minh TâmTags:", ["Minh", "Tâm", "Tags", ":"]),
        ("xem baochinhphu.vn hoặc a.b@x.gov.vn", ["xem", "baochinhphu.vn", "hoặc", "a.b@x.gov.vn"]),
        ("lúc 14h30 và 04:16 PM", ["lúc", "14h30", "và", "04:16", "PM"]),
        ("mạng 5G, iOffice, VNeID", ["mạng", "5G", ",", "iOffice", ",", "VNeID"]),
    ],
)
def test_tokenizer_keeps_units_together(text, expected):
    assert [t.text for t in tokenize(text)] == expected


def test_tokenizer_offsets_index_the_text():
    text = "Ngày 27/07/2023, GS.VS. Châu Văn Minh ký 01/QĐ-BCĐCĐS (KH&CN)."
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text


def test_tokenizer_empty_and_whitespace():
    assert tokenize("") == []
    assert tokenize(" \n\t ") == []


@pytest.mark.parametrize(
    "text",
    [
        "Minh TâmTags: Lễ ký kết",  # glued words in the one-pass check
        "Minh TâmTags: 𝐀 Lễ ký kết",  # a character outside the BMP takes the checked path
        "ÔNG TRẦN VĂN AN, Ông Trần Văn An, iOffice và VNeID",  # mixed case that is not glued
        "  đầu dòng\n\ncách  xa\t nhau  ",  # runs of whitespace of every kind
    ],
)
def test_tokenizer_paths_agree_and_leave_no_gaps(text):
    tokens = tokenize(text)
    for tok in tokens:
        assert text[tok.start : tok.end] == tok.text
    # everything between tokens is whitespace: nothing is skipped
    covered = "".join(text[a.end : b.start] for a, b in pairwise(tokens))
    assert covered.strip() == ""
    # the checked path (taken for the astral character) splits like the fast one
    without = [t.text for t in tokenize(text.replace("𝐀", ""))]
    assert without == [t.text for t in tokens if t.text != "𝐀"]
    assert ("Tâm" in [t.text for t in tokens]) == ("TâmTags" in text)
