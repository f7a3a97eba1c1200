"""Word templates are untrusted code: hostile tags do not run, runaway tags stop, errors name the tag.

Each hostile template is built here with python-docx (a paragraph holding the tag text). An attack
that worked would create a marker file or put /etc/passwd into the report: neither may happen,
and the run must end with a clean Chinese message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ZENGDU
from docx import Document

from reportgen import sandbox
from reportgen.cli import main
from reportgen.diagnostics import TemplateError
from reportgen.render import render_template

CONTEXT = {
    "unit": {"name": "曾都区人民政府办公室", "year": 2023},
    "rows": [{"name": "行政运行", "amount": "12.34"}, {"name": "一般行政管理事务", "amount": "5.00"}],
}


def make_template(path: Path, *paragraphs: str) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def render_text(tmp_path: Path, *paragraphs: str, limits: sandbox.Limits | None = None) -> str:
    template = make_template(tmp_path / "t.docx", *paragraphs)
    tpl = render_template(template, CONTEXT, {}, limits=limits)
    return "\n".join(p.text for p in tpl.docx.paragraphs)


def render_error(tmp_path: Path, *paragraphs: str, limits: sandbox.Limits | None = None) -> str:
    with pytest.raises(TemplateError) as caught:
        render_text(tmp_path, *paragraphs, limits=limits)
    return str(caught.value)


# ---------------------------------------------------------------------------------------------
# A template still does its job
# ---------------------------------------------------------------------------------------------


def test_sandbox__ordinary_tags_loops_and_helpers_still_work(tmp_path):
    text = render_text(
        tmp_path,
        "{{ unit.name }}{{ unit.year }}年",
        "{% for r in rows %}{{ loop.index }}.{{ r.name }}{{ r.amount }}万元；{% endfor %}",
        "{% set ns = namespace(n=0) %}{% for r in rows %}{% set ns.n = ns.n + 1 %}{% endfor %}共{{ ns.n }}项",
        "{{ rows|map(attribute='name')|join('、') }}；{{ unit.name|length }}；{{ '%s' % unit.year }}",
    )
    assert "曾都区人民政府办公室2023年" in text
    assert "1.行政运行12.34万元；2.一般行政管理事务5.00万元；" in text
    assert "共2项" in text
    assert "行政运行、一般行政管理事务；10；2023" in text


def test_sandbox__the_shipped_template_renders(rendered_zengdu):
    assert "曾都区人民政府办公室" in Document(str(rendered_zengdu)).paragraphs[0].text


# ---------------------------------------------------------------------------------------------
# Hostile templates: nothing runs
# ---------------------------------------------------------------------------------------------

ESCAPES = [
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ joiner.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ namespace.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ range.__globals__ }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ unit.__class__.__init__.__globals__ }}",
    "{{ unit.name|attr('__class__') }}",
    "{{ rows|map(attribute='__class__')|list }}",
    "{{ 'a'.format.__globals__ }}",
    "{{ '{0.__class__}'.format(unit) }}",
    "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "{{ cycler.__init__.__globals__.__builtins__.open('/etc/passwd').read() }}",
    "{{ rows.append(1) }}{{ unit.update({'name': 'x'}) }}{{ unit.clear() }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_sandbox__escape_attempts_do_not_run(tmp_path, monkeypatch, payload):
    monkeypatch.chdir(tmp_path)
    message = render_error(tmp_path, "前言", payload)
    assert not (tmp_path / "MARKER").exists()
    assert "root:" not in message
    assert "Traceback" not in message
    assert "t.docx" in message
    assert any(word in message for word in ("出于安全考虑", "没有名为", "中没有")), message
    assert CONTEXT["rows"][0] == {"name": "行政运行", "amount": "12.34"} and len(CONTEXT["rows"]) == 2


@pytest.mark.parametrize(
    ("payload", "tag"),
    [
        ("{% include '/etc/passwd' %}", "include"),
        ("{% import '/etc/passwd' as p %}", "import"),
        ("{% from '/etc/passwd' import x %}", "from … import"),
        ("{% extends '/etc/passwd' %}", "extends"),
    ],
)
def test_sandbox__no_other_file_is_loaded(tmp_path, payload, tag):
    message = render_error(tmp_path, payload)
    assert f"模板中不能使用 {{% {tag} %}}" in message
    assert "root:" not in message


def test_sandbox__refused_string_methods(tmp_path):
    assert "出于安全考虑" in render_error(tmp_path, "{{ unit.name.ljust(100000000) }}")
    assert "出于安全考虑" in render_error(tmp_path, "{{ ','.join(rows) }}")


# ---------------------------------------------------------------------------------------------
# Runaway templates stop, with low bounds given as a parameter
# ---------------------------------------------------------------------------------------------


def test_limits__range_is_capped(tmp_path):
    message = render_error(tmp_path, "{% for i in range(10**9) %}x{% endfor %}")
    assert "range() 的长度 1,000,000,000 超过上限 10,000" in message


def test_limits__nested_loops_stop_at_the_iteration_budget(tmp_path):
    message = render_error(
        tmp_path,
        "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}",
        limits=sandbox.with_limits(iterations=5000),
    )
    assert "[template.limit]" in message and "循环、调用与输出合计超过上限 5,000 次（停在一次循环）" in message


def test_limits__loops_over_the_data_are_counted_too(tmp_path):
    message = render_error(
        tmp_path,
        "{% for a in rows %}{% for b in rows %}{% for c in rows %}{% endfor %}{% endfor %}{% endfor %}",
        limits=sandbox.with_limits(iterations=5),
    )
    assert "合计超过上限 5 次" in message


def test_limits__exponential_macro_stops(tmp_path):
    message = render_error(
        tmp_path,
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
        limits=sandbox.with_limits(iterations=10_000),
    )
    assert "合计超过上限 10,000 次" in message


def test_limits__wall_time_stops_the_render(tmp_path):
    message = render_error(
        tmp_path,
        "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
        limits=sandbox.with_limits(seconds=0, iterations=10**12),
    )
    assert "模板运行超过 0 秒，已停止" in message


def test_limits__output_size(tmp_path):
    message = render_error(
        tmp_path, "{% for i in range(5000) %}xxxxxxxxxx{% endfor %}", limits=sandbox.with_limits(output_length=20_000)
    )
    assert "模板生成的内容超过上限 20,000 个字符" in message


@pytest.mark.parametrize(
    "payload",
    [
        "{{ 'x' * 10**10 }}",
        "{{ [1] * 10**9 }}",
        "{{ 10 ** 100000 }}",
        "{{ (10 ** 1000) * (10 ** 1000) * (10 ** 1000) }}",
        "{{ '%999999999d' % 1 }}",
        "{{ '%999999999d'|format(1) }}",
        "{{ 'x'|center(10**9) }}",
        "{{ 'x'|indent(10**9, true) }}",
        "{{ range(10000)|join('y' * 100000) }}",
        "{{ ('x' * 300000)|replace('', 'yyyy') }}",
        "{{ rows|batch(10**9, 'x')|list }}",
        "{{ rows|slice(10**9)|list }}",
        "{{ range(100)|map('string')|sum(start='') }}",
    ],
)
def test_limits__text_multipliers_are_checked_before_they_allocate(tmp_path, payload):
    message = render_error(tmp_path, payload)
    assert "[template.limit]" in message
    assert "Traceback" not in message


def test_limits__recursion(tmp_path):
    message = render_error(tmp_path, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", limits=sandbox.with_limits(iterations=10**9))
    assert "嵌套过深" in message or "合计超过上限" in message


# ---------------------------------------------------------------------------------------------
# Errors name the tag and the paragraph
# ---------------------------------------------------------------------------------------------


def test_error__division_by_zero_names_tag_and_paragraph(tmp_path):
    message = render_error(tmp_path, "前言", "收入合计{{ 1/0 }}万元。")
    assert "[template.runtime]" in message
    assert "正文段落“收入合计{{ 1/0 }}万元。”中的标记 {{ 1/0 }}" in message
    assert "除以零" in message


def test_error__syntax_names_the_paragraph(tmp_path):
    message = render_error(tmp_path, "前言", "单位：{{ unit.name }", "结尾")
    assert "[template.syntax]" in message and "单位：{{ unit.name }" in message


def test_error__undefined_in_chinese(tmp_path):
    message = render_error(tmp_path, "{{ unit.nothing }}", "{{ missing_value }}")
    assert "模板引用了数据中没有的值：dict 中没有 'nothing'" in message


def test_error__long_paragraph_is_shortened_around_the_tag(tmp_path):
    message = render_error(tmp_path, "甲" * 200 + "{{ 1/0 }}" + "乙" * 200)
    assert "…" + "甲" * 30 + "{{ 1/0 }}" in message
    assert "甲" * 60 not in message


# ---------------------------------------------------------------------------------------------
# Only a Word document is a template
# ---------------------------------------------------------------------------------------------


def _not_docx(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "模板.docx"
    if kind == "text":
        path.write_text("{{ unit.name }}", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "hello")
    elif kind == "doc":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    elif kind == "truncated":
        make_template(path, "x")
        path.write_bytes(path.read_bytes()[:300])
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("text", "模板不是 Word 文档（.docx）"),
        ("empty", "模板文件是空的"),
        ("zip", "模板是压缩包，但不是 Word 文档"),
        ("doc", "旧版 Word 格式（.doc）"),
        ("truncated", "模板文件已损坏"),
        ("folder", "这里给出的不是文件"),
    ],
)
def test_template_file__not_a_docx_is_refused(tmp_path, kind, expected):
    template = _not_docx(tmp_path, kind)
    with pytest.raises(sandbox.TemplateUnreadable) as caught:
        sandbox.check_template_file(template)
    assert expected in str(caught.value)
    assert caught.value.exit_code == 2


# ---------------------------------------------------------------------------------------------
# Every entry point that takes a template
# ---------------------------------------------------------------------------------------------

ATTACK = "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}"


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_render__hostile_template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = make_template(tmp_path / "t.docx", "{{ unit.name }}", ATTACK)
    result = _cli("render", str(ZENGDU), "-o", str(tmp_path / "out.docx"), "--template", str(template))
    assert result.exit_code == 1
    assert "出于安全考虑，模板不能读取 type 对象的 '__init__'" in result.output
    assert not (tmp_path / "MARKER").exists() and not (tmp_path / "out.docx").exists()
    assert result.exc_info is None or result.exc_info[0] is SystemExit


def test_cli_render__chart_image_object_is_not_reachable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for tag in ("{{ charts.fig1.image._tpl.docx.save('MARKER') }}", "{{ charts.fig1.image.tpl.docx.save('MARKER') }}"):
        template = make_template(tmp_path / "t.docx", tag)
        result = _cli("render", str(ZENGDU), "-o", str(tmp_path / "out.docx"), "--template", str(template))
        assert result.exit_code == 1
        assert "出于安全考虑，模板不能读取" in result.output or "中没有 'tpl'" in result.output, result.output
        assert not (tmp_path / "MARKER").exists()


def test_cli_render__runaway_template_stops(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "DEFAULT_LIMITS", sandbox.with_limits(iterations=1000))
    template = make_template(tmp_path / "t.docx", "{% for a in range(100) %}{% for b in range(100) %}{% endfor %}{% endfor %}")
    result = _cli("render", str(ZENGDU), "-o", str(tmp_path / "out.docx"), "--template", str(template))
    assert result.exit_code == 1
    assert "合计超过上限 1,000 次" in result.output


def test_cli_render__text_file_as_template_exits_2(tmp_path):
    template = _not_docx(tmp_path, "text")
    result = _cli("render", str(ZENGDU), "-o", str(tmp_path / "out.docx"), "--template", str(template))
    assert result.exit_code == 2
    assert "模板不是 Word 文档" in result.output
    assert not (tmp_path / "out.docx").exists()


def test_cli_template_check__hostile_template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = make_template(tmp_path / "t.docx", ATTACK)
    result = _cli("template-check", str(template))
    assert result.exit_code == 1
    assert "出于安全考虑" in result.output
    assert not (tmp_path / "MARKER").exists()


def test_cli_template_check__division_by_zero(tmp_path):
    template = make_template(tmp_path / "t.docx", "合计{{ 1/0 }}")
    result = _cli("template-check", str(template))
    assert result.exit_code == 1
    assert "合计{{ 1/0 }}" in result.output and "除以零" in result.output


def test_cli_batch__hostile_template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = make_template(tmp_path / "t.docx", ATTACK)
    result = _cli("batch", str(ZENGDU), "-o", str(tmp_path / "out"), "-j", "1", "--no-progress", "--template", str(template))
    assert result.exit_code != 0
    assert "出于安全考虑" in result.output
    assert not (tmp_path / "MARKER").exists()
    assert not list((tmp_path / "out").glob("*.docx")) if (tmp_path / "out").exists() else True


def test_cli_batch__text_template_refused_before_any_job(tmp_path):
    template = _not_docx(tmp_path, "empty")
    result = _cli("batch", str(ZENGDU), "-o", str(tmp_path / "out"), "-j", "1", "--no-progress", "--template", str(template))
    assert result.exit_code == 2
    assert "模板文件是空的" in result.output


def test_cli_diff__hostile_template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = make_template(tmp_path / "t.docx", ATTACK)
    result = _cli("diff", str(ZENGDU), str(ZENGDU), "--template", str(template))
    assert result.exit_code == 1
    assert "出于安全考虑" in result.output
    assert not (tmp_path / "MARKER").exists()


def test_sandbox__methods_of_reportgen_objects_cannot_change_the_data(tmp_path):
    from reportgen.accounts import FunctionRow

    row = FunctionRow(code="201", name="一般公共服务支出")
    before = repr(row)
    template = make_template(tmp_path / "t.docx", "{{ row.name }}", "{{ row.add(row) }}")
    with pytest.raises(TemplateError) as caught:
        render_template(template, {"row": row}, {})
    assert "出于安全考虑，模板不能读取 FunctionRow 对象的 'add'" in str(caught.value)
    assert repr(row) == before


@pytest.mark.parametrize("where", ["header", "footer", "title"])
def test_sandbox__headers_footers_and_properties_are_sandboxed_too(tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    document = Document()
    document.add_paragraph("{{ unit.name }}")
    if where == "header":
        document.sections[0].header.paragraphs[0].text = f"页眉{ATTACK}"
    elif where == "footer":
        document.sections[0].footer.paragraphs[0].text = f"页脚{ATTACK}"
    else:
        document.core_properties.title = ATTACK
    document.save(str(tmp_path / "t.docx"))
    with pytest.raises(TemplateError) as caught:
        render_template(tmp_path / "t.docx", CONTEXT, {})
    message = str(caught.value)
    assert "出于安全考虑" in message
    if where != "title":
        assert {"header": "页眉段落“页眉{{", "footer": "页脚段落“页脚{{"}[where] in message
    assert not (tmp_path / "MARKER").exists()


def test_sandbox__loop_forms_still_work(tmp_path):
    text = render_text(
        tmp_path,
        "{% for k, v in unit.items() %}{{ k }}={{ v }}{% if not loop.last %},{% endif %}{% endfor %}",
        "{% for r in rows if r.amount != '5.00' %}{{ r.name }}/{{ loop.length }}{% endfor %}",
        "{% for r in [] %}x{% else %}无{% endfor %}",
        "{% for r in rows recursive %}{{ r.name }}{{ loop(r.children) if r.children is defined else '' }}{% endfor %}",
        "{% for r in rows %}{{ loop.cycle('甲', '乙') }}{{ loop.revindex }}{% endfor %}",
    )
    assert "name=曾都区人民政府办公室,year=2023" in text
    assert "行政运行/1" in text
    assert "无" in text
    assert "行政运行一般行政管理事务" in text
    assert "甲2乙1" in text


@pytest.mark.parametrize(
    "payload",
    [
        # shared references: tiny to build, 10^10 items to print or compare
        "{% set a = range(10000)|list %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}{% set c = [b, b, b, b, b, b, b, b, b, b] %}"
        "{% set d = [c, c, c, c, c, c, c, c, c, c] %}{{ d }}",
        "{% set a = range(10000)|list %}{% set b = dict(x=a, y=a, z=a) %}{% set c = dict(x=b, y=b, z=b) %}"
        "{% set d = dict(x=c, y=c, z=c) %}{% set e = dict(x=d, y=d, z=d) %}{{ e|tojson }}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}",
        "{% set ns = namespace(s=[1]) %}{% for i in range(40) %}{% set ns.s = [ns.s, ns.s] %}{% endfor %}{{ ns.s|string|length }}",
    ],
)
def test_limits__structures_that_grow_by_sharing_or_doubling_stop(tmp_path, payload):
    message = render_error(tmp_path, payload)
    assert "[template.limit]" in message and "过大" in message


def test_template_file__damaged_document_xml_is_refused_as_unreadable(tmp_path):
    good = make_template(tmp_path / "good.docx", "{{ unit.name }}")
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, b"<w:document><w:body><w:p>" if info.filename == "word/document.xml" else data)
    with pytest.raises(sandbox.TemplateUnreadable) as caught:
        render_template(bad, CONTEXT, {})
    assert "模板文件已损坏" in str(caught.value) and caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("{% for r in rows %}{{ r.name }}", "模板结束了，但 {% for %} 还没有用 {% endfor %} 结束"),
        ("{% for r in rows %}{% endif %}", "不认识的标记 'endif'（需要先用 {% endfor %} 结束 {% for %}）"),
        ("{{ unit.name( }}", "这里出现了 '}'，应为 ')'"),
        ("{% if %}{% endif %}", "这里缺少表达式（遇到 '%}'）"),
        ("{{ unit name }}", "这里应为 '}}'，实际为 'name'"),
    ],
)
def test_error__syntax_messages_in_chinese(tmp_path, tag, expected):
    message = render_error(tmp_path, tag)
    assert f"模板标记语法错误：{expected}" in message


def test_error__calling_something_undefined_says_undefined(tmp_path):
    assert "没有名为 'lipsum' 的值" in render_error(tmp_path, "{{ lipsum() }}")


def test_error__a_less_than_sign_inside_a_tag_is_shown_as_written(tmp_path):
    assert "正文段落“{{ 'x' < 1 }}”" in render_error(tmp_path, "{{ 'x' < 1 }}")


def test_limits__a_template_rendered_directly_is_bounded_each_time_afresh(monkeypatch):
    from reportgen.render import jinja_env

    monkeypatch.setattr(sandbox, "DEFAULT_LIMITS", sandbox.with_limits(iterations=50))
    template = jinja_env().from_string("{% for i in range(20) %}{{ i }}{% endfor %}")
    for _ in range(5):  # 5 × 40 steps (loop and output): each render has its own budget
        assert template.render().endswith("19")
    with pytest.raises(sandbox.TemplateLimit):
        jinja_env().from_string("{% for i in range(60) %}{% endfor %}").render()


@pytest.mark.parametrize("form", ["native", "image"])
def test_sandbox__the_objects_behind_a_chart_are_out_of_reach(tmp_path, form):
    from reportgen.pipeline import prepare
    from reportgen.sections import build_sections

    context, charts = build_sections(prepare(ZENGDU).accounts)
    charts = {"fig1": charts["fig1"]}
    attribute = "_tpl" if form == "native" else "tpl"
    template = make_template(tmp_path / "t.docx", f"{{{{ charts.fig1.image.{attribute}.docx.save('MARKER') }}}}")
    with pytest.raises(TemplateError) as caught:
        render_template(template, context, charts, chart_form=form)
    assert f"出于安全考虑，模板不能读取 {'NativeChart' if form == 'native' else 'InlineImage'} 对象的 '{attribute}'" in str(caught.value)


def test_cli_render__budget_kind_template_is_sandboxed_too(tmp_path, monkeypatch):
    from conftest import SAMPLES

    monkeypatch.chdir(tmp_path)
    budget = SAMPLES / "dachuan_2023_budget.yaml"
    template = make_template(tmp_path / "t.docx", "{{ unit.name }}", ATTACK)
    result = _cli("render", str(budget), "-o", str(tmp_path / "out.docx"), "--template", str(template))
    assert result.exit_code == 1
    assert "出于安全考虑" in result.output
    assert not (tmp_path / "MARKER").exists() and not (tmp_path / "out.docx").exists()
    text = _not_docx(tmp_path, "text")
    result = _cli("render", str(budget), "-o", str(tmp_path / "out.docx"), "--template", str(text))
    assert result.exit_code == 2 and "模板不是 Word 文档" in result.output
