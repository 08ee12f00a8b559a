"""Bytes to text: BOMs, UTF-16/32, UTF-8, Windows-1258 and the legacy
Vietnamese font encodings TCVN3 (ABC) and VNI, and charset-normalizer for
anything else.

Decoding never guesses silently between Vietnamese candidates: every
candidate is decoded and the one whose words look most like Vietnamese
syllables wins, so a TCVN3 file is not taken for Windows-1252 gibberish.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

from ..resources import load_json, load_lines

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """Bytes that cannot be decoded as text, with the reason."""


@cache
def _tables() -> tuple[dict[int, str], dict[int, str], dict[int, str], dict[int, str]]:
    data = load_json("legacy_encodings.json")
    tcvn3 = {int(k, 16): v for k, v in data["tcvn3"].items()}
    vni = data["vni"]
    letters = {int(k, 16): v for k, v in vni["letters"].items()}
    lower = {int(k, 16): v for k, v in vni["marks_lower"].items()}
    upper = {int(k, 16): v for k, v in vni["marks_upper"].items()}
    return tcvn3, letters, lower, upper


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC) bytes as Unicode (bytes outside the table read as Windows-1252)."""
    table = _tables()[0]
    return "".join(table.get(b) or bytes([b]).decode("cp1252", "replace") for b in data)


_VOWELS = set("aeiouyAEIOUYơưƠƯ")


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes as Unicode, NFC."""
    _, letters, lower, upper = _tables()
    out: list[str] = []
    for b in data:
        mark = (lower.get(b) if out and out[-1][:1].islower() else upper.get(b)) if out and out[-1][:1] in _VOWELS else None
        if mark is not None:
            out[-1] += mark
        elif b in letters:
            out.append(letters[b])
        else:
            out.append(bytes([b]).decode("cp1252", "replace"))
    return unicodedata.normalize("NFC", "".join(out))


@cache
def _common_syllables() -> frozenset[str]:
    return frozenset(load_lines("common_syllables.txt"))


_WORD = re.compile(r"[^\W\d_]+")


def vietnamese_score(text: str) -> float:
    """Share of the words of ``text`` that are frequent Vietnamese syllables
    (a wrong decoding of Vietnamese bytes yields letters, but not these words)."""
    common = _common_syllables()
    words = _WORD.findall(unicodedata.normalize("NFC", text[:20000]).lower())
    if not words:
        return 0.0
    bad = sum(1 for c in text[:20000] if c == "\ufffd" or (unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\t\n\r"))
    return (sum(w in common for w in words) - bad) / len(words)


def _mostly_text(text: str) -> bool:
    """No more than 1% control, private-use or unassigned characters."""
    if not text:
        return False
    sample = text[:20000]
    odd = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs") and c not in "\t\n\r\f")
    return odd <= 0.01 * len(sample)


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: most high bytes (or low bytes) of ASCII text are zero."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name) of ``data``; a BOM is removed.

    Args:
        data: the file's bytes.
        encoding: force an encoding (any Python codec name, or ``tcvn3``/``vni``).
    Raises:
        DecodeError: with the reason, when no encoding gives text.
    """
    if encoding:
        name = encoding.lower().replace("_", "-")
        if name in ("tcvn3", "abc", "tcvn"):
            return decode_tcvn3(data), "tcvn3"
        if name == "vni":
            return decode_vni(data), "vni"
        try:
            text = data.decode(encoding)
        except LookupError:
            raise DecodeError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {encoding}: {exc.reason} at byte {exc.start}") from None
        return text.removeprefix("\ufeff"), encoding
    found = _bom(data)
    if found is None and b"\x00" in data[:4096] and (name := _utf16_without_bom(data[:4096])):
        try:
            guess = data.decode(name)
        except UnicodeDecodeError:
            guess = ""
        if _mostly_text(guess):  # zero bytes in every other place are also what binary data looks like
            return guess, name
    if found is not None:
        name, skip = found
        try:
            return data[skip:].decode(name), name + ("-sig" if skip else "")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {name}: {exc.reason} at byte {exc.start + skip}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise DecodeError("binary data (NUL bytes), not text")
    candidates: list[tuple[str, str]] = [
        (unicodedata.normalize("NFC", data.decode("cp1258", "replace")), "windows-1258"),
        (decode_tcvn3(data), "tcvn3"),
        (decode_vni(data), "vni"),
    ]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("cp1258", "windows_1258"):
        candidates.append((str(best), best.encoding))
    scored = sorted(((vietnamese_score(t), -i, t, n) for i, (t, n) in enumerate(candidates)), reverse=True)
    score, _, text, name = scored[0]
    if score <= 0.05:
        raise DecodeError("cannot tell the encoding (not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text); give --encoding")
    return text, name
