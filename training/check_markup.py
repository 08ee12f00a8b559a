"""Check marked-up corpus drafts (``<LABEL>span</LABEL>``) and list suspicious cases.

Usage: python -m training.check_markup FILE_OR_DIR [...]

Errors (the file cannot be used) and warnings (a human should look) are printed
as ``file:line: level: message``. Exit code 1 when any file has an error.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from cdsnlp.annotation.markup import MarkupError, parse_markup
from cdsnlp.annotation.validate import bad_edge
from cdsnlp.resources import load_lines

TYPE_WORDS = ("Bộ", "Sở", "Ủy ban", "UBND", "Cục", "Vụ", "Viện", "Trung tâm", "Tổng cục", "Ban", "Phòng")
NUM_OK_BEFORE = re.compile(
    r"(thứ|lần|khóa|khoá|mức độ|cấp độ|phiên bản|Đại hội|số điện thoại|ĐT|Điện thoại|Hotline|lần thứ)\s*$",
    re.IGNORECASE,
)


def load_titles() -> list[str]:
    return sorted(load_lines("titles.txt"), key=len, reverse=True)


def load_honorifics() -> list[str]:
    return list(load_lines("honorifics.txt"))


def covered(spans, start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)


def check_text(name: str, marked: str, titles: list[str], honorifics: list[str]):
    """Yield (line, level, message) for one marked-up document."""
    try:
        text, spans = parse_markup(marked)
    except MarkupError as exc:
        yield exc.line, "error", str(exc).split(": ", 1)[1]
        return

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    if unicodedata.normalize("NFC", text) != text:
        yield 1, "error", "text is not NFC"
    n_syll = len(text.split())
    if not 150 <= n_syll <= 700:
        yield 1, "error", f"{n_syll} syllables (want 150-700)"
    for s in spans:
        frag = text[s.start : s.end]
        if bad_edge(frag):
            yield line_of(s.start), "error", f"{s.label} {frag!r} starts/ends with space or punctuation"
        if s.label == "OFFICIAL":
            words = frag.split()
            if any(w[0].islower() for w in words):
                yield line_of(s.start), "warn", f"OFFICIAL {frag!r} has a lower-case word"
            if any(frag.startswith(h) for h in honorifics):
                yield line_of(s.start), "error", f"OFFICIAL {frag!r} includes an honorific/address word"
        if s.label == "ROLE" and re.search(r"\b(Bộ|Sở|UBND|Tỉnh ủy|Ủy ban) [A-ZĐ]", frag):
            yield line_of(s.start), "warn", f"ROLE {frag!r} seems to contain an organisation"
    # Title words outside ROLE.
    for t in titles:
        for m in re.finditer(rf"(?<![\wÀ-ỹ]){re.escape(t)}(?![\wÀ-ỹ])", text):
            if covered(spans, m.start(), m.end()):
                continue
            before = text[max(0, m.start() - 12) : m.start()]
            if re.search(r"(các|những|Lãnh đạo|lãnh đạo|nguyên)\s*$", before):
                continue
            yield line_of(m.start()), "warn", f"title {t!r} outside any span: …{text[max(0, m.start()-30):m.end()+30]!r}"
    # Capitalised phrase after an agency type word, not inside AGENCY.
    for tw in TYPE_WORDS:
        for m in re.finditer(rf"(?<![\wÀ-ỹ]){tw} [A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ&]*", text):
            if not any(s.label == "AGENCY" and s.start <= m.start() < s.end for s in spans) and not covered(spans, m.start(), m.end()):
                yield line_of(m.start()), "warn", f"{m.group(0)!r} not inside AGENCY"
    # Numbers left unannotated.
    for m in re.finditer(r"\d(?:[\d.,/:-]*\d)?", text):
        if covered(spans, m.start(), m.end()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip() in ("", "(") and re.match(r"\d+[.)]", text[m.start():]):
            continue  # list numbering
        ctx = text[max(0, m.start() - 40) : m.start()]
        if NUM_OK_BEFORE.search(ctx) or re.search(r"(https?://|www\.|@|\.vn|Số \d+ [A-ZĐ]|Địa chỉ)", text[max(0, m.start() - 60): m.end() + 5]):
            continue
        yield line_of(m.start()), "warn", f"number {m.group(0)!r} unannotated: …{text[max(0, m.start()-30):m.end()+20]!r}"
    # Same string annotated in one place, bare in another.
    annotated = {(text[s.start:s.end], s.label) for s in spans if len(text[s.start:s.end]) > 3}
    for frag, label in sorted(annotated):
        for m in re.finditer(rf"(?<![\wÀ-ỹ]){re.escape(frag)}(?![\wÀ-ỹ])", text):
            if not any(s.start < m.end() and m.start() < s.end for s in spans):
                yield line_of(m.start()), "warn", f"{frag!r} is {label} elsewhere but bare here"
    yield 0, "info", f"{n_syll} syllables; " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(s.label for s in spans).items()))


def main(argv: list[str]) -> int:
    files: list[Path] = []
    for a in argv:
        p = Path(a)
        files += sorted(p.rglob("*.txt")) if p.is_dir() else [p]
    titles, honorifics = load_titles(), load_honorifics()
    n_err = 0
    total: Counter[str] = Counter()
    for f in files:
        for line, level, msg in check_text(str(f), f.read_text(encoding="utf-8"), titles, honorifics):
            if level == "info":
                for part in msg.split("; ")[1].split(", "):
                    if "=" in part:
                        k, v = part.split("=")
                        total[k] += int(v)
                continue
            n_err += level == "error"
            print(f"{f}:{line}: {level}: {msg}")
    print(f"{len(files)} files, {n_err} errors; entities: " + ", ".join(f"{k}={v}" for k, v in sorted(total.items())))
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
