"""srsly's msgpack hooks, looked up once instead of on every call.

``nlp.pipe(texts, n_process=2)`` sends every Doc between processes as
``Doc.to_bytes()``: four to six ``srsly.msgpack_dumps``/``msgpack_loads``
calls per Doc on each side. Each call asks its catalogue registry for all
encoders or decoders (``Registry.get_all``), which filters every installed
entry point and every registered function of every package (spaCy's
included): about 1.3 ms a call, 8 ms a Doc, more than cdsnlp spends on an
average article. The parent process, which unpacks every Doc, became the
bottleneck and two processes ran 1.06x as fast as one.

:func:`cache_msgpack_hooks` wraps ``get_all`` of srsly's two msgpack
registries with a cache that gives exactly what ``get_all`` would: it is
rebuilt when catalogue's table of registered functions changes in size,
when a cached hook is no longer the registered one (replaced or removed),
and when catalogue's snapshot of entry points (read once when catalogue is
imported) is replaced.
Applied when this package is imported, so a worker process started by
spawn applies it too when it unpickles the pipeline.
"""

from __future__ import annotations

from typing import Any

_MARK = "_cdsnlp_cached_get_all"


def _cached(registry: Any, catalogue: Any) -> Any:
    original = registry.get_all
    ns = tuple(registry.namespace)
    state: dict[str, Any] = {"key": None, "value": {}, "registered": ()}

    def get_all() -> dict[str, Any]:
        table = catalogue.REGISTRY
        key = (len(table), id(catalogue.AVAILABLE_ENTRY_POINTS))
        value = state["value"]
        if key != state["key"] or any(table.get((*ns, name)) is not value[name] for name in state["registered"]):
            value = original()
            state.update(key=key, value=value, registered=tuple(n for n in value if (*ns, n) in table))
        return dict(value)  # a copy, as get_all gives

    setattr(get_all, _MARK, original)
    return get_all


def cache_msgpack_hooks() -> bool:
    """Install the cache on srsly's msgpack registries; False when srsly or
    catalogue do not look as expected (then nothing is changed)."""
    try:
        import catalogue
        import srsly.msgpack as sm
    except ImportError:
        return False
    registries = [getattr(sm, "msgpack_encoders", None), getattr(sm, "msgpack_decoders", None)]
    if not hasattr(catalogue, "REGISTRY") or not hasattr(catalogue, "AVAILABLE_ENTRY_POINTS"):
        return False
    if not all(hasattr(r, "get_all") and hasattr(r, "namespace") for r in registries):
        return False
    for r in registries:
        if not hasattr(r.get_all, _MARK):
            r.get_all = _cached(r, catalogue)
    return True
