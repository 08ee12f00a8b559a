"""Convert annotated documents between formats, both ways.

    python -m training.convert --from jsonl --to conll data/corpus/test.jsonl test.conll
    python -m training.convert --from doccano --to jsonl export.jsonl mine.jsonl
    python -m training.convert --from labelstudio --to jsonl project.json mine.jsonl
    python -m training.convert --from jsonl --to docbin data/corpus/train.jsonl train.spacy
    python -m training.convert --from markup --to jsonl drafts/ mine.jsonl

Formats: jsonl (guideline format), conll (IOB2 with # id / # text lines),
docbin (spaCy), doccano (JSONL), labelstudio (JSON export), markup (a folder
of .txt files with <LABEL>span</LABEL> tags; as output, one file per document).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdsnlp.annotation import convert as C
from cdsnlp.annotation.jsonl import read_jsonl, write_jsonl

FORMATS = ("jsonl", "conll", "docbin", "doccano", "labelstudio", "markup")


def read_docs(fmt: str, path: Path) -> list[dict]:
    if fmt == "jsonl":
        return [{"id": d["id"], "text": d["text"], "entities": d["entities"]} for d in read_jsonl(path)]
    if fmt == "docbin":
        from spacy.tokens import DocBin

        return C.from_docbin(DocBin().from_disk(path))
    if fmt == "markup":
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        return C.from_markup_files(files)
    data = path.read_text(encoding="utf-8")
    return {"conll": C.from_conll, "doccano": C.from_doccano, "labelstudio": C.from_label_studio}[fmt](data)


def write_docs(fmt: str, docs: list[dict], path: Path) -> None:
    if fmt == "jsonl":
        write_jsonl(docs, path)
    elif fmt == "docbin":
        C.to_docbin(docs).to_disk(path)
    elif fmt == "markup":
        path.mkdir(parents=True, exist_ok=True)
        for doc_id, marked in C.to_markup_docs(docs).items():
            (path / f"{doc_id}.txt").write_text(marked, encoding="utf-8")
    else:
        writer = {"conll": C.to_conll, "doccano": C.to_doccano, "labelstudio": C.to_label_studio}[fmt]
        path.write_text(writer(docs) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="cdsnlp convert", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="src", choices=FORMATS, required=True)
    p.add_argument("--to", dest="dst", choices=FORMATS, required=True)
    p.add_argument("input", type=Path)
    p.add_argument("output", type=Path)
    args = p.parse_args(argv)
    docs = read_docs(args.src, args.input)
    write_docs(args.dst, docs, args.output)
    print(f"{len(docs)} documents, {sum(len(d['entities']) for d in docs)} entities: {args.input} ({args.src}) -> {args.output} ({args.dst})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
