"""Query worker processes without network access: the SSRF defence that holds even if a check is wrong.

pyoxigraph answers ``SERVICE <url>`` by fetching the URL, and nothing in its Python API turns
that off. The policy scan (store/policy.py) refuses SERVICE before a query runs; this module
makes sure a query that slipped past it still cannot connect anywhere: the query worker moves
itself into a new, empty network namespace (Linux ``unshare(CLONE_NEWNET)``) before it loads
the store. There, every address — public, private, 127.0.0.1 — is unreachable, and so is DNS.
The worker talks to its web process over a pipe it inherited, which keeps working.

Creating a network namespace needs CAP_SYS_ADMIN (root, or a container allowed to), or
unprivileged user namespaces (``CLONE_NEWUSER``, allowed by most kernels; some distributions
restrict them). When neither works the worker runs *without* this protection and says so in
the log; ``--query-sandbox required`` (Settings.query_sandbox) makes the service refuse to
answer queries there instead (503, docs/sparql.md).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import socket

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def isolate_network() -> str | None:
    """Move this (single-threaded) process into a new network namespace with no way out.

    Returns None when done and checked, else why it could not be done.
    """
    if not hasattr(os, "fork") or os.uname().sysname != "Linux":
        return "network namespaces need Linux"
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    reasons = []
    for flags, what in ((CLONE_NEWNET, "unshare(CLONE_NEWNET)"),
                        (CLONE_NEWUSER | CLONE_NEWNET, "unshare(CLONE_NEWUSER|CLONE_NEWNET)")):
        if libc.unshare(flags) == 0:
            problem = _check_isolated()
            return problem  # None: isolated
        code = ctypes.get_errno()
        reasons.append(f"{what}: {errno.errorcode.get(code, code)} ({os.strerror(code)})")
    return "; ".join(reasons)


def _check_isolated() -> str | None:
    """Prove the namespace works: no interface but a loopback that is down, so even 127.0.0.1 fails."""
    try:
        interfaces = [name for _, name in socket.if_nameindex()]
    except OSError as exc:
        return f"cannot list network interfaces: {exc}"
    if interfaces != ["lo"]:
        return f"the new network namespace has interfaces {interfaces}"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect(("127.0.0.1", 9))
        except OSError as exc:
            if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
                return None
            return f"127.0.0.1 is still reachable ({exc})"
    return "127.0.0.1 is still reachable"
