"""The ``cdsnlp`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from . import __version__


def _read_inputs(paths: list[str]) -> list[tuple[str, str]]:
    if not paths or paths == ["-"]:
        return [("<stdin>", sys.stdin.read())]
    out = []
    for p in paths:
        path = Path(p)
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        for f in files:
            out.append((str(f), f.read_text(encoding="utf-8")))
    return out


def _cmd_extract(args: argparse.Namespace) -> int:
    from .pipeline import extract

    counts: Counter[str] = Counter()
    for name, text in _read_inputs(args.inputs):
        ents = extract(text)
        counts.update(e.label for e in ents)
        if args.format == "table":
            print(f"# {name}")
            for e in ents:
                print(f"{e.start:>6} {e.end:>6}  {e.label:<9} {e.text!r:<40} {json.dumps(dict(e.value), ensure_ascii=False)}")
        else:
            print(json.dumps({"source": name, "text": text, "entities": [e.to_dict() for e in ents]}, ensure_ascii=False))
    print("entities: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cdsnlp", description="Entities from Vietnamese public-administration news.")
    parser.add_argument("--version", action="version", version=f"cdsnlp {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract entities from files, folders or stdin")
    p.add_argument("inputs", nargs="*", help="files or folders (*.txt); '-' or nothing reads stdin")
    p.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    p.set_defaults(func=_cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as exc:
        print(f"cdsnlp: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
