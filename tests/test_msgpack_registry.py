"""The cache of srsly's msgpack hooks gives what srsly's registries give."""

import catalogue
import srsly
import srsly.msgpack as sm

import cdsnlp.spacy_pipeline  # noqa: F401  (installs the cache)
from cdsnlp.spacy_pipeline.msgpack_registry import _MARK, cache_msgpack_hooks


class Point:
    def __init__(self, x):
        self.x = x


def _encode(obj, chain=None):
    if isinstance(obj, Point):
        return {"__point__": obj.x}
    return obj if chain is None else chain(obj)


def _decode(obj, chain=None):
    if isinstance(obj, dict) and "__point__" in obj:
        return Point(obj["__point__"])
    return obj if chain is None else chain(obj)


def _uncached(registry):
    return getattr(registry.get_all, _MARK)()


def test_installed_once_and_equal_to_the_registry():
    assert hasattr(sm.msgpack_decoders.get_all, _MARK) and hasattr(sm.msgpack_encoders.get_all, _MARK)
    assert cache_msgpack_hooks()
    first = sm.msgpack_decoders.get_all
    cache_msgpack_hooks()  # a second call does not wrap the wrapper
    assert sm.msgpack_decoders.get_all is first
    for reg in (sm.msgpack_encoders, sm.msgpack_decoders):
        assert reg.get_all() == _uncached(reg) and "numpy" in reg.get_all()
        reg.get_all()["junk"] = 1  # a copy each time, as catalogue gives
        assert "junk" not in reg.get_all()


def test_a_hook_registered_later_is_used_and_a_removed_one_is_not():
    sm.msgpack_decoders.get_all()  # the cache is filled
    sm.msgpack_encoders.register("cdsnlp_test_point", func=_encode)
    sm.msgpack_decoders.register("cdsnlp_test_point", func=_decode)
    try:
        assert "cdsnlp_test_point" in sm.msgpack_decoders.get_all()
        back = srsly.msgpack_loads(srsly.msgpack_dumps({"p": Point(3)}))
        assert isinstance(back["p"], Point) and back["p"].x == 3
        # registered again under the same name (the table keeps its size)
        sm.msgpack_decoders.register("cdsnlp_test_point", func=lambda obj, chain=None: obj if chain is None else chain(obj))
        assert sm.msgpack_decoders.get_all()["cdsnlp_test_point"] is not _decode
        assert sm.msgpack_decoders.get_all() == _uncached(sm.msgpack_decoders)
    finally:
        for ns in ("msgpack_encoders", "msgpack_decoders"):
            catalogue.REGISTRY.pop(("srsly", ns, "cdsnlp_test_point"), None)
    assert "cdsnlp_test_point" not in sm.msgpack_decoders.get_all()
    assert sm.msgpack_encoders.get_all() == _uncached(sm.msgpack_encoders)
