"""One test per weakness of issue 15 (accuracy on real pages), in our own text:
AGENCY names that run on or are cut short, abbreviation variants, bodies outside
the national gazetteer, concepts that are not bodies, METRIC list numbering,
number words and ranks, LEGAL_DOC codes broken by a line or a stray space."""

import pytest

import cdsnlp
from cdsnlp.merge import fill_known_agencies, repair_agencies
from cdsnlp.resources import agency_variants
from cdsnlp.rules.legal_doc import find_legal_docs
from cdsnlp.rules.metrics import find_metrics


def found(text, label=None):
    return [(e.label, e.text) for e in cdsnlp.extract(text) if label is None or e.label == label]


def span(text, fragment, label="AGENCY", start=0):
    i = text.index(fragment, start)
    return (i, i + len(fragment), label)


def texts(text, spans):
    return [(label, text[s:e]) for s, e, label in spans]


# 1. AGENCY spans that run on into the sentence
@pytest.mark.parametrize("text, tagged, expected", [
    ("BCĐ Sở đã thống nhất thông qua dự thảo quy chế.", "BCĐ Sở đã thống nhất", "BCĐ Sở"),
    ("BCĐ Sở thống nhất thông qua dự thảo quy chế.", "BCĐ Sở thống nhất", "BCĐ Sở"),
    ("Thường trực Ủy ban sẽ gửi báo cáo thẩm tra.", "Thường trực Ủy ban sẽ", "Thường trực Ủy ban"),
])
def test_an_agency_stops_where_the_predicate_starts(text, tagged, expected):
    assert texts(text, repair_agencies(text, [span(text, tagged)])) == [("AGENCY", expected)]


def test_a_bare_type_word_left_by_a_cut_is_dropped_and_the_document_is_found():
    text = "Sở ban hành Kế Hoạch số 21/KH-STC về số hóa hồ sơ."
    assert repair_agencies(text, [span(text, "Sở ban hành Kế Hoạch số 21/KH-STC")]) == []
    assert ("LEGAL_DOC", "Kế Hoạch số 21/KH-STC") in found(text)


@pytest.mark.parametrize("name", ["Bộ đội Biên phòng tỉnh", "Sở Tài chính tỉnh Yên Bái", "Ban Chỉ đạo chuyển đổi số huyện"])
def test_names_with_lower_case_words_of_their_own_stay_whole(name):
    text = f"Đại diện {name} phát biểu."
    assert texts(text, repair_agencies(text, [span(text, name)])) == [("AGENCY", name)]


# 2. Long names joined by a dash, "và" or "giúp việc"
@pytest.mark.parametrize("text, tagged, expected", [
    ("Chánh Văn phòng giao Phòng Tổng hợp - Hành chính chuẩn bị hồ sơ.", "Phòng Tổng hợp", "Phòng Tổng hợp - Hành chính"),
    ("Vụ Kế hoạch - Đầu tư và các vụ liên quan", "Vụ Kế hoạch", "Vụ Kế hoạch - Đầu tư"),
    ("do Phòng Nghiệp vụ - Tổng hợp trình bày", "Phòng Nghiệp vụ", "Phòng Nghiệp vụ - Tổng hợp"),  # "Tổng" is not "Tổ"
    ("giao Phòng Quản lý Dữ liệu và Nền tảng số theo dõi", "Phòng Quản lý Dữ liệu", "Phòng Quản lý Dữ liệu và Nền tảng"),
    ("mời Đài Truyền thanh - Truyền hình huyện Ba Vì đưa tin", "Đài Truyền thanh", "Đài Truyền thanh - Truyền hình huyện Ba Vì"),
])
def test_a_unit_name_goes_on_over_a_dash_or_va(text, tagged, expected):
    assert texts(text, repair_agencies(text, [span(text, tagged)])) == [("AGENCY", expected)]


@pytest.mark.parametrize("text, tagged", [
    ("Sở Nội vụ - Nguyễn Thị Lan", "Sở Nội vụ"),                      # a byline after a dash
    ("Sở Tư pháp - Số 12 đường Lê Lợi", "Sở Tư pháp"),               # an address
    ("Sở Y tế và Bảo hiểm xã hội tỉnh phối hợp", "Sở Y tế"),          # two bodies
    ("Phòng Nội vụ và Công an huyện cùng kiểm tra", "Phòng Nội vụ"),
    ("Bộ Thông tin và Truyền thông - Cơ quan thường trực", "Bộ Thông tin và Truyền thông"),
])
def test_a_dash_or_va_before_another_body_person_or_address_joins_nothing(text, tagged):
    assert texts(text, repair_agencies(text, [span(text, tagged)])) == [("AGENCY", tagged)]


@pytest.mark.parametrize("text, tagged, expected", [
    ("cán bộ Hội Liên hiệp Phụ nữ phường hướng dẫn", "Hội Liên hiệp Phụ nữ", "Hội Liên hiệp Phụ nữ phường"),
    ("gửi Sở Y tế tỉnh Lào Cai trước ngày 5/6", "Sở Y tế", "Sở Y tế tỉnh Lào Cai"),
    ("UBND huyện xã nào chậm thì kiểm điểm", "UBND huyện", "UBND huyện"),  # already ends in a level word
])
def test_a_name_goes_on_over_the_level_word_after_it(text, tagged, expected):
    assert texts(text, repair_agencies(text, [span(text, tagged)])) == [("AGENCY", expected)]


@pytest.mark.parametrize("text, expected", [
    ("ĐẢNG BỘ TỈNH BÌNH ĐỊNH\nTỈNH ỦY", ["ĐẢNG BỘ TỈNH BÌNH ĐỊNH", "TỈNH ỦY"]),
    ("BỘ TÀI CHÍNH\nKHO BẠC NHÀ NƯỚC", ["BỘ TÀI CHÍNH", "KHO BẠC NHÀ NƯỚC"]),
    ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI", ["ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI"]),
    ("BỘ NÔNG NGHIỆP\nVÀ PHÁT TRIỂN NÔNG THÔN", ["BỘ NÔNG NGHIỆP\nVÀ PHÁT TRIỂN NÔNG THÔN"]),
])
def test_a_two_line_letterhead_is_two_bodies_only_when_the_second_line_starts_one(text, expected):
    assert [t for _, t in texts(text, repair_agencies(text, [(0, len(text), "AGENCY")]))] == expected


@pytest.mark.parametrize("text, spans, expected", [
    ("bà Lò Thị Hương, Phó Chánh Thanh tra Sở làm Trưởng đoàn", [("Phó Chánh Thanh tra", "ROLE")],
     [("ROLE", "Phó Chánh"), ("AGENCY", "Thanh tra Sở")]),
    ("ông Hải, Chánh Văn phòng UBND tỉnh, cho biết", [("Chánh Văn phòng", "ROLE"), ("UBND tỉnh", "AGENCY")],
     [("ROLE", "Chánh"), ("AGENCY", "Văn phòng UBND tỉnh")]),
    ("Trưởng Đoàn Nguyễn Văn Nam phát biểu", [("Trưởng Đoàn", "ROLE")], [("ROLE", "Trưởng Đoàn")]),
])
def test_a_title_ending_in_a_bodys_type_word_is_split_from_the_body(text, spans, expected):
    assert texts(text, repair_agencies(text, [span(text, f, label) for f, label in spans])) == expected


def test_a_helper_group_named_after_whom_it_helps_is_one_name():
    text = "Tổ giúp việc Chủ tịch UBND tỉnh họp chiều nay."
    spans = [span(text, "Chủ tịch", "ROLE"), span(text, "UBND tỉnh")]
    assert texts(text, repair_agencies(text, spans)) == [("AGENCY", "Tổ giúp việc Chủ tịch UBND tỉnh")]
    text = "Tổ công tác giúp việc Ban Chỉ đạo trình dự thảo."
    assert texts(text, repair_agencies(text, [span(text, "Tổ công tác"), span(text, "Ban Chỉ đạo")])) == [
        ("AGENCY", "Tổ công tác giúp việc Ban Chỉ đạo")]


def test_a_name_cut_inside_an_abbreviation_goes_on_to_its_end():
    text = "Chủ nhiệm Ủy ban KH,CN&MT của Quốc hội phát biểu."
    assert texts(text, repair_agencies(text, [span(text, "Ủy ban KH")])) == [("AGENCY", "Ủy ban KH,CN&MT")]


def test_an_abbreviation_cut_before_its_level_word_goes_on():
    text = "công bố trên cổng thông tin của TAND tối cao; VKSND tỉnh kiểm sát"
    spans = [span(text, "TAND"), span(text, "VKSND")]
    assert texts(text, repair_agencies(text, spans)) == [("AGENCY", "TAND tối cao"), ("AGENCY", "VKSND tỉnh")]


@pytest.mark.parametrize("name", ["Tỉnh đoàn", "Huyện đoàn", "Tổ giúp việc"])
def test_fixed_short_names_are_filled_in(name):
    text = f"Sau hội nghị, {name} thành lập 29 đội hình."
    assert texts(text, fill_known_agencies(text, [])) == [("AGENCY", name)]


def test_a_local_unit_name_cut_inside_a_word_goes_on():
    text = "Phòng Tài nguyên chủ trì, phối hợp Chi nhánh Văn phòng Đăng ký đất đai thực hiện."
    assert texts(text, repair_agencies(text, [span(text, "Chi nhánh Văn phòng Đăng")])) == [
        ("AGENCY", "Chi nhánh Văn phòng Đăng ký đất đai")]


def test_a_name_cut_inside_a_known_name_goes_on_to_its_end():
    text = "Ban Chỉ đạo Chuyển đổi số Viện Hàn lâm Khoa học và Công nghệ Việt Nam họp."
    tagged = "Ban Chỉ đạo Chuyển đổi số Viện Hàn lâm Khoa học"
    assert texts(text, repair_agencies(text, [span(text, tagged)])) == [
        ("AGENCY", "Ban Chỉ đạo Chuyển đổi số Viện Hàn lâm Khoa học và Công nghệ Việt Nam")]


# 3. Abbreviation variants, generated from one table
@pytest.mark.parametrize("form", ["Sở GD-ĐT", "Sở GD&ĐT", "Sở GDĐT", "Sở TN-MT", "Sở TNMT", "Bộ LĐ-TB&XH", "Sở LĐTBXH", "Sở KH & CN"])
def test_field_abbreviations_are_written_every_way(form):
    assert form in agency_variants()


@pytest.mark.parametrize("form", ["VKSND tỉnh", "TAND huyện", "BCĐ huyện", "CAND", "Sở TN-MT", "Sở LĐ-TB-XH"])
def test_an_untagged_abbreviation_variant_is_filled_in(form):
    text = f"Đại diện {form} tham dự hội nghị."
    assert texts(text, fill_known_agencies(text, [])) == [("AGENCY", form)]


def test_a_filled_level_form_takes_the_place_name_after_it_and_codes_are_left_alone():
    text = "VKSND tỉnh Lào Cai kiểm sát; văn bản số 12/TAND-VP gửi Sở GD-ĐT."
    assert texts(text, fill_known_agencies(text, [])) == [("AGENCY", "VKSND tỉnh Lào Cai"), ("AGENCY", "Sở GD-ĐT")]


def test_an_abbreviation_defined_in_brackets_is_an_agency_there_and_later():
    text = ("Trung tâm Dữ liệu và Công nghệ số (TTDL&CNS) vận hành kho dữ liệu. Sau một năm, TTDL&CNS đã kết nối "
            "12 sở. Sở Khoa học và Công nghệ (KH&CN) phối hợp.")
    spans = [span(text, "Trung tâm Dữ liệu và Công nghệ số"), span(text, "Sở Khoa học và Công nghệ")]
    assert texts(text, fill_known_agencies(text, spans)) == [
        ("AGENCY", "Trung tâm Dữ liệu và Công nghệ số"), ("AGENCY", "TTDL&CNS"), ("AGENCY", "TTDL&CNS"),
        ("AGENCY", "Sở Khoa học và Công nghệ")]


# 4. Bodies outside the national gazetteer
@pytest.mark.parametrize("text, name", [
    ("Ảnh: TTXVN", "TTXVN"),
    ("Lễ ký kết có đại diện Ngân hàng Phát triển châu Á và các nhà tài trợ.", "Ngân hàng Phát triển châu Á"),
    ("Theo PV Tuổi Trẻ ghi nhận, hàng trăm người xếp hàng.", "Tuổi Trẻ"),
    ("Mọi chủ trương của Đảng đều hướng tới người dân.", "Đảng"),
    ("Tòa án nhân dân tối cao đã số hóa bản án.", "Tòa án nhân dân tối cao"),
    # every power corporation of EVN by its code, military regions, the Vietnamese arm of a platform company
    ("EVNSPC: hơn 98% hóa đơn tiền điện được thanh toán qua ngân hàng", "EVNSPC"),
    ("Phó Tổng Giám đốc EVNNPC Nguyễn Văn Quang dự lễ.", "EVNNPC"),
    ("Buổi diễn tập có sự tham gia của Quân khu 9 và các đơn vị biên phòng.", "Quân khu 9"),
    ("Sở Công Thương ký kết hợp tác với Lazada Việt Nam về đào tạo bán hàng.", "Lazada Việt Nam"),
])
def test_bodies_outside_the_national_gazetteer_are_found(text, name):
    assert ("AGENCY", name) in found(text)


@pytest.mark.parametrize("text", [
    "Tuổi trẻ Lai Châu ra quân tình nguyện.",          # youth, not the newspaper
    "Hội nghị bàn về công tác xây dựng Đảng.",          # a field of work
    "đảng ủy xã và chi bộ thôn",
    "CANDY và TTXVNews là tên miền",                  # inside longer words
    "đề nghị các Sở LĐ-TB&XH và 12 Sở TN-MT báo cáo",  # generic plurals and counted kinds
])
def test_common_words_are_not_filled_in_as_bodies(text):
    assert fill_known_agencies(text, []) == []


def test_a_dateline_credit_in_brackets_is_the_outlet():
    text = "Tin tức\n\n(BQN) - Sáng 5/6, tỉnh khai trương trung tâm.\n(TN) - ngắn quá"
    assert texts(text, fill_known_agencies(text, [])) == [("AGENCY", "BQN")]


# 5. Concepts mistaken for bodies
def test_chinh_phu_so_is_a_goal_but_stays_inside_a_longer_name():
    text = "Ban Chỉ đạo Chính phủ số đề ra mục tiêu xây dựng Chính phủ điện tử và Chính phủ số."
    spans = [span(text, "Ban Chỉ đạo Chính phủ"), span(text, "Chính phủ", start=50), span(text, "Chính phủ", start=70)]
    assert texts(text, repair_agencies(text, spans)) == [("AGENCY", "Ban Chỉ đạo Chính phủ số")]


def test_a_body_counted_after_a_number_is_a_kind_of_body():
    text = "Đến nay 58/63 Sở Y tế đã kết nối liên thông với Bộ Y tế."
    assert found(text, "AGENCY") == [("AGENCY", "Bộ Y tế")]
    assert ("METRIC", "58/63") in found(text)


# 6. METRIC
def metrics(text):
    from cdsnlp.rules import resolve
    return [text[c.start:c.end] for c in resolve(find_metrics(text))]


def test_list_numbering_in_brackets_is_not_a_count_but_a_counter_is():
    assert metrics("Ba nhiệm vụ: (1) rà soát thủ tục; (2) số hóa hồ sơ; (3) đào tạo.") == ["Ba"]
    assert metrics("Bình luận (0) | Lượt xem: 87") == ["0", "87"]


@pytest.mark.parametrize("text, expected", [
    ("Tỉnh đề ra năm nhóm giải pháp trọng tâm.", ["năm"]),
    ("UBND tỉnh giao sáu sở chủ trì.", ["sáu"]),
    ("cả hai bên thống nhất", ["hai"]),
    ("Đây là lần thứ ba tổ chức; giải ba thuộc về đội trẻ.", []),
    ("năm học 2024 và năm nay", []),
    ("huyện Tháp Mười tổ chức ngày hội", []),
])
def test_spelled_numbers_before_a_count_noun(text, expected):
    assert metrics(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Đây là thị trường lớn thứ ba của khu vực.", ["thứ ba"]),
    ("Kết quả của huyện: Hạng 7 năm 2023 về chỉ số này.", ["7"]),
    ("phiên họp thứ hai của Ban", []),
])
def test_ordinal_ranks(text, expected):
    assert metrics(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Hội nghị kết nối 45 điểm cầu cấp xã.", ["45"]),
    ("Huyện đạt 82,5 điểm trong đợt chấm.", ["82,5 điểm"]),
    ("kinh phí 1,2 ty đồng và 300 trieu đồng", ["1,2 ty đồng", "300 trieu đồng"]),  # scale words typed without tones
])
def test_a_unit_word_that_starts_a_compound_noun_is_not_a_unit(text, expected):
    assert metrics(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("đến nay 18/18 TAND cấp huyện đã xét xử trực tuyến", ["18/18"]),
    ("có 63 KBNN tỉnh kết nối", ["63"]),
    ("đã xử lý 120 TTHC trực tuyến", ["120 TTHC"]),
])
def test_an_agency_abbreviation_before_a_level_word_is_a_counted_kind_not_a_unit(text, expected):
    assert metrics(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("mỗi dự án cần 15 - 20 tỷ đồng vốn đối ứng", ["15 - 20 tỷ đồng"]),
    ("đạt 18,6/20 điểm ở tiêu chí này", ["18,6/20 điểm"]),
    ("có 42/63 tỉnh, thành phố", ["42/63"]),
    ("Ngày 15-9, đồng chí Bí thư", []),
])
def test_money_ranges_and_scores_out_of_a_total_are_whole(text, expected):
    assert metrics(text) == expected


# 7. LEGAL_DOC
@pytest.mark.parametrize("text, expected", [
    ("Căn cứ Quyết định số\n734/QĐ-UBND ngày 2/5/2024", "Quyết định số\n734/QĐ-UBND"),
    ("theo Tờ trình số 45/TTr- SNV của Sở Nội vụ", "Tờ trình số 45/TTr- SNV"),
    ("ban hành Kế Hoạch số 90/KH-UBND", "Kế Hoạch số 90/KH-UBND"),
    ("Công văn số 318 /SYT-NVY gửi các đơn vị", "Công văn số 318 /SYT-NVY"),
    ("QUYẾT ĐỊNH số 11/QĐ-STC", "QUYẾT ĐỊNH số 11/QĐ-STC"),
])
def test_legal_doc_codes_broken_by_a_line_a_stray_space_or_capitals(text, expected):
    from cdsnlp.rules import resolve
    assert [text[c.start:c.end] for c in resolve(find_legal_docs(text)) if c.start == text.index(expected[:4])] == [expected]


def test_a_dash_with_spaces_after_a_code_does_not_join_the_next_word():
    text = "Công văn số 12/UBND-VP - Sở Y tế thực hiện"
    assert "Công văn số 12/UBND-VP" in [text[c.start:c.end] for c in find_legal_docs(text)]


def test_rules_only_extractor_fills_no_agencies():
    ex = cdsnlp.Extractor(model=None)
    assert [e.label for e in ex.extract("Ảnh: TTXVN. Đại diện VKSND tỉnh tham dự.")] == []


def test_a_time_stamp_dash_date_is_two_dates_not_a_day_range():
    text = "Cập nhật: 14:02 - 22/08/2024"
    assert found(text, "DATE") == [("DATE", "14:02"), ("DATE", "22/08/2024")]
    assert found("Hội chợ diễn ra 16 - 18/8/2024.", "DATE") == [("DATE", "16 - 18/8/2024")]


@pytest.mark.parametrize("text, expected", [
    ("thời gian chờ rút ngắn còn 37 phút", [("DATE", "37 phút", "PT37M")]),
    ("vận hành thử đủ 72 giờ.", [("DATE", "72 giờ", "PT72H")]),
    ("đi mất gần 1 tiếng", [("DATE", "1 tiếng", "PT1H")]),
    ("9 tháng qua, toàn tỉnh đã làm", [("DATE", "9 tháng", "P9M")]),
    ("trong 6 tháng tới", []),
])
def test_durations_in_hours_minutes_and_past_periods(text, expected):
    got = [(e.label, e.text, e.value.get("duration")) for e in cdsnlp.extract(text) if e.label == "DATE"]
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("kỳ họp diễn ra từ ngày 9 đến 11/7/2024 tại Hà Nội", ["ngày 9", "11/7/2024"]),
    ("Trong 3 ngày, từ ngày 10 đến ngày 12/9/2024, Bộ tổ chức", ["3 ngày", "ngày 10", "ngày 12/9/2024"]),
])
def test_the_first_day_of_a_from_to_pair_is_a_date(text, expected):
    dates = [e for e in cdsnlp.extract(text) if e.label == "DATE"]
    assert [e.text for e in dates] == expected
    first = next(e for e in dates if e.text.startswith("ngày") and "/" not in e.text)
    assert first.value["start"] in ("2024-07-09", "2024-09-10")


# issue 15 follow-up: kinds of body named by a level, two bodies joined by «và»
@pytest.mark.parametrize("text", [
    "Tỉnh sẽ công bố Ban Chỉ đạo cấp xã sau khi sắp xếp đơn vị hành chính.",
    "Sở đề nghị kiện toàn Ban Chỉ đạo phát triển khoa học các cấp trước tháng 6.",
])
def test_a_body_named_by_a_level_is_a_kind_not_an_agency(text):
    assert found(text, "AGENCY") == []


def test_va_before_another_unit_head_and_a_name_splits_two_bodies():
    text = "Phòng Điều dưỡng và Tổ Quản lý chất lượng đã hướng dẫn người bệnh."
    tagged = [span(text, "Phòng Điều dưỡng và Tổ Quản lý chất lượng")]
    assert texts(text, repair_agencies(text, tagged)) == [("AGENCY", "Phòng Điều dưỡng"), ("AGENCY", "Tổ Quản lý chất lượng")]
    one = "Trung tâm Dữ liệu và Công nghệ thông tin tỉnh vận hành kho dữ liệu."
    name = "Trung tâm Dữ liệu và Công nghệ thông tin tỉnh"
    assert texts(one, repair_agencies(one, [span(one, name)])) == [("AGENCY", name)]


@pytest.mark.parametrize("text, names", [
    ("Hội nghị bế mạc lúc 17 giờ.\n\nH.Quân - V.Thư", ["H.Quân", "V.Thư"]),
    ("Cập nhật: 12/08/2024 | Tác giả: Th.Hương | Lượt xem: 88", ["Th.Hương"]),
    ("Đoàn khảo sát tại xã. Ảnh: N.V.T", ["N.V.T"]),
    ("Ông Hà nói vậy (Ảnh: M.K)", ["M.K"]),
])
def test_bylines_and_photo_credits_in_initials_are_officials(text, names):
    assert [t for label, t in found(text, "OFFICIAL") if "." in t] == names


def test_place_abbreviations_with_a_dot_are_not_initials():
    assert found("Trụ sở đặt tại TP.HCM, Q.1 và P.Bến Nghé.", "OFFICIAL") == []
