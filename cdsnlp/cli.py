"""The ``cdsnlp`` command line.

    cdsnlp extract [INPUT ...] [--format jsonl|json|conll|html] [--output PATH] [--jobs N]
    cdsnlp extract ... --model PATH     (default $CDSNLP_MODEL, else the shipped model)
    cdsnlp models                       installed models and their scores
    cdsnlp index INPUT ... [--db archive.duckdb | --format parquet --out DIR] [--jobs N]
    cdsnlp select --uncertain N INPUT ...   the N documents the model is least sure of
    cdsnlp serve-labelstudio [--port 9090]  a Label Studio ML backend
    cdsnlp train | evaluate | validate | convert  ...   (see --help of each)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from . import __version__
from .errors import CliError
from .readers.deferred import FileToRead, Unreadable
from .readers.inputs import Item, iter_deferred, iter_inputs, resolve

__all__ = ["CliError", "Item", "build_parser", "iter_deferred", "iter_inputs", "main", "resolve"]


_REF: date | None = None
_MODEL: str | None = "default"


def _analyze(item: Item) -> tuple[str, dict]:
    from .pipeline import analyze

    own = _iso_date(item.date)
    doc = analyze(item.text, ref_date=_REF or own, model=_MODEL, authors=item.authors)
    record = doc.to_dict()
    if own is not None:  # the page's own date (its byline or metadata) is the article's date
        record["date"] = own.isoformat()
    return item.name, {"id": item.name, "source": item.name, "text": item.text, **record}


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _set_ref(ref: date | None, model: str | None = "default") -> None:
    global _REF, _MODEL
    _REF, _MODEL = ref, model


def _write(fmt: str, results: list[tuple[str, dict]], output: str | None) -> None:
    from .structure.records import Document

    if fmt == "jsonl":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for _, r in results)
    elif fmt == "json":
        data = json.dumps([r for _, r in results], ensure_ascii=False, indent=2) + "\n"
    elif fmt == "table":
        lines = []
        for name, r in results:
            lines.append(f"# {name}")
            for e in r["entities"]:
                value = json.dumps(e["value"], ensure_ascii=False)
                lines.append(f"{e['start']:>6} {e['end']:>6}  {e['label']:<9} {e['text']!r:<42} {value}")
            for o in r["officials"]:
                roles = "; ".join(f"{x['title']} — {x['agency']}" if x["agency"] else x["title"] for x in o["roles"])
                lines.append(f"# official: {o['name']}" + (f" ({roles})" if roles else ""))
        data = "\n".join(lines) + "\n"
    elif fmt == "conll":
        from .annotation.convert import to_conll

        docs = [{"id": name, "text": r["text"], "entities": r["entities"]} for name, r in results]
        data = to_conll(docs) + "\n"
    else:
        from .html_view import render_page
        from .safe_paths import safe_file_stem
        from .structure.records import Agency, Assignment, DocumentRef, Event, Metric, Official, Role
        from .types import Entity

        def rebuild(r: dict) -> Document:
            return Document(
                text=r["text"], date=r["date"],
                entities=[Entity(e["label"], e["text"], e["start"], e["end"], e["value"], e["source"], e.get("score")) for e in r["entities"]],
                officials=[Official(o["name"], o["honorifics"], [Role(**x) for x in o["roles"]], o["mentions"]) for o in r["officials"]],
                agencies=[Agency(**a) for a in r["agencies"]],
                documents=[DocumentRef(**d) for d in r["documents"]],
                metrics=[Metric(**m) for m in r["metrics"]],
                events=[Event(**e) for e in r.get("events", [])],
                assignments=[Assignment(**a) for a in r.get("assignments", [])],
            )

        if output and not output.endswith((".html", ".htm")):
            out_dir = Path(output)
            out_dir.mkdir(parents=True, exist_ok=True)
            for k, (name, r) in enumerate(results, 1):
                page = render_page([(name, rebuild(r))], title=f"cdsnlp: {Path(name).name}")
                (out_dir / f"{k:04d}-{safe_file_stem(name, 'stdin')}.html").write_text(page, encoding="utf-8")
            return
        data = render_page([(name, rebuild(r)) for name, r in results])
    if output:
        Path(output).write_text(data, encoding="utf-8")
    else:
        sys.stdout.write(data)


def _analyze_line(item: Item) -> tuple[str, str, list[str]]:
    """(name, the JSONL line of its record, its entity labels): made in the worker, so the
    parent only writes it (turning the record back into objects and into JSON there
    made the parent the bottleneck of ``--jobs``)."""
    name, record = _analyze(item)
    return name, json.dumps(record, ensure_ascii=False) + "\n", [e["label"] for e in record["entities"]]


def _read_and(work, item: Item | FileToRead | Unreadable):
    """``work`` of the item once read, or the :class:`Unreadable` it is."""
    item = resolve(item)
    return item if isinstance(item, Unreadable) else work(item)


def _analyzed(items: Iterable[Item | FileToRead | Unreadable], jobs: int, ref: date | None, model: str, work=_analyze) -> Iterator:
    """``work(item)`` of every item (by default (name, record)) or its
    :class:`Unreadable`, in input order, in this process or ``jobs`` workers
    (which also read the files)."""
    from functools import partial

    task = partial(_read_and, work)
    if jobs > 1:
        import multiprocessing as mp

        with mp.get_context("spawn").Pool(jobs, initializer=_set_ref, initargs=(ref, model)) as pool:
            yield from pool.imap(task, items, chunksize=4)
    else:
        _set_ref(ref, model)
        for item in items:
            yield task(item)


def _cmd_extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    ref = None
    if args.ref_date:
        try:
            ref = date.fromisoformat(args.ref_date)
        except ValueError:
            raise CliError(f"--ref-date must be YYYY-MM-DD, not {args.ref_date!r}") from None
    if args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    from .model_store import resolve_model

    model = args.model or "default"
    resolve_model(model)  # a wrong --model or $CDSNLP_MODEL fails here, once, in one line
    # where the output goes is checked before any input is read
    from .readers import SUFFIXES
    from .safe_paths import check_output, check_output_file

    html_folder = args.format == "html" and args.output and not args.output.endswith((".html", ".htm"))
    read_back = html_folder or Path(args.output or "").suffix.lower() in {*SUFFIXES, ".jsonl"}
    check_output(args.output, args.inputs, inside=bool(read_back))
    if html_folder:
        Path(args.output).mkdir(parents=True, exist_ok=True)  # one page per input in this folder
    else:
        check_output_file(args.output)
    errors: list[str] = []
    skipped: list[str] = []
    inputs = iter_deferred(args.inputs, encoding=args.encoding, html=args.html, skipped=skipped)
    # JSONL is written as results come (memory flat over any number of inputs);
    # the other formats need every result before they write
    stream = args.format == "jsonl"
    items = inputs if stream else list(inputs)
    t0 = time.perf_counter()
    if stream:  # the number of documents is not known before the end
        many = len(args.inputs) > 1 or any(Path(p).is_dir() or p.endswith(".jsonl") for p in args.inputs)
    else:
        many = sum(not isinstance(i, Unreadable) for i in items) > 1
    show = args.progress if args.progress is not None else (sys.stderr.isatty() and many)
    bar = tqdm(total=None if stream else sum(not isinstance(i, Unreadable) for i in items), unit="doc", file=sys.stderr, disable=not show)
    results: list[tuple[str, dict]] = []
    counts: Counter[str] = Counter()
    n_docs = 0
    out = (open(args.output, "w", encoding="utf-8") if args.output else sys.stdout) if stream else None
    try:
        if out is not None:
            for res in _analyzed(items, args.jobs, ref, model, _analyze_line):
                if isinstance(res, Unreadable):
                    errors.append(res.message)
                    continue
                _name, line, labels = res
                n_docs += 1
                counts.update(labels)
                out.write(line)
                bar.update()
        else:
            for res in _analyzed(items, args.jobs, ref, model):
                if isinstance(res, Unreadable):
                    errors.append(res.message)
                    continue
                name, record = res
                n_docs += 1
                counts.update(e["label"] for e in record["entities"])
                results.append((name, record))
                bar.update()
    finally:
        bar.close()
        if out is not None and out is not sys.stdout:
            out.close()
    if out is None:
        _write(args.format, results, args.output)
    for err in errors:
        print(f"cdsnlp: {err}", file=sys.stderr)
    summary = ", ".join(f"{k}={counts[k]}" for k in sorted(counts)) or "none"
    print(f"cdsnlp: {n_docs} documents, {sum(counts.values())} entities ({summary}), "
          f"{len(errors)} skipped{f', {len(skipped)} files of other types ignored' if skipped else ''}, "
          f"{time.perf_counter() - t0:.2f}s", file=sys.stderr)
    return 1 if errors else 0


def _cmd_models(args: argparse.Namespace) -> int:
    import os

    from .model_store import ENV, default_model_dir, installed_models, model_card, resolve_model

    default = default_model_dir()
    cards = []
    for path in installed_models():
        cards.append({**model_card(path), "shipped_default": path == default})
    if os.environ.get(ENV):
        path = resolve_model("default")
        if path is not None and all(c["path"] != str(path) for c in cards):
            cards.append({**model_card(path), "shipped_default": False})
        for c in cards:
            c["from_env"] = c["path"] == str(path)
    if args.json:
        print(json.dumps(cards, ensure_ascii=False, indent=2))
        return 0
    for c in cards:
        mark = "*" if c.get("from_env") or (c["shipped_default"] and not os.environ.get(ENV)) else " "
        f1 = "  ".join(f"{k} F1 {v:.4f}" for k, v in c["f1"].items()) or c.get("not_evaluated", "no scores")
        print(f"{mark} {c['name']}  {c.get('date') or '?'}  {c.get('documents') or '?'} documents  {f1}")
        print(f"    {c['path']}")
    print(f"(* = used by default; set ${ENV} or pass --model to choose another)")
    return 0


_FORWARDED = {"train": "train", "evaluate": "evaluate", "validate": "validate", "convert": "convert"}


def _forward(module: str, rest: list[str]) -> int:
    """Run a training-side command (installed as the package cdsnlp_training)."""
    import importlib

    mod = importlib.import_module(f"cdsnlp_training.{module}")
    try:
        return int(mod.main(rest) or 0)
    except SystemExit as exc:  # argparse's --help and usage errors
        return exc.code if isinstance(exc.code, int) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cdsnlp", description="Entities and structured data from Vietnamese public-administration news.")
    parser.add_argument("--version", action="version", version=f"cdsnlp {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("extract", help="extract entities and records from files, folders or stdin",
                       description="Read .txt (any encoding), .html (the article's main text), .pdf, .docx and .jsonl (a 'text' field per line) "
                       "files, folders (recursively) or stdin, "
                       "and write one record per document.")
    p.add_argument("inputs", nargs="*", help="files or folders; '-' or nothing reads stdin")
    p.add_argument("--format", choices=["jsonl", "json", "table", "conll", "html"], default="jsonl",
                   help="jsonl (default): one document per line; json: one array; table: one line per entity, for reading; "
                   "conll: IOB2 tags; html: highlighted pages")
    p.add_argument("--output", "-o", help="output file (default stdout); for html, a folder gives one page per input")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--ref-date", help="reference date YYYY-MM-DD for dates without a year")
    p.add_argument("--encoding", help="force the text encoding of the inputs (utf-8, cp1258, utf-16, tcvn3, vni ...; default: detected)")
    p.add_argument("--html", choices=["main", "raw"], default="main",
                   help="main (default): the article's main text of a web page; raw: all visible text")
    p.add_argument("--model", help="model directory or installed model name (default: $CDSNLP_MODEL, else the shipped model; 'none': rules only)")
    prog = p.add_mutually_exclusive_group()
    prog.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show a progress bar on stderr")
    prog.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    p.set_defaults(func=_cmd_extract)
    from .index_command import add_parser as add_index

    add_index(sub)
    from .selection import add_parser as add_select

    add_select(sub)
    from .labelstudio_backend import add_parser as add_serve

    add_serve(sub)
    m = sub.add_parser("models", help="list the installed models with their scores", description="List the models shipped with cdsnlp "
                       "(and $CDSNLP_MODEL when set) with the figures of their model card: date, training documents, micro F1 per scored split.")
    m.add_argument("--json", action="store_true", help="print JSON instead of a table")
    m.set_defaults(func=_cmd_models)
    for name, help_ in [
        ("train", "train the CRF tagger (see cdsnlp train --help)"),
        ("evaluate", "score cdsnlp against a gold JSONL (see cdsnlp evaluate --help)"),
        ("validate", "validate guideline-format JSONL files or folders"),
        ("convert", "convert Label Studio / Doccano / CoNLL exports to our JSONL, and between formats (see cdsnlp convert --help)"),
    ]:
        sub.add_parser(name, help=help_, add_help=False)  # forwarded before parsing, see main()
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        if argv and argv[0] in _FORWARDED:
            return _forward(_FORWARDED[argv[0]], argv[1:])
        args = parser.parse_args(argv)
        return args.func(args)
    except KeyboardInterrupt:
        print("cdsnlp: interrupted", file=sys.stderr)
        return 130
    except (CliError, OSError, ValueError, RuntimeError, ImportError) as exc:  # ModelNotFoundError is an OSError
        print(f"cdsnlp: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    # run the package's module, not this __main__ copy: commands defined elsewhere
    # (index, select) raise cdsnlp.errors.CliError, which main() must catch
    from cdsnlp.cli import main as _main

    sys.exit(_main())
