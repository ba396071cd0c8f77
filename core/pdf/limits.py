"""The limits: every document is laid out in a child process forked from the one that asks.

The child inherits the fonts and stylesheet built by renderer.py, so nothing is loaded again. It
is allowed to write at most ``PDF_MEMORY_LIMIT_MB`` megabytes of memory of its own (the parent
reads the child's Private_Dirty every 20 ms; memory the parent freed but kept mapped counts too,
so the limit does not depend on the parent's history), with the same number of megabytes of
address space more than its parent had as a hard ceiling (``RLIMIT_AS``), and at most
``PDF_TIME_LIMIT_SECONDS`` seconds per document laid out (and for writing the file), after
which the parent kills it. A document that needs more is
stopped and ``PdfLimitExceeded`` says which limit it hit; the parent's memory is untouched by
whatever the layout allocated. A limit of 0 turns it off; both 0: laid out in the process
itself (``_run_limited``).
"""

import contextlib
import ctypes
import logging
import os
import pickle
import select
import signal
import struct
import sys
import time

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..exceptions import ApplicationError


class PdfLimitExceeded(ApplicationError):
    """Laying out a document took longer or needed more memory than allowed: it was stopped."""

    default_message = gettext_lazy("The document could not be laid out.")
    code = "pdf_limit"


def _too_slow(seconds) -> PdfLimitExceeded:
    return PdfLimitExceeded(
        ngettext(
            "The document took longer than %(seconds)s second to lay out and was stopped "
            "(PDF_TIME_LIMIT_SECONDS).",
            "The document took longer than %(seconds)s seconds to lay out and was stopped "
            "(PDF_TIME_LIMIT_SECONDS).",
            int(seconds) if float(seconds).is_integer() else 2,
        )
        % {"seconds": f"{seconds:g}"},
        code="pdf_time_limit",
    )


def _too_large(megabytes) -> PdfLimitExceeded:
    return PdfLimitExceeded(
        _(
            "The document needed more than %(megabytes)s MB of memory to lay out and was "
            "stopped (PDF_MEMORY_LIMIT_MB)."
        )
        % {"megabytes": f"{megabytes:g}"},
        code="pdf_memory_limit",
    )


def _too_deep() -> PdfLimitExceeded:
    return PdfLimitExceeded(
        _("The document is nested too deeply to lay out and was stopped."),
        code="pdf_too_deep",
    )


_FRAME = struct.Struct("!Q")
_PR_SET_PDEATHSIG = 1


def pdf_limits() -> tuple[float, float]:
    """(seconds per document, megabytes more than the parent) allowed; 0 is no limit."""
    return (
        float(getattr(settings, "PDF_TIME_LIMIT_SECONDS", 0) or 0),
        float(getattr(settings, "PDF_MEMORY_LIMIT_MB", 0) or 0),
    )


def _address_space() -> int:
    """Bytes of address space this process has mapped now (Linux: /proc/self/statm)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _peak_address_space() -> int:
    """The most bytes of address space this process has had mapped (Linux: VmPeak)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    return 0


# How close to its address-space limit a child must have come for an error of the layout to
# count as the memory limit: a C library that cannot allocate reports it in its own way
# (SystemError, OSError, a cairo or Pango error), not always as MemoryError.
_NEAR_LIMIT = 4 * 1024 * 1024


class _LogRecords(logging.Handler):
    """In the child: WeasyPrint's warnings (a refused resource, ...), handed to the parent."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def _send(fd: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_FRAME.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _child(fd: int, work, seconds: float, megabytes: float) -> None:
    """In the forked child: limits, the layout, the answer; never returns."""
    status = 0
    # Out of memory, finalisers fail too: not worth a line each on the parent's stderr.
    sys.unraisablehook = lambda _unraisable: None
    try:
        with contextlib.suppress(Exception):  # the child dies with its parent (Linux)
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        limit = 0
        if megabytes:
            import resource

            # Give the heap's free memory back first: the limit counts address space, and
            # memory the parent freed but kept mapped would otherwise be the child's for free.
            with contextlib.suppress(Exception):
                ctypes.CDLL(None).malloc_trim(0)
            limit = _address_space() + int(megabytes * 1024 * 1024)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        records = _LogRecords()
        logging.getLogger("weasyprint").addHandler(records)
        try:
            result = work(lambda done, total: _send(fd, ("progress", done, total)))
        except MemoryError:
            _send(fd, ("memory", records.records))
        except RecursionError:
            _send(fd, ("deep", records.records))
        except Exception:
            if limit and _peak_address_space() >= limit - _NEAR_LIMIT:
                _send(fd, ("memory", records.records))
            else:
                raise
        else:
            _send(fd, ("done", result, records.records))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        with contextlib.suppress(BaseException):
            _send(fd, ("error", f"{type(exc).__name__}: {exc}", []))
        status = 1
    finally:
        # No clean-up of the parent's state (database connections, files): they are its.
        os._exit(status)


# How often the parent looks at the memory its child has written.
_WATCH_SECONDS = 0.02


class _MemoryExceeded(Exception):
    pass


def _private_megabytes(pid: int) -> float:
    """Megabytes the process ``pid`` has written itself (Linux: Private_Dirty): after a fork,
    the pages it copied from its parent or allocated, whatever the parent had mapped."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Private_Dirty:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _receive(fd: int, buffer: bytearray, deadline: float | None, watch=None):
    """The next message from the child; None when it closed the pipe; TimeoutError past the
    deadline. ``watch()`` is called every few hundredths of a second while waiting."""
    while True:
        if len(buffer) >= _FRAME.size:
            (size,) = _FRAME.unpack_from(buffer)
            if len(buffer) >= _FRAME.size + size:
                message = pickle.loads(bytes(buffer[_FRAME.size : _FRAME.size + size]))  # noqa: S301 - our own child
                del buffer[: _FRAME.size + size]
                return message
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        if watch is not None:
            timeout = _WATCH_SECONDS if timeout is None else min(timeout, _WATCH_SECONDS)
        ready, _w, _x = select.select([fd], [], [], timeout)
        if not ready:
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError
            if watch is not None:
                watch()
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None
        buffer += chunk


def _run_limited(work, lock, on_progress=None):
    """``work(step)`` in a forked child within the time and memory limits (see the module);
    ``step(done, total)`` in the child calls ``on_progress`` here. PdfLimitExceeded past a
    limit; an error of the layout is raised here as RuntimeError with its text."""
    seconds, megabytes = pdf_limits()
    if not seconds and not megabytes:
        with lock:
            return work(on_progress or (lambda done, total: None))
    read, write = os.pipe()
    # Forked while no other thread of this process is inside WeasyPrint or fontconfig (their
    # locks are copied as they are); the child never takes the lock.
    with lock:
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child ends in os._exit
        os.close(read)
        _child(write, work, seconds, megabytes)
    os.close(write)
    buffer = bytearray()
    message = None

    def watch():
        if _private_megabytes(pid) > megabytes:
            raise _MemoryExceeded

    try:
        while True:
            deadline = time.monotonic() + seconds if seconds else None
            message = _receive(read, buffer, deadline, watch if megabytes else None)
            if message is None or message[0] != "progress":
                break
            if on_progress:
                on_progress(message[1], message[2])
    except TimeoutError:
        raise _too_slow(seconds) from None
    except _MemoryExceeded:
        raise _too_large(megabytes) from None
    finally:
        os.close(read)
        _end(pid)
    if message is None:  # the child died without a word (a library aborted, out of memory)
        if megabytes:
            raise _too_large(megabytes)
        raise RuntimeError("the process laying out the document stopped")
    for name, level, text in message[-1]:
        logging.getLogger(name).log(level, "%s", text)
    if message[0] == "done":
        return message[1]
    if message[0] == "memory":
        raise _too_large(megabytes)
    if message[0] == "deep":
        raise _too_deep()
    raise RuntimeError(message[1])


def _end(pid: int) -> None:
    """Stop the child if it still runs (past the time limit, or the parent failed) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
