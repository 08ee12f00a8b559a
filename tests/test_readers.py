"""Input readers on fixtures in the shapes real portals produce: web pages with
menus, tables and related-article lists; a Thông báo kết luận as PDF and DOCX;
one text in each encoding Vietnamese still comes in; and the CLI around them."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import cdsnlp
from cdsnlp.readers import ReaderError, UnsupportedFormat, read, sniff
from cdsnlp.readers.encodings import DecodeError, decode_bytes, decode_tcvn3, decode_vni
from cdsnlp.values import tagger_value

HERE = Path(__file__).parent / "fixtures" / "inputs"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
DOCS = EXPECTED["documents"]
ENCODINGS = EXPECTED["encodings"]


def cdsnlp_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cdsnlp.cli", *args], capture_output=True, text=True, input=stdin, timeout=300)


@pytest.fixture(scope="module")
def articles():
    return {name: read(HERE / name) for name in DOCS}


@pytest.mark.parametrize("name", sorted(DOCS))
def test_fixture_article_text_boundaries_and_metadata(articles, name):
    art, want = articles[name], DOCS[name]
    lines = art.text.splitlines()
    assert lines[0] == want["first_line"]
    assert lines[-1] == want["last_line"]
    for furniture in want["absent"]:
        assert furniture not in art.text, furniture
    assert art.date == want["date"]
    assert art.authors == want["authors"]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_fixture_gives_its_expected_entities(articles, name):
    art = articles[name]
    entities = cdsnlp.extract(art.text)
    assert [[e.label, e.text] for e in entities] == DOCS[name]["entities"]
    for e in entities:
        assert art.text[e.start : e.end] == e.text
        assert "|" not in e.text  # never across two table cells
        if e.label == "DATE":
            assert e.value["granularity"] is not None


@pytest.mark.parametrize("name", [n for n in sorted(DOCS) if n.endswith(".html")])
def test_no_entity_spans_two_blocks_of_a_page(articles, name):
    art = articles[name]
    for e in cdsnlp.extract(art.text):
        assert art.where(e.start) == art.where(e.end - 1), e


def test_tables_one_row_a_line_cells_apart(articles):
    for name in ("province_news.html", "thong_bao.pdf", "thong_bao.docx"):
        assert "Sở Tư pháp | 45/52 | 86,5%" in articles[name].text.splitlines(), name


def test_letterhead_columns_come_out_as_separate_lines(articles):
    for name in ("thong_bao.pdf", "thong_bao.docx"):
        lines = articles[name].text.splitlines()
        assert lines[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], name
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines and "Độc lập - Tự do - Hạnh phúc" in lines
        assert "Lai Châu, ngày 12 tháng 3 năm 2024" in lines


def test_segments_say_where_text_came_from(articles):
    pdf, docx = articles["thong_bao.pdf"], articles["thong_bao.docx"]
    assert pdf.where(pdf.text.index("Nơi nhận")) == "page 1"
    row = docx.where(docx.text.index("Sở Tư pháp | 45/52"))
    assert row is not None and row.startswith("table ") and row.endswith(", row 2")
    for art in (pdf, docx):
        assert [s.start for s in art.segments] == sorted(s.start for s in art.segments)
        assert all(art.text[s.start : s.end].strip() for s in art.segments)


def test_photo_caption_kept_view_counter_and_widgets_dropped(articles):
    page = articles["ministry_page.html"]
    assert "Thứ trưởng Trương Hải Long phát biểu tại hội nghị. Ảnh: Minh Châu" in page.text
    assert page.encoding == "windows-1258"  # the page's declared charset


def test_raw_mode_keeps_every_visible_block_apart():
    raw = read(HERE / "ministry_page.html", html="raw")
    assert "Lượt xem: 1.204" in raw.text.splitlines()
    assert "Bộ Nội vụ tổ chức Hội nghị cán bộ, công chức năm 2024 (05/01/2024)" in raw.text.splitlines()
    assert raw.title is None and not raw.text.startswith("Bộ Nội vụ sơ kết chuyển đổi số 6 tháng đầu năm 2024 |")


@pytest.mark.parametrize("name", sorted(ENCODINGS["files"]))
def test_every_encoding_decodes_to_the_same_text_and_entities(name):
    art = read(HERE / name)
    assert art.text == ENCODINGS["reference"]  # a BOM removed: offsets are exact
    assert art.encoding == ENCODINGS["files"][name]
    ref = cdsnlp.extract(ENCODINGS["reference"])
    assert [(e.start, e.end, e.label) for e in cdsnlp.extract(art.text)] == [(e.start, e.end, e.label) for e in ref]


def _vietnamese_letters() -> list[str]:
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = [unicodedata.normalize("NFC", b + t) for b in "aăâeêioôơuưy" for t in tones] + ["đ"]
    return letters + [c.upper() for c in letters]


def test_tcvn3_table_has_every_lowercase_letter_with_every_tone():
    decoded = {decode_tcvn3(bytes([b])): b for b in range(256)}
    for letter in _vietnamese_letters():
        toned = any(c in "\u0300\u0301\u0309\u0303\u0323" for c in unicodedata.normalize("NFD", letter))
        if letter.isupper() and toned:
            continue  # TCVN3 has no codes for toned capitals (the ABC capital fonts reuse the lower-case codes)
        assert letter in decoded, letter
        assert decode_tcvn3(bytes([decoded[letter]]) + b"n") == letter + "n"


def test_vni_gives_every_letter_with_every_tone_lower_and_upper():
    reachable = {decode_vni(bytes([b])): bytes([b]) for b in range(32, 256)}
    for b in [*b"aeiouyAEIOUY", *[c for c in range(128, 256) if decode_vni(bytes([c])).isalpha()]]:
        for m in range(128, 256):
            reachable.setdefault(decode_vni(bytes([b, m])), bytes([b, m]))
    for letter in _vietnamese_letters():
        assert letter in reachable, letter
        # inside a word, as in «Nguyễn»: the mark applies to the vowel before it
        assert decode_vni(b"Ng" + reachable[letter] + b"n") == unicodedata.normalize("NFC", "Ng" + letter + "n")


def test_forced_and_impossible_encodings():
    tcvn = (HERE / "tcvn3.txt").read_bytes()
    assert decode_bytes(tcvn, "tcvn3")[0] == ENCODINGS["reference"]
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode_bytes(b"abc", "no-such-codec")
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode_bytes(b"S\xf5\xd2 T\xf8", "utf-8")  # Windows-1258 bytes
    with pytest.raises(DecodeError, match="binary data"):
        decode_bytes(b"\x00\x01\x02\xff" * 64)


def test_sniff_tells_formats_from_content():
    assert sniff((HERE / "thong_bao.pdf").read_bytes(), "x.txt") == "pdf"
    assert sniff((HERE / "thong_bao.docx").read_bytes(), "x") == "docx"
    assert sniff(b"<!DOCTYPE html><html>", "page") == "html"
    assert sniff(b"<html>", "notes.txt") == "text"
    for data, what in [(b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xd0\xcf\x11\xe0\xa1\xb1", ".doc"), (b"PK\x03\x04rest", "ZIP")]:
        with pytest.raises(UnsupportedFormat, match=what):
            sniff(data, "f")


def test_scanned_pdf_is_reported_not_empty():
    with pytest.raises(ReaderError, match="no text layer"):
        read(HERE / "scanned.pdf")


def test_read_takes_bytes_and_rejects_other_types():
    art = read((HERE / "province_news.html").read_bytes(), name="page.html")
    assert art.format == "html" and art.date == "2024-10-15"
    with pytest.raises(TypeError, match="path or bytes"):
        read(12)  # type: ignore[arg-type]
    with pytest.raises(ReaderError, match="folder"):
        read(HERE)


def test_unresolved_tagger_date_still_has_a_granularity():
    assert tagger_value("DATE", "tuần trước", "tuần trước", 0, None) == {"start": None, "end": None, "granularity": "week", "unresolved": True}
    assert tagger_value("DATE", "hôm qua", "hôm qua", 0, None)["granularity"] == "day"


def test_bylines_are_authors_in_records():
    page = read(HERE / "ministry_page.html")
    doc = cdsnlp.analyze(page.text, authors=page.authors)
    kinds = {o.name: o.kind for o in doc.officials}
    assert kinds == {"Trương Hải Long": "official", "Minh Châu": "author", "Thu Hà": "author"}
    # with no metadata: a role-less name making up the last line is the byline
    plain = cdsnlp.analyze("Sáng 3/4, Giám đốc Sở Tư pháp Lê Văn Hải chủ trì hội nghị.\nNguyễn Hòa")
    assert {o.name: o.kind for o in plain.officials} == {"Lê Văn Hải": "official", "Nguyễn Hòa": "author"}


def test_cli_reads_pages_and_documents(tmp_path):
    res = cdsnlp_cli("extract", str(HERE / "ministry_page.html"), str(HERE / "thong_bao.pdf"))
    assert res.returncode == 0, res.stderr
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["date"] for r in recs] == ["2024-07-12", "2024-03-12"]
    for r in recs:
        for e in r["entities"]:
            assert r["text"][e["start"] : e["end"]] == e["text"]
    assert {o["name"]: o["kind"] for o in recs[0]["officials"]}["Thu Hà"] == "author"


@pytest.mark.parametrize(("name", "message"), [("scanned.pdf", "no text layer"), ("photo.png", "a PNG image"), ("old.doc", "legacy Office file")])
def test_cli_unsupported_or_unreadable_file_is_a_one_line_error(tmp_path, name, message):
    path = HERE / name
    if not path.exists():
        path = tmp_path / name
        path.write_bytes(b"\x89PNG\r\n\x1a\n" if name.endswith(".png") else b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    res = cdsnlp_cli("extract", str(path))
    assert res.returncode != 0
    assert message in res.stderr and "Traceback" not in res.stderr


def test_cli_forced_encoding_and_raw_html(tmp_path):
    res = cdsnlp_cli("extract", str(HERE / "tcvn3.txt"), "--encoding", "tcvn3")
    assert res.returncode == 0 and json.loads(res.stdout)["text"] == ENCODINGS["reference"]
    res = cdsnlp_cli("extract", str(HERE / "ministry_page.html"), "--html", "raw")
    assert res.returncode == 0 and "Lượt xem: 1.204" in json.loads(res.stdout)["text"]


def test_cli_folder_counts_other_files(tmp_path):
    (tmp_path / "page.html").write_bytes((HERE / "province_news.html").read_bytes())
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    res = cdsnlp_cli("extract", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert "1 files of other types ignored" in res.stderr
    assert len(res.stdout.splitlines()) == 1
