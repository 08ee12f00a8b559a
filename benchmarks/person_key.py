"""How often the archive's person key merges two people wrongly or misses one person.

    python benchmarks/person_key.py

Two sets of cross-article pairs of officials with the same name:

- the link gold (data/links/links.jsonl, 80 documents): the names that occur
  with a role in more than one document were checked by hand and each is one
  person (national leaders; a Giám đốc Sở TT&TT of Ninh Bình in two Ninh Bình
  documents). Names with no role (bylines) are left out of the counts: who
  they are cannot be told from the text; the script says how the key treats them.
- the hand-made cases of tests/data/archive_people.jsonl, each with the
  person it means (`who`): same name, different provinces and offices.

The key is computed twice: from the gold roles (the key alone, with the
article province read by cdsnlp) and end to end from `cdsnlp.analyze`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    from cdsnlp import analyze
    from cdsnlp.archive.rows import article_province, name_key, person_key, person_scope

    texts = {}
    for split in ("train", "validation", "test"):
        for line in (ROOT / "data" / "corpus" / f"{split}.jsonl").open(encoding="utf-8"):
            d = json.loads(line)
            texts[d["id"]] = d["text"]
    gold = [json.loads(line) for line in (ROOT / "data" / "links" / "links.jsonl").open(encoding="utf-8")]
    people = [json.loads(line) for line in (ROOT / "tests" / "data" / "archive_people.jsonl").open(encoding="utf-8")]

    # mentions: (set, doc id, name key, true identity or None, key from gold roles, key end to end or None)
    mentions = []
    for g in gold:
        doc = analyze(texts[g["id"]])
        prov = article_province([(a.name, len(a.mentions)) for a in doc.agencies], texts[g["id"]])
        predicted = {name_key(o.name): person_key(o.name, person_scope([(r.title, r.agency) for r in o.roles], prov)) for o in doc.officials}
        for o in g["officials"]:
            nk = name_key(o["name"])
            roles = [(r["title"], r["agency"]) for r in o["roles"]]
            who = nk if roles else None  # hand-checked: a repeated name with a role is one person here
            mentions.append(("gold", g["id"], nk, who, person_key(o["name"], person_scope(roles, prov)), predicted.get(nk)))
    for c in people:
        doc = analyze(c["text"])
        prov = article_province([(a.name, len(a.mentions)) for a in doc.agencies], c["text"])
        nk = name_key(c["person"])
        o = next((o for o in doc.officials if name_key(o.name) == nk), None)
        e2e = person_key(o.name, person_scope([(r.title, r.agency) for r in o.roles], prov)) if o else None
        # the gold-role key of a hand-made case: the roles as written in it (analyze's, which the test checks)
        mentions.append(("hand-made", c["id"], nk, c["who"], e2e, e2e))

    by_name = defaultdict(list)
    for m in mentions:
        by_name[(m[0], m[2])].append(m)
    print("| set | key from | same-name pairs | same person | different people | wrong merges | misses | not found by analyze |")
    print("|---|---|---|---|---|---|---|---|")
    for subset in ("gold", "hand-made"):
        for which, col in (("gold roles", 4), ("analyze", 5)):
            if subset == "hand-made" and which == "gold roles":
                continue
            pairs = same = diff = wrong = miss = lost = 0
            for (s, _), ms in by_name.items():
                if s != subset:
                    continue
                for a, b in combinations(ms, 2):
                    if a[1] == b[1] or a[3] is None or b[3] is None:
                        continue
                    pairs += 1
                    if a[col] is None or b[col] is None:
                        lost += 1
                        continue
                    if a[3] == b[3]:
                        same += 1
                        miss += a[col] != b[col]
                    else:
                        diff += 1
                        wrong += a[col] == b[col]
            print(f"| {subset} | {which} | {pairs} | {same} | {diff} | {wrong} | {miss} | {lost} |")
    print("\nmissed gold pairs (key from analyze):")
    for (s, _nk), ms in sorted(by_name.items()):
        if s == "gold":
            for a, b in combinations(ms, 2):
                if a[1] != b[1] and a[3] and b[3] and a[5] != b[5]:
                    print(f"  {a[1]} {a[5]!r} vs {b[1]} {b[5]!r}")
    bylines = [(nk, ms) for (s, nk), ms in by_name.items() if s == "gold" and len({m[1] for m in ms}) > 1 and all(m[3] is None for m in ms)]
    print("\nrepeated names without a role (bylines; not counted):")
    for nk, ms in bylines:
        print(f"  {nk}: " + ", ".join(f"{m[1]} -> {m[5]!r}" for m in ms))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
