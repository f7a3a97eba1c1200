"""Numbers read from text only in unambiguous forms, the same rules for YAML, JSON and workbooks.

A finance user types 553.94; a form that could mean something else is refused with the reason,
never guessed: "553,94" (a decimal comma, or a misplaced thousands separator?), "0553" (YAML 1.1
reads it as octal 363), "5:53" (sexagesimal 353), "553_94" (55394), "0x553". Thousands separators
are accepted only in the correct grouping ("1,234.56"). Full-width digits and punctuation
(５５３．９４) are read as their ASCII forms. A number is at most ``MAX_DIGITS`` digits before the
point, so no amount can overflow the 28-digit Decimal context downstream.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MAX_DIGITS = 15  # digits before the decimal point: 10^15 万元 is far beyond any public account

PLAIN = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+(?:\.[0-9]*)?")
_RADIX = re.compile(r"[-+]?0[xXoObB][0-9a-fA-F_]+")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_UNDERSCORE = re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[-+]?[0-9]+\.[0-9_]*_[0-9_]*")
_COMMA = re.compile(r"[-+]?[0-9][0-9,]*,[0-9,]*(?:\.[0-9]+)?")
_EXPONENT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+")
_SPACED = re.compile(r"[-+]?[0-9][0-9 \u00a0\u3000]*[ \u00a0\u3000][0-9 \u00a0\u3000]*(?:\.[0-9]+)?")


class NumberFormError(ValueError):
    """The text is not a number in an unambiguous form; ``str()`` is the Chinese reason.
    ``plain_text``: the text is simply not a number (not an ambiguous or oversized one)."""

    def __init__(self, message: str, plain_text: bool = False) -> None:
        super().__init__(message)
        self.plain_text = plain_text


def normalize(text: str) -> str:
    """Full-width digits and punctuation to ASCII (NFKC), surrounding blanks removed."""
    return unicodedata.normalize("NFKC", text).strip()


def looks_numeric(text: str) -> bool:
    """Text that a reader would take for a number, ambiguous forms included."""
    text = normalize(text)
    return bool(
        PLAIN.fullmatch(text) or GROUPED.fullmatch(text) or ambiguity(text) is not None
    )


def ambiguity(text: str) -> str | None:
    """Why ``text`` (already normalized) is a number-like form that must not be guessed."""
    shown = text if len(text) <= 40 else text[:40] + "…"
    if _RADIX.fullmatch(text):
        return f"'{shown}' 是十六进制/八进制/二进制写法；数字请用十进制书写"
    if _LEADING_ZERO.fullmatch(text):
        digits = text.lstrip("+-").lstrip("0") or "0"
        return (
            f"'{shown}' 以 0 开头，含义不明确（YAML 会把它读作八进制数）；数字请写作 {digits}，"
            f"编码等文本请加引号，如 '{shown}'"
        )
    if _SEXAGESIMAL.fullmatch(text):
        return f"'{shown}' 含冒号，不是数字（YAML 会把它读作六十进制数）；时间等文本请加引号"
    if _UNDERSCORE.fullmatch(text):
        return f"'{shown}' 含下划线，含义不明确；请去掉下划线，小数点用 '.'"
    if _COMMA.fullmatch(text):
        return (
            f"'{shown}' 的逗号不是正确的千位分隔（应每三位一个逗号，如 1,234.56），"
            "含义不明确；小数点请用 '.'，如 553.94"
        )
    if _SPACED.fullmatch(text):
        return f"'{shown}' 的数字中间有空格，含义不明确；请去掉空格"
    return None


def parse_number(text: str, *, exponent: bool = False) -> Decimal:
    """The Decimal of ``text`` written in an unambiguous form; ``NumberFormError`` otherwise.

    ``exponent`` also accepts 1.5e+3 (YAML/JSON numbers; never text typed in a cell)."""
    value = normalize(text)
    if PLAIN.fullmatch(value) or (exponent and _EXPONENT.fullmatch(value)):
        number = _decimal(value)
    elif GROUPED.fullmatch(value):
        number = _decimal(value.replace(",", ""))
    else:
        reason = ambiguity(value)
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise NumberFormError(reason or f"'{shown}' 不是数字", plain_text=reason is None)
    check_magnitude(number, text)
    return number


def check_magnitude(number: Decimal, text: object = None) -> Decimal:
    """Refuse NaN, infinities and numbers of more than ``MAX_DIGITS`` integer digits."""
    shown = str(text if text is not None else number)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    if not number.is_finite():
        raise NumberFormError(f"'{shown}' 不是有限的数字")
    if number and number.adjusted() >= MAX_DIGITS:
        hint = "；如是账号、编号等文本，请加引号" if shown.lstrip("+-").isdigit() else ""
        raise NumberFormError(f"数值 '{shown}' 过大（整数部分超过 {MAX_DIGITS} 位），请检查{hint}")
    return number


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid literals
        raise NumberFormError(f"'{text}' 不是数字") from None


def parse_int(text: str) -> int:
    """A base-10 integer in an unambiguous form (no leading zero, no radix, no separators)."""
    number = parse_number(text)
    if number != number.to_integral_value():
        raise NumberFormError(f"'{normalize(text)}' 不是整数")
    return int(number)
