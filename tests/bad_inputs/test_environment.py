"""Malformed settings in the environment: each is refused before anything runs, with exit code
2, a message naming the variable and its value, and no traceback; the store is untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bad_inputs.conftest import kg_capped
from tests.support.cli import assert_no_traceback
from tests.support.virtuoso import free_port

EXIT_BAD_INPUT = 2

# variable: [(value, words of the message)]
MALFORMED: dict[str, list[tuple[str, str]]] = {
    "KG_TIMEOUT": [
        # NaN and -1 reached httpx, which failed with a bare ValueError: exit 70.
        ("nan", "must be a number of seconds above 0"),
        ("-1", "must be a number of seconds above 0"),
        ("0", "must be a number of seconds above 0"),
        ("abc", "must be a number of seconds above 0"),
    ],
    "KG_MAX_INPUT_BYTES": [
        ("0", "must be a positive number of bytes"),
        ("abc", "must be a positive number of bytes"),
        ("1e3", "must be a positive number of bytes"),
    ],
    "KG_BASE_IRI": [
        ("ftp://example.org/", "absolute http(s) IRI"),
        ("https://example.org", "ending in '/'"),
        # A space passed the check and failed later as a syntax error in data/actors.ttl.
        ("https://example.org/a b/", "without spaces"),
        ("https://example.org/#/", "'#'"),
    ],
    "KG_SERVICE_ALLOW": [("ftp://example.org/sparql", "absolute http(s) endpoint URLs")],
}
CASES = [(name, value, words) for name, cases in MALFORMED.items() for value, words in cases]


@pytest.mark.parametrize(("name", "value", "words"), CASES)
def test_a_malformed_setting_is_refused_before_the_load(
    shipped_store: Path, unchanged: Callable[[], None], name: str, value: str, words: str
) -> None:
    result = kg_capped("load", "--no-validate", "--store", str(shipped_store), env={name: value})
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_no_traceback(result)
    assert f"error: {name}" in result.stderr
    assert words in result.stderr
    assert repr(value) in result.stderr
    assert "hint:" in result.stderr
    unchanged()


def test_a_timeout_of_nan_is_refused_for_a_remote_store_too() -> None:
    # The path that crashed: the remote store hands the timeout to httpx.
    result = kg_capped("stats", "--store", "http://127.0.0.1:9/sparql", env={"KG_TIMEOUT": "nan"})
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_no_traceback(result)
    assert "KG_TIMEOUT must be a number of seconds above 0" in result.stderr
    assert "not 'nan'" in result.stderr


def test_kg_store_naming_a_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "data.nt"
    file.write_text("<http://example.org/s> <http://example.org/p> 1 .\n")
    result = kg_capped("load", "--no-validate", env={"KG_STORE": str(file)})
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_no_traceback(result)
    assert "a file, not a store folder" in result.stderr
    assert file.read_text() == "<http://example.org/s> <http://example.org/p> 1 .\n"


def test_kg_project_dir_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    result = kg_capped("validate", env={"KG_PROJECT_DIR": str(tmp_path / "missing")})
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_no_traceback(result)
    assert "is not a kg project" in result.stderr
    assert "KG_PROJECT_DIR" in result.stderr


def test_a_file_over_kg_max_input_bytes_is_not_loaded(
    shipped_store: Path, unchanged: Callable[[], None]
) -> None:
    result = kg_capped(
        "load", "--no-validate", "--store", str(shipped_store), env={"KG_MAX_INPUT_BYTES": "100"}
    )
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_no_traceback(result)
    assert "more than the 100 bytes kg reads from one file" in result.stderr
    unchanged()


@pytest.mark.parametrize(
    ("name", "value"),
    [("KG_CLIENT_RATE", "abc"), ("KG_CLIENT_BURST", "0"), ("KG_CLIENT_CONCURRENCY", "-1")],
)
def test_a_malformed_client_limit_stops_serve_before_it_listens(
    shipped_store: Path, name: str, value: str
) -> None:
    port = str(free_port())
    result = kg_capped("serve", "--store", str(shipped_store), "--port", port, env={name: value})
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert_no_traceback(result)
    assert f"{name} must be a" in result.stderr
    assert repr(value) in result.stderr
