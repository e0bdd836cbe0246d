"""The render cache is bounded in bytes, not entries, and shares what it renders through a tier on
disk (unit tests of server/cache.py; pruning: ogpgraph.publish.shared)."""

from server.cache import ENTRY_OVERHEAD, RenderCache, SharedRenders, code_version, shared_renders


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


# -- the tier on disk shared by the workers of a machine ----------------------------------------

def test_what_one_worker_rendered_another_reads_instead_of_rendering(tmp_path):
    first, second = (RenderCache(shared=SharedRenders(tmp_path)) for _ in range(2))
    assert first.get(("/id/x", "ttl", None), lambda: (b"<x> <y> <z> .", "text/turtle")).body == b"<x> <y> <z> ."
    calls = []
    entry = second.get(("/id/x", "ttl", None), lambda: calls.append(1) or (b"other", "text/plain"))
    assert calls == [] and entry.body == b"<x> <y> <z> ." and entry.content_type == "text/turtle"
    assert entry.etag == first.get(("/id/x", "ttl", None), lambda: None).etag  # the same validator everywhere
    # Another key (another language, format, IRI) is another file.
    assert second.get(("/id/x", "html", "en"), lambda: (b"<p>", "text/html")).body == b"<p>"


def test_absent_resources_and_answers_past_the_budget_are_not_written(tmp_path):
    shared = SharedRenders(tmp_path, max_bytes=100)
    cache = RenderCache(shared=shared)
    assert cache.get("missing", lambda: None) is None
    cache.get("small", lambda: (b"x" * 60, "text/plain"))
    cache.get("over", lambda: (b"y" * 60, "text/plain"))  # 120 bytes in all: past this worker's budget
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].read_bytes() == b"text/plain\n" + b"x" * 60
    assert shared.read("missing") is None and shared.read("over") is None
    assert not [p for p in tmp_path.rglob("*.partial")]


def test_a_directory_that_cannot_be_written_is_a_warning_not_an_error(tmp_path, caplog):
    shared = SharedRenders(tmp_path / "gone")  # never created: every write fails
    cache = RenderCache(shared=shared)
    entry = cache.get("k", lambda: (b"body", "text/plain"))
    assert entry.body == b"body" and "cannot keep a rendering" in caplog.text
    # said once, not once per rendering (a full disk would fill the log)
    assert cache.get("k2", lambda: (b"other", "text/plain")).body == b"other"
    warnings = [r for r in caplog.records if "cannot keep a rendering" in r.getMessage() and r.levelname == "WARNING"]
    assert len(warnings) == 1


def test_renderings_by_other_code_are_other_files(tmp_path):
    """The tier is per data version *and* code version: an upgrade never serves old pages."""
    directory = shared_renders(tmp_path, "0123456789abcdef0123").directory
    assert directory.name == f"render-0123456789abcdef0123-{code_version()}" and directory.is_dir()
    assert len(code_version()) == 12 and code_version() == code_version()


def test_a_new_example_query_is_new_code(tmp_path, monkeypatch):
    """The SPARQL page lists the example queries: a page rendered before a query was added is stale."""
    import server.cache as cache
    from ogpgraph import paths

    monkeypatch.setattr(paths, "QUERIES_DIR", tmp_path)
    (tmp_path / "01-one.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n")
    monkeypatch.setattr(cache, "_CODE_VERSION", None)
    before = code_version()
    (tmp_path / "02-two.rq").write_text("ASK { ?s ?p ?o }\n")
    monkeypatch.setattr(cache, "_CODE_VERSION", None)
    assert code_version() != before


# -- pruning the shared directories of other data versions ------------------------------------------

def test_prune_removes_old_versions_nobody_holds(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from ogpgraph.publish.shared import IN_USE, prune

    old = time.time() - 7200
    for name in ("downloads-old", "render-old-abc", "downloads-held", "downloads-recent", "downloads-current"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "file").write_text("x")
    for name in ("downloads-old", "render-old-abc", "downloads-held", "downloads-current"):
        os.utime(tmp_path / name, (old, old))
    # Another process holds downloads-held (as a running server holds its version's directories).
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time; f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_SH); "
        "print('held', flush=True); time.sleep(60)"), str(tmp_path / "downloads-held" / IN_USE)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        os.utime(tmp_path / "downloads-held", (old, old))
        removed = prune(tmp_path, "current")
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert sorted(p.name for p in removed) == ["downloads-old", "render-old-abc"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["downloads-current", "downloads-held", "downloads-recent"]
