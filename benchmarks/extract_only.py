"""``cdsnlp.extract`` alone over the texts of a JSONL file, once each, in this
process: what ``benchmarks/archive.py`` runs as a fresh process beside
``cdsnlp index`` on the same file, so both start cold the same way.

    python benchmarks/extract_only.py articles.jsonl
"""

from __future__ import annotations

import json
import sys


def main(path: str) -> int:
    import cdsnlp

    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cdsnlp.extract(json.loads(line)["text"])
            n += 1
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
