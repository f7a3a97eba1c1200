"""A reader that goes away (``reportgen check x | head``) is not an internal error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reportgen.cli import EXIT_BROKEN_PIPE

ROOT = Path(__file__).resolve().parents[1]


def _run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before reportgen writes a byte
    try:
        return subprocess.run(
            [sys.executable, "-m", "reportgen.cli", *args], stdout=write_end, stderr=subprocess.PIPE,
            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
        )
    finally:
        os.close(write_end)


def test_check_into_a_closed_pipe_exits_quietly():
    done = _run_into_closed_pipe("check", "sample_inputs/zengdu_2023.yaml")
    assert done.returncode == EXIT_BROKEN_PIPE
    assert done.stderr == ""  # neither "内部错误" nor Python's "Exception ignored … BrokenPipeError"


def test_a_long_listing_into_a_closed_pipe_exits_quietly():
    done = _run_into_closed_pipe("regions", "--sentences")
    assert done.returncode == EXIT_BROKEN_PIPE
    assert done.stderr == ""
