"""A title in letterhead or headline capitals gets the gazetteer's normal casing in the record (issue 16)."""

from cdsnlp import analyze
from cdsnlp.structure.officials import normal_title


def test_capitals_take_the_gazetteer_casing():
    assert normal_title("GIÁM ĐỐC") == "Giám đốc"
    assert normal_title("Phó Chủ Tịch") == "Phó Chủ tịch"
    assert normal_title("PHÓ GIÁM ĐỐC THƯỜNG TRỰC") == "Phó Giám đốc Thường trực"
    # already normal, or not a whole gazetteer title (an acronym may hide in capitals): kept as written
    assert normal_title("Giám đốc") == "Giám đốc"
    assert normal_title("CHỦ TỊCH UBND") == "CHỦ TỊCH UBND"


def test_records_of_a_capitalised_role():
    doc = analyze("GIÁM ĐỐC SỞ TƯ PHÁP Lê Văn Hùng chủ trì buổi làm việc. Phó Chủ Tịch UBND tỉnh Nam Định Trần Minh Tâm dự họp.")
    titles = {o.name: [r.title for r in o.roles] for o in doc.officials}
    assert titles["Lê Văn Hùng"] == ["Giám đốc"]
    assert titles["Trần Minh Tâm"] == ["Phó Chủ tịch"]
