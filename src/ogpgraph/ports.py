"""A free TCP port on a loopback address: for the tests, the benchmarks and the tools that start
a local server (``oxigraph serve``, Virtuoso, Apache, ``ogpgraph serve`` itself).

The port is free when asked; another process could take it before the server binds, which the
callers accept (they start servers one at a time and fail clearly on a busy port).
"""

from __future__ import annotations

import socket


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]
