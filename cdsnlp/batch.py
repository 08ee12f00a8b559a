"""Many texts through one :class:`~cdsnlp.pipeline.Extractor`, in this
process or in worker processes (``Extractor.pipe``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import Extractor
    from .types import Entity

_worker: Extractor | None = None
_worker_ref: date | None = None


def _start_worker(model: Path | None, fills: bool, ref_date: date | None, scores: bool = True) -> None:
    global _worker, _worker_ref
    from .pipeline import Extractor

    _worker = Extractor(model, tagger_fills_rule_labels=fills, scores=scores)
    _worker_ref = ref_date


def _extract_batch(texts: list[str]) -> list[list[Entity]]:
    assert _worker is not None
    return [_worker.extract(t, ref_date=_worker_ref) for t in texts]


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for t in texts:
        batch.append(t)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def pipe(extractor: Extractor, texts: Iterable[str], batch_size: int, n_process: int, ref_date: date | None) -> Iterator[list[Entity]]:
    """The entities of each text, in order. Worker processes (``spawn``: safe
    with threads and on every platform) each load the model once and get the
    texts ``batch_size`` at a time; at most ``2 * n_process`` batches are in
    flight, so a long stream of texts is never held in memory at once."""
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, not {batch_size!r}")
    if not isinstance(n_process, int) or n_process < 1:
        raise ValueError(f"n_process must be a positive int, not {n_process!r}")
    if ref_date is not None and not isinstance(ref_date, date):
        raise TypeError(f"ref_date must be a datetime.date or None, not {type(ref_date).__name__}")
    return _pipe(extractor, texts, batch_size, n_process, ref_date)


def _pipe(extractor: Extractor, texts: Iterable[str], batch_size: int, n_process: int, ref_date: date | None) -> Iterator[list[Entity]]:
    if n_process == 1:
        for batch in _batches(texts, batch_size):
            for t in batch:
                yield extractor.extract(t, ref_date=ref_date)
        return
    import multiprocessing as mp
    from collections import deque

    ctx = mp.get_context("spawn")
    args = (extractor.model_dir, extractor.tagger_fills_rule_labels, ref_date, extractor.scores)
    with ctx.Pool(n_process, initializer=_start_worker, initargs=args) as pool:
        pending: deque = deque()
        for batch in _batches(texts, batch_size):
            for t in batch:  # a wrong type fails here, in the caller's process
                if not isinstance(t, str):
                    raise TypeError(f"text must be str, not {type(t).__name__}")
            pending.append(pool.apply_async(_extract_batch, (batch,)))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
