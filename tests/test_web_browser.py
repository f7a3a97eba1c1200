"""`reportgen serve` in a real browser: Playwright driving Debian's chromium (``apt-get install
chromium``; ``playwright install`` is not used). The server runs on a free loopback port in a
thread. Skipped, with the reason, only where chromium or Playwright is not installed.

Set ``REPORTGEN_WEB_SHOTS=folder`` to keep a screenshot of every page the tests visit.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ZENGDU_XLSX = ROOT / "sample_inputs" / "zengdu_2023.xlsx"
FICTIONAL = ROOT / "sample_inputs" / "fictional_2024.yaml"
ZENGDU = ROOT / "sample_inputs" / "zengdu_2023.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright 未安装（pip install playwright）：跳过浏览器测试")
if not Path(CHROMIUM).exists():
    pytest.skip("未找到 chromium（apt-get install chromium）：跳过浏览器测试", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from werkzeug.serving import make_server

    from reportgen.web import create_app

    app = create_app(temp_root=tmp_path_factory.mktemp("web"))
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    app.extensions["reportgen_tasks"].close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"chromium 无法启动：{exc}")
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    yield page
    context.close()


def shot(page, name: str) -> None:
    folder = os.environ.get("REPORTGEN_WEB_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_upload_findings_and_download_a_report_that_opens(server, page, tmp_path):
    page.goto(server)
    shot(page, "officer")
    assert page.locator("h1").inner_text() == "部门填报：从数据到报告"
    with page.expect_download() as blank:
        page.click("#blank")
    blank_path = tmp_path / "blank.xlsx"
    blank.value.save_as(blank_path)
    from openpyxl import load_workbook

    assert "单位概况" in load_workbook(blank_path).sheetnames

    page.set_input_files("#upload input[type=file]", str(ZENGDU_XLSX))
    page.click("#upload button")
    page.wait_for_selector("#findings")
    shot(page, "findings")
    assert "错误 0 个，警告" in page.inner_text("#summary")
    first = page.locator("#findings tbody tr").first.inner_text()
    assert "项目绩效!A1" in first and "151.10" in first and "151.12" in first and "0.02" in first

    page.click("text=生成部门决算（Word）")
    page.wait_for_selector("#download")
    shot(page, "report")
    with page.expect_download() as download:
        page.click("#download")
    assert download.value.suggested_filename == "曾都区人民政府办公室2023年度部门决算.docx"
    target = tmp_path / "report.docx"
    download.value.save_as(target)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "2023年度收、支总计均为921.96万元" in text


def test_text_in_an_amount_cell_shows_the_cell(server, page, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(ZENGDU_XLSX)
    book["表3"]["C7"] = "五百五十"
    bad = tmp_path / "曾都（有误）.xlsx"
    book.save(bad)
    page.goto(server)
    page.set_input_files("#upload input[type=file]", str(bad))
    page.click("#upload button")
    page.wait_for_selector("#findings")
    shot(page, "bad_cell")
    rows = page.locator("#findings tbody tr")
    places = [rows.nth(i).locator("td.place").inner_text() for i in range(rows.count())]
    assert "表3!C7" in places
    assert rows.first.locator("td").first.inner_text() == "错误"


def test_a_zip_of_several_departments_gives_the_summary(server, page, tmp_path):
    bundle = tmp_path / "各部门.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        # a page takes built-in regions only: the sample's own profile file becomes 上海
        archive.writestr("海川文旅.yaml", FICTIONAL.read_text(encoding="utf-8").replace("region: fictional_region.yaml", "region: shanghai", 1))
        archive.write(ZENGDU, "曾都政府办.yaml")
        archive.writestr("有误.yaml", "unit: [\n")
    page.goto(f"{server}/bureau")
    shot(page, "bureau")
    page.set_input_files("#bureau input[type=file]", str(bundle))
    page.click("#bureau button")
    page.wait_for_selector("#departments", timeout=300_000)
    shot(page, "summary")
    assert page.inner_text("h1") == "汇总：共 3 个部门"
    assert "成功 2，草稿 0，失败 1" in page.inner_text("#totals")
    table = page.inner_text("#departments")
    assert "海川市文化和旅游局" in table and "曾都区人民政府办公室" in table and "（无法读取）" in table
    with page.expect_download() as download:
        page.click("#download")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    names = archive.namelist()
    assert "汇总表.xlsx" in names
    assert sum(n.startswith("报告/") and n.endswith(".docx") for n in names) == 2
