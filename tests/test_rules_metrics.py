import pytest
from conftest import only, spans

M = "METRIC"


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("số lượng TTHC cung cấp thấp (18/54 TTHC chỉ đạt 33,3%)", "18/54 TTHC",
         {"kind": "ratio", "value": 0.3333, "unit": "TTHC", "part": 18, "whole": 54}),
        ("(18/54 TTHC chỉ đạt 33,3%)", "33,3%", {"kind": "percent", "value": 33.3, "unit": "%"}),
        ("doanh thu khoảng 53 tỷ USD", "53 tỷ USD", {"kind": "money", "value": 53_000_000_000, "unit": "USD"}),
        ("đóng góp khoảng 10,2% GDP", "10,2% GDP", {"kind": "percent", "value": 10.2, "unit": "%", "of": "GDP"}),
        ("xử lý 3.678 cuộc tấn công mạng", "3.678", {"kind": "count", "value": 3678, "unit": None}),
        ("có 42/63 tỉnh, thành phố", "42/63", {"kind": "ratio", "value": 0.6667, "unit": None, "part": 42, "whole": 63}),
        ("xếp hạng vị trí thứ 15/20 cấp sở", "thứ 15/20", {"kind": "rank", "value": 15, "unit": None, "whole": 20}),
        ("được xếp hạng vị trí thứ nhất về mức độ", "thứ nhất", {"kind": "rank", "value": 1, "unit": None, "whole": None}),
        ("xếp hạng 25/63 tỉnh", "25/63", {"kind": "rank", "value": 25, "unit": None, "whole": 63}),
        ("chỉ số (DTI 2022) của Viện", "DTI 2022", {"kind": "index", "value": None, "unit": None, "index": "DTI", "year": 2022}),
        ("Bộ chỉ số đánh giá (DTI) tỉnh", "DTI", {"kind": "index", "value": None, "unit": None, "index": "DTI", "year": None}),
        ("kết quả PAR INDEX 2023 của tỉnh", "PAR INDEX 2023",
         {"kind": "index", "value": None, "unit": None, "index": "PAR INDEX", "year": 2023}),
        ("tăng trưởng 8,3 - 8,5% trong năm", "8,3 - 8,5%", {"kind": "range", "value": None, "unit": "%", "low": 8.3, "high": 8.5}),
        ("hỗ trợ 1,5 triệu người dân", "1,5 triệu", {"kind": "count", "value": 1_500_000, "unit": None}),
        ("với 1.250 tỷ đồng vốn", "1.250 tỷ đồng", {"kind": "money", "value": 1_250_000_000_000, "unit": "VND"}),
        ("thu 14.703 tỷ đồng/tháng", "14.703 tỷ đồng/tháng",
         {"kind": "money", "value": 14_703_000_000_000, "unit": "VND", "per": "tháng"}),
        ("đạt 0,6077 điểm", "0,6077 điểm", {"kind": "count", "value": 0.6077, "unit": "điểm"}),
        ("gần 50 nghìn tài khoản", "50 nghìn", {"kind": "count", "value": 50_000, "unit": None}),
        ("cung cấp 325 TTHC trực tuyến", "325 TTHC", {"kind": "count", "value": 325, "unit": "TTHC"}),
        ("Lượt xem: 467 In bài viết", "467", {"kind": "count", "value": 467, "unit": None}),
        ("lọt Top 10 địa phương", "Top 10", {"kind": "rank", "value": 10, "unit": None, "top": True}),
        ("gắn với 3 trụ cột chính", "3", {"kind": "count", "value": 3, "unit": None}),
    ],
)
def test_metric_span_and_value(text, span, value):
    assert only(text, span, M) == value


@pytest.mark.parametrize(
    "text",
    [
        "Văn phòng 1719 chủ trì triển khai Cổng thông tin",
        "phiên họp thứ 2 của Ủy ban Quốc gia",
        "tổ chức lần thứ ba tại tỉnh",
        "Ban Thường vụ Tỉnh ủy khóa XX, Đại hội XIII",
        "dịch vụ công trực tuyến mức độ 4",
        "khung kiến trúc Chính phủ điện tử 2.0, công nghiệp 4.0 và mạng 5G",
        "Điện thoại: 0220. 3892436 - Email: sokhcn@haiduong.gov.vn",
        "Địa chỉ: Số 209 Nguyễn Lương Bằng - TP. Hải Dương",
        "trụ sở tại số 12 Trần Phú, thành phố",
        "xem tại https://dichvucong.gov.vn/p/12345 hoặc baochinhphu.vn",
        "Tài liệu đính kèm: Ket luan Hoi nghi CDS nam 2024 (20.3).pdf",
        "theo Điều 5 của Luật",
    ],
)
def test_no_metric(text):
    assert spans(text, M) == []


def test_list_numbering_is_not_metric():
    text = "Kết luận như sau:\n1. Tập trung triển khai.\n2) Rà soát 15 nhiệm vụ."
    assert spans(text, M) == ["15"]


def test_approximators_stay_outside():
    assert spans("khoảng 53 tỷ USD, gần 90%, hơn 1.000 hồ sơ", M) == ["53 tỷ USD", "90%", "1.000"]


def test_index_followed_by_nam_year_is_index_plus_date():
    text = "Chỉ số DTI năm 2022 của tỉnh"
    assert spans(text, M) == ["DTI"]
    assert spans(text, "DATE") == ["năm 2022"]


def test_compound_scale_words():
    assert only("tổng vốn 3,2 triệu tỷ đồng", "3,2 triệu tỷ đồng", M) == {"kind": "money", "value": 3_200_000_000_000_000, "unit": "VND"}


@pytest.mark.parametrize(
    "text, span, value",
    [
        # a gap in percentage points keeps its unit (ANNOTATION b16)
        ("tỷ lệ này cao hơn năm trước 4,7 điểm phần trăm.", "4,7 điểm phần trăm",
         {"kind": "count", "value": 4.7, "unit": "điểm phần trăm"}),
        # a price or yield per unit of measure is a rate kept whole, over two bases too
        ("giá thu mua cao hơn 6.500 đồng/kg so với vụ trước", "6.500 đồng/kg",
         {"kind": "money", "value": 6500, "unit": "VND", "per": "kg"}),
        ("lãi thêm 5,6 triệu đồng/ha/vụ nhờ tưới tự động", "5,6 triệu đồng/ha/vụ",
         {"kind": "money", "value": 5_600_000, "unit": "VND", "per": "ha/vụ"}),
        ("năng suất bình quân 6,2 tấn/ha", "6,2 tấn/ha", {"kind": "count", "value": 6.2, "unit": "tấn", "per": "ha"}),
        # a count per time unit is a rate ("9.400 hồ sơ/ngày", ANNOTATION b16)
        ("bản tin phát 3 kỳ/tuần trên sóng phát thanh", "3 kỳ/tuần", {"kind": "count", "value": 3, "unit": "kỳ", "per": "tuần"}),
        ("tiếp nhận 850 hồ sơ/ngày", "850 hồ sơ/ngày", {"kind": "count", "value": 850, "unit": "hồ sơ", "per": "ngày"}),
        # a range of a share of GRDP keeps it, as «10,2% GDP» does; a rate per thousand is written like a percent
        ("kinh tế số chiếm 15 - 17% GRDP vào năm 2030", "15 - 17% GRDP",
         {"kind": "range", "value": None, "unit": "%", "low": 15, "high": 17, "of": "GRDP"}),
        ("tỷ suất sinh giảm còn 11,5‰", "11,5‰", {"kind": "percent", "value": 11.5, "unit": "‰"}),
        # a percentage keeps the abbreviation of what it is a share of (data/ANNOTATION.md), as a count does
        ("Tỉnh đã số hóa 100% TTHC thuộc thẩm quyền", "100% TTHC", {"kind": "percent", "value": 100, "unit": "%", "of": "TTHC"}),
        ("có 95% DN nộp thuế điện tử", "95% DN", {"kind": "percent", "value": 95, "unit": "%", "of": "DN"}),
        # ... but not a kind of body before a level word, nor a word of a heading in capitals
        ("đạt 100% UBND cấp xã", "100%", {"kind": "percent", "value": 100, "unit": "%"}),
        ("TỶ LỆ ĐẠT 100% TRONG NĂM", "100%", {"kind": "percent", "value": 100, "unit": "%"}),
        ("KẾT QUẢ ĐẠT 120 TRONG NĂM", "120", {"kind": "count", "value": 120, "unit": None}),
        ("xây dựng 3 IOC cấp huyện", "3 IOC", {"kind": "count", "value": 3, "unit": "IOC"}),
        # spelled counts of common count nouns
        ("Sở đang xin ý kiến ba dự thảo quyết định", "ba", {"kind": "count", "value": 3, "unit": None}),
        ("bốn nhà mạng cam kết phủ sóng", "bốn", {"kind": "count", "value": 4, "unit": None}),
        ("thông qua năm nhóm giải pháp", "năm", {"kind": "count", "value": 5, "unit": None}),
    ],
)
def test_rates_points_and_spelled_counts(text, span, value):
    assert only(text, span, M) == value


@pytest.mark.parametrize(
    "text",
    [
        # the ordinal of a year or an event is not a rank, even after "giữ vị trí" / "đứng đầu" (guideline: "năm thứ 3")
        "Thành phố giữ vị trí đầu bảng năm thứ năm liên tiếp",
        "Huyện đứng đầu khối thi đua đợt thứ hai",
        # levels: "mức độ 4", and "mức 2" of an electronic identity
        "người dân kích hoạt tài khoản định danh điện tử mức 2 trên điện thoại",
        # a time zone is not a figure
        "Thứ Hai, 14/10/2024 08:15 GMT+7",
        # phone numbers after a cue without a colon
        "liên hệ tổng đài 1900 9090 hoặc đường dây nóng 1022 của thành phố",
    ],
)
def test_no_metric_ordinals_levels_phones(text):
    assert spans(text, M) == []


def test_cuoi_nam_before_a_count_noun_is_a_date():
    text = "Ủy ban sẽ trình kỳ họp cuối năm nghị quyết về phí."
    assert spans(text, M) == []
    assert spans(text, "DATE") == ["cuối năm"]
