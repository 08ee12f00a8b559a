"""The ``cdsnlp`` command line.

    cdsnlp extract [INPUT ...] [--format jsonl|json|conll|html] [--output PATH] [--jobs N]
    cdsnlp index INPUT ... [--db archive.duckdb | --format parquet --out DIR] [--jobs N]
    cdsnlp train | evaluate | validate | convert  ...   (see --help of each)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from . import __version__

_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


class CliError(Exception):
    """An error reported as one line, without a traceback."""


@dataclass
class Item:
    name: str
    text: str


class _HTMLText(HTMLParser):
    """Visible text of an HTML page, with block elements on their own lines."""

    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).splitlines()]
        return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    return parser.text()


def iter_inputs(paths: list[str], errors: list[str]) -> Iterator[Item]:
    """Documents from files, folders (recursive) or stdin; unreadable files are
    reported in ``errors`` and skipped."""
    if not paths or paths == ["-"]:
        yield Item("<stdin>", sys.stdin.read())
        return
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in _SUFFIXES)
        elif path.exists():
            files = [path]
        else:
            errors.append(f"{p}: no such file or folder")
            continue
        for f in files:
            try:
                raw = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                errors.append(f"{f}: cannot read: {exc}")
                continue
            suffix = f.suffix.lower()
            if suffix in (".html", ".htm"):
                yield Item(str(f), html_to_text(raw))
            elif suffix == ".jsonl":
                for n, line in enumerate(raw.splitlines(), 1):
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line)
                        text = rec["text"]
                        if not isinstance(text, str):
                            raise TypeError("'text' is not a string")
                    except (ValueError, KeyError, TypeError) as exc:
                        errors.append(f"{f}:{n}: skipped: {exc.__class__.__name__}: {exc}")
                        continue
                    yield Item(str(rec.get("id", f"{f}:{n}")), text)
            else:
                yield Item(str(f), raw)


_REF: date | None = None


def _analyze(item: Item) -> tuple[str, dict]:
    from .structure import analyze

    doc = analyze(item.text, ref_date=_REF)
    return item.name, {"source": item.name, "text": item.text, **doc.to_dict()}


def _set_ref(ref: date | None) -> None:
    global _REF
    _REF = ref


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
        from .structure.records import Agency, DocumentRef, Metric, Official, Role
        from .types import Entity

        def rebuild(r: dict) -> Document:
            return Document(
                text=r["text"], date=r["date"],
                entities=[Entity(e["label"], e["text"], e["start"], e["end"], e["value"], e["source"]) for e in r["entities"]],
                officials=[Official(o["name"], o["honorifics"], [Role(**x) for x in o["roles"]], o["mentions"]) for o in r["officials"]],
                agencies=[Agency(**a) for a in r["agencies"]],
                documents=[DocumentRef(**d) for d in r["documents"]],
                metrics=[Metric(**m) for m in r["metrics"]],
            )

        if output and not output.endswith((".html", ".htm")):
            out_dir = Path(output)
            out_dir.mkdir(parents=True, exist_ok=True)
            for k, (name, r) in enumerate(results, 1):
                page = render_page([(name, rebuild(r))], title=f"cdsnlp: {Path(name).name}")
                (out_dir / f"{k:04d}-{Path(name).stem or 'stdin'}.html").write_text(page, encoding="utf-8")
            return
        data = render_page([(name, rebuild(r)) for name, r in results])
    if output:
        Path(output).write_text(data, encoding="utf-8")
    else:
        sys.stdout.write(data)


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
    errors: list[str] = []
    items = list(iter_inputs(args.inputs, errors))
    t0 = time.perf_counter()
    show = args.progress if args.progress is not None else (sys.stderr.isatty() and len(items) > 1)
    bar = tqdm(total=len(items), unit="doc", file=sys.stderr, disable=not show)
    results: list[tuple[str, dict]] = []
    if args.jobs > 1 and len(items) > 1:
        import multiprocessing as mp

        with mp.get_context("spawn").Pool(args.jobs, initializer=_set_ref, initargs=(ref,)) as pool:
            for res in pool.imap(_analyze, items, chunksize=4):
                results.append(res)
                bar.update()
    else:
        _set_ref(ref)
        for item in items:
            results.append(_analyze(item))
            bar.update()
    bar.close()
    _write(args.format, results, args.output)
    counts = Counter(e["label"] for _, r in results for e in r["entities"])
    for err in errors:
        print(f"cdsnlp: {err}", file=sys.stderr)
    summary = ", ".join(f"{k}={counts[k]}" for k in sorted(counts)) or "none"
    print(f"cdsnlp: {len(results)} documents, {sum(counts.values())} entities ({summary}), "
          f"{len(errors)} skipped, {time.perf_counter() - t0:.2f}s", file=sys.stderr)
    return 1 if errors else 0


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
                       description="Read .txt, .html and .jsonl (a 'text' field per line) files, folders (recursively) or stdin, "
                       "and write one record per document.")
    p.add_argument("inputs", nargs="*", help="files or folders; '-' or nothing reads stdin")
    p.add_argument("--format", choices=["jsonl", "json", "table", "conll", "html"], default="jsonl",
                   help="jsonl (default): one document per line; json: one array; table: one line per entity, for reading; "
                   "conll: IOB2 tags; html: highlighted pages")
    p.add_argument("--output", "-o", help="output file (default stdout); for html, a folder gives one page per input")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--ref-date", help="reference date YYYY-MM-DD for dates without a year")
    prog = p.add_mutually_exclusive_group()
    prog.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show a progress bar on stderr")
    prog.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    p.set_defaults(func=_cmd_extract)
    from .archive.command import add_parser as add_index_parser

    add_index_parser(sub)
    for name, help_ in [
        ("train", "train the CRF tagger (see cdsnlp train --help)"),
        ("evaluate", "score cdsnlp against a gold JSONL (see cdsnlp evaluate --help)"),
        ("validate", "validate guideline-format JSONL files or folders"),
        ("convert", "convert between annotation formats (see cdsnlp convert --help)"),
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
    except (CliError, OSError, ValueError, RuntimeError, ImportError) as exc:
        print(f"cdsnlp: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
