"""Convert annotation exports to our JSONL (and between formats).

    cdsnlp convert project.json mine.jsonl                    # format detected from the content
    cdsnlp convert --from doccano export.jsonl mine.jsonl --labels PER=OFFICIAL,ORG=AGENCY
    cdsnlp convert --from labelstudio project.json mine.jsonl --annotator 5 --text-field content
    cdsnlp convert --to conll data/corpus/test.jsonl test.conll
    cdsnlp convert --from markup --to jsonl drafts/ mine.jsonl
    cdsnlp convert --to labelstudio --predict texts.jsonl tasks.json   # pre-annotated by cdsnlp, to correct

Input formats: labelstudio (JSON export), labelstudio-min (JSON-MIN), doccano
(JSONL, sequence-labelling or relation projects), conll (ours or Label
Studio's CONLL2003 export), jsonl (ours), docbin (spaCy), markup (.txt files
with <LABEL>span</LABEL> tags). Output formats: jsonl (default), conll,
docbin, doccano, labelstudio, markup (one file per document).

Label Studio: cancelled annotations are never used; of the others the latest
(updated_at) is used, or only those of --annotator. Tasks with no usable
annotation are skipped and listed. A span whose text does not match its
offsets is repaired when its text is found once nearby (or the offsets were
counted with a BOM, CRLF line ends or before NFC) and rejected otherwise.
Every skipped task, repaired and rejected span is printed with file:line;
the exit code is 1 when anything was skipped or rejected.

--predict replaces the documents' entities by cdsnlp's predictions (--model,
default $CDSNLP_MODEL or the shipped model), each with its confidence score
(see cdsnlp.confidence). With --to labelstudio they are written as each
task's `predictions` (model_version, the task's mean score, and a score per
result), so Label Studio shows them as pre-annotations to correct; every
task of a Label Studio input is kept, annotated or not. With --to doccano
each record gets `label` spans plus `scores` (one per span) and
`model_version`, which Doccano keeps as metadata; with --to jsonl the
entities carry a `score`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdsnlp.annotation import convert as C
from cdsnlp.annotation.formats import READ_FORMATS, detect_format, read_annotations
from cdsnlp.annotation.jsonl import write_jsonl
from cdsnlp.annotation.labels import LabelMap
from cdsnlp.annotation.report import ImportReport

IN_FORMATS = (*READ_FORMATS, "docbin", "markup")
OUT_FORMATS = ("jsonl", "conll", "docbin", "doccano", "labelstudio", "markup")


def read_docs(fmt: str | None, path: Path, **options) -> tuple[list[dict], ImportReport, str]:
    """Documents of ``path`` in ``fmt`` (None: detect), with the import report."""
    if fmt == "docbin":
        from spacy.tokens import DocBin

        docs = C.from_docbin(DocBin().from_disk(path))
        return docs, ImportReport(documents=len(docs), entities=sum(len(d["entities"]) for d in docs)), fmt
    if fmt == "markup" or (fmt is None and path.is_dir()):
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        docs = C.from_markup_files(files)
        return docs, ImportReport(documents=len(docs), entities=sum(len(d["entities"]) for d in docs)), "markup"
    docs, _, report, used = read_annotations(path, fmt, **options)
    return docs, report, used


def write_docs(fmt: str, docs: list[dict], path: Path, **writer_options) -> None:
    """Write ``docs`` in ``fmt``; ``writer_options`` go to the Label Studio / Doccano writers."""
    if fmt == "jsonl":
        write_jsonl(docs, path)
    elif fmt == "docbin":
        C.to_docbin(docs).to_disk(path)
    elif fmt == "markup":
        path.mkdir(parents=True, exist_ok=True)
        for doc_id, marked in C.to_markup_docs(docs).items():
            (path / f"{doc_id}.txt").write_text(marked, encoding="utf-8")
    elif fmt == "labelstudio":
        path.write_text(C.to_label_studio(docs, **writer_options) + "\n", encoding="utf-8")
    elif fmt == "doccano":
        path.write_text(C.to_doccano(docs, **writer_options) + "\n", encoding="utf-8")
    else:
        path.write_text(C.to_conll(docs) + "\n", encoding="utf-8")


def add_import_options(p: argparse.ArgumentParser) -> None:
    """The options of reading a tool's export (shared with ``cdsnlp train``)."""
    p.add_argument("--text-field", help="Label Studio / Doccano: the data field holding the text (default: 'text', or the only string field)")
    p.add_argument("--annotator", help="Label Studio: use only annotations completed by this user (id or e-mail)")
    p.add_argument("--use-predictions", action="store_true", help="Label Studio: import a task's latest prediction when it has no annotation")
    p.add_argument("--labels", dest="label_map", help="label mapping THEIRS=OURS,... or a JSON file {\"THEIRS\": \"OURS\"}")


def import_options(args: argparse.Namespace) -> dict:
    return {"text_field": args.text_field, "annotator": args.annotator, "use_predictions": args.use_predictions, "labels": LabelMap.parse(args.label_map)}


def print_report(report: ImportReport, out=sys.stderr) -> None:
    for line in report.lines():
        print(f"  {line}", file=out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="cdsnlp convert", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="src", choices=IN_FORMATS, help="input format (default: detected from the content)")
    p.add_argument("--to", dest="dst", choices=OUT_FORMATS, default="jsonl", help="output format (default jsonl)")
    add_import_options(p)
    p.add_argument("--predict", action="store_true", help="write cdsnlp's predictions (with scores) instead of the input's entities")
    p.add_argument("--model", help="with --predict: model directory or installed model name (default: $CDSNLP_MODEL, else the shipped model)")
    p.add_argument("input", type=Path)
    p.add_argument("output", type=Path)
    args = p.parse_args(argv)
    if not args.input.exists():
        p.error(f"{args.input}: no such file or folder")
    if args.model and not args.predict:
        p.error("--model is used only with --predict")
    writer_options: dict = {}
    if args.predict:
        from cdsnlp.annotation.labelstudio import read_label_studio_texts
        from cdsnlp.pipeline import Extractor
        from cdsnlp.preannotate import model_version, predict_documents

        extractor = Extractor(args.model or "default")  # a wrong --model fails here, before reading
        fmt = args.src or (None if args.input.is_dir() else C.detect_format(args.input.read_text(encoding="utf-8-sig")))
        if fmt in ("labelstudio", "labelstudio-min"):  # every task, annotated or not
            docs, report = read_label_studio_texts(args.input.read_text(encoding="utf-8-sig"), str(args.input), text_field=args.text_field)
            used = fmt
        else:
            docs, report, used = read_docs(args.src, args.input, **import_options(args))
        docs = predict_documents(docs, extractor)
        report.entities = sum(len(d["entities"]) for d in docs)
        version = model_version(extractor)
        if args.dst == "labelstudio":
            writer_options = {"as_predictions": True, "model_version": version}
        elif args.dst == "doccano":
            writer_options = {"model_version": version}
    else:
        docs, report, used = read_docs(args.src, args.input, **import_options(args))
    write_docs(args.dst, docs, args.output, **writer_options)
    print_report(report)
    print(f"{args.input} ({used}) -> {args.output} ({args.dst}): {report.summary()}", file=sys.stderr)
    return 1 if report.skipped or report.rejected else 0


__all__ = ["add_import_options", "detect_format", "import_options", "main", "print_report", "read_docs", "write_docs"]

if __name__ == "__main__":
    sys.exit(main())
