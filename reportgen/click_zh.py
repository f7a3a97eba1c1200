"""click's own words in Chinese: "Usage:", "Options", "Missing option", "No such option" …

click writes every string a user sees through ``gettext`` (``from gettext import gettext as _`` in
each of its modules), so it can be translated without forking it. The standard route — a compiled
catalogue bound with ``gettext.bindtextdomain`` — picks the language from the user's locale
(``LANGUAGE``/``LANG``); reportgen's users read Chinese whatever their machine's locale, and a
finance office's Windows PC often reports ``en_US``. So ``install()`` points click's ``_`` and
``ngettext`` at the catalogue below instead, for click's modules only (the rest of the process and
other libraries keep their own gettext).

A message that is not in the catalogue prints as click wrote it; ``tests/test_cli_chinese.py``
checks that every message id below still exists in the installed click and that no help page or
usage error contains an English sentence.
"""

from __future__ import annotations

import importlib

import click

# msgid -> translation. Placeholders ({name!r}, %(prog)s …) are kept exactly: click formats them.
MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",  # click ≥ 8.5
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    # usage errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "查看帮助：{command} {option}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的首字符无效（{option}）",
    "Value must be an iterable.": "值应为多个。",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    # parameter types
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 超出范围 {range}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可用：{states}",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    # prompts (reportgen asks nothing today; kept so a future prompt reads Chinese too)
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不询问，直接执行。",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
}

# (singular, plural) -> (singular, plural)
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "多余的参数（{args}）",
        "多余的参数（{args}）",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "是否要用 {possibility}？",
        "（是否要用其中之一：{possibilities}？）",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "选项 {name!r} 需要一个值。",
        "选项 {name!r} 需要 {nargs} 个值。",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "需要 {nargs} 个值，实际给出 1 个。",
        "需要 {nargs} 个值，实际给出 {len} 个。",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} 不是 {choice}。",
        "{value!r} 不是可选值（{choices}）之一。",
    ),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} 不符合格式 {format}。",
        "{value!r} 不符合格式 {formats} 中的任何一种。",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "需要 {len_type} 个值，实际给出 {len_value} 个。",
        "需要 {len_type} 个值，实际给出 {len_value} 个。",
    ),
}

# click's modules that bind ``_``/``ngettext`` from gettext at import.
_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    pair = PLURALS.get((singular, plural))
    if pair is None:
        return singular if n == 1 else plural
    return pair[0] if n == 1 else pair[1]


def install() -> None:
    """Make click print its own words in Chinese (idempotent)."""
    for name in _MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class _Chinese:
    """What click writes outside gettext: the usage line's ``[OPTIONS]`` and its spacing, and the
    full stop of "Missing option '-o'." (click appends an ASCII "." after the option names)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=MESSAGES["Usage:"])

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.MissingParameter as exc:
            message = exc.format_message()
            if message.endswith("."):
                message = message[:-1] + "。"
            raise click.UsageError(message, ctx) from None


class Command(_Chinese, click.Command):
    """A command whose usage line reads ``用法：reportgen render [选项] 输入文件``."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(_Chinese, click.Group):
    """The ``reportgen`` group: Chinese usage line, every subcommand a ``Command``."""

    command_class = Command

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


class Integer(click.types.IntParamType):
    """A whole number whose errors say 整数 (click's own type says 'integer')."""

    name = "整数"


class Count(click.IntRange):
    """A whole number ≥ 1 whose errors say 整数 (click's own type says 'integer range')."""

    name = "整数"

    def __init__(self) -> None:
        super().__init__(min=1)

    def _describe_range(self) -> str:
        return "≥1"
