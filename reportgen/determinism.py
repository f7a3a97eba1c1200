"""Byte-identical output: the same input always gives the same .docx.

A .docx is a zip. Left alone, every save stamps the zip members with the wall clock and the core
properties with whatever the template carried, so two renders of unchanged data differ and an
archive cannot tell a real change from a re-run. Here the document's time is the report's own
date (落款日期, else the last day of the fiscal year): core properties are set to it, and
:func:`docx_bytes` writes the zip in one pass with that date on every member, fixed attributes
and compression (images and embedded workbooks stored: their data is compressed already; the
rest deflated), and the members in python-docx's order (which depends only on the document's
parts). :func:`normalize_zip` gives an existing zip the same treatment. Chart PNGs and the native
charts' embedded workbooks are already deterministic (``reportgen.charts.render_png``,
``reportgen.native_charts.workbook_bytes``).
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
import zlib

# The zip format cannot store a date before 1980.
_ZIP_EPOCH = dt.datetime(1980, 1, 1)
_AUTHOR = "reportgen"


def document_time(year: int | None = None, report_date: dt.date | None = None) -> dt.datetime:
    """The time a report is stamped with: its 落款日期, else 31 December of its year."""
    if report_date is not None:
        stamp = dt.datetime(report_date.year, report_date.month, report_date.day)
    elif year is not None:
        stamp = dt.datetime(year, 12, 31)
    else:
        stamp = _ZIP_EPOCH
    return max(stamp, _ZIP_EPOCH)


def stamp_core_properties(document, when: dt.datetime) -> None:
    """Set the python-docx ``Document``'s core properties that would otherwise vary or mislead."""
    props = document.core_properties
    props.created = when
    props.modified = when
    props.last_printed = when
    props.last_modified_by = _AUTHOR
    props.revision = 1


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every member dated ``when``, with fixed attributes (images stored,
    the rest deflated), in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            _write_member(dst, info.filename, src.read(info.filename), when)
    return out.getvalue()


_STORED = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".xlsx")


_LEVEL = 6
# the document part: the one member written anew by every render and correction, and the
# largest (tables and annexes make it most of a megabyte). Level 1 deflates it in under half the
# time of level 6, for a file some 15 KB larger; it is not remembered (it never recurs).
_FAST_LEVEL = 1
# member bytes → (CRC, deflated bytes): the parts a template brings (its styles, theme, fonts)
# and the unchanged charts are the same in every report of a batch or correction, and deflating
# them was a tenth of a render. Bounded by the bytes it keeps, the least recently used going first.
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}
_DEFLATED_KEEP_BYTES = 8 * 1024 * 1024
_DEFLATED_SMALLEST = 8 * 1024
_deflated_bytes = 0
_DEFLATED_LOCK = threading.Lock()


def _deflate(data: bytes, level: int = _LEVEL) -> tuple[int, bytes]:
    """CRC and raw deflate stream of ``data`` exactly as ``zipfile`` writes them (one
    ``compress`` and a ``flush`` of a compressor at ``level``), remembered for large members at
    the usual level."""
    global _deflated_bytes
    if len(data) < _DEFLATED_SMALLEST or level != _LEVEL:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return zlib.crc32(data), packer.compress(data) + packer.flush()
    with _DEFLATED_LOCK:
        known = _DEFLATED.pop(data, None)
        if known is not None:
            _DEFLATED[data] = known  # the most recently used last: evicted last
    if known is None:
        packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
        known = zlib.crc32(data), packer.compress(data) + packer.flush()
        with _DEFLATED_LOCK:
            while _DEFLATED and _deflated_bytes + len(data) > _DEFLATED_KEEP_BYTES:
                oldest = next(iter(_DEFLATED))
                del _DEFLATED[oldest]
                _deflated_bytes -= len(oldest)
            if data not in _DEFLATED:
                _DEFLATED[data] = known
                _deflated_bytes += len(data)
    return known


def _write_member(zf: zipfile.ZipFile, name: str, data: bytes, when: dt.datetime, level: int = _LEVEL) -> None:
    """One member dated ``when`` with fixed attributes; images and workbooks stored, the rest
    deflated at ``level`` (see :func:`_write_deflated`)."""
    compress = not name.lower().endswith(_STORED)
    info = zipfile.ZipInfo(name, date_time=max(when, _ZIP_EPOCH).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.create_system = 3  # unix: the same bytes whichever OS renders the report
    info.external_attr = 0o644 << 16
    if compress and _write_deflated(zf, info, data, level):
        return
    zf.writestr(info, data, compresslevel=level if compress else None)


def _write_deflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, level: int = _LEVEL) -> bool:
    """Write a deflated member whose stream may be known already: the bytes ``writestr`` writes
    (its local header with the final CRC and sizes, the stream, its central directory entry),
    through the writer's own header code. False, and nothing written, where this zipfile does not
    work the way this relies on (then ``writestr`` does it)."""
    if not all(hasattr(zf, attr) for attr in _ZIPFILE_PARTS) or zf._writing or not zf._seekable:
        return False
    crc, stream = _deflate(data, level)
    if len(data) * 1.05 > zipfile.ZIP64_LIMIT:
        return False
    info.file_size, info.compress_size, info.CRC, info.flag_bits = len(data), len(stream), crc, 0
    with zf._lock:
        zf.fp.seek(zf.start_dir)
        info.header_offset = zf.fp.tell()
        zf._writecheck(info)
        zf._didModify = True
        zf.fp.write(info.FileHeader(False))
        zf.fp.write(stream)
        zf.start_dir = zf.fp.tell()
        zf.filelist.append(info)
        zf.NameToInfo[info.filename] = info
    return True


_ZIPFILE_PARTS = ("fp", "start_dir", "filelist", "NameToInfo", "_writecheck", "_writing", "_seekable", "_lock", "_didModify")


def docx_bytes(document, when: dt.datetime) -> bytes:
    """The .docx of a python-docx ``Document``, every member dated ``when``."""
    from docx.opc.pkgwriter import _ContentTypesItem  # the one piece python-docx keeps private

    from .docx_xml import spliced

    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:

        def add(name: str, data: bytes, level: int = _LEVEL) -> None:
            _write_member(zf, name, data, when, level)

        add("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)
        add("_rels/.rels", package.rels.xml)
        for part in parts:
            # the blob, with any tables left as text; the document part fast (_FAST_LEVEL)
            add(part.partname.membername, spliced(part), _FAST_LEVEL if part is document.part else _LEVEL)
            if len(part.rels):
                add(part.partname.rels_uri.membername, part.rels.xml)
    return out.getvalue()
