"""The link annotation in data/links agrees with the corpus annotation."""

import json
import re

from conftest import ROOT

from cdsnlp.resources import load_json

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
        bodies = {a["name"] for a in x["agencies"]}
        national = {v["name"] for v in load_json("issuer_codes.json")["national"].values()}
        for d in x["documents"]:
            assert ("LEGAL_DOC", d["text"]) in ents, (x["id"], d)
            # an issuer is written in the text, or is a body of the gold, or the national body its code names
            assert d["issuer"] is None or ("AGENCY", d["issuer"]) in ents or d["issuer"] in bodies or d["issuer"] in national, (x["id"], d)
        # every AGENCY of the document belongs to exactly one gold body
        mentions = [m for a in x["agencies"] for m in a["mentions"]]
        assert len(mentions) == len(set(mentions)), x["id"]
        assert set(mentions) == {" ".join(t.split()) for label, t in ents if label == "AGENCY"}, x["id"]
        assert x["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", x["date"]), x["id"]
        for a in x["aliases"]:
            assert ("AGENCY", a["short"]) in ents and ("AGENCY", a["long"]) in ents, (x["id"], a)


def test_assignments_and_events_point_at_gold_records():
    parts = {"bodies", "date", "assignments", "events"}
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    for line in LINKS.open(encoding="utf-8"):
        x = json.loads(line)
        assert set(x.get("unannotated", ())) <= parts, x["id"]
        # a body is named by its gold name or one of its mentions
        bodies = {a["name"] for a in x["agencies"]} | {m for a in x["agencies"] for m in a["mentions"]}
        officials = {o["name"] for o in x["officials"]}
        documents = {d["text"] for d in x["documents"]}
        for a in x.get("assignments", []):
            assert a["lead"] in bodies and set(a.get("cooperating", [])) <= bodies, (x["id"], a)
            assert a["lead"] not in a.get("cooperating", []), (x["id"], a)
            assert a["deadline"] is None or iso.fullmatch(a["deadline"]), (x["id"], a)
            assert a.get("source") is None or a["source"] in documents, (x["id"], a)
        if "events" in x.get("unannotated", ()):
            assert not x.get("events"), x["id"]
        for e in x.get("events", []):
            assert e["kind"] and (e["date"] is None or iso.fullmatch(e["date"])), (x["id"], e)
            assert e["chair"] is None or e["chair"] in officials, (x["id"], e)
            assert set(e["bodies"]) <= bodies, (x["id"], e)
