"""The render cache is bounded in bytes, not entries (unit test of server/cache.py)."""

from server.cache import ENTRY_OVERHEAD, RenderCache


def test_the_cache_stays_under_its_byte_bound_and_drops_the_least_recently_used():
    cache = RenderCache(max_bytes=10 * (1000 + ENTRY_OVERHEAD))
    for n in range(50):
        cache.get(("big", n), lambda: (b"x" * 1000, "text/plain"))
        assert cache.bytes <= cache.max_bytes
    assert len(cache) == 10
    calls = []
    cache.get(("big", 49), lambda: calls.append(1) or (b"y", "text/plain"))  # still there: not rendered again
    assert calls == []
    cache.get(("big", 0), lambda: calls.append(1) or (b"x" * 1000, "text/plain"))  # evicted long ago
    assert calls == [1]


def test_made_up_iris_remembered_as_missing_count_too():
    cache = RenderCache(max_bytes=100 * ENTRY_OVERHEAD)
    for n in range(10_000):
        assert cache.get(("missing", n), lambda: None) is None
    assert len(cache) == 100 and cache.bytes <= cache.max_bytes


def test_an_entry_larger_than_the_whole_cache_is_served_not_kept():
    cache = RenderCache(max_bytes=2000)
    entry = cache.get("huge", lambda: (b"z" * 5000, "text/plain"))
    assert entry.body == b"z" * 5000 and len(cache) == 0 and cache.bytes == 0
