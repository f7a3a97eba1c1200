"""Findings and errors: one ``Issue`` type, one formatter, one exception root.

An issue carries a stable rule id, a severity, a message and the place it points at. It prints as
``file:line: path: 错误：message [rule]``: the place, the severity in Chinese (错误/警告/提示), the
message, and the rule id last, for whoever looks it up. A place is a
file plus a YAML/JSON path (``functions[3].spending.basic``) and, when known, a line; a workbook
source (``表1!C12``) is kept in the same field.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def label(self) -> str:
        """The word a reader sees (the value stays the machine key of ``check --format json``)."""
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTE: "提示"}


@dataclass(frozen=True)
class Source:
    file: str = ""
    path: str = ""  # functions[3].spending.basic  or  表1!C12
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None and where:
            where = f"{where}:{self.line}"
        if self.path:
            where = f"{where}: {self.path}" if where else self.path
        return where


@dataclass(frozen=True)
class Issue:
    rule: str
    severity: Severity
    message: str
    source: Source = field(default_factory=Source)

    def format(self) -> str:
        """``file:line: path: 错误：message [rule]`` — the message first, the rule id after it."""
        where = str(self.source)
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity.label}：{self.message} [{self.rule}]"

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.source.file,
            "path": self.source.path,
            "line": self.source.line,
        }


def format_issues(issues: Iterable[Issue]) -> str:
    return "\n".join(issue.format() for issue in issues)


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(issue.severity is Severity.ERROR for issue in issues)


class ReportgenError(Exception):
    """Root of every error reportgen reports to a user (printed without a traceback)."""

    exit_code = 1

    def __init__(self, message: str, issues: Iterable[Issue] = ()) -> None:
        super().__init__(message)
        self.issues = list(issues)

    def __str__(self) -> str:
        text = self.args[0] if self.args else ""
        if self.issues:
            text = f"{text}\n{format_issues(self.issues)}" if text else format_issues(self.issues)
        return text


class InputError(ReportgenError):
    """The input cannot be read or does not fit the schema."""

    exit_code = 2


class CheckFailed(ReportgenError):
    """The input was read but the checks found errors."""

    exit_code = 1


class SelfCheckFailed(CheckFailed):
    """The finished document states a figure its data does not give (the 表文一致 self-check);
    a forced render writes it as a draft with these findings."""


class TemplateError(ReportgenError):
    """The Word template is missing, unreadable or asks for values the context lacks."""

    exit_code = 1


_OS_REASONS = {
    "EACCES": "没有权限", "EPERM": "没有权限", "ENOENT": "文件或文件夹不存在", "EISDIR": "这是一个文件夹",
    "ENOTDIR": "路径中有一段不是文件夹", "ENOSPC": "磁盘空间不足", "EDQUOT": "磁盘配额已满", "EROFS": "所在位置只读",
    "EIO": "读写出错（磁盘或网络存储故障）", "ENAMETOOLONG": "文件名过长", "ELOOP": "符号链接循环",
    "EMFILE": "打开的文件过多", "ENFILE": "系统打开的文件过多", "EBUSY": "文件正被占用", "ETXTBSY": "文件正被占用",
    "EEXIST": "已存在同名文件", "EXDEV": "不能跨磁盘移动", "ENOEXEC": "不是可执行的程序",
    "EADDRINUSE": "端口已被占用", "EADDRNOTAVAIL": "本机没有这个地址", "ETIMEDOUT": "超时",
    "ECONNREFUSED": "连接被拒绝", "EINVAL": "参数无效", "ENOMEM": "内存不足",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese (the system's own strerror is English on
    most machines): the common errors in words, any other by its code."""
    code = errno.errorcode.get(exc.errno or -1, "")
    if code in _OS_REASONS:
        return _OS_REASONS[code]
    return f"系统错误（{code}）" if code else "系统错误"
