"""Regenerate charts/fonts/ReportgenCJKSans-Regular.otf, the CJK font the charts are drawn with.

The font is a subset of Noto Sans CJK SC Regular (SIL Open Font License 1.1) as shipped by the
Debian package fonts-noto-cjk. It is renamed "reportgen CJK Sans" because the OFL forbids a
Modified Version to use the Reserved Font Name as its primary name.

Subset: every GB2312 code point (all 6763 hanzi plus the GB2312 symbol rows), printable ASCII,
CJK Symbols and Punctuation (U+3000–U+303F), Halfwidth and Fullwidth Forms (U+FF00–U+FFEF), the
punctuation a report needs (、，。：；（）“”‘’《》—…%·) and U+2212 MINUS SIGN, which matplotlib
uses for negative tick labels.

Maintenance only: needs fontTools (``pip install fonttools``), which is not a reportgen
dependency. Run from the repository root::

    python tools/subset_font.py [--source PATH] [--output PATH]

The output is deterministic: the head table's timestamps are kept from the source font.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FAMILY = "Noto Sans CJK SC"
OUTPUT = (
    Path(__file__).resolve().parent.parent / "charts" / "fonts" / "ReportgenCJKSans-Regular.otf"
)

FAMILY = "reportgen CJK Sans"
STYLE = "Regular"
POSTSCRIPT_NAME = "ReportgenCJKSans-Regular"
EXTRA_CHARACTERS = "、，。：；（）“”‘’《》—…%·\u2212"


def gb2312_characters() -> set[str]:
    """Every character of GB2312: encode each 2-byte code point (rows and cells 0xA1–0xFE)."""
    chars: set[str] = set()
    for high in range(0xA1, 0xFF):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_codepoints() -> set[int]:
    chars = gb2312_characters()
    chars.update(chr(c) for c in range(0x20, 0x7F))
    chars.update(chr(c) for c in range(0x3000, 0x3040))
    chars.update(chr(c) for c in range(0xFF00, 0xFFF0))
    chars.update(EXTRA_CHARACTERS)
    return {ord(c) for c in chars}


def load_source(path: Path):
    collection = TTCollection(str(path))
    for font in collection.fonts:
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            return font
    raise SystemExit(f"{path} holds no face named {SOURCE_FAMILY!r}")


def rename(font) -> None:
    """Give the subset its own name (OFL §3) and keep the copyright and licence records."""
    name = font["name"]
    version = name.getDebugName(5) or "Version 1.000"
    new = {
        1: FAMILY,
        2: STYLE,
        3: f"{POSTSCRIPT_NAME};subset of {SOURCE_FAMILY} for reportgen",
        4: f"{FAMILY} {STYLE}" if STYLE != "Regular" else FAMILY,
        5: f"{version}; reportgen subset",
        6: POSTSCRIPT_NAME,
    }
    # Drop typographic / other names that still carry the original family name.
    name.names = [
        rec for rec in name.names if rec.nameID not in (1, 2, 3, 4, 5, 6, 16, 17, 18, 20, 21)
    ]
    for name_id, text in new.items():
        name.setName(text, name_id, 3, 1, 0x409)
        name.setName(text, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT_NAME]
        top = cff.topDictIndex[0]
        for attr, text in (("FullName", FAMILY), ("FamilyName", FAMILY)):
            if hasattr(top, attr):
                setattr(top, attr, text)
        for fd in getattr(top, "FDArray", None) or []:
            if hasattr(fd, "FontName"):
                fd.FontName = re.sub(r"^NotoSansCJK\w*-Regular", POSTSCRIPT_NAME, fd.FontName)


def build(source: Path, output: Path) -> Path:
    font = load_source(source)
    options = subset.Options()
    # Horizontal Simplified Chinese only: without the language (locl) and vertical features the
    # closure does not pull in the Japanese/Korean/Traditional variants and vertical forms.
    options.layout_features = [
        f
        for f in options.layout_features
        if f not in {"locl", "vert", "vrt2", "valt", "vkrn", "vpal", "vhal", "vchw"}
    ]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    # Horizontal text only: the vertical metrics tables are not needed.
    options.drop_tables += ["VORG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=wanted_codepoints())
    subsetter.subset(font)
    rename(font)
    font.recalcTimestamp = False
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    path = build(args.source, args.output)
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
