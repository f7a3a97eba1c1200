"""End to end: render the samples, open the .docx and check what a reader sees."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import docx_text
from docx import Document
from docx.oxml.ns import qn

# The published figures of seed 001 that are internally consistent (issue: "every internally
# consistent figure of 第三部分 appears correctly").
ZENGDU_SENTENCES = [
    "2023年度收、支总计均为921.96万元。与2022年度相比，收、支总计各增加33.63万元，增长3.8%。主要原因是人员正常增资。",
    "收入合计增加76.90万元，增长9.1%",
    "其中：财政拨款收入905.31万元，占本年收入98.2%",
    "其他收入16.65万元，占本年收入1.8%",
    "其中：基本支出770.84万元，占本年支出83.6%；项目支出151.12万元，占本年支出16.4%",
    "2023年度财政拨款收、支总计均为905.31万元。与2022年度相比，财政拨款收、支总计各增加27.98万元，增长3.2%。",
    "一般公共预算财政拨款收入905.31万元，比2022年度决算数增加71.25万元",
    "2023年度一般公共预算财政拨款支出905.31万元，占本年支出合计的98.2%。",
    "1.一般公共服务支出（类）685.19万元，占75.7%。",
    "2.社会保障和就业支出（类）111.83万元，占12.4%。",
    "3.卫生健康支出（类）60.07万元，占6.6%。",
    "4.住房保障支出（类）48.22万元，占5.3%。",
    "年初预算为715.58万元，支出决算为905.31万元，完成年初预算的126.5%。",
    "支出决算为685.19万元，完成年初预算的123.7%",
    "年初预算为72.17万元，支出决算为111.83万元，完成年初预算的155.0%",
    "年初预算为46.87万元，支出决算为60.07万元，完成年初预算的128.2%",
    "年初预算为42.60万元，支出决算为48.22万元，完成年初预算的113.2%",
    "2023年度一般公共预算财政拨款基本支出754.19万元，其中：",
    "人员经费683.20万元，主要包括：基本工资141.75万元、津贴补贴100.24万元、奖金210.35万元",
    "公用经费70.99万元，主要包括：办公费1.49万元",
    "本单位2023年度无政府性基金预算财政拨款收入支出情况。",
    "本单位2023年度无国有资本经营预算财政拨款支出情况。",
    # 表9's 合计 as printed (32.99; its items add up to 33.00): carried, and the change follows from it
    "“三公”经费财政拨款支出全年预算为54.33万元，支出决算为32.99万元，完成全年预算的60.7%。较上年增加12.02万元，增长57.3%。",
    "公务用车购置及运行费全年预算为48.00万元，支出决算为26.67万元，完成全年预算的55.6%。较上年增加5.70万元，增长27.2%。",
    "全年支出涉及出国（境）团组1个，累计1人次，主要用于开展以下工作：招商引资。",
    "开支财政拨款的公务用车保有量为7辆。",
    "本部门2023年度机关运行经费支出70.99万元，比年初预算数减少31.48万元，下降30.7%。",
    "本部门2023年度政府采购支出总额0.00万元，其中：政府采购货物支出0.00万元、政府采购工程支出0.00万元、政府采购服务支出0.00万元。"
    "授予中小企业合同金额0.00万元，其中：授予小微企业合同金额0.00万元。政府采购支出总额为0，",
    "本部门共有车辆7辆，其中：副区级及以上领导干部用车0辆",
    "共涉及项目11个",
    "政府办政府购买服务项目绩效自评综述：项目全年预算数为37.00万元，执行数为28.82万元，完成预算77.9%。",
    "值班设备经费项目绩效自评综述：项目全年预算数为15.00万元，执行数为14.66万元，完成预算97.7%。",
    "本单位无财政专项支出、专项转移支付支出。",
    "本单位无其他需要说明的情况。",
    "4.住房保障支出（类）住房改革支出（款）住房公积金（项）",
]


@pytest.mark.parametrize("sentence", ZENGDU_SENTENCES)
def test_zengdu__published_figures_appear(rendered_zengdu, sentence):
    assert sentence in docx_text(rendered_zengdu)


@pytest.mark.parametrize(
    "wrong",
    [
        "905.3万元",  # the published report wrote 905.31 as 905.3 once
        "增长100",  # growth over a zero prior year
        "完成全年预算的0",  # completion of a zero budget
        "完成年初预算的0",
        "增加0.00万元",
        "2022年度区政府",  # a 2023 project titled with the wrong year
    ],
)
def test_zengdu__published_errors_do_not_appear(rendered_zengdu, wrong):
    assert wrong not in docx_text(rendered_zengdu)


def test_zengdu__no_template_tags_or_placeholders_left(rendered_zengdu):
    text = docx_text(rendered_zengdu)
    for leftover in ("{{", "{%", "}}", "待补充", "XX", "None"):
        assert leftover not in text


def test_zengdu__all_parts_in_order(rendered_zengdu):
    text = docx_text(rendered_zengdu)
    parts = ["第一部分　曾都区人民政府办公室概况", "第二部分　2023年度部门决算表", "第三部分　2023年度部门决算情况说明",
             "第四部分　其他需要说明的情况", "第五部分　名词解释", "第六部分　附件"]
    positions = [text.rindex(p) for p in parts]  # rindex: the TOC lists them first
    assert positions == sorted(positions)
    sections = ["一、收入支出决算总体情况说明", "九、财政拨款“三公”经费支出决算情况说明", "十四、财政专项支出、专项转移支付支出情况说明"]
    assert all(s in text for s in sections)


def test_zengdu__charts_are_native_with_numbered_captions(rendered_zengdu):
    document = Document(str(rendered_zengdu))
    assert len(document.inline_shapes) >= 5
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "图1：收、支决算总计变动情况",
        "图2：收入决算结构",
        "图3：支出决算结构",
        "图4：财政拨款收、支决算总计变动情况",
        "图5：一般公共预算财政拨款支出结构",
    ]
    charts = [rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/chart")]
    assert len(charts) == 5
    assert all(part.blob.startswith(b"<?xml") and b"<c:chartSpace" in part.blob for part in charts)


def test_zengdu__toc_lists_the_headings_and_updates_on_open(rendered_zengdu):
    document = Document(str(rendered_zengdu))
    toc = [p.text for p in document.paragraphs if p.style.name == "TOC 1"]
    assert "第三部分　2023年度部门决算情况说明" in toc
    assert "十三、预算绩效情况说明" in toc
    flag = document.settings.element.find(qn("w:updateFields"))
    assert flag is not None and flag.get(qn("w:val")) == "true"


def test_zengdu__east_asian_fonts_and_page_numbers(rendered_zengdu):
    document = Document(str(rendered_zengdu))
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    assert document.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    footer = document.sections[-1].footer.paragraphs[0]._p
    assert any("PAGE" in (t.text or "") for t in footer.iter(qn("w:instrText")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.top_margin.mm), round(section.left_margin.mm)) == (210, 37, 28)


def test_fictional__decreases_zero_bases_and_empty_funds(rendered_fictional):
    text = docx_text(rendered_fictional)
    assert "收、支总计各减少37.00万元，下降5.29%" in text
    assert "年初未安排预算，支出决算为165.00万元。" in text
    assert "完成年初预算的100.00%。预决算持平。" in text
    assert "公务接待费全年未安排预算，支出决算为1.20万元。较上年增加1.20万元（上年无此项支出，不具可比性）。" in text
    assert "因公出国（境）费全年未安排预算，支出决算为0。较上年减少3.50万元，下降100.00%。" in text
    assert "本单位2024年度无政府性基金预算财政拨款收入支出情况。" in text
    assert "授予中小企业合同金额55.00万元，占政府采购支出总额的84.62%" in text
    assert "上级补助收入" not in text.split("第五部分")[0]  # zero categories omitted
    assert "增长100" not in text and "完成全年预算的0" not in text


def test_fictional__shares_to_two_decimals_add_up(rendered_fictional):
    text = docx_text(rendered_fictional)
    assert "占本年收入94.94%；事业收入20.00万元，占本年收入3.13%；其他收入12.30万元，占本年收入1.93%" in text


def test_render__draft_marks_missing_reasons(tmp_path):
    from conftest import load_sample_data, write_yaml

    from reportgen.pipeline import render

    data = load_sample_data()
    data["reasons"]["total"] = ""
    source = write_yaml(tmp_path / "in.yaml", data)
    final = docx_text(render(source, tmp_path / "final.docx").output)
    draft = docx_text(render(source, tmp_path / "draft.docx", draft=True).output)
    assert "待补充" not in final
    assert "主要原因是【待补充：收、支总计变动的主要原因】。" in draft
    assert "【草稿】" in draft and "【草稿】" not in final


def test_render__ampersand_and_angle_brackets_in_names_are_escaped(tmp_path):
    from conftest import load_sample_data, write_yaml

    from reportgen.pipeline import render

    data = load_sample_data()
    data["performance"]["projects"][0]["name"] = "研究室<调研>&统计经费"
    out = render(write_yaml(tmp_path / "in.yaml", data), tmp_path / "out.docx").output
    assert "研究室<调研>&统计经费项目绩效自评综述" in docx_text(out)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_zengdu__converts_to_pdf_with_libreoffice(rendered_zengdu, tmp_path):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(rendered_zengdu)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = tmp_path / (rendered_zengdu.stem + ".pdf")
    assert pdf.stat().st_size > 50_000
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 15
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "收、支总计均为921.96万元" in text
    assert "完成年初预算的126.5%" in text
    # The native charts come through as charts: their titles, value labels and shares are drawn
    # as text on the page of their caption.
    pages = [page.extract_text().replace(" ", "").replace("\n", "") for page in reader.pages]
    (fig1,) = [p for p in pages if "图1：收、支决算总计变动情况" in p]
    assert fig1.count("收、支决算总计变动情况") == 2 and "888.33" in fig1  # 888.33: only in the chart
    (fig5,) = [p for p in pages if "图5：一般公共预算财政拨款支出结构" in p]
    assert fig5.count("一般公共预算财政拨款支出结构") == 2
    assert all(share in fig5 for share in ("75.7%", "12.4%", "6.6%", "5.3%"))


def test_render__json_input_gives_the_same_report(tmp_path, rendered_zengdu):
    import json
    import re
    from decimal import Decimal

    from conftest import load_sample_data

    from reportgen.pipeline import render

    def encode(o):
        if isinstance(o, Decimal):
            return f"__D__{o}__"
        return o.isoformat()

    text = json.dumps(load_sample_data(), default=encode, ensure_ascii=False)
    text = re.sub(r'"__D__([-0-9.]+)__"', r"\1", text)  # amounts as JSON numbers, e.g. 905.31
    assert "685.19" in text and "\"685.19\"" not in text
    source = tmp_path / "zengdu_2023.json"
    source.write_text(text, encoding="utf-8")
    out = render(source, tmp_path / "from_json.docx").output
    assert docx_text(out) == docx_text(rendered_zengdu)


def test_jinja_env__each_source_compiled_once_and_rendered_afresh():
    from reportgen.render import jinja_env

    env = jinja_env()
    first = env.from_string("<w:t>{{ a }}</w:t>")
    assert env.from_string("<w:t>{{ a }}</w:t>") is first  # not compiled again
    assert env.from_string("<w:t>{{ b }}</w:t>") is not first
    assert first.render(a="905.31") == "<w:t>905.31</w:t>"
    assert first.render(a="921.96") == "<w:t>921.96</w:t>"
    assert first.render(a="<&>") == "<w:t>&lt;&amp;&gt;</w:t>"  # still autoescaped
