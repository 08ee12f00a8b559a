import pytest
from conftest import only, spans

L = "LEGAL_DOC"


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("theo Quyết định số 01/QĐ-BCĐCĐS ngày 20/4/2023.", "Quyết định số 01/QĐ-BCĐCĐS",
         {"doc_type": "Quyết định", "number": "01", "year": None, "code": "QĐ-BCĐCĐS", "issuer": "BCĐCĐS"}),
        ("thực hiện Quyết định 505/QĐ-TTg của Thủ tướng", "Quyết định 505/QĐ-TTg",
         {"doc_type": "Quyết định", "number": "505", "year": None, "code": "QĐ-TTg", "issuer": "TTg"}),
        ("quán triệt 57-NQ/TW của Bộ Chính trị", "57-NQ/TW",
         {"doc_type": "Nghị quyết", "number": "57", "year": None, "code": "NQ/TW", "issuer": "TW"}),
        ("theo Thông tư 01/2023/TT-BTTTT hướng dẫn", "Thông tư 01/2023/TT-BTTTT",
         {"doc_type": "Thông tư", "number": "01", "year": 2023, "code": "TT-BTTTT", "issuer": "BTTTT"}),
        ("Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu", "Nghị định số 13/2023/NĐ-CP",
         {"doc_type": "Nghị định", "number": "13", "year": 2023, "code": "NĐ-CP", "issuer": "CP"}),
        ("ban hành Kế hoạch 219/KH-UBND ngày 20/12/2023", "Kế hoạch 219/KH-UBND",
         {"doc_type": "Kế hoạch", "number": "219", "year": None, "code": "KH-UBND", "issuer": "UBND"}),
        ("Nghị quyết số 13-NQ/TU ngày 06/9/2023", "Nghị quyết số 13-NQ/TU",
         {"doc_type": "Nghị quyết", "number": "13", "year": None, "code": "NQ/TU", "issuer": "TU"}),
        ("Giấy phép số: 01/GP-STTTT do Sở cấp", "Giấy phép số: 01/GP-STTTT",
         {"doc_type": "Giấy phép", "number": "01", "year": None, "code": "GP-STTTT", "issuer": "STTTT"}),
        ("triển khai Đề án 06 tại địa phương", "Đề án 06",
         {"doc_type": "Đề án", "number": "06", "year": None, "code": None, "issuer": None}),
        ("tinh thần Nghị quyết 57 về khoa học", "Nghị quyết 57",
         {"doc_type": "Nghị quyết", "number": "57", "year": None, "code": None, "issuer": None}),
        ("thực hiện NQ57 của Bộ Chính trị", "NQ57",
         {"doc_type": "Nghị quyết", "number": "57", "year": None, "code": "NQ", "issuer": None}),
        ("theo kế hoạch số 175/KH-UBND của tỉnh", "kế hoạch số 175/KH-UBND",
         {"doc_type": "Kế hoạch", "number": "175", "year": None, "code": "KH-UBND", "issuer": "UBND"}),
        ("Chương trình hành động số 414-CTr/TU của Tỉnh ủy", "Chương trình hành động số 414-CTr/TU",
         {"doc_type": "Chương trình", "number": "414", "year": None, "code": "CTr/TU", "issuer": "TU"}),
        ("Công văn số 2345/BTTTT-CĐSQG gửi các tỉnh", "Công văn số 2345/BTTTT-CĐSQG",
         {"doc_type": "Công văn", "number": "2345", "year": None, "code": "BTTTT-CĐSQG", "issuer": "BTTTT"}),
        ("theo Thông báo số 408/TB-VPCP ngày 9/10", "Thông báo số 408/TB-VPCP",
         {"doc_type": "Thông báo", "number": "408", "year": None, "code": "TB-VPCP", "issuer": "VPCP"}),
        ("Luật Giao dịch điện tử số 20/2023/QH15 có hiệu lực", "Luật Giao dịch điện tử số 20/2023/QH15",
         {"doc_type": "Luật", "number": "20", "year": 2023, "code": "QH15", "issuer": "QH15"}),
        ("quán triệt Nghị quyết 57- NQ/TW", "Nghị quyết 57- NQ/TW",
         {"doc_type": "Nghị quyết", "number": "57", "year": None, "code": "NQ/TW", "issuer": "TW"}),
        ("thực hiện 01/2024/QĐ-UBND của tỉnh", "01/2024/QĐ-UBND",
         {"doc_type": "Quyết định", "number": "01", "year": 2024, "code": "QĐ-UBND", "issuer": "UBND"}),
    ],
)
def test_legal_doc_span_and_value(text, span, value):
    assert only(text, span, L) == value


@pytest.mark.parametrize(
    "text",
    [
        "Văn phòng 1719 chủ trì triển khai.",
        "tại phiên họp thứ 2 của Ủy ban",
        "báo cáo kế hoạch 6 tháng cuối năm 2023",
        "Kết luận cuộc họp Ban Chỉ đạo ngày 16/12/2022",
        "Kế hoạch 2024 của tỉnh",
        "tải tệp ket-luan-so-12.pdf tại cổng",
    ],
)
def test_no_legal_doc(text):
    assert spans(text, L) == []


def test_date_and_issuer_after_document_are_separate():
    text = "Quyết định số 104/QĐ-UBND ngày 07/02/2023 của UBND tỉnh"
    assert spans(text, L) == ["Quyết định số 104/QĐ-UBND"]
    assert spans(text, "DATE") == ["ngày 07/02/2023"]


def test_year_after_code_is_a_date():
    text = "Kế hoạch 186/KH-UBND năm 2025 của tỉnh"
    assert spans(text, L) == ["Kế hoạch 186/KH-UBND"]
    assert spans(text, "DATE") == ["năm 2025"]


def test_law_title_with_comma_and_compound_inspection_conclusion():
    text = "theo Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14 và kết luận thanh tra số 56/KL-TTr."
    assert spans(text, L) == ["Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14", "kết luận thanh tra số 56/KL-TTr"]
