"""Metric subjects across a comma and periods carried to figures that detail the sentence before (issue 16)."""

from cdsnlp import analyze


def _metrics(text):
    return {m.text: m for m in analyze(text).metrics}


def _year(m):
    return (m.period or {}).get("start", "")[:4] or None


def test_continuation_and_list_items_take_the_period_of_what_they_detail():
    text = (
        "HĐND tỉnh Hà Tĩnh đã thông qua dự toán chi ngân sách năm 2025. Trong đó, chi cho khoa học, công nghệ "
        "được bố trí 120 tỷ đồng, tăng 15% so với năm 2024.\n\n"
        "Theo Báo cáo số 41/BC-UBND ngày 3/12/2024 của UBND tỉnh, số tiền trên được chia như sau:\n"
        "a) Nền tảng số dùng chung: 70 tỷ đồng;\n"
        "b) Đào tạo cán bộ: 50 tỷ đồng.\n"
    )
    m = _metrics(text)
    assert _year(m["120 tỷ đồng"]) == "2025"
    assert m["120 tỷ đồng"].subject == "chi cho khoa học, công nghệ"
    assert _year(m["15%"]) == "2025" and m["15%"].baseline["start"] == "2024-01-01"
    # the list's lead-in has only its report's issue date: the items take the period it carries
    assert _year(m["70 tỷ đồng"]) == "2025" and _year(m["50 tỷ đồng"]) == "2025"


def test_no_period_is_carried_without_a_continuation_nor_to_a_rate_per_year():
    text = (
        "Sở Nội vụ có Báo cáo số 7/BC-SNV ngày 8/1/2025 tổng kết cải cách hành chính năm 2024. "
        "Theo đó, trong năm, tỉnh đã bãi bỏ 35 thủ tục, tiết kiệm khoảng 2 tỷ đồng/năm.\n\n"
        "Hiện tỉnh cung cấp 900 thủ tục trực tuyến."
    )
    m = _metrics(text)
    assert _year(m["35"]) == "2024"
    assert m["2 tỷ đồng/năm"].period is None  # a rate per year is not a figure of the year before it
    assert m["900"].period is None  # no «Trong đó / Theo đó», no list: nothing is carried


def test_a_date_in_a_cited_documents_title_is_not_a_period():
    text = ("Để thực hiện Nghị quyết số 05-NQ/TU của Tỉnh ủy về kinh tế số đến năm 2030, tỉnh bố trí 40 tỷ đồng "
            "cho 6 dự án chuyển tiếp.")
    m = _metrics(text)
    assert m["6"].period is None


def test_a_measure_after_the_number_is_not_the_subject():
    m = _metrics("Năm 2024, doanh thu bán lẻ trực tuyến của tỉnh đạt 300 tỷ đồng, gấp 1,5 lần năm trước.")
    assert m["1,5"].subject == m["300 tỷ đồng"].subject and m["1,5"].subject != "lần"
