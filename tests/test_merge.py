"""The merge policy's boundary repairs of tagger spans."""

import pytest

from cdsnlp.merge import merge, repair_tagger_spans, trim
from cdsnlp.rules import Candidate

TEXT = ("Chủ tịch Hội đồng quản trị Bkav Nguyễn Tử Quảng; UBND huyện Trần Văn Thời; Minh TâmTags; CNTT; "
        "Trường Đại học Tôn Đức Thắng; Trường THPT Nguyễn Trãi; Đoàn Thanh niên Cộng sản Hồ Chí Minh; Sở Tư pháp tỉnh Cao Bằng")


def sp(fragment, label):
    i = TEXT.index(fragment)
    return (i, i + len(fragment), label)


def texts(spans):
    return [(label, TEXT[s:e]) for s, e, label in spans]


def test_agency_ending_in_a_person_is_split():
    assert texts(repair_tagger_spans(TEXT, [sp("Hội đồng quản trị Bkav Nguyễn Tử Quảng", "AGENCY")])) == [
        ("AGENCY", "Hội đồng quản trị Bkav"), ("OFFICIAL", "Nguyễn Tử Quảng")]


@pytest.mark.parametrize("name", ["UBND huyện Trần Văn Thời", "Trường Đại học Tôn Đức Thắng", "Trường THPT Nguyễn Trãi",
                                  "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Sở Tư pháp tỉnh Cao Bằng"])
def test_names_of_places_and_bodies_named_after_people_stay_whole(name):
    assert texts(repair_tagger_spans(TEXT, [sp(name, "AGENCY")])) == [("AGENCY", name)]


@pytest.mark.parametrize(("sentence", "agency", "person"), [
    ("Chủ tịch UBND huyện Đỗ Văn Minh chủ trì.", "UBND huyện", "Đỗ Văn Minh"),
    ("Phó Chủ tịch UBND xã Lương Thị Hạnh Dung phát biểu.", "UBND xã", "Lương Thị Hạnh Dung"),
])
def test_a_person_after_a_place_word_is_split_off(sentence, agency, person):
    # surname + «Văn»/«Thị» + name after «huyện»/«xã» is a person, not a place
    s = sentence.index("UBND")
    e = sentence.index(person) + len(person)
    got = [(label, sentence[a:b]) for a, b, label in repair_tagger_spans(sentence, [(s, e, "AGENCY")])]
    assert got == [("AGENCY", agency), ("OFFICIAL", person)]


def test_glued_words_end_a_name_and_field_abbreviations_are_dropped():
    assert texts(repair_tagger_spans(TEXT, [sp("Minh TâmTags", "OFFICIAL"), sp("CNTT", "AGENCY")])) == [("OFFICIAL", "Minh Tâm")]


def test_trim_keeps_abbreviation_dots_and_drops_stray_punctuation():
    t = "(UBND TP. Huế), "
    assert t[slice(*trim(t, 0, len(t)))] == "UBND TP. Huế"


def test_agency_containing_a_rule_number_wins_and_zones_block():
    t = "Văn phòng 1719 chủ trì; xem tại www.ubdt.gov.vn/Lê-Văn-A"
    rule = Candidate(10, 14, "METRIC", {"kind": "count"}, 10)
    url = t.index("www")
    out = merge(t, [rule], [(0, 14, "AGENCY"), (url + 21, len(t), "OFFICIAL")], [(url, len(t))])
    assert [(s, e, label) for s, e, label, _ in out] == [(0, 14, "AGENCY")]


def test_tagger_span_over_a_line_break_only_for_a_name_broken_over_lines():
    menu = "ME\nMP3\nNEWS"
    assert repair_tagger_spans(menu, [(0, len(menu), "AGENCY")]) == []
    calendar = "Tháng 5\nCN T2 T3"
    assert repair_tagger_spans(calendar, [(0, len(calendar), "DATE")]) == []
    letterhead = "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU"
    assert repair_tagger_spans(letterhead, [(0, len(letterhead), "AGENCY")]) == [(0, len(letterhead), "AGENCY")]
    wrapped = "Sở Thông tin và\nTruyền thông"
    assert repair_tagger_spans(wrapped, [(0, len(wrapped), "AGENCY")]) == [(0, len(wrapped), "AGENCY")]


@pytest.mark.parametrize("name, agency, person", [
    # Khmer and Hmong family names are family names too (resources/surnames.txt)
    ("Sở Nội vụ Trầm Minh Phúc", "Sở Nội vụ", "Trầm Minh Phúc"),
    ("Huyện ủy Vừ Seo Pao", "Huyện ủy", "Vừ Seo Pao"),
])
def test_a_person_with_a_minority_family_name_is_split_off(name, agency, person):
    text = f"Bí thư {name} phát biểu"
    i = text.index(name)
    got = [(label, text[s:e]) for s, e, label in repair_tagger_spans(text, [(i, i + len(name), "AGENCY")])]
    assert got == [("AGENCY", agency), ("OFFICIAL", person)]


@pytest.mark.parametrize("text, agency, person", [
    ("Giám đốc Sở Y tế Nguyễn Quốc Khang cho biết", "Sở Y tế", "Nguyễn Quốc Khang"),
    ("Chủ tịch Hội Nông dân tỉnh Lê Văn Tám", None, None),  # a place word before the run: a place name
])
def test_a_person_right_after_a_bodys_lower_case_end_is_split(text, agency, person):
    name = "Sở Y tế Nguyễn Quốc Khang" if agency else "Hội Nông dân tỉnh Lê Văn Tám"
    i = text.index(name)
    got = [(label, text[s:e]) for s, e, label in repair_tagger_spans(text, [(i, i + len(name), "AGENCY")])]
    assert got == ([("AGENCY", agency), ("OFFICIAL", person)] if agency else [("AGENCY", name)])


def test_a_body_named_after_a_person_keeps_the_name():
    text = "Bệnh viện Đa khoa Lê Văn Thịnh tiếp nhận"
    name = "Bệnh viện Đa khoa Lê Văn Thịnh"
    assert repair_tagger_spans(text, [(0, len(name), "AGENCY")]) == [(0, len(name), "AGENCY")]


def test_an_alias_defined_in_brackets_is_an_agency_where_it_is_used_after_its_definition():
    from cdsnlp.merge import _defined_aliases

    text = ("SKHCN cũng dự. Sở Khoa học và Công nghệ (SKHCN) và Ủy ban Dân tộc (UBDT) họp; "
            "SKHCN chủ trì, UBDT phối hợp, UBDTX không phải, SKHCN-2 cũng không. Sở Y tế (SYT TP) và SYT TPX.")
    spans = []
    for name in ("Sở Khoa học và Công nghệ", "Ủy ban Dân tộc", "Sở Y tế"):
        s = text.index(name)
        spans.append((s, s + len(name), "AGENCY"))
    got = sorted((s, text[s:e]) for s, e, label in _defined_aliases(text, sorted(spans)) if label == "AGENCY")
    assert {"SKHCN", "UBDT", "SYT TP"} <= {t for _, t in got}
    starts = [s for s, t in got if t == "SKHCN"]
    assert text.index("SKHCN") not in starts  # used before it is defined: not an alias yet
    assert len(starts) == 2  # the definition and the use after it; «SKHCN-2» is another code
    assert [t for _, t in got].count("UBDT") == 2  # «UBDTX» is another word
    # «SYT TPX»: not the alias «SYT TP», and «SYT» alone was never defined
    assert [t for _, t in got if t.startswith("SYT")] == ["SYT TP"]


@pytest.mark.parametrize("text, role, body", [
    ("Ông Lê Văn Hải, Trưởng Đoàn kiểm tra, cho biết.", "Trưởng", "Đoàn kiểm tra"),
    ("Bà Hà Thị Mai, Trưởng Đoàn đại biểu Quốc hội tỉnh dự họp.", "Trưởng", "Đoàn đại biểu Quốc hội tỉnh"),
])
def test_a_title_before_a_delegation_is_split_from_it(text, role, body):
    from conftest import spans
    assert role in spans(text, "ROLE") and body in spans(text, "AGENCY")
    assert not any("Đoàn" in r for r in spans(text, "ROLE"))


def test_a_delegation_title_with_no_body_after_it_stays_whole():
    from conftest import spans
    assert "Trưởng đoàn" in spans("Ông Tạ Minh, Giám đốc Sở Xây dựng, làm Trưởng đoàn đã kiểm tra.", "ROLE")


def test_plural_titles_are_not_roles_unless_their_holders_are_named():
    from conftest import spans
    assert spans("Nơi nhận:\n- Các Phó Giám đốc Sở;\n- Lưu: VT.", "ROLE") == []
    assert spans("Cuộc họp có các Phó Chủ tịch UBND tỉnh tham dự.", "ROLE") == []
    named = "Dự họp có các Phó Chủ tịch UBND tỉnh Nguyễn Văn Hùng, Lê Thị Hoa."
    assert "Phó Chủ tịch" in spans(named, "ROLE")


def test_the_place_of_a_place_and_date_line_is_not_a_person():
    from conftest import spans
    text = "Số: 45/TB-VP\nNguyễn Văn Trỗi, ngày 03 tháng 5 năm 2024\n\nTHÔNG BÁO"
    assert spans(text, "OFFICIAL") == []
    assert "ngày 03 tháng 5 năm 2024" in spans(text, "DATE")


def test_a_hyphenated_foreign_given_name_stays_whole():
    text = "Bà Lee Hye-won, Phó Tổng Giám đốc một công ty, phát biểu."
    i = text.index("Lee Hye")
    assert repair_tagger_spans(text, [(i, i + len("Lee Hye"), "OFFICIAL")]) == [(i, i + len("Lee Hye-won"), "OFFICIAL")]
    typo = "Ông Lê Văn An-đã nói"  # a Vietnamese syllable after the dash is another word
    j = typo.index("Lê Văn An")
    assert repair_tagger_spans(typo, [(j, j + 9, "OFFICIAL")]) == [(j, j + 9, "OFFICIAL")]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Ông Hùng cho biết thêm.", "Hùng"),  # an address word the tagger took in at a sentence's start
        ("Theo đồng chí Minh, việc này cần làm ngay.", "Minh"),
        ("PGS.TS. Lê An phát biểu.", "Lê An"),
        # capitalised, «Anh» and «Chị» start given names: kept
        ("Anh Tuấn cho biết.", "Anh Tuấn"),
        ("Ông Bà", "Ông Bà"),  # nothing after the honorifics: left as it is
    ],
)
def test_an_official_span_starts_after_its_honorifics(text, name):
    end = text.index(name) + len(name)
    start = 0 if text.startswith(("Ông", "Anh", "PGS")) else text.index(name) - len("đồng chí ")
    assert [text[s:e] for s, e, _ in repair_tagger_spans(text, [(start, end, "OFFICIAL")])] == [name]
