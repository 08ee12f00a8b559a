import datetime as dt

import pytest
from conftest import only, spans

import cdsnlp

D = "DATE"


def day(iso, **extra):
    return {"start": iso, "end": iso, "granularity": "day", **extra}


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("Ngày 27/07/2023, Viện họp.", "Ngày 27/07/2023", day("2023-07-27")),
        ("tại cuộc họp ngày 20/4/2023 vừa qua", "ngày 20/4/2023", day("2023-04-20")),
        ("Sáng ngày 27/4/2022, Ủy ban họp", "Sáng ngày 27/4/2022", day("2022-04-27")),
        ("họp vào ngày 5 tháng 3 năm 2024 tại Hà Nội", "ngày 5 tháng 3 năm 2024", day("2024-03-05")),
        ("hạn chót 05/03/2024 theo kế hoạch", "05/03/2024", day("2024-03-05")),
        ("hạn chót 5-3-2024 theo kế hoạch", "5-3-2024", day("2024-03-05")),
        ("04:16 PM 27/05/2022 Lượt xem", "04:16 PM 27/05/2022", day("2022-05-27", time="16:16")),
        ("25/03/2024 15:28 cập nhật", "25/03/2024 15:28", day("2024-03-25", time="15:28")),
        ("Tin học 2023-06-06 16:59:23 đăng", "2023-06-06 16:59:23", day("2023-06-06", time="16:59")),
        ("khai mạc 14h30 ngày 12/6/2024 tại", "14h30 ngày 12/6/2024", day("2024-06-12", time="14:30")),
        ("trong quý II/2022 đã", "quý II/2022", {"start": "2022-04-01", "end": "2022-06-30", "granularity": "quarter"}),
        ("họp Ban Chỉ đạo quý II năm 2022", "quý II năm 2022", {"start": "2022-04-01", "end": "2022-06-30", "granularity": "quarter"}),
        ("kết quả quý 3 năm 2024 cho thấy", "quý 3 năm 2024", {"start": "2024-07-01", "end": "2024-09-30", "granularity": "quarter"}),
        ("sơ kết 6 tháng đầu năm 2023 và", "6 tháng đầu năm 2023", {"start": "2023-01-01", "end": "2023-06-30", "granularity": "half"}),
        ("nhiệm vụ 06 tháng cuối năm 2023.", "06 tháng cuối năm 2023", {"start": "2023-07-01", "end": "2023-12-31", "granularity": "half"}),
        ("kết quả 9 tháng năm 2023 đạt", "9 tháng năm 2023", {"start": "2023-01-01", "end": "2023-09-30", "granularity": "range"}),
        ("trong tháng 3/2024 có", "tháng 3/2024", {"start": "2024-03-01", "end": "2024-03-31", "granularity": "month"}),
        ("trong năm 2023 tỉnh", "năm 2023", {"start": "2023-01-01", "end": "2023-12-31", "granularity": "year"}),
        ("chương trình giai đoạn 2020-2025, định hướng", "giai đoạn 2020-2025", {"start": "2020-01-01", "end": "2025-12-31", "granularity": "range"}),
        ("Đại hội nhiệm kỳ 2020-2025 xác định", "nhiệm kỳ 2020-2025", {"start": "2020-01-01", "end": "2025-12-31", "granularity": "range"}),
        ("kế hoạch năm 2021-2022 của Ủy ban", "năm 2021-2022", {"start": "2021-01-01", "end": "2022-12-31", "granularity": "range"}),
        ("sơ kết 6 tháng triển khai Đề án", "6 tháng", {"start": None, "end": None, "granularity": "duration", "duration": "P6M"}),
        ("sau gần 3 năm thực hiện", "3 năm", {"start": None, "end": None, "granularity": "duration", "duration": "P3Y"}),
        ("sau 1 năm thực hiện", "1 năm", {"start": None, "end": None, "granularity": "duration", "duration": "P1Y"}),
    ],
)
def test_date_span_and_value(text, span, value):
    assert only(text, span, D) == value


@pytest.mark.parametrize(
    "text, span, iso",
    [
        ("Đây là chỉ đạo tại cuộc họp sáng 6.6 của tỉnh.", "sáng 6.6", "2023-06-06"),
        ("Chiều 30-11, Sở tổ chức hội nghị.", "Chiều 30-11", "2023-11-30"),
        ("hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 năm nay", "10/10", "2023-10-10"),
        ("họp vào ngày 16/12 để", "ngày 16/12", "2023-12-16"),
    ],
)
def test_date_without_year_takes_ref_date(text, span, iso):
    assert only(text, span, D) == {"start": None, "end": None, "granularity": "day", "month": int(iso[5:7]), "day": int(iso[8:])}
    ents = [e for e in cdsnlp.extract(text, ref_date=dt.date(2023, 1, 15)) if e.text == span]
    assert dict(ents[0].value) == day(iso)


def test_date_without_year_takes_article_date_from_text():
    text = "Thông tin - Tin học 2023-06-06 16:59:23\n\nSáng 6.6, Ban Chỉ đạo họp; trong quý III sẽ triển khai."
    assert only(text, "Sáng 6.6", D) == day("2023-06-06")
    assert only(text, "quý III", D) == {"start": "2023-07-01", "end": "2023-09-30", "granularity": "quarter"}


def test_ref_date_overrides_article_date():
    text = "27/05/2022\nSáng 6.6, Ban Chỉ đạo họp."
    ents = {e.text: dict(e.value) for e in cdsnlp.extract(text, ref_date=dt.date(2024, 1, 1))}
    assert ents["Sáng 6.6"]["start"] == "2024-06-06"


def test_unknown_year_gives_null_interval_with_parts():
    assert only("Chỉ tiêu trong quý II là 80%.", "quý II", D) == {"start": None, "end": None, "granularity": "quarter", "quarter": 2}
    assert only("tổng kết 6 tháng đầu năm, Sở", "6 tháng đầu năm", D) == {
        "start": None, "end": None, "granularity": "half", "months": [1, 6]}


def test_from_to_gives_two_dates():
    assert spans("từ ngày 1/7/2024 đến ngày 30/9/2024 Sở", D) == ["ngày 1/7/2024", "ngày 30/9/2024"]


def test_prepositions_stay_outside():
    assert spans("định hướng đến năm 2030 và trong năm 2024", D) == ["năm 2030", "năm 2024"]


@pytest.mark.parametrize(
    "text",
    [
        "trong thời gian qua và thời gian tới",
        "hằng năm, hiện nay, năm nay",
        "đạt 18/54 TTHC",
        "xếp thứ 15/20 cấp sở",
        "Văn phòng 1719 chủ trì",
        "phiên bản 2.0 của khung kiến trúc",
        "dịch vụ công mức độ 4",
    ],
)
def test_no_date(text):
    assert spans(text, D) == []


def test_year_inside_document_code_or_index_is_not_date():
    text = "Thông tư 01/2023/TT-BTTTT và chỉ số DTI 2022"
    assert spans(text, D) == []


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("diễn ra trong ngày 16-17/7/2024 tại", "ngày 16-17/7/2024", {"start": "2024-07-16", "end": "2024-07-17", "granularity": "range"}),
        ("Trong 2 ngày 20-21/5/2025, Văn phòng", "20-21/5/2025", {"start": "2025-05-20", "end": "2025-05-21", "granularity": "range"}),
    ],
)
def test_compact_day_range_is_one_date(text, span, value):
    assert only(text, span, D) == value


@pytest.mark.parametrize("text, span, value", [
    # a range of durations is one DATE, read as its longer end
    ("Cấp đổi giấy phép nay chỉ mất 3-5 ngày.", "3-5 ngày", {"start": None, "end": None, "granularity": "duration", "duration": "P5D"}),
    ("dự kiến kéo dài 2 - 3 tháng", "2 - 3 tháng", {"start": None, "end": None, "granularity": "duration", "duration": "P3M"}),
    # an hour with the part of the day is a time of day, not a count
    ("Sự cố được phát hiện lúc 4 giờ sáng: máy chủ ngừng.", "4 giờ sáng", {"start": None, "end": None, "granularity": "time", "time": "04:00"}),
    ("trực đến 10 giờ tối", "10 giờ tối", {"start": None, "end": None, "granularity": "time", "time": "22:00"}),
])
def test_duration_ranges_and_hours_of_the_day(text, span, value):
    found = [e for e in cdsnlp.extract(text) if e.label == "DATE"]
    assert [e.text for e in found] == [span]
    assert dict(found[0].value) == value
    assert not [e for e in cdsnlp.extract(text) if e.label == "METRIC"]
