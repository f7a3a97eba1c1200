"""On Windows (no fcntl) the output folder's lock is msvcrt's byte lock, held and released."""

from __future__ import annotations

import sys
import types

from reportgen import batch


def test_without_fcntl_the_folder_is_locked_with_msvcrt(tmp_path, monkeypatch):
    calls: list[tuple[int, int]] = []
    fake = types.SimpleNamespace(LK_LOCK=1, LK_UNLCK=0, locking=lambda fd, mode, size: calls.append((mode, size)))
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl → ImportError, as on Windows
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    with batch._folder_lock(tmp_path / "输出"):
        assert calls == [(1, 1)]  # held while the record is read and written
    assert calls == [(1, 1), (0, 1)]
    assert (tmp_path / "输出" / batch.LOCK).exists()


def test_a_lock_taken_by_another_batch_is_waited_for(tmp_path, monkeypatch):
    attempts = iter([OSError(36, "busy"), OSError(36, "busy"), None, None])

    def locking(fd, mode, size):
        outcome = next(attempts)
        if outcome is not None:
            raise outcome

    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", types.SimpleNamespace(LK_LOCK=1, LK_UNLCK=0, locking=locking))
    with batch._folder_lock(tmp_path):
        pass
    assert next(attempts, "done") == "done"  # two refusals, the lock, the release
