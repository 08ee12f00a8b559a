"""Document records an analyst can trust (issue 16), on texts written for these tests."""

import json
from importlib import resources

import jsonschema
import pytest
from conftest import ROOT

import cdsnlp
from cdsnlp.honorifics import honorifics_before, split_honorifics
from cdsnlp.structure import structure
from cdsnlp.structure.dateline import article_date
from cdsnlp.types import Entity


def agency(doc, name):
    return next(a for a in doc.agencies if a.name == name)


def test_parent_in_brackets_is_a_parent_not_an_alias():
    d = cdsnlp.analyze("Cục Chuyển đổi số quốc gia (Bộ Thông tin và Truyền thông) tổ chức hội nghị tập huấn cho 63 tỉnh.")
    cuc = agency(d, "Cục Chuyển đổi số quốc gia")
    assert cuc.parent == "Bộ Thông tin và Truyền thông" and cuc.aliases == [] and cuc.abbreviations == []
    bo = agency(d, "Bộ Thông tin và Truyền thông")  # the ministry is a body of its own, not merged into the department
    assert bo.parent is None and len(bo.mentions) == 1


def test_abbreviation_in_brackets_stays_an_abbreviation_and_a_unit_is_neither():
    d = cdsnlp.analyze("Hội đồng nhân dân tỉnh Lâm Đồng (HĐND tỉnh) họp chuyên đề. Bộ Công an (Cục C06) hướng dẫn kết nối dữ liệu.")
    hd = agency(d, "Hội đồng nhân dân tỉnh Lâm Đồng")
    assert "HĐND tỉnh" in hd.abbreviations and hd.parent is None
    assert agency(d, "Bộ Công an").parent is None and all(a.parent != "Bộ Công an" or a.name != "Bộ Công an" for a in d.agencies)


def test_short_references_resolve_to_the_body_named_in_the_article():
    d = cdsnlp.analyze(
        "UBND tỉnh Bắc Ninh ban hành Kế hoạch số 12/KH-UBND ngày 3/2/2024 về chuyển đổi số. "
        "Phó Chủ tịch UBND tỉnh Trần Thị Hoa yêu cầu Sở Thông tin và Truyền thông tỉnh Bắc Ninh hướng dẫn các huyện. "
        "Giám đốc Sở Lê Văn Tâm cho biết Sở đã hoàn thành kho dữ liệu."
    )
    ubnd = agency(d, "Ủy ban nhân dân tỉnh Bắc Ninh")
    assert len(ubnd.mentions) == 2 and "UBND tỉnh" in ubnd.abbreviations
    assert not any(a.name == "Ủy ban nhân dân tỉnh" for a in d.agencies)
    hoa = next(o for o in d.officials if o.name == "Trần Thị Hoa")
    assert [(r.title, r.agency) for r in hoa.roles] == [("Phó Chủ tịch", "Ủy ban nhân dân tỉnh Bắc Ninh")]


def test_bare_so_resolves_to_the_so_named_before():
    text = "Sở Thông tin và Truyền thông tỉnh Bắc Ninh họp. Giám đốc Sở Lê Văn Tâm cho biết Sở đã hoàn thành kho dữ liệu."
    labels = [("AGENCY", "Sở Thông tin và Truyền thông tỉnh Bắc Ninh"), ("ROLE", "Giám đốc"), ("AGENCY", "Sở"), ("OFFICIAL", "Lê Văn Tâm"),
              ("AGENCY", "Sở")]
    ents = [Entity(lab, text[s:e], s, e) for (lab, _), (s, e) in zip(labels, _spans(text, [t for _, t in labels]), strict=True)]
    d = structure(text, ents)
    assert [(a.name, len(a.mentions)) for a in d.agencies] == [("Sở Thông tin và Truyền thông tỉnh Bắc Ninh", 3)]
    tam = d.officials[0]
    assert [(r.title, r.agency) for r in tam.roles] == [("Giám đốc", "Sở Thông tin và Truyền thông tỉnh Bắc Ninh")]


def test_short_reference_of_another_level_is_not_merged():
    d = cdsnlp.analyze("UBND huyện Tiên Du báo cáo UBND tỉnh về tiến độ. Chủ tịch UBND huyện Đỗ Văn Minh chủ trì.")
    names = {a.name for a in d.agencies}
    assert "Ủy ban nhân dân huyện Tiên Du" in names
    assert agency(d, "Ủy ban nhân dân huyện Tiên Du").mentions != [m for a in d.agencies for m in a.mentions]
    minh = next(o for o in d.officials if o.name == "Đỗ Văn Minh")
    assert minh.roles[0].agency == "Ủy ban nhân dân huyện Tiên Du"


def test_letterhead_capitals_and_abbreviation_variants_make_one_record():
    text = ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSở TT&TT tỉnh Nam Định cho biết đã số hóa 40% hồ sơ. Sở TTTT đã hoàn thành kế hoạch. "
            "Sở Thông tin và Truyền thông tỉnh Nam Định tổ chức tổng kết.")
    ents = [Entity("AGENCY", text[s:e], s, e) for s, e in _spans(text, ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở TT&TT tỉnh Nam Định", "Sở TTTT",
                                                                       "Sở Thông tin và Truyền thông tỉnh Nam Định"])]
    d = structure(text, ents)
    assert [a.name for a in d.agencies] == ["Sở Thông tin và Truyền thông tỉnh Nam Định"]
    a = d.agencies[0]
    assert len(a.mentions) == 4 and {"Sở TT&TT tỉnh Nam Định", "Sở TTTT"} <= set(a.abbreviations)


def test_letterhead_alone_gets_a_normally_cased_name():
    text = "HĐND HUYỆN GIỒNG TRÔM\nKỳ họp thứ 14 thông qua nghị quyết."
    d = structure(text, [Entity("AGENCY", "HĐND HUYỆN GIỒNG TRÔM", 0, 21)])
    assert d.agencies[0].name == "Hội đồng nhân dân huyện Giồng Trôm"


def _spans(text, parts):
    pos = 0
    for p in parts:
        s = text.index(p, pos)
        yield s, s + len(p)
        pos = s + len(p)


def test_no_abbreviation_equal_to_the_full_name():
    for e in cdsnlp.extract("Bộ Thông tin và Truyền thông phối hợp với UBND tỉnh Cao Bằng."):
        if e.label == "AGENCY":
            assert e.value["abbreviation"] != e.value["name"], e
    d = cdsnlp.analyze("Bộ Thông tin và Truyền thông phối hợp với Bộ Công an.")
    assert all(a.abbreviations == [] for a in d.agencies)


@pytest.mark.parametrize("text,expected", [
    ("Hà Nội sơ kết chuyển đổi số\n\nCập nhật: 08:00 15/6/2023\n\nSáng 14/6, Ban Chỉ đạo họp.", "2023-06-15"),
    ("Tin tỉnh\n\n(12/12/2023) - Tại kỳ họp thứ 15, HĐND tỉnh thông qua nghị quyết.", "2023-12-12"),
    ("Tin bộ\n\nHà Nội (25/5/2024) - Thông tin tại họp báo chiều 24-5 cho biết ...", "2024-05-25"),
    ("Tiêu đề\n\n(Chinhphu.vn) - Ngày 18/1/2024, Thủ tướng chủ trì phiên họp.", "2024-01-18"),
    ("ỦY BAN NHÂN DÂN\nTỈNH VĨNH PHÚC\nSố: 87/KH-UBND\nVĩnh Phúc, ngày 15 tháng 3 năm 2024\n\nKẾ HOẠCH", "2024-03-15"),
    # a cited document's date is never the article's date
    ("Hồng Dân ban hành kế hoạch\n\nUBND huyện vừa ban hành Kế hoạch số 21/KH-UBND ngày 24/02/2025 về phát triển xã hội số.", None),
    ("Kiểm tra tại 6 địa phương\n\nThực hiện Quyết định số 742/QĐ-STTTT ngày 2/10/2023 của Giám đốc Sở, đoàn kiểm tra làm việc.", None),
])
def test_article_date_from_dateline_only(text, expected):
    d = article_date(text)
    assert (d.isoformat() if d else None) == expected
    assert cdsnlp.analyze(text).date == expected


def test_article_date_from_reader_metadata_wins():
    text = "UBND tỉnh ban hành Kế hoạch số 12/KH-UBND ngày 3/2/2024."
    assert cdsnlp.analyze(text).date is None
    assert cdsnlp.analyze(text, published="2024-02-05").date == "2024-02-05"


def test_issuer_from_the_code_then_from_the_sentence():
    d = cdsnlp.analyze(
        "UBND tỉnh Bắc Ninh ban hành Kế hoạch số 12/KH-UBND ngày 3/2/2024. Căn cứ Quyết định số 749/QĐ-TTg, Nghị định 45/2020/NĐ-CP, "
        "Nghị quyết số 52-NQ/TW của Bộ Chính trị, Nghị quyết 01/NQ-CP và Chỉ thị số 39-CT/TW."
    )
    issuer = {x.text: x.issuer for x in d.documents}
    assert issuer["Kế hoạch số 12/KH-UBND"] == "Ủy ban nhân dân tỉnh Bắc Ninh"  # the province's UBND named in the sentence
    assert issuer["Quyết định số 749/QĐ-TTg"] == "Thủ tướng Chính phủ"
    assert issuer["Nghị định 45/2020/NĐ-CP"] == "Chính phủ"
    assert issuer["Nghị quyết số 52-NQ/TW"] == "Bộ Chính trị"  # «của X» wins over the shared TW code
    assert issuer["Chỉ thị số 39-CT/TW"] == "Ban Chấp hành Trung ương"


def test_issuer_from_the_subject_of_the_sentence_when_the_code_says_nothing():
    d = cdsnlp.analyze("Trường Đại học Cần Thơ vừa ban hành Kế hoạch số 88/KH-ĐHCT về chuyển đổi số.")
    assert d.documents[0].issuer == "Trường Đại học Cần Thơ"


def test_honorifics_split_spelt_one_way_and_whole_words():
    assert split_honorifics("PGS.TS.") == ["PGS", "TS"] == split_honorifics("PGS. TS.")
    assert split_honorifics("GS.TSKH ") == ["GS", "TSKH"]
    assert split_honorifics("NGƯT, ThS. ") == ["NGƯT", "ThS"]
    text = "Bộ Thông tin và Truyền thông Nguyễn Mạnh Hùng"
    assert honorifics_before(text, text.index("Nguyễn")) == []  # «thông» holds no «ông»
    text = "Giám đốc Sở KH&CN Trần Văn An"
    assert honorifics_before(text, text.index("Trần")) == []  # «KH&CN» holds no «CN»
    d = cdsnlp.analyze("Tham dự có PGS.TS. Nguyễn Văn An, Viện trưởng Viện Công nghệ thông tin, và ông Lê Văn Bình.")
    an = next(o for o in d.officials if o.name == "Nguyễn Văn An")
    assert an.honorifics == ["PGS", "TS"]
    binh = next(o for o in d.officials if o.name == "Lê Văn Bình")
    assert binh.honorifics == ["Ông"]


def test_role_agency_through_kiem_and_a_bracketed_abbreviation():
    d = cdsnlp.analyze("Đồng chí Hoàng Văn Sơn, Bí thư Tỉnh ủy Bắc Kạn kiêm Chủ tịch HĐND tỉnh Bắc Kạn phát biểu. "
                       "Bộ trưởng Bộ Thông tin và Truyền thông (Bộ TT&TT) Nguyễn Mạnh Hùng dự họp.")
    son = next(o for o in d.officials if o.name == "Hoàng Văn Sơn")
    assert ("Chủ tịch", "Hội đồng nhân dân tỉnh Bắc Kạn") in [(r.title, r.agency) for r in son.roles]
    hung = next(o for o in d.officials if o.name == "Nguyễn Mạnh Hùng")
    assert [(r.title, r.agency) for r in hung.roles] == [("Bộ trưởng", "Bộ Thông tin và Truyền thông")]


def test_a_plural_title_is_every_listed_name_s():
    text = "Dự hội nghị có các Phó Chủ tịch UBND tỉnh Bắc Giang Nguyễn Văn Sơn, Lê Thị Hòa và Phan Thế Tuấn."
    labels = [("ROLE", "Phó Chủ tịch"), ("AGENCY", "UBND tỉnh Bắc Giang"), ("OFFICIAL", "Nguyễn Văn Sơn"), ("OFFICIAL", "Lê Thị Hòa"),
              ("OFFICIAL", "Phan Thế Tuấn")]
    ents = [Entity(lab, text[s:e], s, e) for (lab, _), (s, e) in zip(labels, _spans(text, [t for _, t in labels]), strict=True)]
    d = structure(text, ents)
    assert [(o.name, [(r.title, r.agency) for r in o.roles]) for o in d.officials] == [
        (n, [("Phó Chủ tịch", "Ủy ban nhân dân tỉnh Bắc Giang")]) for n in ("Nguyễn Văn Sơn", "Lê Thị Hòa", "Phan Thế Tuấn")]
    # without «các» the title is the first name's only
    text2 = text.replace("các ", "")
    ents2 = [Entity(e.label, e.text, e.start - 4, e.end - 4) for e in ents]
    assert [len(o.roles) for o in structure(text2, ents2).officials] == [1, 0, 0]


def test_role_agency_from_the_sentence_before_and_a_bare_kind_word():
    d = cdsnlp.analyze(
        "Hội nghị giao ban toàn hệ thống do Kho bạc Nhà nước tổ chức chiều 28/11. Dự hội nghị có Tổng Giám đốc Trần Văn Quân. "
        "Đoàn kiểm tra do ông Phạm Văn Lực, Phó Giám đốc Sở làm Trưởng đoàn đã làm việc với 5 huyện. Sở Tư pháp tỉnh Hà Nam phối hợp."
    )
    quan = next(o for o in d.officials if o.name == "Trần Văn Quân")
    assert [(r.title, r.agency) for r in quan.roles] == [("Tổng Giám đốc", "Kho bạc Nhà nước")]
    luc = next(o for o in d.officials if o.name == "Phạm Văn Lực")
    assert ("Trưởng đoàn", "Đoàn kiểm tra") in [(r.title, r.agency) for r in luc.roles]


def test_a_title_of_another_kind_takes_no_body_from_the_sentence():
    d = cdsnlp.analyze("Bộ Công an tổ chức hội nghị. Phó Thủ tướng Trần Lưu Quang dự và phát biểu.")
    quang = next(o for o in d.officials if o.name == "Trần Lưu Quang")
    assert quang.roles[0].agency is None


def test_metric_change_baseline_and_period():
    d = cdsnlp.analyze("Năm 2024, tỷ lệ hồ sơ trực tuyến toàn trình đạt 45%, tăng 10% so với năm 2023. "
                       "Số vụ tấn công mạng giảm 12% so với cùng kỳ năm 2023.")
    m = {x.text: x for x in d.metrics}
    assert m["45%"].change is None and m["45%"].period["start"] == "2024-01-01"
    assert m["10%"].change == "up" and m["10%"].baseline["start"] == "2023-01-01" and m["10%"].period["start"] == "2024-01-01"
    assert m["10%"].subject == "hồ sơ trực tuyến toàn trình"
    assert m["12%"].change == "down" and m["12%"].baseline["text"] == "năm 2023" and m["12%"].period is None
    assert m["12%"].subject == "vụ tấn công mạng"


def test_metric_subject_not_cut_mid_compound():
    d = cdsnlp.analyze("Toàn tỉnh có 1.960 tổ công nghệ số cộng đồng. Tỉnh khai thác 15 cơ sở dữ liệu chuyên ngành.")
    subjects = {x.text: x.subject for x in d.metrics}
    assert subjects["1.960"] == "tổ công nghệ số cộng đồng"
    assert subjects["15"] == "cơ sở dữ liệu chuyên ngành"
    d = cdsnlp.analyze("Kho dữ liệu kết nối với 21 sở, ngành và 22 quận, huyện. Thiệt hại khoảng 3,9 tỷ đồng.")
    subjects = {x.text: x.subject for x in d.metrics}
    assert subjects["21"] == "sở, ngành" and subjects["22"] == "quận, huyện" and subjects["3,9 tỷ đồng"] == "thiệt hại"


def test_events_kind_date_place_chair_bodies():
    d = cdsnlp.analyze("Sáng 12/9/2024, tại Hà Nội, Bộ Thông tin và Truyền thông tổ chức hội nghị triển khai Đề án 06. "
                       "Bộ trưởng Nguyễn Mạnh Hùng chủ trì hội nghị. Tại hội nghị, đại diện Bộ Công an trình bày tham luận.")
    assert len(d.events) == 1
    ev = d.events[0]
    assert (ev.kind, ev.date, ev.place, ev.chair) == ("hội nghị", "2024-09-12", "Hà Nội", "Nguyễn Mạnh Hùng")
    assert ev.bodies == ["Bộ Thông tin và Truyền thông"] and len(ev.mentions) == 3


def test_an_inspection_is_an_event():
    d = cdsnlp.analyze("Từ ngày 9/10 đến ngày 20/10/2023, Đoàn kiểm tra của Sở Nội vụ tỉnh Hà Nam đã kiểm tra tại 6 địa phương.")
    assert [e.kind for e in d.events] == ["kiểm tra"]


def test_assignment_lead_cooperating_task_deadline_source():
    d = cdsnlp.analyze(
        "UBND tỉnh Bắc Ninh ban hành Kế hoạch số 12/KH-UBND ngày 3/2/2024 về chuyển đổi số. Kế hoạch số 12/KH-UBND giao Sở Thông tin "
        "và Truyền thông chủ trì, phối hợp với Sở Nội vụ, Sở Tài chính và các sở, ngành liên quan xây dựng kho dữ liệu dùng chung, "
        "hoàn thành trước ngày 30/6/2024."
    )
    assert len(d.assignments) == 1
    a = d.assignments[0]
    # a «Sở» without its province, in an article about one province, is that province's
    assert a.lead == "Sở Thông tin và Truyền thông tỉnh Bắc Ninh" and a.cooperating == ["Sở Nội vụ tỉnh Bắc Ninh", "Sở Tài chính tỉnh Bắc Ninh"]
    assert a.task == "xây dựng kho dữ liệu dùng chung" and a.deadline == "2024-06-30" and a.source == "Kế hoạch số 12/KH-UBND"


def test_assignments_in_a_numbered_conclusion():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSố: 51/TB-UBND\nHà Nam, ngày 10 tháng 5 năm 2024\n\nTHÔNG BÁO\n"
            "Chủ tịch UBND tỉnh kết luận như sau:\n1. Sở Tư pháp hoàn thành số hóa sổ hộ tịch trong quý IV/2024;\n"
            "2. Công an tỉnh tham mưu sửa đổi quy chế phối hợp, trình trước ngày 15/8/2024.\n3. Các huyện tiếp tục rà soát dữ liệu.\n")
    d = cdsnlp.analyze(text)
    got = [(a.lead, a.task, a.deadline, a.source) for a in d.assignments]
    assert ("Sở Tư pháp tỉnh Hà Nam", "hoàn thành số hóa sổ hộ tịch", "2024-12-31", "51/TB-UBND") in got
    assert any(lead.startswith("Công an tỉnh") and task == "tham mưu sửa đổi quy chế phối hợp" and dl == "2024-08-15"
               for lead, task, dl, _ in got)
    assert len(got) == 2  # «Các huyện» is not a named body


def test_html_view_shows_events_and_assignments():
    from cdsnlp.html_view import render_page

    d = cdsnlp.analyze("Sáng 12/9/2024, UBND tỉnh Hà Nam tổ chức hội nghị. Giao Sở Y tế tỉnh Hà Nam chủ trì triển khai bệnh án "
                       "điện tử, hoàn thành trước ngày 31/12/2024.")
    page = render_page([("a", d)])
    assert "<caption>Events</caption>" in page and "<caption>Assignments</caption>" in page
    assert "2024-12-31" in page and "Sở Y tế tỉnh Hà Nam" in page


def test_json_schema_validates_every_record_of_the_corpus():
    schema = json.loads(resources.files("cdsnlp.resources").joinpath("document.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    n = 0
    kinds = set()
    for split in ("train", "validation", "test"):
        for line in (ROOT / "data" / "corpus" / f"{split}.jsonl").open(encoding="utf-8"):
            doc = cdsnlp.analyze(json.loads(line)["text"]).to_dict()
            errors = list(validator.iter_errors(doc))
            assert not errors, (json.loads(line)["id"], errors[0].message)
            kinds |= {k for k in ("events", "assignments") if doc[k]}
            n += 1
    assert n >= 272 and n == sum(1 for s in ("train", "validation", "test") for _ in (ROOT / "data" / "corpus" / f"{s}.jsonl").open(encoding="utf-8"))
    assert kinds == {"events", "assignments"}


def test_archive_rows_hold_events_assignments_parents_and_changes():
    from cdsnlp.archive.rows import article_rows

    text = ("Sáng 12/9/2024, Cục Chuyển đổi số quốc gia (Bộ Thông tin và Truyền thông) tổ chức hội nghị tại Hà Nội. "
            "Năm 2024, tỷ lệ hồ sơ trực tuyến đạt 45%, tăng 10% so với năm 2023. Giao Sở Y tế tỉnh Hà Nam chủ trì, "
            "phối hợp với Sở Nội vụ tỉnh Hà Nam triển khai bệnh án điện tử, hoàn thành trước ngày 31/12/2024.")
    rows = article_rows(text, {"id": "a1"})
    assert [(r["kind"], str(r["date"]), r["place"]) for r in rows["events"]] == [("hội nghị", "2024-09-12", "Hà Nội")]
    a = rows["assignments"][0]
    assert (a["lead"], a["cooperating"], str(a["deadline"])) == ("Sở Y tế tỉnh Hà Nam", "Sở Nội vụ tỉnh Hà Nam", "2024-12-31")
    assert a["lead_key"] and a["article_id"] == "a1"
    cuc = next(r for r in rows["agencies"] if r["name"] == "Cục Chuyển đổi số quốc gia")
    assert cuc["parent"] == "Bộ Thông tin và Truyền thông"
    ten = next(r for r in rows["metrics"] if r["text"] == "10%")
    assert ten["change"] == "up" and str(ten["baseline_start"]) == "2023-01-01" and str(ten["period_start"]) == "2024-01-01"


def test_structure_reads_entities_in_any_order():
    """The linkers look entities up by bisection: an unsorted list gives the same records."""
    from cdsnlp import extract
    from cdsnlp.structure import structure

    text = ("Ngày 3/2/2024, UBND tỉnh Bắc Ninh ban hành Kế hoạch số 12/KH-UBND. Phó Chủ tịch UBND tỉnh Trần Thị Hoa "
            "giao Sở Tài chính chủ trì, hoàn thành trước ngày 30/6/2024. Tại hội nghị, Sở đạt 45% hồ sơ trực tuyến.")
    ents = extract(text)
    assert len(ents) > 6
    shuffled = ents[1::2] + ents[::2]
    assert structure(text, shuffled).to_dict() == structure(text, ents).to_dict()
