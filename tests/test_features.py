"""CRF features: what the run-time extractor builds is what training builds,
minus the names a model does not know."""

import pytest

from cdsnlp.tagger.features import FeatureConfig, FeatureExtractor, sequence_features
from cdsnlp.tagger.gazetteer import gazetteer_matches
from cdsnlp.tokenizer import sentences, tokenize

WORDS = "Ông Nguyễn Văn An , Giám đốc Sở Thông tin và Truyền thông , ký Quyết định 01/QĐ-UBND".split()
TAGS = ["O"] * 13 + ["B-LEGAL_DOC", "I-LEGAL_DOC", "I-LEGAL_DOC"]


def test_every_group_is_built_and_neighbours_see_each_other():
    feats = sequence_features(WORDS, TAGS, FeatureConfig())
    assert len(feats) == len(WORDS)
    first, an = {f.decode() for f in feats[0]}, {f.decode() for f in feats[3]}
    assert {"w=ông", "sh=Xx", "cap", "BOS", "1:w=nguyễn", "2:w=văn", "b+=ông|nguyễn"} <= first
    assert {"-1:w=văn", "-2:w=nguyễn", "1:w=,", "b-=văn|an", "b+=an|,"} <= an
    assert "surname" in {f.decode() for f in feats[1]}
    # gazetteer: a title, an agency type word; rule tags on the token and its neighbours
    assert "TITLE=B" in {f.decode() for f in feats[5]} and "TITLE=I" in {f.decode() for f in feats[6]}
    assert {"r=B-LEGAL_DOC", "-1:r=O"} & {f.decode() for f in feats[13]} == {"r=B-LEGAL_DOC"}
    assert "1:r=B-LEGAL_DOC" in {f.decode() for f in feats[12]}
    assert "EOS" in {f.decode() for f in feats[-1]}


def test_lean_options_leave_their_features_out():
    lean = FeatureConfig(far_shapes=False, lower_shapes=False, affixes=False, bigrams=False)
    names = {f.decode() for tok in sequence_features(WORDS, TAGS, lean) for f in tok}
    assert not any(n.startswith(("2:sh=", "-2:sh=", "p2=", "s2=", "b+=", "b-=")) for n in names)
    assert "sh=x" not in names and "1:sh=x" not in names and "sh=Xx" in names


@pytest.mark.parametrize("window", [2, 1, 3])
def test_known_names_filter_is_exactly_the_intersection(window):
    config = FeatureConfig(window=window)
    full = sequence_features(WORDS, TAGS, config)
    every = sorted({f for tok in full for f in tok})
    known = frozenset(every[::3])  # an arbitrary third of the names
    filtered = FeatureExtractor(config, known)(WORDS, TAGS)
    assert [sorted(tok) for tok in filtered] == [sorted(f for f in tok if f in known) for tok in full]
    assert any(f.startswith(f"{window}:w=".encode()) for tok in full for f in tok)


def test_gazetteer_keeps_the_longest_entry_of_each_category():
    lowers = [w.lower() for w in "Bộ Thông tin và Truyền thông họp".split()]
    found = {(s, e, c) for s, e, c in gazetteer_matches(lowers)}
    assert (0, 6, "AGENCY") in found and (0, 1, "AGTYPE") in found  # "Bộ" alone is an agency type word
    assert not any(c == "AGENCY" and s == 0 and e < 6 for s, e, c in found)


def test_sentences_cut_at_final_punctuation_and_line_breaks_but_not_letterheads():
    text = "UBND TỈNH AN GIANG\nSỞ TƯ PHÁP\nHọp lúc 8h. Ông An nói; bà Ba nghe.\nDòng mới"
    tokens = tokenize(text)
    got = [" ".join(t.text for t in tokens[a:b]) for a, b in sentences(tokens, text)]
    assert got == ["UBND TỈNH AN GIANG SỞ TƯ PHÁP", "Họp lúc 8h .", "Ông An nói ; bà Ba nghe .", "Dòng mới"]
    assert sentences([], "") == []


def test_word_clusters_give_the_word_and_its_neighbours_their_cluster():
    from cdsnlp.tagger.features import _cluster_table

    table = _cluster_table("word_clusters.txt")
    assert table, "the shipped cluster table is empty"
    words = [w for w in WORDS if w.lower() in table]
    assert "giám" in {w.lower() for w in words}  # a title word of the train split has a cluster
    feats = sequence_features(WORDS, TAGS, FeatureConfig(clusters="word_clusters.txt"))
    k = WORDS.index("Giám")
    cid = table["giám"].decode()
    assert f"c={cid}" in {f.decode() for f in feats[k]}
    assert f"1:c={cid}" in {f.decode() for f in feats[k - 1]} and f"-1:c={cid}" in {f.decode() for f in feats[k + 1]}
    plain = {f.decode() for tok in sequence_features(WORDS, TAGS, FeatureConfig()) for f in tok}
    assert not any(n.startswith(("c=", "1:c=", "-1:c=")) for n in plain)
