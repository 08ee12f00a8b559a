"""spaCy's own NER as a second learner (issue 15): data conversion and scoring.

    python -m training.spacy_ner convert data/corpus/train.jsonl OUT.spacy
    nice -n 10 .venv/bin/python -m spacy train training/configs/spacy_ner.cfg --output DIR \
        --paths.train TRAIN.spacy --paths.dev DEV.spacy
    python -m training.spacy_ner score DIR/model-best data/corpus/validation.jsonl [--vote keep|fill|both]

Documents are stored with cdsnlp's own tokens (syllables; whitespace other
than one trailing space becomes a token), so every gold span is on token
edges; ``spacy train`` re-tokenizes the text with the blank ``xx`` tokenizer
and aligns the gold to it, so prediction uses that tokenizer too. ``score`` runs
spaCy alone on the raw text (strict start, end, label), and with ``--vote``
combines it with the full cdsnlp pipeline: ``keep`` keeps a cdsnlp AGENCY
only if spaCy predicts the same AGENCY span, ``fill`` adds spaCy entities
where cdsnlp has none overlapping, ``both`` does both, ``fill-agency`` fills AGENCY only, and ``cut`` ends a
cdsnlp AGENCY where a shorter spaCy AGENCY from the same start ends (a runaway span).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdsnlp.annotation.jsonl import read_jsonl
from cdsnlp.evaluation import score_documents
from cdsnlp.tokenizer import tokenize, words_and_spaces
from cdsnlp.types import LABELS


def make_doc(vocab, text: str):
    from spacy.tokens import Doc

    words, spaces = words_and_spaces(text, tuple((t.start, t.end) for t in tokenize(text)))
    return Doc(vocab, words=words, spaces=spaces)


def convert(src: Path, out: Path) -> tuple[int, int]:
    """Write ``src``'s documents as a DocBin; (entities kept, entities not on token edges)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    db = DocBin()
    kept = lost = 0
    for d in read_jsonl(src):
        doc = make_doc(nlp.vocab, d["text"])
        ents = []
        for e in d["entities"]:
            span = doc.char_span(e["start"], e["end"], label=e["label"])
            if span is None:
                lost += 1
            else:
                ents.append(span)
                kept += 1
        doc.ents = ents
        db.add(doc)
    db.to_disk(out)
    return kept, lost


def spacy_spans(nlp, text: str) -> list[tuple[int, int, str]]:
    # spaCy's own tokenizer, as in training: `spacy train` re-tokenizes each
    # document's text and aligns the gold to it (our syllable tokens gave
    # micro-F1 0.922 instead of 0.954 on validation)
    doc = nlp(text)
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def vote(crf: list[tuple[int, int, str]], sp: list[tuple[int, int, str]], mode: str) -> list[tuple[int, int, str]]:
    out = list(crf)
    if mode in ("keep", "both"):
        agree = set(sp)
        out = [x for x in out if x[2] != "AGENCY" or x in agree]
    if mode == "cut":
        # a runaway CRF AGENCY: spaCy's AGENCY from the same start ends earlier
        ends = {a: b for a, b, label in sp if label == "AGENCY"}
        out = [(s, min(e, ends.get(s, e)), label) if label == "AGENCY" else (s, e, label) for s, e, label in out]
    if mode in ("fill", "both", "fill-agency"):
        taken = sorted(out)
        for s, e, label in sp:
            if mode == "fill-agency" and label != "AGENCY":
                continue
            if not any(a < e and s < b for a, b, _ in taken):
                out.append((s, e, label))
    return sorted(out)


def paired_bootstrap(pairs: list[list[tuple[int, int, int]]], n: int, seed: int = 13) -> str:
    """Micro-F1 of system B minus system A over ``n`` resamplings of the
    documents (each pair: (tp, fp, fn) of A and of B on one document)."""
    import random

    def f1(rows, k):
        tp, fp, fn = (sum(r[k][j] for r in rows) for j in range(3))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    rng = random.Random(seed)
    diffs = sorted(f1(s, 1) - f1(s, 0) for s in ([rng.choice(pairs) for _ in pairs] for _ in range(n)))
    mean = sum(diffs) / n
    sd = (sum((x - mean) ** 2 for x in diffs) / (n - 1)) ** 0.5
    return (f"paired bootstrap ({n} resamplings of {len(pairs)} documents): F1(vote) - F1(cdsnlp) = {f1(pairs, 1) - f1(pairs, 0):+.4f}, "
            f"sd {sd:.4f}, 95% interval [{diffs[int(0.025 * n)]:+.4f}, {diffs[int(0.975 * n) - 1]:+.4f}]")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("convert")
    c.add_argument("src", type=Path)
    c.add_argument("out", type=Path)
    s = sub.add_parser("score")
    s.add_argument("model", type=Path)
    s.add_argument("gold", type=Path, nargs="+")
    s.add_argument("--bootstrap", type=int, default=0, help="with --vote: N resamplings of the documents for the noise of the F1 difference")
    s.add_argument("--vote", choices=["none", "keep", "fill", "fill-agency", "cut", "both"], default="none")
    args = p.parse_args(argv)
    if args.cmd == "convert":
        kept, lost = convert(args.src, args.out)
        print(f"{args.out}: {kept} entities, {lost} not on token edges (left out)")
        return 0
    import spacy

    nlp = spacy.load(args.model)
    docs = [d for g in args.gold for d in read_jsonl(g)]
    if args.vote == "none":
        scores = score_documents(docs, lambda d: spacy_spans(nlp, d["text"]), list(LABELS))
    else:
        from cdsnlp.pipeline import default_extractor

        ex = default_extractor()

        def predict(d):
            crf = [(e.start, e.end, e.label) for e in ex.extract(d["text"])]
            return vote(crf, spacy_spans(nlp, d["text"]), args.vote)

        scores = score_documents(docs, predict, list(LABELS))
        if args.bootstrap:
            pairs = []
            for d in docs:
                gold = {(e["start"], e["end"], e["label"]) for e in d["entities"]}
                crf = {(e.start, e.end, e.label) for e in ex.extract(d["text"])}
                voted = set(vote(sorted(crf), spacy_spans(nlp, d["text"]), args.vote))
                pairs.append([(len(gold & x), len(x - gold), len(gold - x)) for x in (crf, voted)])
            print(paired_bootstrap(pairs, args.bootstrap))
    print(scores.table(list(LABELS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
