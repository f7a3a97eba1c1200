"""Byte-identical output: the same input always gives the same .docx.

A .docx is a zip. Left alone, every save stamps the zip members with the wall clock and the core
properties with whatever the template carried, so two renders of unchanged data differ and an
archive cannot tell a real change from a re-run. Here the document's time is the report's own
date (落款日期, else the last day of the fiscal year): core properties are set to it before saving
and the zip is rewritten afterwards with that date on every member, a fixed compression and the
members in the order python-docx wrote them (which depends only on the document's parts).
Chart PNGs are already deterministic (``reportgen.charts.render_png``).

:func:`docx_bytes` writes a python-docx document that way in one pass (python-docx's own save
followed by a rewrite would compress everything twice). Its members come in python-docx's order
with the images last, so a render can write the text while its charts are still being drawn.
Images are stored, not deflated: PNG data is compressed already.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

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
            compress = not info.filename.lower().endswith(_STORED)
            dst.writestr(
                _fixed_info(info.filename, when, compress),
                src.read(info.filename),
                compresslevel=6 if compress else None,
            )
    return out.getvalue()


_STORED = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff")


def _fixed_info(name: str, when: dt.datetime, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=max(when, _ZIP_EPOCH).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.create_system = 3  # unix: the same bytes whichever OS renders the report
    info.external_attr = 0o644 << 16
    return info


def docx_bytes(document, when: dt.datetime, before_images: Callable[[], None] | None = None) -> bytes:
    """The .docx of a python-docx ``Document``, every member dated ``when``.

    ``before_images()`` is called once the text parts are written and before the image parts
    are read (a render's charts may still be arriving: ``reportgen.render.ChartImages``)."""
    from docx.opc.pkgwriter import _ContentTypesItem  # the one piece python-docx keeps private
    from docx.parts.image import ImagePart

    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:

        def add(name: str, data: bytes) -> None:
            compress = not name.lower().endswith(_STORED)
            zf.writestr(_fixed_info(name, when, compress), data, compresslevel=6 if compress else None)

        add("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)
        add("_rels/.rels", package.rels.xml)
        images = []
        for part in parts:
            if isinstance(part, ImagePart):
                images.append(part)
            else:
                add(part.partname.membername, part.blob)
            if len(part.rels):
                add(part.partname.rels_uri.membername, part.rels.xml)
        if before_images is not None:
            before_images()
        for part in images:
            add(part.partname.membername, part.blob)
    return out.getvalue()
