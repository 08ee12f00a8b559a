"""The link annotation in data/links agrees with the corpus annotation."""

import json

from conftest import ROOT

LINKS = ROOT / "data" / "links" / "links.jsonl"


def test_every_link_string_is_an_entity_of_the_right_label():
    corpus = {}
    for split in ("test", "validation", "train"):
        for line in (ROOT / "data" / "corpus" / f"{split}.jsonl").open(encoding="utf-8"):
            d = json.loads(line)
            corpus[d["id"]] = {(e["label"], d["text"][e["start"] : e["end"]]) for e in d["entities"]}
    links = [json.loads(line) for line in LINKS.open(encoding="utf-8")]
    assert len(links) >= 60 and len({x["id"] for x in links}) == len(links)
    test_ids = {json.loads(line)["id"] for line in (ROOT / "data" / "corpus" / "test.jsonl").open(encoding="utf-8")}
    assert test_ids <= {x["id"] for x in links}, "the whole test split has link annotation"
    for x in links:
        ents = corpus[x["id"]]
        for o in x["officials"]:
            assert ("OFFICIAL", o["name"]) in ents, (x["id"], o["name"])
            for r in o["roles"]:
                assert ("ROLE", r["title"]) in ents, (x["id"], r)
                assert r["agency"] is None or ("AGENCY", r["agency"]) in ents, (x["id"], r)
        for d in x["documents"]:
            assert ("LEGAL_DOC", d["text"]) in ents, (x["id"], d)
            assert d["issuer"] is None or ("AGENCY", d["issuer"]) in ents, (x["id"], d)
        for a in x["aliases"]:
            assert ("AGENCY", a["short"]) in ents and ("AGENCY", a["long"]) in ents, (x["id"], a)
