"""`reportgen serve` through Flask's test client: the officer's and the bureau's pages, and the
safety rules (limits, types by content, CSRF, access token off loopback, names never paths,
sessions never see each other's tasks, temporary folders removed)."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("flask")

from conftest import correct_zengdu  # noqa: E402

from reportgen.web import create_app, is_loopback  # noqa: E402
from reportgen.web import uploads as up  # noqa: E402
from reportgen.web.work import finding_rows, rule_words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ZENGDU = ROOT / "sample_inputs" / "zengdu_2023.yaml"
ZENGDU_XLSX = ROOT / "sample_inputs" / "zengdu_2023.xlsx"
FICTIONAL_FILE = ROOT / "sample_inputs" / "fictional_2024.yaml"


class _Fictional:
    """The fictional sample as an upload: with a built-in region (a page takes no profile file)."""

    name = FICTIONAL_FILE.name

    def read_text(self, encoding="utf-8"):
        text = FICTIONAL_FILE.read_text(encoding=encoding)
        return text.replace("region: fictional_region.yaml", "region: shanghai", 1)

    def read_bytes(self):
        return self.read_text().encode("utf-8")


FICTIONAL = _Fictional()


@pytest.fixture
def app(tmp_path):
    app = create_app(temp_root=tmp_path)
    yield app
    app.extensions["reportgen_tasks"].close()


def csrf(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def upload(client, data: bytes, name: str, url: str = "/check", field: str = "input", **form):
    return client.post(url, data={"csrf": csrf(client), field: (io.BytesIO(data), name), **form}, content_type="multipart/form-data")


def finish(client, location: str) -> str:
    """Wait for a task to finish; its page's text."""
    for _ in range(600):
        state = client.get(f"{location}/status").get_json()["state"]
        if state in ("done", "failed"):
            break
        time.sleep(0.2)
    return client.get(location).get_data(as_text=True)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- the officer --------------------------------------------------------------------------------


def test_officer_page_is_chinese_and_blank_workbook_downloads(app):
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert "下载空白工作簿" in page and "上传并检查" in page
    response = client.get("/blank.xlsx")
    assert response.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.data))
    assert "单位概况" in book.sheetnames
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]


def test_upload_shows_findings_with_place_rule_sides_and_difference(app):
    client = app.test_client()
    response = upload(client, ZENGDU_XLSX.read_bytes(), "曾都.xlsx")
    assert response.status_code == 302
    page = text_of(finish(client, response.headers["Location"]))
    assert "检查结果：曾都区人民政府办公室 2023 年部门决算" in page
    assert re.search(r"错误 0 个，警告 [1-9]\d* 个", page)
    # place as sheet!cell, the rule in words, both sides and the difference in their own columns
    assert "项目绩效!A1 项目支出合计应与各项目之和一致 项目绩效自评执行数合计 151.10 一般公共预算财政拨款项目支出 151.12 0.02" in page
    assert "生成部门决算（Word）" in page and "生成绩效自评报告（压缩包）" in page


def test_text_in_an_amount_cell_names_the_cell(app):
    from openpyxl import load_workbook

    book = load_workbook(ZENGDU_XLSX)
    book["表3"]["C7"] = "五百五十"
    buffer = io.BytesIO()
    book.save(buffer)
    client = app.test_client()
    page = text_of(finish(client, upload(client, buffer.getvalue(), "曾都.xlsx").headers["Location"]))
    assert "文件有错误，无法读取" in page
    assert "表3!C7" in page


def test_render_downloads_a_docx_that_opens_and_a_second_session_cannot_see_it(app):
    client = app.test_client()
    location = upload(client, ZENGDU.read_bytes(), "zengdu.yaml").headers["Location"]
    finish(client, location)
    response = client.post(f"{location}/render", data={"csrf": csrf(client), "kind": "final_accounts", "format": "docx"})
    render_page = response.headers["Location"]
    page = finish(client, render_page)
    assert "部门决算已生成" in page
    download = client.get(f"{render_page}/download")
    assert download.status_code == 200
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]
    assert "%E6%9B%BE%E9%83%BD" in download.headers["Content-Disposition"]  # 曾都…, named from the data
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(download.data)).paragraphs)
    assert "2023年度收、支总计均为921.96万元" in text

    other = app.test_client()  # another browser: another session
    assert other.get(render_page).status_code == 404
    assert other.get(f"{render_page}/download").status_code == 404
    assert other.get(f"{render_page}/status").status_code == 404
    assert other.post(f"{location}/render", data={"csrf": csrf(other), "kind": "final_accounts", "format": "docx"}).status_code == 404


def test_correction_cycle_lists_figure_changes_against_the_previous_upload(app):
    client = app.test_client()
    text = ZENGDU.read_text(encoding="utf-8")
    finish(client, upload(client, text.encode(), "第一版.yaml").headers["Location"])
    corrected = correct_zengdu(text)
    page = text_of(finish(client, upload(client, corrected.encode(), "第二版.yaml").headers["Location"]))
    assert "与上一版（第一版.yaml）相比，报告中的变动" in page
    assert "921.96 → 922.06" in page
    assert "16.65 → 16.75" in page
    other = text_of(finish(client, upload(client, FICTIONAL.read_bytes(), "海川.yaml").headers["Location"]))
    assert "检查结果：海川市文化和旅游局" in other and "与上一版" not in other  # another department: no comparison


def test_selfeval_renders_to_a_zip_of_documents(app):
    client = app.test_client()
    location = upload(client, ZENGDU.read_bytes(), "zengdu.yaml").headers["Location"]
    finish(client, location)
    render_page = client.post(f"{location}/render", data={"csrf": csrf(client), "kind": "selfeval", "format": "docx"}).headers["Location"]
    assert "绩效自评报告已生成" in finish(client, render_page)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{render_page}/download").data))
    names = archive.namelist()
    assert len(names) == 12 and names[0].startswith("00_2023年度") and names[0].endswith("部门整体支出绩效自评报告.docx")


# --- the bureau ---------------------------------------------------------------------------------


def test_bureau_zip_gives_a_summary_and_one_download(app):
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("各部门/海川.yaml", FICTIONAL.read_bytes())
        archive.writestr("各部门/坏的.yaml", b"unit: [\n")
        archive.writestr("__MACOSX/._x.yaml", b"junk")
    client = app.test_client()
    response = upload(client, bundle.getvalue(), "全部.zip", url="/bureau", field="inputs")
    assert response.status_code == 302
    page = text_of(finish(client, response.headers["Location"]))
    assert "汇总：共 2 个部门" in page
    assert "成功 1，草稿 0，失败 1" in page
    assert "海川市文化和旅游局 2024 成功" in page
    assert "文件格式 1" in page  # per-rule counts, in words
    download = client.get(f"{response.headers['Location']}/download")
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    names = archive.namelist()
    assert "汇总表.xlsx" in names and any(n.startswith("报告/") and "海川市文化和旅游局2024" in n for n in names)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(archive.read("汇总表.xlsx")))
    assert book.sheetnames == ["汇总", "按规则统计"]
    assert book["汇总"]["D1"].value == "年度" and book["汇总"]["D2"].value in (2024, None)
    assert [c.value for c in book["按规则统计"][1]][:2] == ["规则", "合计"]


# --- safety -------------------------------------------------------------------------------------


def test_post_without_the_session_csrf_token_is_refused(app):
    client = app.test_client()
    client.get("/")
    response = client.post("/check", data={"csrf": "forged", "input": (io.BytesIO(b"a: 1"), "x.yaml")}, content_type="multipart/form-data")
    assert response.status_code == 400 and "安全校验未通过" in response.get_data(as_text=True)


def test_request_size_is_limited(tmp_path):
    app = create_app(max_upload=4096, temp_root=tmp_path)
    client = app.test_client()
    response = upload(client, b"a: 1\n" * 2000, "big.yaml")
    assert response.status_code == 413 and "文件过大" in response.get_data(as_text=True)
    app.extensions["reportgen_tasks"].close()


def test_type_is_read_from_the_content_not_the_name(app):
    client = app.test_client()
    pdf = upload(client, b"%PDF-1.7\n...", "决算.xlsx")
    assert pdf.status_code == 400 and "这是 PDF 文件" in pdf.get_data(as_text=True)
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "这是 Word 文档" in upload(client, word.getvalue(), "决算.xlsx").get_data(as_text=True)
    binary = upload(client, b"\x7fELF\x00\x00\x00", "决算.yaml")
    assert binary.status_code == 400 and "不支持的文件类型" in binary.get_data(as_text=True)
    # a YAML file named .xlsx is read as YAML
    page = text_of(finish(client, upload(client, FICTIONAL.read_bytes(), "海川.xlsx").headers["Location"]))
    assert "检查结果：海川市文化和旅游局 2024 年部门决算" in page


def test_zip_members_are_bounded_before_they_are_read(monkeypatch):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.yaml", b"0" * (up.MAX_INPUT_BYTES + 1))
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(up.UploadRejected, match="解压后过大"):
        up.read_bundle([("bomb.zip", bomb.getvalue())])
    monkeypatch.setattr(up, "MAX_ZIP_MEMBERS", 3)
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(4):
            archive.writestr(f"{number}.yaml", b"a: 1")
    with pytest.raises(up.UploadRejected, match="压缩包内文件过多"):
        up.read_bundle([("many.zip", many.getvalue())])
    with pytest.raises(up.UploadRejected, match="文件过多"):
        up.read_bundle([(f"{n}.yaml", b"a: 1") for n in range(5)], max_files=4)


def test_user_names_never_reach_the_file_system(app):
    client = app.test_client()
    location = upload(client, FICTIONAL.read_bytes(), "../../../etc/passwd.yaml").headers["Location"]
    page = finish(client, location)
    assert "检查结果" in page
    root = app.extensions["reportgen_tasks"].root
    files = [p.relative_to(root) for p in root.rglob("*") if p.is_file()]
    assert [p.name for p in files] == ["input"]
    assert files[0].parts[0] == location.rsplit("/", 1)[1]  # the folder is the random task id
    assert up.safe_name("../../etc/passwd") == "etc_passwd"
    assert up.safe_name('a<b>:"c"|d?*\x00.docx') == "a_b_c_d_.docx"
    assert up.safe_name("...") == "文件"
    assert up.Upload(b"", up.YAML, "..\\..\\x.xlsx").loader_name == "x.yaml"


def test_task_folders_are_removed_when_they_expire_and_at_shutdown(tmp_path):
    app = create_app(temp_root=tmp_path)
    store = app.extensions["reportgen_tasks"]
    client = app.test_client()
    location = upload(client, b"unit: [\n", "x.yaml").headers["Location"]
    finish(client, location)
    task_folder = store.root / location.rsplit("/", 1)[1]
    assert task_folder.is_dir()
    store.sweep(now=time.monotonic() + store.ttl + 1)
    assert not task_folder.exists() and client.get(location).status_code == 404
    store.close()
    assert not store.root.exists() and list(tmp_path.iterdir()) == []


def test_token_is_required_off_loopback(tmp_path, monkeypatch):
    app = create_app(token="s3cret-口令", temp_root=tmp_path)
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    assert client.post("/check", data={"csrf": token}).status_code == 403
    assert client.post("/login", data={"csrf": token, "token": "wrong"}).status_code == 401
    assert client.post("/login?next=/bureau", data={"csrf": token, "token": "s3cret-口令"}).headers["Location"] == "/bureau"
    assert client.get("/").status_code == 200
    assert app.test_client().get("/bureau").status_code == 302  # another browser still has to log in
    app.extensions["reportgen_tasks"].close()

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")

    import waitress

    from reportgen import web

    started = {}

    class Server:
        def __init__(self, app, **kw):
            started.update(app=app, **kw)

        def run(self):
            started["ran"] = True

        def close(self):
            started["closed"] = True

    monkeypatch.setattr(waitress, "create_server", Server)
    lines: list[str] = []
    web.serve("0.0.0.0", 8123, None, echo=lines.append)
    assert lines[0].startswith("已生成访问口令：") and "http://0.0.0.0:8123/" in lines[1]
    assert started["app"].config["ACCESS_TOKEN"] == lines[0].split("：")[1].split("（")[0]
    lines.clear()
    web.serve("127.0.0.1", 8124, None, echo=lines.append)
    assert started["app"].config["ACCESS_TOKEN"] is None and lines == ["reportgen 网页已启动：http://127.0.0.1:8124/  （按 Ctrl+C 停止）"]
    assert started["ran"] and started["closed"] and not started["app"].extensions["reportgen_tasks"].root.exists()


def test_a_port_in_use_is_a_chinese_message_not_a_traceback():
    import socket

    from click.testing import CliRunner

    from reportgen.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"无法在 127.0.0.1:{port} 上启动" in result.output and f"端口 {port} 已被占用，请用 --port 换一个端口" in result.output
    assert "Traceback" not in result.output


def test_finding_rows_put_errors_first_and_read_both_sides():
    from reportgen.diagnostics import Issue, Severity, Source

    rows = finding_rows([
        Issue("selfeval.score", Severity.WARNING, "w", Source("a.yaml", "x", 3)),
        Issue("identity.total_balance", Severity.ERROR, "收入总计 10.00 ≠ 支出总计 9.00（差 1.00，容差 0.01）", Source("", "表1!B9")),
    ])
    assert [r["severity_label"] for r in rows] == ["错误", "警告"]
    assert rows[0]["place"] == "表1!B9" and rows[0]["left"] == "收入总计 10.00" and rows[0]["right"] == "支出总计 9.00"
    assert rows[0]["difference"] == "1.00" and rows[0]["rule"] == "收入总计应等于支出总计（表1）"
    assert rows[1]["place"] == "第 3 行：x" and rows[1]["left"] == ""
    assert rule_words("identity.fund_balance.general") .startswith("财政拨款年初结转和结余") and rule_words("x.y") == "x.y"


def test_an_upload_cannot_name_a_file_on_the_server(app, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("projects: [{name: 机密内容}]\n", encoding="utf-8")
    text = FICTIONAL.read_text(encoding="utf-8")
    assert "\nperformance:" in text
    pointing = text.replace("\nperformance:", f"\nperformance:\n  targets: {secret}", 1)
    client = app.test_client()
    page = text_of(finish(client, upload(client, pointing.encode(), "x.yaml").headers["Location"]))
    assert f"此输入引用了绩效目标文件 &#39;{secret}&#39;，但未一并上传" in page and "机密内容" not in page
    assert text.count("  region: shanghai") == 1
    region = text.replace("  region: shanghai", "  region: ../../../../tmp/evil")
    page = text_of(finish(client, upload(client, region.encode(), "y.yaml").headers["Location"]))
    assert "名称中不能含有路径" in page and "presentation.region" in page
    profile = text.replace("  region: shanghai", "  region: fictional_region.yaml")
    page = text_of(finish(client, upload(client, profile.encode(), "z.yaml").headers["Location"]))
    assert "网页上传的输入只能使用内置的地区体例，不能引用文件" in page


def test_a_budget_with_its_targets_file_uploaded_alongside(app):
    client = app.test_client()
    budget = ROOT / "sample_inputs" / "dachuan_2023_budget.yaml"
    targets = ROOT / "sample_inputs" / "dachuan_2023_targets.yaml"
    response = client.post("/check", data={
        "csrf": csrf(client), "input": (io.BytesIO(budget.read_bytes()), budget.name),
        "targets": (io.BytesIO(targets.read_bytes()), "目标.yaml"),
    }, content_type="multipart/form-data")
    location = response.headers["Location"]
    page = text_of(finish(client, location))
    assert "检查结果：达州市达川区人民政府办公室" in page and "部门预算" in page
    render_page = client.post(f"{location}/render", data={"csrf": csrf(client), "kind": "budget", "format": "docx"}).headers["Location"]
    assert "部门预算已生成" in finish(client, render_page)
    from docx import Document

    document = Document(io.BytesIO(client.get(f"{render_page}/download").data))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert any("绩效目标" in text for text in cells) or "绩效目标" in "\n".join(p.text for p in document.paragraphs)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="未安装 LibreOffice：跳过 PDF 下载测试")
def test_pdf_download_when_libreoffice_is_present(app):
    client = app.test_client()
    location = upload(client, FICTIONAL.read_bytes(), "海川.yaml").headers["Location"]
    assert "生成 PDF" in finish(client, location)
    render_page = client.post(f"{location}/render", data={"csrf": csrf(client), "kind": "final_accounts", "format": "pdf"}).headers["Location"]
    assert "部门决算已生成" in finish(client, render_page)
    download = client.get(f"{render_page}/download")
    assert download.data.startswith(b"%PDF") and ".pdf" in download.headers["Content-Disposition"]
    from pypdf import PdfReader

    assert "海川市文化和旅游局" in PdfReader(io.BytesIO(download.data)).pages[0].extract_text()


def test_a_targets_file_renders_its_table_and_a_zip_goes_to_the_bureau_page(app):
    client = app.test_client()
    targets = ROOT / "sample_inputs" / "ezhou_2024_targets.yaml"
    location = upload(client, targets.read_bytes(), targets.name).headers["Location"]
    page = text_of(finish(client, location))
    assert "绩效目标表" in page and "生成绩效目标表（Word）" in page
    assert "有错误仍生成（标注为草稿）" in page  # the sample keeps the errors of the published table
    assert "绩效目标表检查（TGT-05）" in page
    refused = text_of(finish(client, client.post(f"{location}/render", data={"csrf": csrf(client), "kind": "targets", "format": "docx"}).headers["Location"]))
    assert "未能生成报告" in refused and "检查发现错误，未生成报告" in refused and "TGT-12" in refused
    render_page = client.post(f"{location}/render", data={"csrf": csrf(client), "kind": "targets", "format": "docx", "force": "1"}).headers["Location"]
    assert "绩效目标表已生成（草稿）" in finish(client, render_page)
    from docx import Document

    document = Document(io.BytesIO(client.get(f"{render_page}/download").data))
    assert document.tables
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("a.yaml", "a: 1")
    refused = upload(client, bundle.getvalue(), "a.zip")
    assert refused.status_code == 400 and "多个部门请到“财政局批量”页面上传" in refused.get_data(as_text=True)


def test_the_serve_command_is_in_the_chinese_help():
    from click.testing import CliRunner

    from reportgen.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "启动本地网页" in result.output and "--token" in result.output


def test_an_old_excel_workbook_is_read_like_its_xlsx(app):
    client = app.test_client()
    old = (ROOT / "tests" / "data" / "zengdu_2023_bad_cell.xls").read_bytes()
    page = text_of(finish(client, upload(client, old, "曾都（旧版）.xls").headers["Location"]))
    assert "表5!E7" in page and "534,0.7" in page  # the finding names the cell, as for an .xlsx
    fine = (ROOT / "tests" / "data" / "zengdu_2023.xls").read_bytes()
    page = text_of(finish(client, upload(client, fine, "曾都.xls").headers["Location"]))
    assert "检查结果：曾都区人民政府办公室 2023 年部门决算" in page
    assert re.search(r"错误 0 个，警告 [1-9]\d* 个", page)
