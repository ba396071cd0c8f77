"""Python's cyclic garbage collector held off while an upload is read or imported.

An upload of 10,000 rows builds a few million small objects (cells, row dicts, model instances,
SME results) that all live until the end of the request. Each time the number of live objects
grows by a quarter, CPython's collector walks every one of them to look for reference cycles
that these objects do not form: about a third of the CPU time of a 10,000-row import went there
(bench/import_applicants.py). Reference counting still frees every object as soon as it is no
longer used; only the search for cycles waits until the upload is done, and then runs as usual.

The collector is process-wide: the pause lasts while at least one upload is being processed in
any thread, and the collector is switched back on when the last one ends (unless something
else had switched it off before, in which case it stays off).
"""

import gc
import threading
from contextlib import ContextDecorator

_lock = threading.Lock()
_state = {"depth": 0, "switched_off": False}


class collector_paused(ContextDecorator):  # noqa: N801 - used like a function
    """`with collector_paused():` or `@collector_paused()`; nests, and is safe across threads."""

    def __enter__(self):
        with _lock:
            if _state["depth"] == 0:
                _state["switched_off"] = gc.isenabled()
                gc.disable()
            _state["depth"] += 1
        return self

    def __exit__(self, *exc):
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["switched_off"]:
                _state["switched_off"] = False
                gc.enable()
        return False
