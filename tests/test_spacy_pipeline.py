"""cdsnlp as a spaCy pipeline, on blank pipelines (nothing downloaded)."""

import pytest
import spacy
from spacy import displacy

import cdsnlp
from cdsnlp.spacy_pipeline import DISPLACY_COLORS

TEXTS = [
    "Ngày 20/3/2024, Giám đốc Sở Tư pháp tỉnh Cao Bằng Nông Văn Chí ký Quyết định số 45/QĐ-STP; đạt 18/54 TTHC (33,3%).",
    "Sáng 6.6, đồng chí Lò Văn Mừng, Bí thư Tỉnh ủy, chủ trì cuộc họp về Đề án 06 trong quý II/2023.",
    "",
    "Theo Nghị quyết 57-NQ/TW của Bộ Chính trị, doanh thu đạt khoảng 53 tỷ USD.",
]


@pytest.fixture(scope="module")
def nlp():
    return cdsnlp.load()


def test_blank_pipeline_with_added_factory():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "cdsnlp.Tokenizer.v1"}}})
    nlp.add_pipe("cdsnlp_rules")
    doc = nlp(TEXTS[0])
    assert [(s.text, s.label_) for s in doc.spans["cdsnlp_rules"]][:2] == [("Ngày 20/3/2024", "DATE"), ("Quyết định số 45/QĐ-STP", "LEGAL_DOC")]
    assert doc.spans["cdsnlp_rules"][0]._.value["start"] == "2024-03-20"


def test_tokenizer_keeps_text_exactly(nlp):
    text = "Ngày  20/3/2024,\n\tSở KH&CN   họp.\n"
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert "20/3/2024" in [t.text for t in doc] and "KH&CN" in [t.text for t in doc]


@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_ents_match_extract_with_values(nlp, i):
    doc = nlp(TEXTS[i])
    ours = cdsnlp.extract(TEXTS[i])
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(e.start, e.end, e.label) for e in ours]
    assert [e._.value for e in doc.ents] == [dict(e.value) for e in ours]


def test_document_level_extensions(nlp):
    doc = nlp(TEXTS[0])
    assert doc._.officials[0]["name"] == "Nông Văn Chí"
    assert doc._.officials[0]["roles"] == [{"title": "Giám đốc", "agency": "Sở Tư pháp tỉnh Cao Bằng"}]
    assert any(d["code"] == "QĐ-STP" for d in doc._.documents)
    assert any(m["text"] == "18/54 TTHC" for m in doc._.metrics)
    assert any(a["name"] == "Sở Tư pháp tỉnh Cao Bằng" for a in doc._.agencies)


@pytest.mark.parametrize("n_process", [1, 2])
def test_pipe_matches_one_by_one(nlp, n_process):
    one = [[(e.start_char, e.end_char, e.label_, e._.value) for e in nlp(t).ents] for t in TEXTS]
    piped = [[(e.start_char, e.end_char, e.label_, e._.value) for e in d.ents] for d in nlp.pipe(TEXTS, batch_size=2, n_process=n_process)]
    assert piped == one


def test_to_disk_and_spacy_load_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "cdsnlp_tagger" / "model.crfsuite").is_file()
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == ["cdsnlp_rules", "cdsnlp_tagger", "cdsnlp_merger", "cdsnlp_linker"]
    for t in TEXTS:
        assert [(e.start_char, e.end_char, e.label_) for e in loaded(t).ents] == [(e.start_char, e.end_char, e.label_) for e in nlp(t).ents]


def test_displacy_renders_our_labels_and_colours(nlp):
    html = displacy.render(nlp(TEXTS[0]), style="ent", page=True)
    for label in ("OFFICIAL", "ROLE", "AGENCY", "LEGAL_DOC", "DATE", "METRIC"):
        assert label in html
        assert DISPLACY_COLORS[label] in html


def test_nfd_input_gives_offsets_into_the_original(nlp):
    import unicodedata

    text = unicodedata.normalize("NFD", TEXTS[0])
    doc = nlp(text)
    assert doc.text == text
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(e.start, e.end, e.label) for e in cdsnlp.extract(text)]
    assert "cdsnlp" not in doc.user_data  # the transient state is removed
