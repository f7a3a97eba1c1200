"""A template's styles part, parsed only when something needs its tree.

A report's template brings a styles part of hundreds of styles (some 350 KB of XML). python-docx
parses it when the template is opened and serialises it again when the report is saved: seven
milliseconds of every render, for a part a render only reads (the style ids and names: the
headings of the 目录, the tables' anchors, the 绩效自评 styles' ids) and appends the 绩效自评 styles
to. :class:`StylesPartRead` keeps the bytes as read; :func:`style_values` reads the ids and names
from them (once per distinct bytes and process), and :func:`append` adds a style as text that is
written after the last one. Anything that asks for the tree gets it, parsed, with what was
appended; the part is then written from the tree, as python-docx writes it.

It is python-docx's own extension point: the part class for the styles content type
(``PartFactory.part_type_for``), set while reportgen opens a template (:func:`reading`) and
python-docx's own again after.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.parts.styles import StylesPart
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"
_W_DECLARATION = f' xmlns:w="{W_NS}"'
_END = b"</w:styles>"


class StylesPartRead(StylesPart):
    """python-docx's ``StylesPart``, its tree parsed when first asked for (see the module)."""

    _raw: bytes | None = None  # the bytes as read; None for a part made in memory
    _appended: tuple[str, ...] = ()  # style elements appended as text (``w`` prefix, no declaration)

    @classmethod
    def load(cls, partname, content_type, blob, package):  # noqa: ANN001, ANN206 - python-docx's signature
        part = cls(partname, content_type, None, package)
        part._raw = blob
        return part

    @property
    def _element(self):  # noqa: ANN202 - python-docx's attribute, a property here
        element = self.__dict__.get("_tree")
        if element is None and self._raw is not None:
            element = self.__dict__["_tree"] = tree_copy(self)
        return element

    @_element.setter
    def _element(self, element) -> None:  # noqa: ANN001
        self.__dict__["_tree"] = element

    @property
    def parsed(self) -> bool:
        return self.__dict__.get("_tree") is not None or self._raw is None

    @property
    def blob(self) -> bytes:
        if self.parsed:
            return XmlPart.blob.fget(self)
        assert self._raw is not None
        if not self._appended:
            return self._raw
        at = self._raw.rindex(_END)
        return self._raw[:at] + "".join(self._appended).encode("utf-8") + self._raw[at:]


def _declared(fragment: str) -> str:
    """``fragment`` (one element, ``w`` prefix) with the ``w`` namespace declared on it."""
    name_end = _TAG_NAME.match(fragment).end()
    return fragment[:name_end] + _W_DECLARATION + fragment[name_end:]


_TAG_NAME = re.compile(r"<[\w:.-]+")


_READING = threading.RLock()


@contextmanager
def reading() -> Iterator[None]:
    """Within: python-docx reads a styles part as :class:`StylesPartRead` (reportgen opens its
    templates so); elsewhere python-docx is left as it is."""
    with _READING:
        before = PartFactory.part_type_for.get(CT.WML_STYLES)
        PartFactory.part_type_for[CT.WML_STYLES] = StylesPartRead
        try:
            yield
        finally:
            if before is None:
                PartFactory.part_type_for.pop(CT.WML_STYLES, None)
            else:
                PartFactory.part_type_for[CT.WML_STYLES] = before


def styles_part(document) -> Any | None:  # noqa: ANN001 - a python-docx Document
    """The document's styles part, or None where it has none."""
    try:
        return document.part.part_related_by(RT.STYLES)
    except KeyError:
        return None


def unparsed(document) -> StylesPartRead | None:  # noqa: ANN001
    """The document's styles part where its tree has not been parsed, else None."""
    part = styles_part(document)
    return part if isinstance(part, StylesPartRead) and not part.parsed else None


def tree_copy(part: StylesPartRead):  # noqa: ANN201 - a python-docx CT_Styles element
    """A parsed copy of an unparsed part's styles (what appended included), the part untouched."""
    element = parse_xml(part._raw)
    for fragment in part._appended:
        element.append(parse_xml(_declared(fragment)))
    return element


def appendable(part: StylesPartRead) -> bool:
    """Whether text can be appended to ``part``'s bytes: its root closes as ``</w:styles>`` and
    binds ``w`` to WordprocessingML (a template written with other prefixes is parsed instead)."""
    raw = part._raw or b""
    head = raw[: raw.find(b">", raw.find(b"<w:styles")) + 1]
    return raw.rstrip().endswith(_END) and _W_DECLARATION.encode() in head


def append(part: StylesPartRead, fragments: list[str]) -> None:
    """Append style elements given as text (``w`` prefix, no namespace declaration) to ``part``."""
    part._appended = (*part._appended, *fragments)


def fragment_of(element) -> str:  # noqa: ANN001 - an lxml element
    """A ``w:style`` element as text for :func:`append`: ``w`` prefix, no declaration; None
    where it uses another namespace."""
    text = etree.tostring(element, encoding="unicode")
    text = text.replace(_W_DECLARATION, "", 1)
    return None if "xmlns" in text or not text.startswith("<w:") else text


_PARSER = etree.XMLParser(resolve_entities=False)  # as python-docx parses a part: no entities
_VALUES: dict[bytes, tuple[tuple[str | None, str | None], ...]] = {}
_VALUES_KEEP = 8
_VALUES_LOCK = threading.Lock()


def style_values(part: StylesPartRead) -> list[tuple[str | None, str | None]]:
    """(style id, ``w:name`` as written) of every style of an unparsed part, in order: those of
    its bytes (read once per distinct bytes and process), then those appended."""
    raw = part._raw or b""
    with _VALUES_LOCK:
        known = _VALUES.get(raw)
    if known is None:
        known = tuple(values_of(etree.fromstring(raw, _PARSER).findall(_W + "style")))
        with _VALUES_LOCK:
            if len(_VALUES) >= _VALUES_KEEP:
                _VALUES.pop(next(iter(_VALUES)))
            _VALUES[raw] = known
    out = list(known)
    for fragment in part._appended:
        out += _fragment_values(fragment)
    return out


@functools.lru_cache(maxsize=256)
def _fragment_values(fragment: str) -> tuple[tuple[str | None, str | None], ...]:
    return tuple(values_of([etree.fromstring(_declared(fragment))]))


def values_of(styles) -> list[tuple[str | None, str | None]]:  # noqa: ANN001 - w:style elements
    """(style id, ``w:name`` as written) of each ``w:style`` element."""
    out = []
    for style in styles:
        name = style.find(_W + "name")
        out.append((style.get(_W + "styleId"), None if name is None else name.get(_W + "val")))
    return out
