"""Uploaded files: what they are (by their bytes, never by their names) and bounded zip reading.

An upload's name is only ever shown to its user: the type comes from the content (a workbook is
a zip holding ``xl/workbook.xml``, a plain zip is a bundle of inputs, text is YAML or JSON), and
the bytes are handed to the loader as bytes under a name chosen here. A zip of inputs is read in
memory, member by member, within limits on the number of members and on every member's real
(uncompressed) size, so a zip bomb stops at the limit instead of filling the disk. A workbook's own
members and a YAML file's aliases are bounded by the loader (``loader``, ``excel.reader``).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ..loader import MAX_INPUT_BYTES as LOADER_MAX_INPUT_BYTES

# limits (the app's config may lower them)
MAX_UPLOAD_BYTES = 64 * 1024 * 1024  # one request (every file of it)
MAX_INPUT_BYTES = LOADER_MAX_INPUT_BYTES  # one input (a workbook, YAML or JSON): the loader's own bound
MAX_FILES = 200  # inputs in one batch (files and zip members together)
MAX_ZIP_MEMBERS = 500  # entries in one uploaded zip (folders included)
MAX_ZIP_TOTAL = 256 * 1024 * 1024  # uncompressed bytes read from one zip

XLSX, XLS, YAML, JSON, ZIP = "xlsx", "xls", "yaml", "json", "zip"
SUFFIX = {XLSX: ".xlsx", XLS: ".xls", YAML: ".yaml", JSON: ".json"}
TABLE_TEXT_SUFFIXES = (".xls", ".csv")


class UploadRejected(Exception):
    """An upload that is not taken; the message is for its user (Chinese)."""


@dataclass(frozen=True)
class Upload:
    """One input: its bytes, its type (by content) and the name its user gave it (shown only)."""

    data: bytes
    kind: str  # xlsx | xls | yaml | json
    shown_name: str

    @property
    def loader_name(self) -> str:
        """The name the loader reads it under: the user's name (for messages) with the suffix of
        its real type, so a YAML file called 报表.xlsx is read as YAML."""
        name = safe_name(self.shown_name, "输入")
        stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name) or "输入"
        if self.kind in (YAML, JSON) and name.lower().endswith(TABLE_TEXT_SUFFIXES):
            # text called .xls or .csv: a system's web-page or CSV "table", not YAML; the loader
            # explains what it is and how to save it as a workbook
            return stem + name[len(stem):].lower()
        return stem + SUFFIX[self.kind]


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_name(name: str, fallback: str = "文件", limit: int = 80) -> str:
    """A file name for a download (or a message): no folders, no characters a file system or a
    header refuses, not hidden, at most ``limit`` characters."""
    name = _UNSAFE.sub("_", str(name or "")).strip(" ._")
    return name[:limit].strip(" ._") or fallback


def sniff(data: bytes) -> str:
    """``xlsx``, ``xls``, ``zip``, ``yaml`` or ``json`` by content; ``UploadRejected`` otherwise.
    An Office 97-2003 file is taken as ``xls``: the loader reads it, or names what it is."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist()[: MAX_ZIP_MEMBERS + 1])
        except (zipfile.BadZipFile, ValueError, OSError):
            raise UploadRejected("压缩文件已损坏，无法打开") from None
        if "xl/workbook.xml" in names or ("[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)):
            return XLSX
        if "word/document.xml" in names:
            raise UploadRejected("这是 Word 文档，不是输入数据；请上传 Excel 工作簿（.xlsx）或 YAML/JSON 文件")
        return ZIP
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return XLS
    if data.startswith(b"%PDF"):
        raise UploadRejected("这是 PDF 文件，不是输入数据；请上传 Excel 工作簿（.xlsx）或 YAML/JSON 文件")
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadRejected("不支持的文件类型：请上传 Excel 工作簿（.xlsx）、YAML 或 JSON 文件")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return JSON if text[:1] in (b"{", b"[") else YAML


def read_input(data: bytes, shown_name: str, limit: int = MAX_INPUT_BYTES) -> Upload:
    """One input for the officer's page: a workbook, YAML or JSON (not a zip)."""
    if not data:
        raise UploadRejected("上传的文件是空的")
    if len(data) > limit:
        raise UploadRejected(f"文件过大（{len(data) // 1024 // 1024} MB，上限 {limit // 1024 // 1024} MB）")
    kind = sniff(data)
    if kind == ZIP:
        raise UploadRejected("这是压缩包；单个部门请上传工作簿或 YAML 文件，多个部门请到“财政局批量”页面上传")
    return Upload(data, kind, shown_name)


def read_bundle(files: list[tuple[str, bytes]], *, max_files: int = MAX_FILES, limit: int = MAX_INPUT_BYTES) -> list[Upload]:
    """The inputs of a batch: several files and/or zips of files (one level; folders inside a zip
    are walked, hidden and Office lock files skipped). Raises ``UploadRejected``."""
    inputs: list[Upload] = []

    def add(upload: Upload) -> None:
        inputs.append(upload)
        if len(inputs) > max_files:
            raise UploadRejected(f"文件过多：一次最多 {max_files} 份输入")

    for shown, data in files:
        if not data:
            continue
        if len(data) > MAX_UPLOAD_BYTES:
            raise UploadRejected(f"{safe_name(shown)}：文件过大")
        kind = sniff(data)
        if kind != ZIP:
            if len(data) > limit:
                raise UploadRejected(f"{safe_name(shown)}：文件过大（上限 {limit // 1024 // 1024} MB）")
            add(Upload(data, kind, shown))
            continue
        for member_name, member in _zip_members(data, shown, limit):
            member_kind = sniff(member)
            if member_kind == ZIP:
                continue  # a zip inside a zip is not opened
            add(Upload(member, member_kind, member_name))
    if not inputs:
        raise UploadRejected("没有收到输入文件：请选择工作簿（.xlsx）、YAML/JSON 文件或它们的 .zip 压缩包")
    return inputs


def _zip_members(data: bytes, shown: str, limit: int):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UploadRejected(f"{safe_name(shown)}：压缩文件已损坏") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise UploadRejected(f"{safe_name(shown)}：压缩包内文件过多（上限 {MAX_ZIP_MEMBERS} 个）")
        total = 0
        for info in infos:
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if info.is_dir() or not base or base.startswith((".", "~$")) or info.filename.startswith("__MACOSX/"):
                continue
            if not base.lower().endswith((".xlsx", ".xlsm", ".xls", ".yaml", ".yml", ".json")):
                continue
            if info.file_size > limit:
                raise UploadRejected(f"{safe_name(shown)}：{safe_name(base)} 解压后过大（上限 {limit // 1024 // 1024} MB）")
            try:
                with archive.open(info) as stream:
                    member = stream.read(limit + 1)  # the header's size may lie: read at most the limit
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
                raise UploadRejected(f"{safe_name(shown)}：{safe_name(base)} 无法解压（已损坏或已加密）") from None
            if len(member) > limit:
                raise UploadRejected(f"{safe_name(shown)}：{safe_name(base)} 解压后过大（上限 {limit // 1024 // 1024} MB）")
            total += len(member)
            if total > MAX_ZIP_TOTAL:
                raise UploadRejected(f"{safe_name(shown)}：压缩包解压后总量过大")
            yield base, member
