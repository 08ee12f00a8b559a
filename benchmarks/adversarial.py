"""Worst-case timings: adversarial repetitions aimed at every regex, the
tokenizer, the merge and the linking code.

    python benchmarks/adversarial.py                   # every case at 200,000 characters
    python benchmarks/adversarial.py --size 50000 --only date   # cases whose name holds "date"
    python benchmarks/adversarial.py --stages          # where the time goes, per stage

Each case repeats a short unit (or builds a text) up to ``--size``
characters and times ``cdsnlp.extract`` and ``cdsnlp.analyze`` on it once,
in this process, after a warm-up call on a normal sentence. The table ends
with the slowest case; the first row is normal text (the corpus articles one
after another) of the same length, the yardstick for the others. The goal (issue 14): every case under 1 s at 200,000
characters. Seconds on the shared machine move with its load; ``--stages``
splits one case into normalisation, protected zones, rules, tokenizer,
tagger, merge, values and the document records.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

# (name, aimed at, unit repeated to the size or a function of the size)
Case = tuple[str, str, "str | Callable[[int], str]"]


def _names(n: int) -> str:
    """Distinct officials with roles and agencies: many link records."""
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    middles = ["Văn", "Thị", "Minh", "Quốc", "Hữu", "Thanh"]
    out, i = [], 0
    while sum(map(len, out)) < n:
        out.append(f"Ông {surnames[i % 8]} {middles[i // 8 % 6]} {chr(0x41 + i // 48 % 26)}{chr(0x61 + i // 1248 % 26)}, Giám đốc Sở Tài chính, ")
        i += 1
    return "".join(out)


def _aliases(n: int) -> str:
    out, i = [], 0
    while sum(map(len, out)) < n:
        a, b = chr(0x41 + i % 26), chr(0x41 + i // 26 % 26)
        out.append(f"Ủy ban {a}{b.lower()} tỉnh (UB{a}{b}) và ")
        i += 1
    return "".join(out)


def _long_number(n: int) -> str:
    return "Doanh thu đạt " + "9" * (n - 30) + " tỷ đồng."


def _corpus(n: int) -> str:
    """The corpus articles one after another: what normal text costs at this length."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from texts import corpus_texts

    out, texts = [], [t for _, t in corpus_texts(include_seeds=False)]
    while sum(map(len, out)) < n:
        out.append(texts[len(out) % len(texts)] + "\n\n")
    return "".join(out)


CASES: list[Case] = [
    ("baseline: corpus articles", "normal text", _corpus),
    # tokenizer
    ("tok: letters, no space", "tokenizer", "a"),
    ("tok: capital letters, no space", "tokenizer", "A"),
    ("tok: digits, no space", "tokenizer/numbers", "1"),
    ("tok: 1.", "tokenizer/numbers", "1."),
    ("tok: 1,", "tokenizer/numbers", "1,"),
    ("tok: 1/", "tokenizer/codes", "1/"),
    ("tok: 1-", "tokenizer/codes", "1-"),
    ("tok: 1/A-", "tokenizer/codes", "1/A-"),
    ("tok: 1/A.", "tokenizer/codes", "1/A."),
    ("tok: a.", "tokenizer/domain", "a."),
    ("tok: a-", "tokenizer/domain", "a-"),
    ("tok: a@", "tokenizer/e-mail", "a@"),
    ("tok: a.b@", "tokenizer/e-mail", "a.b@"),
    ("tok: http://a", "tokenizer/URL", lambda n: "http://" + "a" * (n - 7)),
    ("tok: www.", "tokenizer/URL", "www."),
    ("tok: A.", "tokenizer/initials", "A."),
    ("tok: TP.", "tokenizer/dotted", "TP."),
    ("tok: A&", "tokenizer/ampersand", "A&"),
    ("tok: A-", "tokenizer/ampersand", "A-"),
    ("tok: glued aaBaa", "tokenizer/glued", "aaBaa"),
    ("tok: 1 - ", "tokenizer/range", "1 - "),
    ("tok: 1,1 -", "tokenizer/range", "1,1 -"),
    ("tok: 1h", "tokenizer/time", "1h"),
    ("tok: 1:1", "tokenizer/time", "1:1"),
    # rules
    ("date: ngày ", "dates", "ngày "),
    ("date: ngày 1 tháng ", "dates", "ngày 1 tháng "),
    ("date: sáng ngày ", "dates/left", "sáng ngày "),
    ("date: 1/1/", "dates", "1/1/"),
    ("date: 1-1-", "dates", "1-1-"),
    ("date: 10 giờ ", "dates/time", "10 giờ "),
    ("date: năm 2020 - ", "dates/years", "năm 2020 - "),
    ("date: quý I/", "dates/quarter", "quý I/"),
    ("date: 2020-", "dates/iso", "2020-"),
    ("metric: 1.000", "metrics", "1.000"),
    ("metric: 1.000.", "metrics", "1.000."),
    ("metric: 1 tỷ ", "metrics/money", "1 tỷ "),
    ("metric: 1 %-", "metrics/range", "1 %-"),
    ("metric: 1 / ", "metrics/ratio", "1 / "),
    ("metric: thứ ", "metrics/rank", "thứ "),
    ("metric: Văn phòng 1 ", "metrics/blocked", "Văn phòng 1 "),
    ("metric: huge number + unit", "metrics/int limit", _long_number),
    ("doc: Quyết định số ", "legal_doc", "Quyết định số "),
    ("doc: Luật A ", "legal_doc/law name", "Luật A "),
    ("doc: Luật A + words", "legal_doc/law name", lambda n: "Luật A" + " bb" * (n // 3)),
    ("doc: 1/QĐ-", "legal_doc/codes", "1/QĐ-"),
    ("doc: NQ1", "legal_doc/alias", "NQ1"),
    ("protect: số 1 A ", "protect/address", "số 1 A "),
    ("protect: 1 đường A ", "protect/address", "1 đường A "),
    ("protect: Địa chỉ:", "protect/cue", "Địa chỉ:"),
    ("protect: 0123 ", "protect/phone", "0123 "),
    ("protect: a.pdf", "protect/file", "a.pdf"),
    ("protect: a.vn", "protect/domain", "a.vn"),
    ("protect: .vn", "protect/domain", ".vn"),
    # normalisation and Unicode
    ("norm: combining marks", "textnorm", "a" + "\u0301" * 50),
    ("norm: NFD Vietnamese", "textnorm", "Nguye\u0302\u0303n "),
    ("norm: old-style tone", "textnorm", "hoà "),
    ("norm: zero-width", "textnorm/tokenizer", "1\u200b"),
    ("norm: emoji ZWJ", "tokenizer", "👩\u200d💻 "),
    # merge and linking
    ("link: 1 - 1 - (metrics)", "metrics linking", "1 - "),
    ("link: 1 tỷ đồng, no stop", "metrics linking", "1 tỷ đồng "),
    ("link: officials", "officials linking", _names),
    ("link: bracketed aliases", "agency aliases", _aliases),
    ("link: Bộ trưởng ", "officials/chains", "Bộ trưởng "),
    ("link: signature lines", "officials/signature", "Nguyễn Văn An\n"),
    ("link: documents + dates", "documents", "Quyết định số 1/QĐ-UBND ngày 1/1/2020 của Bộ Tài chính "),
    ("merge: capital lines", "sentences/merge", "ỦY BAN\n"),
    ("merge: initials bylines", "merge/bylines", "Ảnh: T.Lâm | Q.Nhi, "),
    ("merge: lines", "sentences", "a\n"),
    ("merge: sentence ends", "sentences", ". A"),
]


def build(unit: str | Callable[[int], str], size: int) -> str:
    if callable(unit):
        return unit(size)[:size]
    return (unit * (size // len(unit) + 1))[:size]


def stages(text: str) -> dict[str, float]:
    """Seconds per stage of ``analyze`` on ``text`` (the steps of Extractor.extract)."""
    from cdsnlp import pipeline
    from cdsnlp.merge import merge
    from cdsnlp.rules import article_year, find_rule_entities
    from cdsnlp.rules.protect import protected_zones
    from cdsnlp.streaming import tag_in_windows
    from cdsnlp.structure import structure
    from cdsnlp.textnorm import normalize
    from cdsnlp.tokenizer import tokenize
    from cdsnlp.types import Entity

    ex = pipeline.default_extractor()
    out: dict[str, float] = {}

    def timed(name, f, *a, **k):
        t0 = time.perf_counter()
        r = f(*a, **k)
        out[name] = time.perf_counter() - t0
        return r

    norm = timed("normalize", normalize, text)
    t = norm.text
    ref = article_year(t)
    zones = timed("protect", protected_zones, t)
    rules = timed("rules", find_rule_entities, t, ref.year if ref else None, zones)
    timed("tokenize", tokenize, t)
    spans = [(c.start, c.end, c.label) for c in rules]
    tagged = timed("tag", tag_in_windows, ex.tagger, t, spans) if ex.tagger else []
    merged = timed("merge", merge, t, rules, tagged, zones)
    vals = timed("values", lambda: list(pipeline.with_values(t, merged, ref.year if ref else None)))
    ents = []
    for s, e, label, value, src in vals:
        a, b = norm.to_original(s, e)  # offsets in the caller's text (normalisation may change its length)
        ents.append(Entity(label, text[a:b], a, b, value, src))
    timed("structure", structure, text, ents)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=200_000, help="characters per input (default 200,000)")
    p.add_argument("--only", default=None, help="only the cases whose name contains this")
    p.add_argument("--stages", action="store_true", help="print the time per stage of analyze")
    p.add_argument("--no-analyze", action="store_true", help="time extract only")
    p.add_argument("--timeout", type=float, default=None,
                   help="run each case in its own process, stopped after this many seconds (shown as >T)")
    p.add_argument("--index", type=int, default=None, help=argparse.SUPPRESS)  # one case, no header (for --timeout)
    args = p.parse_args()
    if args.timeout:
        return _with_timeouts(args)
    import cdsnlp

    cdsnlp.analyze("Ngày 6/6/2023, Bộ trưởng Nguyễn Văn An, Bộ Tài chính, ký Quyết định số 01/QĐ-BTC: 33,3% đạt 1.000 tỷ đồng.")
    cases = [c for c in CASES if args.only is None or args.only in c[0]]
    if args.index is not None:
        cases = [CASES[args.index]]
    else:
        print(f"{'case':34} {'aimed at':22} {'extract s':>9} {'analyze s':>9} {'entities':>8}")
    worst: tuple[float, str] = (0.0, "")
    for name, aim, unit in cases:
        text = build(unit, args.size)
        try:
            t0 = time.perf_counter()
            ents = cdsnlp.extract(text)
            t_ex = time.perf_counter() - t0
            t_an = float("nan")
            if not args.no_analyze:
                t0 = time.perf_counter()
                cdsnlp.analyze(text)
                t_an = time.perf_counter() - t0
        except Exception as exc:  # a crash is a finding: report it and go on
            print(f"{name:34} {aim:22} {'crash':>9} {'':>9} {type(exc).__name__}: {str(exc)[:60]}", flush=True)
            continue
        print(f"{name:34} {aim:22} {t_ex:9.2f} {t_an:9.2f} {len(ents):8d}", flush=True)
        if args.stages:
            print("    " + "  ".join(f"{k} {v:.2f}" for k, v in stages(text).items()), flush=True)
        worst = max(worst, (max(t_ex, 0 if t_an != t_an else t_an), name))
    if args.index is None:
        print(f"slowest: {worst[1]} ({worst[0]:.2f} s at {args.size:,} characters; goal: under 1 s)")
    return 0


def _with_timeouts(args: argparse.Namespace) -> int:
    import subprocess

    print(f"{'case':34} {'aimed at':22} {'extract s':>9} {'analyze s':>9} {'entities':>8}")
    worst: tuple[float, str] = (0.0, "")
    for i, (name, aim, _unit) in enumerate(CASES):
        if args.only is not None and args.only not in name:
            continue
        cmd = [sys.executable, __file__, "--size", str(args.size), "--index", str(i)] + (["--no-analyze"] if args.no_analyze else [])
        try:
            line = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout).stdout.strip()
            t = max([float(x) for x in line[57:77].split() if x not in ("nan", "crash")] or [0.0])
        except subprocess.TimeoutExpired:
            line, t = f"{name:34} {aim:22} {'>' + str(int(args.timeout)):>9} {'':>9}", args.timeout
        print(line, flush=True)
        worst = max(worst, (t, name))
    print(f"slowest: {worst[1]} ({worst[0]:.2f} s at {args.size:,} characters; goal: under 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
