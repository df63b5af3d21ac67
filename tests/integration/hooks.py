"""Test-only: hold a task in the middle, so that a fault test can kill its worker there.

A worker started by a fault test imports this module (``TEST_CELERY_IMPORTS``, read by
the test settings only), which wraps one function named by the environment:

- ``TEST_HOLD``: the function, as ``package.module.attribute``;
- ``TEST_HOLD_AFTER_CALLS``: hold once that many calls have returned (default 1);
- ``TEST_HOLD_MARKER``: a file written when the hold begins, holding the process id.

The held call never returns: it sleeps until the test kills the worker (or that
process). It holds once: a process that finds the marker already written (a pool
process started after the held one died) runs on. Nothing of this
is in the production code, which runs unchanged around the wrapped function.
"""

from __future__ import annotations

import functools
import importlib
import os
import time
from pathlib import Path


def _install() -> None:
    target = os.environ.get("TEST_HOLD")
    if not target:
        return
    module_name, _, attribute = target.rpartition(".")
    module = importlib.import_module(module_name)
    original = getattr(module, attribute)  # fails loudly if the name has changed
    after = int(os.environ.get("TEST_HOLD_AFTER_CALLS", "1"))
    marker = Path(os.environ["TEST_HOLD_MARKER"])
    calls = [0]

    @functools.wraps(original)
    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        calls[0] += 1
        if calls[0] >= after and not marker.exists():
            partial = marker.with_name(marker.name + ".partial")
            partial.write_text(str(os.getpid()))
            partial.replace(marker)  # whole or absent, never half written
            while True:
                time.sleep(60)
        return result

    setattr(module, attribute, held)


_install()
