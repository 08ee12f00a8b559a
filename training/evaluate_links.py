"""Score cdsnlp.analyze's links against link gold (data/links/links.jsonl).

    python -m training.evaluate_links [--links data/links/links.jsonl] [--corpus data/corpus]

Scored, as precision/recall/F1 over sets per document:
- official-role-agency triples (name, title, body or none),
- official-role pairs (name, title), ignoring the agency,
- official-agency pairs (name, body) for roles that name a body,
- document dates (document text, issue date) and issuers (document text, body),
- agency aliases (short form, long form),
- assignments: lead bodies, and (lead body, deadline),
- events: (kind, date).
A body is the gold agency record (``agencies``: name and every mention's text)
its mention belongs to, so «UBND tỉnh» and «Ủy ban nhân dân tỉnh Bắc Ninh»
count as one body when the gold says they are one. Also scored:
- agency records: gold bodies whose mentions make exactly one predicted record
  (accuracy), predicted records per real body, wrong merges (a record holding
  mentions of two bodies) and wrong splits (a body spread over two records);
- the article's own date (accuracy over documents, null included);
- metrics annotated in ``metrics`` (by text and occurrence): subject, period,
  baseline and change (accuracy over gold metrics);
- events: chair and bodies (accuracy over the gold events a predicted event
  matches by kind and date; bodies as a set, each taken to its gold body);
- the number of assignment records, gold and predicted.
``data/links/cases.jsonl`` (texts written for the records, scored end to end)
adds metric subject/period/baseline/change and assignment lead body/deadline.
A record's ``unannotated`` list names the parts its annotator did not do
(``bodies``: every AGENCY mention is its own body; ``date``; ``assignments``; ``events``):
those parts of that document are left out of their scores (predictions
against gold that was never written would count as errors).
Two settings: end to end (entities predicted by cdsnlp), and linking only
(gold entities given to the linker), which isolates the linking rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.pipeline import default_extractor
from cdsnlp.structure import structure
from cdsnlp.structure.agencies import text_aliases
from cdsnlp.textnorm import collapse_spaces
from cdsnlp.types import Entity


def _c(s: str | None) -> str | None:
    # compared without regard to spacing or letter case (letterheads are in capitals)
    return collapse_spaces(s).casefold() if s else None


KEYS = ("triples", "pairs", "official_agency", "doc_dates", "doc_issuers", "aliases", "asg_lead", "asg_deadline", "events")
# the sets of a record part the ``unannotated`` list can name
PART_OF = {"asg_lead": "assignments", "asg_deadline": "assignments", "events": "events"}


def gold_body(link: dict) -> dict[str, str]:
    """Mention text -> the gold body's name."""
    return {_c(m): _c(a["name"]) for a in link.get("agencies", []) for m in a["mentions"]}


def gold_sets(link: dict) -> dict[str, set]:
    body = gold_body(link)
    canon = lambda a: body.get(_c(a), _c(a)) if a else None  # noqa: E731
    return {
        "triples": {(_c(o["name"]), _c(r["title"]), canon(r["agency"])) for o in link["officials"] for r in o["roles"]},
        "pairs": {(_c(o["name"]), _c(r["title"])) for o in link["officials"] for r in o["roles"]},
        "official_agency": {(_c(o["name"]), canon(r["agency"])) for o in link["officials"] for r in o["roles"] if r["agency"]},
        "doc_dates": {(_c(d["text"]), d["issued"]) for d in link["documents"] if d.get("issued")},
        "doc_issuers": {(_c(d["text"]), canon(d["issuer"])) for d in link["documents"] if d.get("issuer")},
        "aliases": {(_c(a["short"]), _c(a["long"])) for a in link["aliases"]},
        "asg_lead": {canon(a["lead"]) for a in link.get("assignments", [])},
        "asg_deadline": {(canon(a["lead"]), a["deadline"]) for a in link.get("assignments", [])},
        "events": {(e["kind"], e.get("date")) for e in link.get("events", [])},
    }


def record_body(doc, link: dict) -> dict[str, str]:
    """Predicted agency name -> the gold body most of its mentions belong to (else the name)."""
    body = gold_body(link)
    out = {}
    for a in doc.agencies:
        votes = Counter(body[_c(doc.text[s:e])] for s, e in a.mentions if _c(doc.text[s:e]) in body)
        out[_c(a.name)] = votes.most_common(1)[0][0] if votes else _c(a.name)
    return out


def predicted_sets(doc, aliases_found: dict[str, str], link: dict) -> dict[str, set]:
    rb = record_body(doc, link)
    canon = lambda a: rb.get(_c(a), _c(a)) if a else None  # noqa: E731
    return {
        "triples": {(_c(o.name), _c(r.title), canon(r.agency)) for o in doc.officials for r in o.roles},
        "pairs": {(_c(o.name), _c(r.title)) for o in doc.officials for r in o.roles},
        "official_agency": {(_c(o.name), canon(r.agency)) for o in doc.officials for r in o.roles if r.agency},
        "doc_dates": {(_c(d.text), d.issued) for d in doc.documents if d.issued},
        "doc_issuers": {(_c(d.text), canon(d.issuer)) for d in doc.documents if d.issuer},
        "aliases": {(_c(a), _c(b)) for a, b in aliases_found.items()},
        "asg_lead": {canon(a.lead) for a in getattr(doc, "assignments", [])},
        "asg_deadline": {(canon(a.lead), a.deadline) for a in getattr(doc, "assignments", [])},
        "events": {(e.kind, e.date) for e in getattr(doc, "events", [])},
    }


def event_counts(doc, link: dict) -> Counter:
    """Gold events, those a predicted event matches by kind and date, and of these the ones
    with the right chair and the right set of bodies (only where the gold records them)."""
    body = gold_body(link)
    rb = record_body(doc, link)
    free = list(getattr(doc, "events", []))
    c = Counter()
    for g in link.get("events", []):
        c["n"] += 1
        pe = next((e for e in free if e.kind == g["kind"] and e.date == g.get("date")), None)
        if pe is None:
            continue
        free.remove(pe)
        c["matched"] += 1
        if "chair" in g:
            c["chair_n"] += 1
            c["chair"] += _c(getattr(pe, "chair", None)) == _c(g["chair"])
        if "bodies" in g:
            c["bodies_n"] += 1
            want = {body.get(_c(b), _c(b)) for b in g["bodies"]}
            c["bodies"] += {rb.get(_c(b), _c(b)) for b in getattr(pe, "bodies", [])} == want
    return c


def metric_counts(doc, link: dict) -> Counter:
    """Gold metrics (by text and occurrence) with the right subject, period, baseline and change."""
    c = Counter()
    by_text: dict[str, list] = {}
    for m in doc.metrics:
        by_text.setdefault(m.text, []).append(m)
    for g in link.get("metrics", []):
        found = by_text.get(g["text"], [])
        pm = found[g.get("occurrence", 1) - 1] if len(found) >= g.get("occurrence", 1) else None
        c["n"] += 1
        c["subject"] += pm is not None and _c(pm.subject) == _c(g.get("subject"))
        c["period"] += pm is not None and _same_period(g.get("period"), pm.period)
        c["baseline"] += pm is not None and _same_period(g.get("baseline"), getattr(pm, "baseline", None))
        c["change"] += pm is not None and g.get("change") == getattr(pm, "change", None)
    return c


def agency_counts(doc, link: dict) -> Counter:
    """Bodies, exactly matched bodies, predicted records over gold mentions, wrong merges, wrong splits."""
    body = gold_body(link)
    records = []
    for a in getattr(doc, "agencies", []):
        surfaces = {_c(doc.text[s:e]) for s, e in a.mentions} & set(body)
        if surfaces:
            records.append(surfaces)
    c = Counter(bodies=len(link.get("agencies", [])), records=len(records))
    for a in link.get("agencies", []):
        gold = {_c(m) for m in a["mentions"]}
        holding = [r for r in records if r & gold]
        c["exact"] += len(holding) == 1 and holding[0] == gold
        c["wrong_splits"] += max(0, len(holding) - 1)
    c["wrong_merges"] = sum(len({body[m] for m in r}) > 1 for r in records)
    return c


def _own_date(text: str):
    try:
        from cdsnlp.structure.dateline import article_date
    except ImportError:  # an older cdsnlp (to measure "before" figures): its own reading
        from cdsnlp.rules import article_year
        from cdsnlp.textnorm import normalize
        return article_year(normalize(text[:2000]).text)
    return article_date(text)


def _same_period(gold: dict | None, pred: dict | None) -> bool:
    if not gold or not pred:
        return gold is None and pred is None
    return (gold.get("start"), gold.get("end")) == (pred.get("start"), pred.get("end"))


def score_cases(path: Path) -> dict:
    """Hand-written texts with every record kind, analysed end to end."""
    from cdsnlp import analyze

    cases = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    c = Counter()
    for case in cases:
        doc = analyze(case["text"])
        link = {**case, "aliases": case.get("aliases", [])}
        g, p = gold_sets(link), predicted_sets(doc, {}, link)
        for k in ("pairs", "official_agency", "doc_issuers", "doc_dates"):
            c[k + "_tp"] += len(g[k] & p[k])
            c[k + "_n"] += len(g[k] | p[k])
        c["date_n"] += 1
        c["date_ok"] += doc.date == case.get("date")
        ag = agency_counts(doc, link)
        c["bodies"] += ag["bodies"]
        c["exact"] += ag["exact"]
        metrics = {m.text: m for m in doc.metrics}
        for gm in case.get("metrics", []):
            pm = metrics.get(gm["text"])
            c["metric_n"] += 1
            c["subject_ok"] += pm is not None and _c(pm.subject) == _c(gm.get("subject"))
            c["period_ok"] += pm is not None and _same_period(gm.get("period"), pm.period)
            c["baseline_ok"] += pm is not None and _same_period(gm.get("baseline"), getattr(pm, "baseline", None))
            c["change_ok"] += pm is not None and gm.get("change") == getattr(pm, "change", None)
        rb = record_body(doc, link)
        body = gold_body(link)
        pred_asg = [(rb.get(_c(a.lead), _c(a.lead)), a.deadline) for a in getattr(doc, "assignments", [])]
        for ga in case.get("assignments", []):
            c["asg_n"] += 1
            lead = body.get(_c(ga["lead"]), _c(ga["lead"]))
            c["lead_ok"] += any(pl == lead for pl, _ in pred_asg)
            c["deadline_ok"] += any(pl == lead and d == ga.get("deadline") for pl, d in pred_asg)
        c["asg_pred"] += len(pred_asg)
        for ge in case.get("events", []):
            c["event_n"] += 1
            c["event_ok"] += any(e.kind == ge["kind"] and e.date == ge.get("date") for e in getattr(doc, "events", []))
    r = lambda a, b: round(c[a] / c[b], 4) if c[b] else 0.0  # noqa: E731
    out = {
        "documents": len(cases),
        "official_role_pairs": r("pairs_tp", "pairs_n"), "official_agency_pairs": r("official_agency_tp", "official_agency_n"),
        "agency_records": r("exact", "bodies"), "doc_issuer": r("doc_issuers_tp", "doc_issuers_n"),
        "doc_date": r("doc_dates_tp", "doc_dates_n"), "article_date": r("date_ok", "date_n"),
        "metric_subject": r("subject_ok", "metric_n"), "metric_period": r("period_ok", "metric_n"),
        "metric_baseline": r("baseline_ok", "metric_n"), "metric_change": r("change_ok", "metric_n"),
        "assignment_lead": r("lead_ok", "asg_n"), "assignment_deadline": r("deadline_ok", "asg_n"),
        "assignments_predicted": c["asg_pred"], "assignments_gold": c["asg_n"], "events": r("event_ok", "event_n"),
    }
    print(f"\ncases ({len(cases)} hand-written documents, end to end; accuracy = right / (gold ∪ predicted) for sets)")
    for k, v in out.items():
        print(f"{k:<24} {v}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--links", type=Path, default=Path("data/links/links.jsonl"))
    ap.add_argument("--corpus", type=Path, default=Path("data/corpus"))
    ap.add_argument("--cases", type=Path, default=Path("data/links/cases.jsonl"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    corpus = {d["id"]: d for d in read_jsonl(args.corpus)}
    links = [json.loads(line) for line in args.links.open(encoding="utf-8") if line.strip()]
    ex = default_extractor()
    results = {}
    for setting in ("end_to_end", "linking_only"):
        tp, fp, fn = Counter(), Counter(), Counter()
        ag, dates_right, dated, mc, ev, asg = Counter(), 0, 0, Counter(), Counter(), Counter()
        for link in links:
            skip = set(link.get("unannotated", ()))
            if "events" not in link:  # a record written before events were annotated
                skip.add("events")
            doc = corpus[link["id"]]
            text = doc["text"]
            gold_ents = [Entity(e["label"], text[e["start"]:e["end"]], e["start"], e["end"]) for e in sorted(doc["entities"], key=lambda e: e["start"])]
            if setting == "end_to_end":
                ents = ex.extract(text)
            else:
                # gold spans, with the values the library computes for them
                by_span = {(e.start, e.end, e.label): e for e in ex.extract(text)}
                ents = [by_span.get((e.start, e.end, e.label), e) for e in gold_ents]
            own = _own_date(text)
            result = structure(text, ents, own)
            if "date" not in skip:
                dated += 1
                dates_right += result.date == link.get("date")
            if "bodies" not in skip:
                ag.update(agency_counts(result, link))
            mc.update(metric_counts(result, link))
            if "events" not in skip:
                ev["documents"] += 1
                ev.update(event_counts(result, link))
            if "assignments" not in skip:
                asg["documents"] += 1
                asg["gold"] += len(link.get("assignments", []))
                asg["predicted"] += len(result.assignments)
            found_aliases = text_aliases(text, [e for e in ents if e.label == "AGENCY"])
            g, p = gold_sets(link), predicted_sets(result, found_aliases, link)
            for k in g:
                if PART_OF.get(k) in skip:
                    continue
                tp[k] += len(g[k] & p[k])
                fp[k] += len(p[k] - g[k])
                fn[k] += len(g[k] - p[k])
        rows = {}
        for k in KEYS:
            prec = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0
            rec = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            rows[k] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp[k] + fn[k]}
        rows["agencies"] = {
            "accuracy": round(ag["exact"] / ag["bodies"], 4) if ag["bodies"] else 0.0, "bodies": ag["bodies"],
            "records_per_body": round(ag["records"] / ag["bodies"], 4) if ag["bodies"] else 0.0,
            "wrong_merges": ag["wrong_merges"], "wrong_splits": ag["wrong_splits"],
        }
        rows["article_date"] = {"accuracy": round(dates_right / dated, 4) if dated else 0.0, "documents": dated}
        rows["metrics"] = {k: round(mc[k] / mc["n"], 4) if mc["n"] else 0.0 for k in ("subject", "period", "baseline", "change")}
        rows["metrics"]["gold_metrics"] = mc["n"]
        rows["event_records"] = {
            "matched": round(ev["matched"] / ev["n"], 4) if ev["n"] else 0.0,
            "chair": round(ev["chair"] / ev["chair_n"], 4) if ev["chair_n"] else 0.0,
            "bodies": round(ev["bodies"] / ev["bodies_n"], 4) if ev["bodies_n"] else 0.0,
            "gold_events": ev["n"], "matched_events": ev["matched"], "documents": ev["documents"],
        }
        rows["assignment_records"] = {"gold": asg["gold"], "predicted": asg["predicted"], "documents": asg["documents"]}
        results[setting] = rows
        print(f"\n{setting} ({len(links)} documents)")
        print(f"{'':<16} {'P':>7} {'R':>7} {'F1':>7} {'support':>8}")
        for k in KEYS:
            r = rows[k]
            print(f"{k:<16} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} {r['support']:>8}")
        a = rows["agencies"]
        print(f"{'agency records':<16} accuracy {a['accuracy']:.4f}  records/body {a['records_per_body']:.4f}  "
              f"wrong merges {a['wrong_merges']}  wrong splits {a['wrong_splits']}  ({a['bodies']} bodies)")
        print(f"{'article date':<16} accuracy {rows['article_date']['accuracy']:.4f}  ({dated} documents)")
        mr = rows["metrics"]
        print(f"{'metrics':<16} subject {mr['subject']:.4f}  period {mr['period']:.4f}  baseline {mr['baseline']:.4f}  "
              f"change {mr['change']:.4f}  ({mr['gold_metrics']} gold metrics)")
        er = rows["event_records"]
        print(f"{'event records':<16} kind+date found {er['matched']:.4f}  of those: chair {er['chair']:.4f}  bodies {er['bodies']:.4f}  "
              f"({er['gold_events']} gold events, {er['matched_events']} found, {er['documents']} documents)")
        ar = rows["assignment_records"]
        print(f"{'assignments':<16} {ar['gold']} gold records, {ar['predicted']} predicted  ({ar['documents']} documents)")
    if args.cases.exists():
        results["cases"] = score_cases(args.cases)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
