"""Draw a render's charts in a second process, while the first builds the document.

Importing matplotlib and drawing five 300-dpi charts is about half of a cold ``reportgen render``,
and none of it depends on the Word document. :func:`start` launches a child interpreter at once
(before the input is even read); the child imports matplotlib and loads the chart style and font
while the parent imports its own modules and reads the input. The parent then sends the chart
specs that are not in the chart cache (:meth:`ChartWorker.submit`), builds the document with
same-sized placeholder images, and collects the PNGs at the end (:meth:`ChartWorker.results`).

The worker is an optimisation only. ``start`` returns ``None`` on a single core (two interpreters
would only take turns); a worker that fails to start, dies or cannot draw a chart yields ``None``
for it, and the parent draws that chart itself, so errors surface exactly as without a worker.
The document is byte-identical either way: the placeholders have the final pixel size, one
placeholder per distinct chart, and the PNG bytes come from the same ``charts.render_png``.

Protocol: the parent writes one pickled list of specs to the child's stdin and closes it; the
child answers with one pickled list, PNG bytes or ``None`` per spec, on stdout. Both ends are
this package, so pickle carries the frozen spec dataclasses and their Decimals as they are.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["ChartWorker", "start"]

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class ChartWorker:
    """A child process that draws charts; see the module docstring."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._submitted = 0
        self._sent = False

    def submit(self, specs: Sequence[object]) -> None:
        """Send the specs to draw (once). An empty list lets the child exit at once."""
        self._submitted = len(specs)
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(pickle.dumps(list(specs), protocol=pickle.HIGHEST_PROTOCOL))
            self._process.stdin.close()
            self._sent = True
        except (OSError, pickle.PicklingError):  # the child is gone: the parent draws them all
            self.close()

    def results(self) -> list[bytes | None]:
        """The PNG of every submitted spec, in order; ``None`` where the parent must draw it."""
        count, self._submitted = self._submitted, 0
        if not count:
            return []
        if not self._sent:
            return [None] * count
        try:
            assert self._process.stdout is not None
            # Length-prefixed, so the answer is read as soon as it is written, not when the child
            # has finished tearing down its interpreter (a fifth of a second with matplotlib).
            size = int.from_bytes(_read_exactly(self._process.stdout, 8), "big")
            answer = pickle.loads(_read_exactly(self._process.stdout, size))
        except (OSError, EOFError, pickle.UnpicklingError):
            answer = None
        finally:
            self.close()
        if not isinstance(answer, list) or len(answer) != count:
            return [None] * count
        return [png if isinstance(png, bytes) else None for png in answer]

    def close(self) -> None:
        """Stop the child if it still runs (nothing to draw, or the render failed)."""
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


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the chart worker stopped before it answered")
    return data


def start() -> ChartWorker | None:
    """Launch a chart worker, or return ``None`` where one would not help (a single core,
    ``REPORTGEN_CHART_WORKER=off``, or a failure to start)."""
    if os.environ.get("REPORTGEN_CHART_WORKER", "").strip().lower() in ("off", "0", "no"):
        return None
    if _cores() < 2:
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


def main() -> None:
    """The child: get ready to draw, then draw what the parent sends."""
    from . import charts

    charts.warm_up()
    gc.freeze()  # matplotlib's objects live to the end: keep the collector off them
    try:
        specs = pickle.load(sys.stdin.buffer)
    except (EOFError, pickle.UnpicklingError):
        return  # nothing to draw: every chart was cached, or the parent stopped
    # A chart that cannot be drawn comes back as None: the parent draws it again and reports
    # the error itself.
    answer = [png if isinstance(png, bytes) else None for png in charts.render_pngs(specs)]
    data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.write(len(data).to_bytes(8, "big") + data)
    sys.stdout.buffer.flush()


if __name__ == "__main__":  # pragma: no cover
    main()
