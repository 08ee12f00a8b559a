"""Document-level records from cdsnlp.analyze, on seed-style hard cases written for these tests."""

import json
from importlib import resources

import jsonschema
import pytest

import cdsnlp

ARTICLE = """Ủy ban Dân tộc họp Ban Chỉ đạo Chuyển đổi số quý III năm 2024

09:30 12/09/2024

Sáng 11/9, Bộ trưởng, Chủ nhiệm Hầu A Lềnh, Trưởng Ban Chỉ đạo Chuyển đổi số của Ủy ban Dân tộc (UBDT) chủ trì phiên họp. Tham dự có GS.VS. Nguyễn Văn Hiếu, Chủ tịch Viện Hàn lâm Khoa học và Công nghệ Việt Nam (Viện Hàn lâm).
Theo Quyết định số 104/QĐ-UBDT ngày 07/02/2024 của Ủy ban Dân tộc, đến nay UBDT đã cung cấp 18/54 TTHC trực tuyến, xử lý 3.678 hồ sơ trong quý II/2024.
Bộ trưởng, Chủ nhiệm đề nghị Viện Hàn lâm phối hợp chặt chẽ.
Đồng chí Lò Văn Mừng, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo chuyển đổi số tỉnh (sau đây gọi tắt là Ban Chỉ đạo) phát biểu. Ban Chỉ đạo sẽ họp lại trong tháng 10/2024.
Giấy phép số: 12/GP-STTTT do Sở TT&TT cấp ngày 29/06/2015.
"""


@pytest.fixture(scope="module")
def doc():
    return cdsnlp.analyze(ARTICLE)


def test_article_date(doc):
    assert doc.date == "2024-09-12"


def test_title_list_and_title_after_name(doc):
    lenh = next(o for o in doc.officials if o.name == "Hầu A Lềnh")
    titles = [(r.title, r.agency) for r in lenh.roles]
    assert ("Bộ trưởng", None) in titles and ("Chủ nhiệm", None) in titles
    assert ("Trưởng", "Ban Chỉ đạo Chuyển đổi số") in titles


def test_unnamed_title_holder_refers_back(doc):
    lenh = next(o for o in doc.officials if o.name == "Hầu A Lềnh")
    later = ARTICLE.index("Bộ trưởng, Chủ nhiệm đề nghị")
    assert any(start == later for start, _ in lenh.mentions)


def test_honorifics_and_role_with_agency(doc):
    hieu = next(o for o in doc.officials if o.name == "Nguyễn Văn Hiếu")
    assert hieu.honorifics == ["GS", "VS"]  # split into parts, spelt one way
    assert [(r.title, r.agency) for r in hieu.roles] == [("Chủ tịch", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam")]


def test_abbreviation_and_alias_in_brackets_resolve_to_long_name(doc):
    ubdt = next(a for a in doc.agencies if a.name == "Ủy ban Dân tộc")
    assert "UBDT" in ubdt.abbreviations
    assert len(ubdt.mentions) >= 3
    vien = next(a for a in doc.agencies if a.name == "Viện Hàn lâm Khoa học và Công nghệ Việt Nam")
    assert "Viện Hàn lâm" in vien.aliases


def test_sau_day_goi_tat_la_alias(doc):
    names = {a.name for a in doc.agencies}
    assert "Ban Chỉ đạo chuyển đổi số tỉnh" in names
    bcd = next(a for a in doc.agencies if a.name == "Ban Chỉ đạo chuyển đổi số tỉnh")
    assert "Ban Chỉ đạo" in bcd.aliases and len(bcd.mentions) >= 3


def test_cited_document_with_date_and_issuer(doc):
    qd = next(d for d in doc.documents if d.number == "104")
    assert (qd.doc_type, qd.code, qd.issued, qd.issuer) == ("Quyết định", "QĐ-UBDT", "2024-02-07", "Ủy ban Dân tộc")


def test_licence_issued_by_agency_then_date(doc):
    gp = next(d for d in doc.documents if d.number == "12")
    assert gp.issuer == "Sở Thông tin và Truyền thông"
    assert gp.issued == "2015-06-29"


def test_metrics_with_subject_and_period(doc):
    by_text = {m.text: m for m in doc.metrics}
    assert by_text["18/54 TTHC"].subject == "TTHC" and by_text["18/54 TTHC"].value == 0.3333
    assert by_text["3.678"].subject == "hồ sơ"
    assert by_text["3.678"].period["text"] == "quý II/2024"


def test_to_json_follows_the_schema(doc):
    schema = json.loads(resources.files("cdsnlp.resources").joinpath("document.schema.json").read_text(encoding="utf-8"))
    data = json.loads(doc.to_json())
    jsonschema.validate(data, schema)
    for e in data["entities"]:
        assert ARTICLE[e["start"] : e["end"]] == e["text"]


def test_analyze_empty_text():
    d = cdsnlp.analyze("")
    assert d.entities == [] and d.officials == [] and d.date is None


def test_issuer_after_a_signing_title():
    d = cdsnlp.analyze("Thực hiện Quyết định số 06/QĐ-TTg ngày 6/1/2022 của Thủ tướng Chính phủ, tỉnh đã triển khai.")
    qd = d.documents[0]
    # the Prime Minister is an issuing authority of its own (resources/issuer_codes.json: TTg)
    assert (qd.issued, qd.issuer) == ("2022-01-06", "Thủ tướng Chính phủ")


def test_signature_block_title_and_body():
    text = (
        "Nơi nhận:\n- Như trên.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Hưng\n"
    )
    d = cdsnlp.analyze("Ngày 3/4/2024, UBND tỉnh ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số.\n\n" + text)
    hung = next(o for o in d.officials if o.name == "Lê Văn Hưng")
    # the title under "KT. CHỦ TỊCH" is his own; the body comes from the "TM." line, which is the
    # «UBND tỉnh» of the first line: one record, named in normal case
    assert [(r.title, r.agency) for r in hung.roles] == [("Phó Chủ tịch", "Ủy ban nhân dân tỉnh")]


def test_byline_does_not_take_a_title_from_the_text_above():
    d = cdsnlp.analyze("Tỉnh triển khai Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ.\n\nNgọc Lan\n")
    assert [(o.name, o.roles) for o in d.officials] == [("Ngọc Lan", [])]
