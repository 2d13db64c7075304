"""`kg report` as a user runs it: every format to a file, the text formats to standard output,
and each mistake a message, an exit code and no traceback."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import zipfile
from pathlib import Path

import pytest

from api.report.formats import ReportFormat, render
from api.report.model import Report
from kg.settings import Settings
from tests.report.conftest import STOCKHOLM, UPPSALA
from tests.support.cli import KG, PROJECT_DIR, assert_no_traceback, kg

MAGIC = {
    ReportFormat.HTML: b"<!DOCTYPE html>",
    ReportFormat.MD: b"# ",
    ReportFormat.DOCX: b"PK\x03\x04",
    ReportFormat.PDF: b"%PDF-",
}


def store_env(settings: Settings) -> dict[str, str]:
    return {"KG_STORE": settings.store}


@pytest.mark.parametrize("form", list(ReportFormat))
def test_every_format_is_written_to_a_file_and_is_the_libraries_report(
    form: ReportFormat,
    shipped_settings: Settings,
    reports: dict[tuple[str, str], Report],
    tmp_path: Path,
) -> None:
    out = tmp_path / f"report.{form.value}"
    result = kg(
        "report", "--consultation", UPPSALA, "--format", form.value, "--out", str(out),
        env=store_env(shipped_settings),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    data = out.read_bytes()
    assert data.upper().startswith(MAGIC[form].upper())
    assert f"Wrote {out}" in result.stderr
    assert data == render(reports[(UPPSALA, "sv")], form)  # the same graph, the same bytes
    if form is ReportFormat.DOCX:
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_text_goes_to_standard_output_in_the_language_asked(shipped_settings: Settings) -> None:
    result = kg(
        "report", "--consultation", STOCKHOLM, "--format", "md", "--lang", "en",
        env=store_env(shipped_settings),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Consultation report: Region Stockholms remiss")


def test_a_binary_report_is_not_written_to_a_terminal(shipped_settings: Settings) -> None:
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [KG, "report", "--consultation", UPPSALA, "--format", "pdf"],
            cwd=PROJECT_DIR,
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "200", **store_env(shipped_settings)},
            timeout=120,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 2
    assert "a PDF report is not for a terminal" in result.stderr
    assert "--out report.pdf" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "odt"], "--format 'odt' is not one of html, md, docx, pdf"),
        (["--lang", "fi"], "--lang 'fi' is not one of sv, en"),
        ([], "the graph holds 4 consultations; the report is on one"),
        (["--consultation", "consultation:nej"], "nothing in the graph has the IRI"),
        (["--consultation", "actor:uppsala-kommun"], "is an Organization, not a Consultation"),
        (["--consultation", UPPSALA, "--version", "actor:uppsala-kommun"], "not a Document"),
        (["--consultation", UPPSALA, "--out", "/no/such/folder/r.html"], "cannot write the report"),
    ],
)
def test_mistakes_exit_2_with_a_message_and_a_hint(
    args: list[str], message: str, shipped_settings: Settings
) -> None:
    result = kg("report", "--format", "md", *args, env=store_env(shipped_settings))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "hint:" in result.stderr
    assert_no_traceback(result)


def test_a_failed_write_leaves_what_was_there(shipped_settings: Settings, tmp_path: Path) -> None:
    """The report cannot replace a folder: the error names it, the folder and what it holds
    are as they were, and no partial file is left beside it (even for root, as in CI)."""
    out = tmp_path / "report.md"
    out.mkdir()
    (out / "kept.txt").write_text("the old draft")
    result = kg(
        "report", "--consultation", UPPSALA, "--format", "md", "--out", str(out),
        env=store_env(shipped_settings),
    )  # fmt: skip
    assert result.returncode == 2
    assert f"cannot write the report to {out}" in result.stderr
    assert_no_traceback(result)
    assert (out / "kept.txt").read_text() == "the old draft"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_a_missing_store_exits_3(tmp_path: Path) -> None:
    result = kg("report", "--consultation", UPPSALA, env={"KG_STORE": str(tmp_path / "none")})
    assert result.returncode == 3
    assert "no store here yet" in result.stderr
    assert_no_traceback(result)
