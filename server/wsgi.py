"""Production serving: gunicorn, several worker processes, each with its own store.

``ogpgraph serve`` runs this; ``gunicorn 'server.wsgi:app'`` works too (settings
then come from ``OGPGRAPH_*`` environment variables). Flask's development
server is only used with ``ogpgraph serve --dev``.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from ogpgraph.config import Settings

from . import create_app


class GunicornServer(BaseApplication):
    """Gunicorn configured from Python, loading the app in each worker."""

    def __init__(self, settings: Settings, options: dict[str, Any]):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self.settings)


def serve(settings: Settings, host: str, port: int, workers: int, timeout: int = 60) -> None:
    GunicornServer(settings, {
        "bind": f"{host}:{port}",
        "workers": workers,
        # A worker busy for longer than this is killed and replaced: the last
        # line of defence against a request that never ends.
        "timeout": timeout,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        # Requests larger than this are refused before reaching the app.
        "limit_request_line": 8190,
    }).run()


def __getattr__(name: str):
    # `gunicorn server.wsgi:app` — built on first access, not at import.
    if name == "app":
        return create_app()
    raise AttributeError(name)
