"""Byte-identical output: the same input always gives the same .docx.

A .docx is a zip. Left alone, every save stamps the zip members with the wall clock and the core
properties with whatever the template carried, so two renders of unchanged data differ and an
archive cannot tell a real change from a re-run. Here the document's time is the report's own
date (落款日期, else the last day of the fiscal year): core properties are set to it before saving
and the zip is rewritten afterwards with that date on every member, a fixed compression and the
members in the order python-docx wrote them (which depends only on the document's parts).
Chart PNGs are already deterministic (``reportgen.charts.render_png``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

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
    """The same zip with every member dated ``when``, deflated, with fixed attributes."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3  # unix: the same bytes whichever OS renders the report
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename), compresslevel=6)
    return out.getvalue()


def normalize_file(path: Path, when: dt.datetime) -> None:
    """Rewrite the .docx at ``path`` (a temporary file, not yet the final output) in place."""
    path.write_bytes(normalize_zip(path.read_bytes(), when))
