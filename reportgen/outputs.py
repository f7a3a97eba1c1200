"""Writing outputs without losing anything.

* :func:`atomic_output`: a file is written beside its target under a temporary name and moved
  over it only when complete; an existing target keeps its file mode (a 0600 report stays
  0600); the temporary file is removed after an error and on SIGTERM/SIGHUP
  (:func:`exit_on_signals`), so no ``.part`` file is left behind; a failure to write (disk full,
  no permission, a parent that is a file) is one Chinese message, the previous file untouched.
* :func:`refuse_inputs`: an output that is (or resolves to, through a symlink or a hard link)
  one of the run's inputs — the input, the 绩效目标 file it names, the template — is refused.
* :func:`report_target`: ``-o X.docx`` is written as it is; ``-o X.pdf`` is rendered to a
  temporary .docx and converted by LibreOffice (``soffice``) in a temporary folder with its own
  profile, then moved in; any other suffix is refused before anything is done.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .diagnostics import Issue, ReportgenError, Severity, Source, os_reason

REPORT_SUFFIXES = (".docx", ".pdf")


class OutputError(ReportgenError):
    """The output cannot be written where asked (exit 1: nothing was written)."""

    exit_code = 1


def _error(rule: str, message: str, target: Path | str) -> OutputError:
    return OutputError("", [Issue(rule, Severity.ERROR, message, Source(str(target)))])


# ---------------------------------------------------------------------------------------------
# Never write over an input
# ---------------------------------------------------------------------------------------------


def same_file(a: Path | str, b: Path | str) -> bool:
    """``a`` and ``b`` are one file: the same path once symlinks are resolved, or (both
    existing) the same inode, as for a hard link."""
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def refuse_inputs(output: Path | str, inputs: Iterable[tuple[str, Path | str | None]]) -> None:
    """Raise OutputError if ``output`` is one of ``inputs`` (pairs of a label and a path)."""
    for label, path in inputs:
        if path is not None and str(path) and same_file(output, path):
            raise _error("output.is_input", f"输出文件与{label}是同一个文件（{path}），未写出，以免覆盖{label}；请换一个输出文件名", output)


def refuse_existing(output: Path | str, replace: bool) -> None:
    """Raise OutputError if ``output`` exists and may not be replaced (``--force`` not given)."""
    try:
        exists = Path(output).exists() and not Path(output).is_dir()
    except OSError:  # a name that cannot even be looked at: the write says why
        exists = False
    if exists and not replace:
        raise _error("output.exists", "文件已存在，未覆盖（确需覆盖请加 --force）", output)


def document_inputs(document) -> list[tuple[str, Path]]:
    """The files a loaded input was read from: itself and the 绩效目标 file merged into it."""
    found = [("输入文件", Path(document.file))]
    for origin, _path in getattr(document, "origins", {}).values():
        if not any(same_file(origin.file, p) for _, p in found):
            found.append(("绩效目标文件", Path(origin.file)))
    return found


# ---------------------------------------------------------------------------------------------
# Atomic writes, kept modes, no temporary files left
# ---------------------------------------------------------------------------------------------

_LIVE: set[str] = set()  # temporary files being written by this process


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def os_message(exc: OSError, target: Path) -> str:
    """Why ``target`` could not be written, in Chinese."""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return "磁盘空间不足，未写出（原有文件未改动）"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有写入权限，未写出"
    if exc.errno == errno.EROFS:
        return "所在位置只读，未写出"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径过长，未写出；请换一个较短的文件名"
    try:
        return _where_it_failed(exc, target)
    except OSError:  # the path itself cannot be looked at (too long, a loop): the reason as it is
        return f"无法写入输出文件：{os_reason(exc)}"


def _where_it_failed(exc: OSError, target: Path) -> str:
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and not target.parent.is_dir():
        blocking = next((p for p in [target.parent, *target.parent.parents] if p.exists() and not p.is_dir()), target.parent)
        return f"上级路径 {blocking} 是一个文件而不是文件夹，无法在其下写出"
    if exc.errno == errno.EISDIR or target.is_dir():
        return "这是一个文件夹，不能作为输出文件"
    return f"无法写入输出文件：{os_reason(exc)}"


@contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it over ``target`` only on success.

    The target's file mode is kept when it exists (else the umask's ordinary file mode); the
    temporary file never outlives the block, and any OSError is an OutputError in Chinese."""
    target = Path(target)
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _error("output.write", os_message(exc, target), target) from None
    _LIVE.add(tmp)
    tmp_path = Path(tmp)
    try:
        os.close(fd)
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except OSError:
            mode = 0o666 & ~_umask()  # mkstemp makes 0600; a new report is an ordinary file
        os.chmod(tmp_path, mode)
        yield tmp_path
        os.replace(tmp_path, target)
    except OSError as exc:
        raise _error("output.write", os_message(exc, target), target) from None
    finally:
        _discard(tmp)


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
    _LIVE.discard(tmp)


def remove_temporary_files() -> None:
    """Remove every temporary file this process is still writing (on a signal, at exit)."""
    for tmp in list(_LIVE):
        _discard(tmp)


def _raise_exit(signum: int, _frame) -> None:
    remove_temporary_files()
    raise SystemExit(128 + signum)  # unwinds: every `finally` runs, batch workers are stopped


def _exit_now(signum: int, _frame) -> None:
    remove_temporary_files()
    os._exit(128 + signum)


def exit_on_signals(immediately: bool = False) -> None:
    """SIGTERM and SIGHUP end this process cleanly: temporary files removed, and (unless
    ``immediately``, as in a batch worker) the stack unwound so that ``finally`` blocks run.
    Only from the main thread (Python's rule for signal handlers)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    handler = _exit_now if immediately else _raise_exit
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


def die_with_parent() -> None:
    """Linux: this process gets SIGTERM when its parent dies, even by SIGKILL (a batch worker
    must not outlive its batch). Elsewhere nothing is done."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError, TypeError):
        pass


# ---------------------------------------------------------------------------------------------
# .docx or .pdf
# ---------------------------------------------------------------------------------------------


def check_report_suffix(output: Path | str) -> str:
    """'.docx' or '.pdf' (checked before anything is done), else OutputError."""
    suffix = Path(output).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        shown = f"“{Path(output).suffix}”" if Path(output).suffix else "没有扩展名"
        raise _error("output.suffix", f"输出文件应以 .docx（Word）或 .pdf 结尾，这里{shown}", output)
    if suffix == ".pdf" and soffice() is None:
        raise _error(
            "output.pdf",
            "生成 PDF 需要 LibreOffice（soffice 命令），本机未找到；请安装 LibreOffice，或输出 .docx 后在 Word/WPS 中另存为 PDF",
            output,
        )
    return suffix


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


PDF_SECONDS = 300


@contextmanager
def report_target(output: Path | str) -> Iterator[Path]:
    """Yield the path the .docx is to be saved to; for a .pdf output, convert it on exit.

    Nothing is written at ``output`` unless the whole run (and the conversion) succeeds."""
    output = Path(output)
    if check_report_suffix(output) == ".docx":
        yield output
        return
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as work:
        docx = Path(work) / f"{output.stem[:50] or 'report'}.docx"  # a name any file system takes
        yield docx
        pdf = convert_to_pdf(docx, Path(work))
        with atomic_output(output) as tmp:
            shutil.copyfile(pdf, tmp)


def convert_to_pdf(docx: Path, work: Path) -> Path:
    """``docx`` converted by LibreOffice into ``work`` (its own profile: runs side by side)."""
    program = soffice()
    if program is None:
        raise _error("output.pdf", "生成 PDF 需要 LibreOffice（soffice 命令），本机未找到", docx)
    profile = (work / "profile").as_uri()
    outdir = work / "pdf"
    command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise _error("output.pdf", f"LibreOffice 转换 PDF 超过 {PDF_SECONDS} 秒，已停止；未写出", docx) from None
    except OSError as exc:
        raise _error("output.pdf", f"无法运行 LibreOffice：{os_reason(exc)}", docx) from None
    pdf = outdir / f"{docx.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        detail = (done.stderr or done.stdout or "").strip().splitlines()
        reason = f"：{detail[-1]}" if detail else ""
        raise _error("output.pdf", f"LibreOffice 未能把报告转换为 PDF{reason}；未写出", docx)
    return pdf


__all__ = [
    "OutputError",
    "atomic_output",
    "check_report_suffix",
    "convert_to_pdf",
    "die_with_parent",
    "document_inputs",
    "exit_on_signals",
    "os_message",
    "refuse_inputs",
    "remove_temporary_files",
    "report_target",
    "same_file",
]
