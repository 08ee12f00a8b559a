"""Assignment records (issue 16, data/ANNOTATION.md «Assignments»), on texts written for these tests."""

import cdsnlp


def leads(text):
    return [(a.lead, a.task, a.deadline) for a in cdsnlp.analyze(text).assignments]


def test_items_numbered_in_brackets():
    got = leads("Chủ tịch UBND tỉnh Hà Nam kết luận như sau:\n"
                "(1) Sở Tư pháp tỉnh Hà Nam chủ trì rà soát dữ liệu hộ tịch, hoàn thành trước ngày 30/9/2025.\n"
                "(2) Sở Y tế tỉnh Hà Nam triển khai bệnh án điện tử tại 6 bệnh viện tuyến huyện.\n")
    assert got == [("Sở Tư pháp tỉnh Hà Nam", "rà soát dữ liệu hộ tịch", "2025-09-30"),
                   ("Sở Y tế tỉnh Hà Nam", "triển khai bệnh án điện tử tại 6 bệnh viện tuyến huyện", None)]


def test_a_second_lead_after_a_semicolon_of_a_list_item():
    got = leads("Ban Thường vụ Tỉnh ủy yêu cầu:\n"
                "2. Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền về chuyển đổi số; Đảng ủy Công an tỉnh Hà Nam lãnh đạo "
                "bảo đảm an ninh mạng tại các khu công nghiệp.\n")
    assert [lead for lead, _, _ in got] == ["Ban Tuyên giáo Tỉnh ủy", "Đảng ủy Công an tỉnh Hà Nam"]
    assert got[1][1] == "lãnh đạo bảo đảm an ninh mạng tại các khu công nghiệp"
    # in running text a body after a semicolon reports, it is not given a task
    assert leads("Năm 2024, Sở Tư pháp tỉnh Hà Nam số hóa 90% sổ hộ tịch; Công an tỉnh Hà Nam hướng dẫn 12.000 người dân "
                 "kích hoạt tài khoản định danh.") == []


def test_items_of_a_conclusion_are_tasks_whatever_the_verb():
    got = leads("Ban Thường vụ Huyện ủy kết luận như sau:\n"
                "1. Toàn huyện đã hoàn thành 9/12 chỉ tiêu chuyển đổi số.\n"
                "2. Ủy ban Kiểm tra Huyện ủy Kim Bảng đưa nội dung chuyển đổi số vào chương trình giám sát năm 2025.\n"
                "3. Sở Nội vụ tỉnh Hà Nam đề xuất cơ chế phụ cấp cho cán bộ chuyên trách.\n")
    assert [lead for lead, _, _ in got] == ["Ủy ban Kiểm tra Huyện ủy Kim Bảng"]  # «đề xuất» proposes, it is no task
    # a list that names shortcomings is not a list of tasks, though its lead-in holds «kết luận»
    assert leads("Kết luận thanh tra chỉ ra các tồn tại chủ yếu:\n"
                 "a) Sở Giáo dục và Đào tạo tỉnh Hà Nam mua sắm 900 bản quyền phần mềm nhưng chỉ dùng 40%.\n") == []


def test_a_related_list_at_the_top_does_not_hide_the_tasks_below_it():
    got = leads("Tin liên quan\n› UBND tỉnh Hà Nam giao Sở Y tế tỉnh Hà Nam tổ chức tiêm chủng\n\n"
                "Hà Nam kiểm tra bộ phận một cửa\n\n"
                "Sáng 17/9/2024, Chủ tịch UBND tỉnh Hà Nam yêu cầu các huyện rà soát hồ sơ trễ hạn; "
                "giao Sở Nội vụ tỉnh Hà Nam đưa kết quả vào đánh giá xếp loại cuối năm.")
    assert got == [("Sở Nội vụ tỉnh Hà Nam", "đưa kết quả vào đánh giá xếp loại cuối năm", None)]


def test_a_heading_noun_is_no_trigger():
    text = "I. KẾT QUẢ\n1. Công tác chỉ đạo: Ban Chỉ đạo chuyển đổi số tỉnh Hà Nam đã tổ chức 03 phiên họp trong năm.\n"
    d = cdsnlp.analyze(text)
    assert d.assignments == []
    assert [(e.kind, e.date) for e in d.events] == [("phiên họp", None)]  # held, not a task
