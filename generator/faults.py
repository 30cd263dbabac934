"""Faults injected at named points of a build, for the fault-injection tests: with
``ARCHIVE_FAULT=<point>`` the build is killed there (SIGKILL, as a machine or a CI runner
would stop it), with ``ARCHIVE_FAULT=<point>:enospc`` a write there fails as on a full disk.
Unset, as in every real build, each point costs one look at the environment."""

from __future__ import annotations

import errno
import os
import signal

POINTS = ("read", "views", "mkdocs", "staged", "between-renames", "published")
"""Where a fault may be injected, in the order a build passes them."""


def point(name: str) -> None:
    fault = os.environ.get("ARCHIVE_FAULT")
    if not fault or fault.split(":")[0] != name:
        return
    if fault.endswith(":enospc"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), f"<{name}>")
    os.kill(os.getpid(), signal.SIGKILL)
