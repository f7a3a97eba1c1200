"""Shared fixtures: the sample inputs and documents rendered from them (once per session)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


SAMPLES = ROOT / "sample_inputs"
ZENGDU = SAMPLES / "zengdu_2023.yaml"
FICTIONAL = SAMPLES / "fictional_2024.yaml"


@pytest.fixture(scope="session")
def rendered_zengdu(tmp_path_factory) -> Path:
    from reportgen.pipeline import render

    out = tmp_path_factory.mktemp("zengdu") / "zengdu_2023.docx"
    render(ZENGDU, out)
    return out


@pytest.fixture(scope="session")
def rendered_fictional(tmp_path_factory) -> Path:
    from reportgen.pipeline import render

    out = tmp_path_factory.mktemp("fictional") / "fictional_2024.docx"
    render(FICTIONAL, out)
    return out


def docx_text(path: Path) -> str:
    """All paragraph text of a .docx, one paragraph a line (tables excluded)."""
    from docx import Document

    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def load_sample_data(path: Path = ZENGDU) -> dict:
    from reportgen.loader import load_document

    return copy.deepcopy(load_document(path).data)


def write_yaml(path: Path, data: dict) -> Path:
    from decimal import Decimal

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))
    path.write_text(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
