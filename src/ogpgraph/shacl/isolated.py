"""Validating untrusted data in a separate process, with a time limit and a memory cap.

``POST /shacl/validate`` comes here (:func:`validate_isolated`): the body is parsed
(:mod:`ogpgraph.shacl.untrusted`, whose docstring gives the rules), validated against our
shapes and rendered in a child process that is killed at the time limit; only a summary and
the rendered text come back.
"""

from __future__ import annotations

from pathlib import Path

from .inputs import DEFAULT_SHAPES, InputError, one_line
from .render import FORMATS, RENDERERS, render
from .report import SEVERITIES, summary
from .run import validate_graph
from .untrusted import RefusedInput, parse_untrusted, refuse_remote_context

CHILD_MEMORY_BYTES = 4 * 1024 ** 3


class ValidationTimeout(Exception):
    """The validation overran its time limit; its process was killed."""


class ValidationFailed(Exception):
    """The validation process failed for a reason other than the input (memory, crash)."""


def _isolated_main(conn, body: bytes, media_type: str, fmt: str | None, severity: str, shapes: str) -> None:
    """In the child process: parse, validate, render; send one tuple back."""
    from ..children import become_child

    become_child()  # dies with its parent (the forkserver, which dies with the web worker), lower priority
    try:
        import resource
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = CHILD_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(CHILD_MEMORY_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):  # not on this platform
        pass
    from rdflib.plugins.shared.jsonld.context import Context
    Context._fetch_context = refuse_remote_context  # second line: rdflib never fetches a context here
    try:
        report = validate_graph(parse_untrusted(body, media_type), shapes, severity)
        text = render(report, fmt) if fmt else ""
        conn.send(("ok", summary(report), text))
    except InputError as exc:
        conn.send(("input", str(exc), None))
    except MemoryError:
        conn.send(("failed", "the validation needed more memory than allowed", None))
    except Exception as exc:  # noqa: BLE001 (reported to the parent, not raised)
        conn.send(("failed", f"{type(exc).__name__}: {one_line(exc)}", None))
    finally:
        conn.close()


_CONTEXT = None


def _process_context():
    """forkserver (modules preloaded: a child starts in milliseconds), else spawn; never plain fork."""
    global _CONTEXT
    if _CONTEXT is None:
        import multiprocessing as mp

        if "forkserver" in mp.get_all_start_methods():
            _CONTEXT = mp.get_context("forkserver")
            # __name__: this module and all it imports (parsing, validating, rendering)
            _CONTEXT.set_forkserver_preload([__name__, "pyshacl", "rdflib.plugins.parsers.jsonld"])
        else:
            _CONTEXT = mp.get_context("spawn")
    return _CONTEXT


def validate_isolated(body: bytes, media_type: str, fmt: str | None = None, severity: str = "violation",
                      timeout: float = 20.0, shapes: Path | str = DEFAULT_SHAPES) -> tuple[dict, str]:
    """Validate untrusted data in a child process killed after ``timeout`` seconds.

    Returns (:func:`~ogpgraph.shacl.report.summary`, the report rendered in ``fmt`` or "" if
    None). Raises :class:`InputError` (bad or refused input), :class:`ValidationTimeout`,
    :class:`ValidationFailed`.
    """
    import time

    if severity not in SEVERITIES:
        raise InputError(f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if fmt is not None and fmt not in RENDERERS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    ctx = _process_context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_isolated_main, args=(send, body, media_type, fmt, severity, str(shapes)),
                          daemon=True, name="ogpgraph-validate")
    deadline = time.monotonic() + timeout
    process.start()
    send.close()
    try:
        if not receive.poll(max(0.0, deadline - time.monotonic())):
            raise ValidationTimeout(f"the validation exceeded the {timeout:g} s time limit and was stopped")
        try:
            status, payload, text = receive.recv()
        except (EOFError, OSError):
            raise ValidationFailed("the validation process ended without an answer (out of memory?)") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        receive.close()
    if status == "ok":
        return payload, text
    if status == "input":
        raise (RefusedInput if payload.startswith("refused:") else InputError)(payload)
    raise ValidationFailed(payload)
