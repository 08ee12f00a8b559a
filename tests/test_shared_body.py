"""A body written once after a list of officials is each listed title's (issue 16)."""

from cdsnlp import analyze


def _roles(text):
    return {o.name: [(r.title, r.agency) for r in o.roles] for o in analyze(text).officials}


def test_a_list_joined_by_and_shares_the_body():
    roles = _roles("Dự họp có Giám đốc Nguyễn Văn An và Phó Giám đốc Trần Thị Bình Sở Tư pháp tỉnh Nam Định.")
    assert roles["Nguyễn Văn An"] == [("Giám đốc", "Sở Tư pháp tỉnh Nam Định")]
    assert roles["Trần Thị Bình"] == [("Phó Giám đốc", "Sở Tư pháp tỉnh Nam Định")]


def test_a_list_joined_by_commas_shares_the_body():
    roles = _roles("Tham dự có Giám đốc Nguyễn Văn An, Phó Giám đốc Trần Thị Bình Sở Tư pháp tỉnh Nam Định.")
    assert roles["Nguyễn Văn An"] == [("Giám đốc", "Sở Tư pháp tỉnh Nam Định")]


def test_a_title_of_another_kind_does_not_take_the_body():
    roles = _roles("Phó Thủ tướng, Bộ trưởng Bộ Tài chính Hồ Đức Phớc dự hội nghị.")
    assert roles["Hồ Đức Phớc"] == [("Phó Thủ tướng", None), ("Bộ trưởng", "Bộ Tài chính")]
    roles = _roles("Có mặt Chủ tịch Lê Minh Hà và Giám đốc Phạm Quốc Khánh Sở Nội vụ tỉnh Ninh Bình.")
    assert roles["Lê Minh Hà"] == [("Chủ tịch", None)]
    assert roles["Phạm Quốc Khánh"] == [("Giám đốc", "Sở Nội vụ tỉnh Ninh Bình")]
