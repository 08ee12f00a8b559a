"""Vietnamese number notation: a dot groups thousands, a comma marks decimals."""

from __future__ import annotations

import re

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
# More digits than any real figure has (10^30 đồng is far beyond any budget):
# such a "number" is read as no value rather than converted, since int() of
# more than 4,300 digits raises and float() of a long one is inf.
MAX_DIGITS = 30


def parse_number(s: str) -> float | int | None:
    """Parse "3.678" -> 3678, "33,3" -> 33.3, "1.234,5" -> 1234.5, "01" -> 1.

    A dot followed by exactly three digits groups thousands; otherwise a lone
    dot is read as a decimal point (a common slip in web text: "1.5").
    Returns None when ``s`` is not a number or has more than
    :data:`MAX_DIGITS` digits.
    """
    if len(s) <= MAX_DIGITS and s.isdecimal():  # the common case, a plain run of digits
        return int(s)
    s = s.strip()
    # isdecimal, not isdigit: "²" is a digit that int() refuses
    if not s or not s[0].isdecimal():
        return None
    if len(s) > MAX_DIGITS and sum(c.isdecimal() for c in s) > MAX_DIGITS:
        return None
    if "," in s:
        whole, _, frac = s.partition(",")
        if not frac.isdecimal() or "," in frac:
            return None
        if "." in whole and not _GROUPED.fullmatch(whole):
            return None
        if not whole.replace(".", "").isdecimal():
            return None  # "0/,0"
        return float(whole.replace(".", "") + "." + frac)
    if "." in s:
        if _GROUPED.fullmatch(s):
            return int(s.replace(".", ""))
        if re.fullmatch(r"\d+\.\d+", s):
            return float(s)
        return None
    return int(s) if s.isdecimal() else None

def clean(value: float | int | None) -> float | int | None:
    """Drop float noise and return an int where the value is whole (None stays None)."""
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return round(value, 6)
    return value
