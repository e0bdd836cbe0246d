"""Files made once per data version and machine, shared by every worker that serves it.

The downloads (downloads.py) and the SHACL report of the published data (server/shacl.py) are
slow to make and the same for every worker: the first worker to need them takes a file lock in
a directory named by the data version and writes them; the others wait for the lock, then read
what it wrote. The directory lives under ``Settings.cache_dir``, which must belong to this user
and be writable by no one else: files found there are served as they are.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path


def version_directory(cache_dir: Path, name: str) -> Path:
    """``cache_dir/name``, created if needed, after checking ``cache_dir`` can be trusted."""
    cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The default cache is in the shared temporary directory: never trust files another user
    # could have put there (they would be served, checksums and all).
    info = cache_dir.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise OSError(f"the cache directory {cache_dir} must be a directory of this user, writable by no one else "
                      "(set OGPGRAPH_CACHE_DIR elsewhere)")
    directory = cache_dir / name
    directory.mkdir(exist_ok=True, mode=0o700)
    return directory


@contextlib.contextmanager
def exclusively(directory: Path) -> Iterator[None]:
    """Hold ``directory``'s lock: one process of the machine at a time makes its files."""
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` so that no reader ever sees it half-written."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


IN_USE = ".in-use"  # each process serving a version holds a shared lock on this file in its directories
_held: list = []  # the open lock files of this process (and of the workers it forks)


def hold(directory: Path) -> None:
    """Mark ``directory`` in use for as long as this process (or a fork of it) lives."""
    lock = open(directory / IN_USE, "w")
    fcntl.flock(lock, fcntl.LOCK_SH)
    _held.append(lock)


def prune(cache_dir: Path, keep: str, older_than: float = 3600) -> list[Path]:
    """Remove the directories of ``cache_dir`` of other data versions than ``keep`` that no running
    server holds (``hold``) and nobody wrote to for ``older_than`` seconds; the ones removed."""
    removed = []
    for directory in sorted(cache_dir.iterdir()) if cache_dir.is_dir() else []:
        if not directory.is_dir() or directory.is_symlink() or keep in directory.name:
            continue
        try:
            if time.time() - directory.stat().st_mtime < older_than:
                continue
            with open(directory / IN_USE, "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while a server holds it
                shutil.rmtree(directory)
            removed.append(directory)
        except OSError:
            continue
    return removed
