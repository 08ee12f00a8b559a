"""Validate guideline-format JSONL files or folders.

    cdsnlp validate data/corpus [more files or folders]

Prints every problem as file:line: reason, then a summary; exit code 1 when
anything was rejected.
"""

from __future__ import annotations

import argparse
import sys

from cdsnlp.annotation.validate import validate_jsonl


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="cdsnlp validate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", help="JSONL files or folders")
    args = p.parse_args(argv)
    try:
        report = validate_jsonl(*args.paths)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for issue in report.issues:
        print(issue)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
