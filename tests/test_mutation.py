"""Mutation test: change one figure of the 曾都 sample at a time (+1.00) and see what catches it.

`reportgen check` alone can only catch a change that breaks an identity; a figure that is free
(an item whose totals are all derived from it, a prior-year figure, a budget) moves its totals
with it and stays consistent. The audit of the report rendered from the ORIGINAL data against the
MUTATED data — how a finance bureau finds an out-of-date report — catches every figure the text
states.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.accounts import compute
from reportgen.audit import audit_report
from reportgen.checks import run_checks
from reportgen.diagnostics import InputError, Severity, has_errors
from reportgen.loader import Document, load_document
from reportgen.pipeline import render
from reportgen.validate import build_model

SAMPLE = Path(__file__).resolve().parent.parent / "sample_inputs" / "zengdu_2023.yaml"


def numeric_leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from numeric_leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from numeric_leaves(value, (*path, i))
    elif isinstance(data, (Decimal, int)) and not isinstance(data, bool) and path[0] != "presentation" and path[-1] != "year":
        yield path


def findings(issues) -> set[tuple[str, str, str]]:
    return {(i.rule, i.source.path, i.message) for i in issues if i.severity is not Severity.NOTE}


def set_at(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def get_at(data, path):
    for key in path:
        data = data[key]
    return data


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    out = tmp_path_factory.mktemp("mutation") / "original.docx"
    render(SAMPLE, out)
    return out


def test_mutation__share_caught(original, capsys):
    base = load_document(SAMPLE)
    leaves = list(numeric_leaves(base.data))
    baseline = findings(run_checks(compute(build_model(base)), base))
    by_check, by_audit, either = [], [], []
    for path in leaves:
        data = copy.deepcopy(base.data)
        value = get_at(data, path)
        set_at(data, path, value + (Decimal("1.00") if isinstance(value, Decimal) else 1))
        document = Document(data, base.file, base.lines)
        try:
            accounts = compute(build_model(document))
        except InputError:  # e.g. a score of 101: refused while reading
            by_check.append(path)
            either.append(path)
            continue
        # caught: an error, or a warning the unchanged sample does not have (a given 自评 score
        # that no longer matches its indicators is a warning, as the finance bureau reads it)
        check = bool(findings(run_checks(accounts, document)) - baseline)
        audit = has_errors(audit_report(original, accounts).issues)
        by_check += [path] if check else []
        by_audit += [path] if audit else []
        either += [path] if check or audit else []
    total = len(leaves)
    with capsys.disabled():
        print(f"\nmutations: {total}; caught by check: {len(by_check)} ({len(by_check) / total:.0%}); "
              f"by audit of the original report: {len(by_audit)}; by either: {len(either)}")
        missed = [".".join(map(str, p)) for p in leaves if p not in either]
        print("not caught by check alone:", [".".join(map(str, p)) for p in leaves if p not in by_check])
        print("missed:", missed)
    # What stays uncaught cannot be: counts (团组, 辆, 台) tie to no other figure; a 年初预算数 of a
    # project is printed in its 自评表 only; raising both an indicator's target and its actual
    # (or a target that is still met) leaves its score unchanged.
    assert len(by_check) / total >= 0.6
    assert len(either) / total >= 0.75
