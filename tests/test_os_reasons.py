"""Operating-system errors reach the user in Chinese, never as the system's English strerror."""

from __future__ import annotations

import errno
import os

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.diagnostics import os_reason


@pytest.mark.parametrize("code", sorted(errno.errorcode))
def test_every_os_error_reads_in_chinese(code):
    reason = os_reason(OSError(code, os.strerror(code)))
    assert not reason.isascii()  # Chinese words, at most with the code's name
    assert os.strerror(code) not in reason


def test_common_errors_are_named_in_words():
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_reason(OSError(errno.EIO, "Input/output error")) == "读写出错（磁盘或网络存储故障）"
    assert os_reason(OSError(errno.ECHILD, "No child processes")) == "系统错误（ECHILD）"


def test_an_unreadable_input_is_named_in_chinese(tmp_path, monkeypatch):
    source = tmp_path / "输入.yaml"
    source.write_text("unit: {}\n", encoding="utf-8")

    def refused(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(type(source), "open", refused)  # as for a file without read permission
    result = CliRunner().invoke(main, ["check", str(source)])
    assert result.exit_code == 2
    assert "无法读取文件：没有权限" in result.output and "Permission" not in result.output
