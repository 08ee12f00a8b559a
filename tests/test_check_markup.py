"""The suspicious-case lister that annotators run on marked-up drafts."""

from training.check_markup import check_text, load_honorifics, load_titles

BODY = " Văn bản dài." * 160  # long enough for the 150-syllable rule


def _messages(marked: str) -> list[tuple[str, str]]:
    return [(level, msg) for _line, level, msg in check_text("x", marked + BODY, load_titles(), load_honorifics()) if level != "info"]


def test_clean_document_has_no_findings():
    assert _messages("<ROLE>Giám đốc</ROLE> <AGENCY>Sở Tư pháp</AGENCY> <OFFICIAL>Lê Văn An</OFFICIAL> họp.") == []


def test_lists_suspicious_cases():
    msgs = _messages(
        "<ROLE>Giám đốc</ROLE> <AGENCY>Sở Tư pháp</AGENCY> họp; Giám đốc Sở Tư pháp nói về 15 nhiệm vụ với Bộ Tài chính."
    )
    text = " | ".join(m for _, m in msgs)
    assert "title 'Giám đốc' outside any span" in text
    assert "'Sở Tư pháp' is AGENCY elsewhere but bare here" in text
    assert "number '15' unannotated" in text
    assert "'Bộ Tài' not inside AGENCY" in text


def test_rejects_bad_edges_honorifics_and_broken_tags():
    assert ("error", "OFFICIAL 'GS. Lê Văn An' includes an honorific/address word") in _messages("<OFFICIAL>GS. Lê Văn An</OFFICIAL>")
    assert any(level == "error" and "starts/ends with space or punctuation" in m for level, m in _messages("<DATE>ngày 5/3/2024,</DATE>"))
    assert any(level == "error" and "never closed" in m for level, m in _messages("<DATE>ngày 5/3/2024"))
