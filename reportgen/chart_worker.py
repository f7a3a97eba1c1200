"""Draw a render's charts in a second process, while the first builds the document.

Importing matplotlib and drawing 300-dpi charts is about half of a cold ``reportgen render``, and
none of it depends on the Word document. :func:`start` launches a child interpreter at once
(before the input is even read); the child imports matplotlib and loads the chart style and font
while the parent imports its own modules and reads the input. For each render the parent sends
the chart specs that are not in the chart cache (:meth:`ChartWorker.submit`), builds the
document with same-sized placeholder images, and collects the PNGs at the end
(:meth:`ChartWorker.results`). ``reportgen render`` uses a worker for its one render; a
long-lived process (a service, an editor re-rendering after each correction) keeps one and
passes it to every ``pipeline.render`` call, so a correction's new charts are drawn on the
second core while the first rebuilds the document.

The worker is an optimisation only. ``start`` returns ``None`` on a single core (two interpreters
would only take turns); a worker that fails to start, dies or cannot draw a chart yields ``None``
for it, and the parent draws that chart itself, so errors surface exactly as without a worker.
The document is byte-identical either way: the placeholders have the final pixel size, one
placeholder per distinct chart, and the PNG bytes come from the same ``charts.render_pngs``.

Protocol: frames of an 8-byte big-endian length and a pickle. The parent sends a numbered list
of specs; the child answers with the number and a list of the same length, PNG bytes or ``None``
per spec. An answer nobody collected (its render failed) is skipped by its number when the next
one is read. The child stops when its input ends. Both ends are this package, so pickle carries the frozen spec
dataclasses and their Decimals as they are.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["ChartWorker", "available_cores", "running", "start"]

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_LENGTH = 8


def available_cores() -> int:
    """The cores this process may run on (its affinity on Linux, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _write_frame(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_LENGTH, "big") + data)
    stream.flush()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the other end stopped")
    return data


def _read_frame(stream: IO[bytes]) -> object:
    size = int.from_bytes(_read_exactly(stream, _LENGTH), "big")
    return pickle.loads(_read_exactly(stream, size))


class ChartWorker:
    """A child process that draws charts; see the module docstring. Use it as a context
    manager (or call :meth:`close`) so the child ends with its owner."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._submitted = 0
        self._request = 0
        self._alive = True

    def submit(self, specs: Sequence[object]) -> None:
        """Send the specs of one render, to collect with :meth:`results`. A new submit forgets
        an earlier one that was never collected."""
        self._submitted = len(specs)
        if not specs or not self._alive:
            return
        self._request += 1
        try:
            assert self._process.stdin is not None
            _write_frame(self._process.stdin, (self._request, list(specs)))
        except (OSError, ValueError, pickle.PicklingError):  # the child is gone
            self.close()

    def results(self) -> list[bytes | None]:
        """The PNG of every submitted spec, in order; ``None`` where the parent must draw it."""
        count, self._submitted = self._submitted, 0
        if not count:
            return []
        if not self._alive:
            return [None] * count
        try:
            assert self._process.stdout is not None
            while True:
                number, answer = _read_frame(self._process.stdout)  # type: ignore[misc]
                if number == self._request:
                    break  # earlier numbers: answers to renders that failed before collecting
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            self.close()
            return [None] * count
        if not isinstance(answer, list) or len(answer) != count:
            self.close()  # out of step: do not trust its next answers either
            return [None] * count
        return [png if isinstance(png, bytes) else None for png in answer]

    def close(self) -> None:
        """End the child (it stops at the end of its input; a busy one is killed)."""
        self._alive = False
        process = self._process
        for stream in (process.stdin, process.stdout):
            if stream is not None and not stream.closed:
                try:
                    stream.close()
                except OSError:
                    pass
        if process.poll() is None:
            process.kill()
        process.wait()

    def __enter__(self) -> ChartWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start() -> ChartWorker | None:
    """Launch a chart worker, or return ``None`` where one would not help (a single core,
    ``REPORTGEN_CHART_WORKER=off``, or a failure to start)."""
    if os.environ.get("REPORTGEN_CHART_WORKER", "").strip().lower() in ("off", "0", "no"):
        return None
    if available_cores() < 2:
        return None
    code = f"import sys; sys.path.insert(0, {_PACKAGE_ROOT!r}); from reportgen.chart_worker import main; main()"
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    return ChartWorker(process)


@contextmanager
def running() -> Iterator[ChartWorker | None]:
    """A chart worker for the duration of a ``with`` block; ``None`` where :func:`start` gives
    none (``pipeline.render`` then draws the charts itself)."""
    worker = start()
    try:
        yield worker
    finally:
        if worker is not None:
            worker.close()


def main() -> None:
    """The child: get ready to draw, then draw each list of specs the parent sends."""
    from . import charts

    charts.warm_up()
    gc.freeze()  # matplotlib's objects live to the end: keep the collector off them
    while True:
        try:
            number, specs = _read_frame(sys.stdin.buffer)  # type: ignore[misc]
        except (EOFError, OSError, ValueError, TypeError, pickle.UnpicklingError):
            return  # the parent is done (or gone)
        # A chart that cannot be drawn comes back as None: the parent draws it again and
        # reports the error itself.
        answer = [png if isinstance(png, bytes) else None for png in charts.render_pngs(specs)]
        try:
            _write_frame(sys.stdout.buffer, (number, answer))
        except OSError:
            return


if __name__ == "__main__":  # pragma: no cover
    main()
