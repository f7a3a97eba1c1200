"""Background tasks of the web app: each in its own temporary folder, owned by one session.

A task (checking an upload, rendering a report, a bureau's batch) runs in a small thread pool so a
page never waits on a render; its page polls ``status``. Task ids are random tokens (never a
user's file name) and a task is only ever found together with the session that started it. A
task's folder is removed when the task expires and every folder when the app shuts down.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Issue, ReportgenError, Severity, Source


@dataclass
class Task:
    id: str
    owner: str
    kind: str  # check | render | batch
    folder: Path
    state: str = "waiting"  # waiting | running | done | failed
    step: str = "排队等候"
    done: int = 0
    total: int = 1
    started: float = field(default_factory=time.monotonic)
    touched: float = field(default_factory=time.monotonic)
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    issues: list[Issue] = field(default_factory=list)
    parent: str = ""

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def progress(self, step: str, done: int | None = None, total: int | None = None) -> None:
        self.step = step
        if total is not None:
            self.total = max(1, total)
        if done is not None:
            self.done = done

    def status(self) -> dict[str, Any]:
        percent = 100 if self.finished else min(99, int(100 * self.done / max(1, self.total)))
        return {"state": self.state, "step": self.step, "done": self.done, "total": self.total, "percent": percent}


class TaskStore:
    """The tasks of one app: started, found (by owner and id), expired, and cleaned up."""

    def __init__(self, root: Path | None = None, workers: int = 2, ttl_seconds: float = 2 * 3600) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="reportgen-web-", dir=root))
        self.ttl = ttl_seconds
        self._tasks: dict[str, Task] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reportgen-web")
        # a bureau's batch (minutes) runs apart, so an officer's check never waits behind one
        self._batches = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportgen-web-batch")
        self._closed = False

    def start(self, owner: str, kind: str, work: Callable[[Task], None], parent: str = "") -> Task:
        self.sweep()
        task_id = secrets.token_urlsafe(18)
        folder = self.root / task_id
        folder.mkdir(mode=0o700)
        task = Task(task_id, owner, kind, folder, parent=parent)
        with self._lock:
            self._tasks[task_id] = task
        (self._batches if kind == "batch" else self._pool).submit(self._run, task, work)
        return task

    def _run(self, task: Task, work: Callable[[Task], None]) -> None:
        task.state = "running"
        task.progress("开始处理")
        try:
            work(task)
        except ReportgenError as exc:
            task.error = exc.args[0] if exc.args and exc.args[0] else ""
            task.issues = exc.issues
            task.state = "failed"
        except Exception as exc:  # a bug: shown as an internal error, never a traceback page
            task.error = "内部错误（请报告此问题）"
            task.issues = [Issue("internal", Severity.ERROR, f"{type(exc).__name__}: {exc}", Source(""))]
            task.state = "failed"
        else:
            task.state = "done"
            task.step = "完成"
        task.touched = time.monotonic()

    def get(self, owner: str, task_id: str) -> Task | None:
        """The task ``task_id`` if ``owner`` started it; else None (the same answer as for a task
        that does not exist, so ids cannot be probed)."""
        with self._lock:
            task = self._tasks.get(task_id)
        if task is None or not secrets.compare_digest(task.owner, owner):
            return None
        task.touched = time.monotonic()
        return task

    def sweep(self, now: float | None = None) -> None:
        """Remove finished tasks (and their folders) unused for longer than the ttl."""
        now = time.monotonic() if now is None else now
        with self._lock:
            old = [t for t in self._tasks.values() if t.finished and now - t.touched > self.ttl]
            for task in old:
                del self._tasks[task.id]
        for task in old:
            shutil.rmtree(task.folder, ignore_errors=True)

    def remove(self, task: Task) -> None:
        with self._lock:
            self._tasks.pop(task.id, None)
        shutil.rmtree(task.folder, ignore_errors=True)

    def close(self) -> None:
        """Stop taking tasks, wait for running ones, remove every folder."""
        if self._closed:
            return
        self._closed = True
        for pool in (self._pool, self._batches):
            pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            self._tasks.clear()
        shutil.rmtree(self.root, ignore_errors=True)
