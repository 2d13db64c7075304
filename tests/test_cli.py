"""The `kg` command as a user runs it: the installed console script, in a subprocess."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import rdflib

from tests.conftest import PROJECT_DIR, SHAPE_FIXTURES
from tests.support.cli import KG, assert_no_traceback, kg


def test_shipped_data_conforms() -> None:
    result = kg("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Conforms" in result.stdout


def test_violating_fixture_exits_1_naming_shape_node_and_line() -> None:
    fixture = SHAPE_FIXTURES / "Stance-quote" / "invalid.ttl"
    result = kg("validate", str(fixture))
    assert result.returncode == 1
    assert "stance:fixture-short-quote" in result.stdout
    assert "lsksh:Stance-quote" in result.stdout
    assert "path lsk:quote" in result.stdout
    assert "tests/shapes/Stance-quote/invalid.ttl:13" in result.stdout
    assert "(minLength)" in result.stdout
    assert "Does not conform" in result.stdout
    assert_no_traceback(result)


def test_messages_in_swedish_on_request() -> None:
    fixture = SHAPE_FIXTURES / "Stance-quote" / "invalid.ttl"
    result = kg("validate", "--lang", "sv", str(fixture))
    assert "ordagrant citat på svenska" in result.stdout


def test_json_report_is_machine_readable() -> None:
    fixture = SHAPE_FIXTURES / "Stance-quote" / "invalid.ttl"
    result = kg("validate", "--format", "json", str(fixture))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    constraints = {f["constraint"] for f in report["results"]}
    assert constraints == {"MinLengthConstraintComponent", "LanguageInConstraintComponent"}
    finding = report["results"][0]
    assert finding["shape"] == "https://example.org/lsk/shapes/Stance-quote"
    assert finding["focusNode"] == "https://example.org/lsk/id/stance/fixture-short-quote"
    assert finding["severity"] == "Violation"
    assert finding["file"] == "tests/shapes/Stance-quote/invalid.ttl"
    assert finding["line"] == 13
    assert set(finding["messages"]) == {"sv", "en"}


def test_turtle_report_is_a_shacl_validation_report() -> None:
    fixture = SHAPE_FIXTURES / "Stance-quote" / "invalid.ttl"
    result = kg("validate", "--format", "turtle", str(fixture))
    assert result.returncode == 1
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    [report] = graph.subjects(rdflib.RDF.type, sh.ValidationReport)
    assert graph.value(report, sh.conforms) == rdflib.Literal(False)


def test_malformed_file_exits_2_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = kg("validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)


def test_missing_file_exits_2() -> None:
    result = kg("validate", "no/such/file.ttl")
    assert result.returncode == 2
    assert "no such file or directory" in result.stderr
    assert_no_traceback(result)


def test_bad_base_iri_setting_exits_2_with_a_hint() -> None:
    result = kg("validate", env={"KG_BASE_IRI": "not an iri"})
    assert result.returncode == 2
    assert "KG_BASE_IRI" in result.stderr
    assert "hint:" in result.stderr
    assert_no_traceback(result)


def test_another_base_iri_rebases_data_and_shapes_alike() -> None:
    result = kg("validate", "--format", "json", env={"KG_BASE_IRI": "https://data.example.se/ls/"})
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["conforms"] is True


def test_verify_quotes_passes_on_shipped_data() -> None:
    result = kg("verify-quotes")
    assert result.returncode == 0, result.stdout
    assert "Every quote occurs" in result.stdout


def test_summary_counts_the_graph() -> None:
    result = kg("summary")
    assert result.returncode == 0, result.stderr
    assert "Stances per document" in result.stdout
    assert "actor:stockholms-stad" in result.stdout


@pytest.mark.parametrize("command", ["validate", "verify-quotes", "locate-quotes", "summary"])
def test_every_command_has_help(command: str) -> None:
    result = kg(command, "--help")
    assert result.returncode == 0
    assert len(result.stdout.strip()) > 40


def test_outside_a_project_exits_2_with_a_hint(tmp_path: Path) -> None:
    result = subprocess.run(
        [KG, "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "not a kg project" in result.stderr
    assert "KG_PROJECT_DIR" in result.stderr


def test_turbo_engine_reports_the_same_violation() -> None:
    fixture = SHAPE_FIXTURES / "Stance-quote" / "invalid.ttl"
    reference = json.loads(kg("validate", "--format", "json", str(fixture)).stdout)
    turbo = json.loads(kg("validate", "--engine", "turbo", "--format", "json", str(fixture)).stdout)
    assert {(r["shape"], r["focusNode"], r["constraint"]) for r in turbo["results"]} == {
        (r["shape"], r["focusNode"], r["constraint"]) for r in reference["results"]
    }


def test_every_command_is_in_the_readme_synopsis() -> None:
    """The README's `kg` synopsis is checked against the commands the CLI registers."""
    from kg.cli import app as cli_app

    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    synopsis = readme.split("## The `kg` command", 1)[1].split("```", 2)[1]
    names = [command.name for command in cli_app.registered_commands]
    assert len(names) >= 12
    assert all(names)
    missing = [name for name in names if f"\nkg {name}" not in "\n" + synopsis]
    assert not missing, f"README's synopsis lacks {missing}"
