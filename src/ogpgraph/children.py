"""What every worker process the service starts does first: die with its parent, yield the CPU.

* **No orphans.** A query worker or a validation process whose web worker is killed (``kill -9``,
  an out-of-memory kill, gunicorn's timeout) must not keep running with nobody to answer: Linux's
  ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` has the kernel kill it when its parent dies. The parent
  may already be gone by the time the child runs this, so the child checks and exits then.
* **Lower priority.** Queries and validations run at ``nice`` +10: when they saturate the CPUs,
  the web workers (pages, ``/health``) still get scheduled first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
NICENESS = 10


def become_child(parent_pid: int | None = None) -> None:
    """Tie this process's life to its parent (Linux) and lower its CPU priority.

    ``parent_pid``: the process that started this one, when known (spawn): if it is already gone,
    exit now. A forkserver's child has the forkserver as parent, which itself exits with the
    process that started it; then pass nothing."""
    die_with_parent(parent_pid)
    try:
        os.nice(NICENESS)
    except OSError:
        pass


def die_with_parent(parent_pid: int | None = None) -> None:
    """Have the kernel kill this process when its parent dies (Linux), without changing its priority
    (the HTTP front, server/front.py, must keep the web workers' priority)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed (errno %d): this process may outlive its parent",
                        ctypes.get_errno())
    except (OSError, AttributeError):  # not Linux: no such call
        log.warning("no PR_SET_PDEATHSIG here: this process may outlive its parent")
    if parent_pid is not None and os.getppid() != parent_pid:  # it died before the line above took effect
        os._exit(1)
