"""``cdsnlp select --uncertain N INPUTS``: the documents to annotate next.

Every input document (any file ``cdsnlp extract`` reads: .txt, .html, .pdf,
.docx, .jsonl with a ``text`` field, folders, stdin; and the tasks of a
Label Studio .json export or task list, annotated or not, with
``--text-field``) is run through the model; the N with the highest uncertainty
(:func:`cdsnlp.confidence.document_uncertainty`: the sum of 1 - score over
the entities the tagger found, the expected number of its wrong entities)
are written, most uncertain first, as our JSONL (``id``, ``text``,
``uncertainty``, and the predicted ``entities`` with their scores, so that
``cdsnlp convert --to labelstudio --predict`` or an annotator can start from
them). Ties keep the input order.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _label_studio_docs(path: Path, text_field: str | None, errors: list[str]) -> list[dict]:
    """The tasks of a Label Studio JSON file as documents (``id``: the task's ``doc_id`` or id)."""
    from .annotation.labelstudio import read_label_studio_texts

    try:
        docs, report = read_label_studio_texts(path.read_text(encoding="utf-8-sig"), str(path), text_field=text_field)
    except (ValueError, UnicodeDecodeError) as exc:
        errors.append(f"{path}: cannot read as Label Studio tasks: {exc}")
        return []
    errors += [str(x) for x in report.skipped]
    return docs


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("select", help="choose the documents the model is least sure of, for the next annotation round",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", help="files or folders; '-' or nothing reads stdin")
    p.add_argument("--uncertain", type=int, required=True, metavar="N", help="how many documents to choose")
    p.add_argument("--output", "-o", help="output JSONL (default stdout)")
    p.add_argument("--model", help="model directory or installed model name (default: $CDSNLP_MODEL, else the shipped model)")
    p.add_argument("--encoding", help="force the text encoding of the inputs (default: detected)")
    p.add_argument("--text-field", help="Label Studio .json inputs: the data field holding the text (default: 'text', or the only string field)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .pipeline import Extractor
    from .preannotate import entity_dicts, rank_uncertain
    from .readers.inputs import iter_inputs

    if args.uncertain < 1:
        raise ValueError("--uncertain must be at least 1")
    ex = Extractor(args.model or "default")
    if ex.tagger is None:
        raise ValueError("select needs a model: rule entities carry a fixed confidence, so they cannot rank documents")
    errors: list[str] = []
    docs: list[dict] = []
    others = []
    for name in args.inputs:
        if name.lower().endswith(".json") and Path(name).is_file():
            docs += _label_studio_docs(Path(name), args.text_field, errors)
        else:
            others.append(name)
    if others or not args.inputs:
        docs += [{"id": it.name, "text": it.text} for it in iter_inputs(others, errors, encoding=args.encoding)]
    ranked = rank_uncertain(docs, ex)[: args.uncertain]
    lines = []
    for u, _, d, ents in ranked:
        lines.append(json.dumps({"id": d["id"], "text": d["text"], "uncertainty": u, "entities": entity_dicts(ents)}, ensure_ascii=False))
    data = "".join(x + "\n" for x in lines)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(data)
    else:
        sys.stdout.write(data)
    for err in errors:
        print(f"cdsnlp: {err}", file=sys.stderr)
    for u, _, d, _ in ranked:
        print(f"  {u:8.4f}  {d['id']}", file=sys.stderr)
    print(f"cdsnlp: {len(ranked)} of {len(docs)} documents chosen (uncertainty = sum of 1 - score over tagger entities), "
          f"{len(errors)} skipped", file=sys.stderr)
    return 1 if errors else 0
