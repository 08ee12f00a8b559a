"""Every ``Doc``/``Span`` extension cdsnlp sets, declared in one place."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def register_extensions() -> None:
    """Declare the extensions once (safe to call again)."""
    if not Span.has_extension("value"):
        Span.set_extension("value", default=None)
    if not Span.has_extension("score"):  # the entity's confidence (cdsnlp.confidence)
        Span.set_extension("score", default=None)
    for name in ("officials", "agencies", "documents", "metrics"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("date"):
        Doc.set_extension("date", default=None)
