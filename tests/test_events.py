"""Event records (issue 16, data/ANNOTATION.md «Events»), on texts written for these tests."""

import cdsnlp


def events(text):
    return [(e.kind, e.date) for e in cdsnlp.analyze(text).events]


def test_a_headline_with_the_kind_word_is_not_the_recording_sentence():
    # «cuộc họp» holds the verb «họp»: a headline with no day records nothing, the dated sentence does
    d = cdsnlp.analyze("Kết luận của Giám đốc Sở Tư pháp tỉnh Hà Nam tại cuộc họp về chữ ký số\n\n"
                       "Sáng 4/3/2024, tại trụ sở Sở Tư pháp tỉnh Hà Nam, Ban Chỉ đạo chuyển đổi số của Sở tổ chức cuộc họp quý I.")
    assert [(e.kind, e.date) for e in d.events] == [("cuộc họp", "2024-03-04")]
    assert d.events[0].place == "trụ sở Sở Tư pháp tỉnh Hà Nam"


def test_a_verb_of_the_kind_with_a_day_records_the_event():
    assert events("Chiều 5/3/2024, Đoàn công tác của Bộ Nội vụ làm việc với UBND tỉnh Hà Nam về cải cách hành chính.") \
        == [("buổi làm việc", "2024-03-05")]
    assert events("Ngày 8/4/2024, UBND tỉnh Lào Cai và Tập đoàn Bưu chính Viễn thông Việt Nam ký kết thỏa thuận hợp tác.") \
        == [("lễ ký kết", "2024-04-08")]
    # without a day a verb records nothing; «công bố» alone is an announcement, not a ceremony
    assert events("Sở Nội vụ tỉnh Hà Nam làm việc với các huyện về dữ liệu cán bộ.") == []
    assert events("Sáng 2/7/2024, Sở Y tế tỉnh Hà Nam công bố danh sách 12 bệnh viện dùng bệnh án điện tử.") == []
    assert events("Sáng 2/7/2024, Sở Y tế tỉnh Hà Nam công bố danh sách 12 bệnh viện dùng bệnh án điện tử. "
                  "Phát biểu tại lễ công bố, Giám đốc Sở đề nghị các bệnh viện còn lại sớm triển khai.") == [("lễ công bố", "2024-07-02")]


def test_events_asked_for_planned_or_compared_are_not_events():
    assert events("Sáng 3/5/2024, UBND tỉnh Nam Định đề nghị Sở Thông tin và Truyền thông phối hợp với Viettel "
                  "tổ chức bốn lớp tập huấn cho cán bộ cấp xã.") == []
    assert events("Kết quả khảo sát sẽ được báo cáo tại kỳ họp thường lệ giữa năm của HĐND tỉnh Nam Định.") == []
    assert events("Các đơn vị tổ chức diễn tập ít nhất 02 lần trong năm 2025.") == []
    assert events("Mỗi năm Sở Nội vụ tỉnh Nam Định tổ chức tối thiểu hai đợt diễn tập phòng chống lừa đảo.") == []
    assert events("Ngày 12/6/2024, Sở Thông tin và Truyền thông tỉnh Nam Định tổ chức diễn tập ứng cứu sự cố, "
                  "số đơn vị tham gia tăng gấp đôi so với đợt diễn tập năm 2022.") == [("diễn tập", "2024-06-12")]
    # a task in a conclusion's list: the session it is to be reported at is not held
    text = ("Chủ tịch UBND tỉnh kết luận:\n1. Sở Nội vụ tỉnh Nam Định tham mưu chính sách hỗ trợ cán bộ, "
            "trình HĐND tỉnh tại kỳ họp tháng 7/2025.\n")
    assert events(text) == []


def test_related_lists_labels_and_giao_ban_cán_sự_are_not_events():
    text = ("Chuyên mục: Sự kiện\n\nNgày 9/9/2024, Ban Thường vụ Tỉnh ủy Hà Nam giao Ban Cán sự đảng UBND tỉnh chỉ đạo "
            "số hóa hồ sơ.\n\nTin liên quan\n- Hà Nam tổ chức hội nghị giao ban báo chí tháng 8\n- Lý Nhân tập huấn kỹ năng số\n")
    assert events(text) == []


def test_the_event_day_is_not_a_cut_off_date_and_a_range_gives_its_first_day():
    assert events("Tại hội nghị sáng 20/7/2024, Sở Tư pháp tỉnh Ninh Bình cho biết tính đến ngày 30/6/2024 đã cấp "
                  "1.200 phiếu lý lịch tư pháp trực tuyến.") == [("hội nghị", "2024-07-20")]
    assert events("Trong đợt kiểm tra ngày 16-17/5/2024, Đoàn kiểm tra của Sở Thông tin và Truyền thông tỉnh Ninh Bình "
                  "phát hiện 9 điểm bán sim kích hoạt sẵn.") == [("kiểm tra", "2024-05-16")]
    # «thời hạn thanh tra» names a period, not an inspection
    assert events("Thời hạn thanh tra là 15 ngày làm việc, thời kỳ thanh tra từ ngày 01/01/2023 đến ngày 30/6/2024.") == []


def test_at_the_event_opening_a_sentence_records_it_without_a_day():
    d = cdsnlp.analyze("Tại hội nghị, Bưu điện tỉnh Ninh Bình cam kết hỗ trợ người dân nộp hồ sơ trực tuyến.")
    assert [(e.kind, e.date, e.bodies) for e in d.events] == [("hội nghị", None, ["Bưu điện tỉnh Ninh Bình"])]


def chair(text):
    return [e.chair for e in cdsnlp.analyze(text).events]


def test_chair_in_the_sentence_after_or_leading_the_delegation():
    assert chair("Chiều 14/8/2024, tại Hà Nội, Bộ Tư pháp tổ chức họp báo về lý lịch tư pháp. "
                 "Thứ trưởng Nguyễn Thanh Tịnh chủ trì; Chánh Văn phòng Bộ Trần Văn Dũng điều hành.") == ["Nguyễn Thanh Tịnh"]
    assert chair("Từ ngày 3/6 đến ngày 7/6/2024, Đoàn kiểm tra do ông Phạm Văn Hòa, Phó Giám đốc Sở Nội vụ tỉnh Thái Bình "
                 "làm Trưởng đoàn đã kiểm tra tại 5 huyện.") == ["Phạm Văn Hòa"]
    assert chair("Ngày 21/11/2024, Trường Đại học Cần Thơ tổ chức hội thảo về nông nghiệp số. Hội thảo có 150 đại biểu. "
                 "Đồng chủ trì có PGS.TS. Trần Văn Lâm, Hiệu trưởng Trường Đại học Cần Thơ; ông Lê Văn Bình.") == ["Trần Văn Lâm"]


def test_no_chair_from_running_opening_or_leading_a_delegation():
    assert chair("Sáng 2/10/2024, Bộ Tư pháp tổ chức họp báo quý III. Chánh Văn phòng Bộ Trần Văn Dũng điều hành.") == [None]
    assert chair("Ngày 4/10/2024, đoàn công tác do Thứ trưởng Nguyễn Thanh Tịnh dẫn đầu đã có buổi làm việc với "
                 "UBND tỉnh Hà Nam.") == [None]


def test_bodies_leave_out_a_source_tag_and_a_cited_documents_issuer():
    d = cdsnlp.analyze("(Báo Nam Định) - Sáng 6/5/2024, Ban Chỉ đạo chuyển đổi số tỉnh Nam Định tổ chức hội nghị sơ kết "
                       "việc thực hiện Nghị quyết số 52-NQ/TW của Bộ Chính trị.")
    assert [e.bodies for e in d.events] == [["Ban Chỉ đạo chuyển đổi số tỉnh Nam Định"]]
    # the issuer named again in the sentence (a title's body) is one of its bodies
    d = cdsnlp.analyze("Thực hiện Kế hoạch số 45/KH-SNV ngày 2/4/2024 của Sở Nội vụ tỉnh Nam Định, ngày 15/4/2024, Đoàn kiểm tra "
                       "do ông Vũ Văn Hải, Phó Giám đốc Sở Nội vụ tỉnh Nam Định làm Trưởng đoàn đã kiểm tra tại UBND huyện Ý Yên.")
    assert [(e.kind, e.date) for e in d.events] == [("kiểm tra", "2024-04-15")]
    assert "Sở Nội vụ tỉnh Nam Định" in d.events[0].bodies and "Ủy ban nhân dân huyện Ý Yên" in d.events[0].bodies


def test_a_happening_called_sự_kiện_needs_a_day_and_advice_is_no_event():
    assert events("Viện Khoa học Công nghệ công bố 10 sự kiện nổi bật của năm.") == []
    assert events("Sáng 10/10/2024, UBND tỉnh Quảng Trị tổ chức sự kiện hưởng ứng Ngày Chuyển đổi số quốc gia.") \
        == [("sự kiện", "2024-10-10")]
    assert events("Ông Nguyễn Văn Khoa khuyến nghị các doanh nghiệp thường xuyên tổ chức diễn tập ứng cứu sự cố.") == []


def test_a_named_day_or_a_figure_is_not_the_event_day():
    assert events("Chiều 3/10/2024, Sở Thông tin và Truyền thông tỉnh Bắc Giang tổ chức họp báo. Kết thúc họp báo, "
                  "Giám đốc Sở đề nghị các cơ quan báo chí tuyên truyền về Ngày Chuyển đổi số quốc gia 10/10.") \
        == [("họp báo", "2024-10-03")]
    assert events("Tại hội nghị, Sở Nội vụ tỉnh Bắc Giang cho biết 9/9 huyện đã có tổ công nghệ số cộng đồng.") == [("hội nghị", None)]


def test_speaking_at_or_attending_an_event_says_it_took_place():
    assert events("Phát biểu tại hội nghị tổng kết của Sở Y tế tỉnh Hà Nam, Giám đốc Sở Trần Văn An cho biết "
                  "toàn tỉnh có 14 bệnh viện dùng bệnh án điện tử.") == [("hội nghị", None)]
    assert events("Lãnh đạo Sở Y tế tỉnh Hà Nam sẽ tham dự hội nghị tổng kết của Bộ Y tế.") == []


def test_kind_word_scan_of_the_lower_cased_text_equals_the_case_insensitive_scan():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cdsnlp.structure import actions as A

    words = [*A._words()["event_kinds"], *A._words()["event_verb_kinds"]]
    pieces = st.sampled_from([*words, *(w.upper() for w in words), *(w.title() for w in words), "x", "İ", "ı", "ſ", "Σ", "ΣΑ",
                              "1", ",", "\n", "Ð", "ǅ"])

    @settings(derandomize=True, max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=12), st.sampled_from(["", " "]))
    def check(parts, sep):
        text = sep.join(parts)
        for name in ("event", "verb_kind"):
            got = [(m.start(), m.end(), m.group(1).lower()) for m in A._scan(name, text)]
            assert got == [(m.start(), m.end(), m.group(1).lower()) for m in A._pattern(name).finditer(text)]

    check()
