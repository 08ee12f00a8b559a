"""Index the shipped corpus and write the real output of the README's three
archive queries under each of them (tests/test_archive.py checks they match).

    .venv/bin/python scripts/readme_queries.py          # rewrite README.md
    .venv/bin/python scripts/readme_queries.py --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAD = "### Three queries over the shipped corpus"


def rendered(con, sql: str) -> str:
    rel = con.sql(sql)
    lines = [" | ".join(rel.columns)] + [" | ".join("" if v is None else str(v) for v in row) for row in rel.fetchall()]
    return "\n".join(lines)


def main() -> int:
    import duckdb

    from cdsnlp.archive.index import run_index

    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    before, rest = text.split(HEAD, 1)
    section, after = rest.split("\n### ", 1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.duckdb"
        run_index([str(ROOT / "data" / "corpus")], db, progress=False)
        con = duckdb.connect(str(db), read_only=True)
        new_section = re.sub(r"(```sql\n(.*?)\n```\n\n```text\n)(.*?)(\n```)",
                             lambda m: m.group(1) + rendered(con, m.group(2)) + m.group(4), section, flags=re.S)
        con.close()
    if "--check" in sys.argv:
        return int(new_section != section)
    readme.write_text(before + HEAD + new_section + "\n### " + after, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
