"""The benchmark suite's own parts (benchmarks/suite): reading wrk's report, the targets and
the generated report from hand-made results, `kg bench` outside a checkout, and a tiny run."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from benchmarks.suite.graphs import parse_sizes, size_label
from benchmarks.suite.latency import GRAPHQL, OURS, OXIGRAPH
from benchmarks.suite.ratios import compute_targets
from benchmarks.suite.report import read_results, render, write_report
from benchmarks.suite.throughput import ONE_PATTERN, PAGE_GRAPHQL, PAGE_SPARQL
from benchmarks.suite.wrk import lua_script, parse_wrk
from tests.support.cli import KG, kg

# Recorded from wrk 4.1.0 (Debian) against a server answering every POST with 501.
WRK_SAMPLE = """\
Running 2s test @ http://127.0.0.1:18931/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.55ms    3.37ms  42.48ms   91.59%
    Req/Sec   634.45    100.19   800.00     67.50%
  Latency Distribution
     50%    2.69ms
     75%    4.27ms
     90%    6.39ms
     99%   18.55ms
  2548 requests in 2.04s, 1.35MB read
  Non-2xx or 3xx responses: 2548
Requests/sec:   1249.16
Transfer/sec:    677.22KB
"""

WRK_WITH_SOCKET_ERRORS = """\
Running 3s test @ http://127.0.0.1:8000/sparql
  2 threads and 64 connections
  Latency Distribution
     50%  812.00us
     75%    1.20ms
     90%    1.90ms
     99%    1.02s
  900 requests in 3.01s, 1.00MB read
  Socket errors: connect 0, read 3, write 0, timeout 7
  Non-2xx or 3xx responses: 12
Requests/sec:    299.00
Transfer/sec:    340.00KB
status 503: 12
"""


def test_a_wrk_report_is_read_into_its_figures() -> None:
    result = parse_wrk(WRK_SAMPLE)
    assert result.requests == 2548
    assert result.requests_per_s == pytest.approx(1249.16)
    assert result.p50_ms == pytest.approx(2.69)
    assert result.p99_ms == pytest.approx(18.55)
    assert result.non_2xx == 2548
    assert result.socket_errors == 0


def test_wrk_units_and_socket_errors_are_read() -> None:
    result = parse_wrk(WRK_WITH_SOCKET_ERRORS)
    assert result.p50_ms == pytest.approx(0.812)
    assert result.p99_ms == pytest.approx(1020.0)
    assert result.socket_errors == 10
    assert result.non_2xx == 12
    assert result.statuses == {"503": 12}


def test_output_that_is_not_a_wrk_report_is_refused() -> None:
    with pytest.raises(ValueError, match="not a wrk report"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_the_lua_script_posts_the_body_unescaped() -> None:
    script = lua_script('query=SELECT+%3Fs+"x"', "application/x-www-form-urlencoded", "*/*")
    assert 'wrk.method = "POST"' in script
    assert '[========[query=SELECT+%3Fs+"x"]========]' in script
    assert "function response(status" in script  # counts the statuses other than 200


def test_sizes_are_read_in_triples_and_labelled() -> None:
    assert parse_sizes("100000, 1M,100k") == [100_000, 1_000_000]
    assert [size_label(n) for n in (2_000, 100_000, 1_000_000, 2_500)] == [
        "2k",
        "100k",
        "1M",
        "2.5k",
    ]
    with pytest.raises(ValueError, match="not a positive number"):
        parse_sizes("-5")


def _run(request: str, server: str, clients: int, rate: float) -> dict[str, Any]:
    return {
        "request": request,
        "server": server,
        "clients": clients,
        "requests": int(rate * 3),
        "requests_per_s": rate,
        "p50_ms": 1000 / rate,
        "p99_ms": 3000 / rate,
        "non_2xx": 0,
        "socket_errors": 0,
    }


def _latency(p50: float) -> dict[str, float]:
    return {"p50_ms": p50, "p99_ms": p50 * 2, "min_ms": p50 / 2, "max_ms": p50 * 3, "runs": 10.0}


def _results(triples: int, label: str, *, ours_8: float, graphql_p50: float) -> dict[str, Any]:
    result: dict[str, Any] = {
        "label": label,
        "triples": triples,
        "kind": "synthetic",
        "quick": True,
        "load": {
            "pyoxigraph bulk_load": {
                "seconds": {"median": 2.5, "min": 2.25, "max": 2.75, "runs": 3.0},
                "triples_per_s": {
                    "median": 40_000.0,
                    "min": 36_000.0,
                    "max": 44_000.0,
                    "runs": 3.0,
                },
            },
            "rdflib parse": {"did_not_finish_s": 60},
        },
        "queries": {
            "checks": {"page": {"same_answer": True}},
            "latency": {
                "page": {
                    GRAPHQL: _latency(graphql_p50),
                    OURS: _latency(4.0),
                    OXIGRAPH: _latency(3.0),
                }
            },
        },
        "throughput": {
            "runs": [
                _run(ONE_PATTERN, "ours", 8, ours_8),
                _run(ONE_PATTERN, "Oxigraph server", 8, 1000.0),
                _run(ONE_PATTERN, "ours", 32, 900.0),
                _run(ONE_PATTERN, "Oxigraph server", 32, 1000.0),
                _run(PAGE_GRAPHQL, "ours", 8, 40.0),
                _run(PAGE_SPARQL, "ours", 8, 100.0),
            ]
        },
        "store_calls": {
            "10": {"store_queries": 5, "stances_returned": 10},
            "100": {"store_queries": 5, "stances_returned": 100},
            "independent": True,
        },
        "shacl": {
            "skipped": "not measured: benchmarks/shacl_validation.py is not in this checkout"
        },
    }
    result["targets"] = compute_targets(result)
    return result


def test_targets_are_marked_met_not_met_or_not_measured() -> None:
    result = _results(100_000, "100k", ours_8=700.0, graphql_p50=5.0)
    verdicts = {t["name"]: (t["value"], t["met"]) for t in result["targets"]}
    assert verdicts["/sparql throughput, ours ÷ Oxigraph's server, 8 clients"] == (
        pytest.approx(0.7),
        False,
    )
    assert verdicts["/sparql throughput, ours ÷ Oxigraph's server, 32 clients"] == (
        pytest.approx(0.9),
        True,
    )
    assert verdicts["GraphQL page p50 latency ÷ its SPARQL's through our /sparql"] == (
        pytest.approx(1.25),
        True,
    )
    assert verdicts["GraphQL page throughput ÷ its SPARQL's through our /sparql, 8 clients"] == (
        pytest.approx(0.4),
        False,
    )
    # No 32-client run of the page: not measured, neither met nor failed.
    assert verdicts["GraphQL page throughput ÷ its SPARQL's through our /sparql, 32 clients"] == (
        None,
        None,
    )
    assert verdicts["store queries per GraphQL request independent of result size"] == (True, True)


def test_the_report_shows_the_figures_verdicts_and_plots(tmp_path: Path) -> None:
    results = [
        _results(100_000, "100k", ours_8=700.0, graphql_p50=5.0),
        _results(1_000_000, "1M", ours_8=850.0, graphql_p50=9.0),
    ]
    machine = {"cpu": "Test CPU", "cores": 2, "memory_gb": 4.0, "date": "2026-12-03T12:00:00+00:00"}
    folder = tmp_path / "results"
    folder.mkdir()
    for result in results:
        (folder / f"{result['label']}.json").write_text(json.dumps(result))
    (folder / "machine.json").write_text(json.dumps(machine))

    found, read_machine = read_results(folder)
    page = write_report(found, read_machine, tmp_path / "docs")
    text = page.read_text()

    assert [r["label"] for r in found] == ["100k", "1M"]
    assert "Test CPU, 2 cores, 4.0 GB" in text
    assert (
        "| 100k | /sparql throughput, ours ÷ Oxigraph's server, 8 clients | 0.7 | >= 0.8 | **not met** |"
        in text
    )
    assert (
        "| 1M | /sparql throughput, ours ÷ Oxigraph's server, 8 clients | 0.85 | >= 0.8 | **met** |"
        in text
    )
    assert (
        "| 1M | GraphQL page p50 latency ÷ its SPARQL's through our /sparql | 2.25 | <= 1.5 | **not met** |"
        in text
    )
    assert "40,000 (36,000–44,000)" in text  # bulk_load triples/s: median (min–max)
    assert "did not finish in 60 s" in text  # rdflib parse
    assert "| 850 |" in text  # ours at 8 clients, 1M
    assert "shacl_validation.py is not in this checkout" in text
    assert "make bench ARGS=--quick" in text
    assert "| 1M | first: 100 | 100 | 5 |" in text
    plots = sorted(p.name for p in (tmp_path / "docs" / "benchmarks").glob("*.png"))
    assert plots == ["latency-page.png", "load-seconds.png", "throughput-8-clients.png"]
    assert all(f"(benchmarks/{name})" in text for name in plots)


def test_a_report_of_nothing_measured_says_so() -> None:
    text = render([{"label": "data", "triples": 12, "kind": "shipped", "targets": []}], {}, [])
    assert "Machine: not recorded." in text
    assert "Not measured" in text


def test_kg_bench_outside_a_checkout_exits_2_with_a_hint(tmp_path: Path) -> None:
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [KG, "bench", "--report-only"],
        cwd=tmp_path,
        env={**env, "KG_PROJECT_DIR": str(tmp_path), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "benchmark suite (benchmarks.suite) cannot be imported" in done.stderr
    assert "make bench" in done.stderr


def test_a_tiny_load_only_run_writes_valid_results(tmp_path: Path) -> None:
    done = kg(
        "bench",
        "--quick",
        "--only",
        "load",
        "--sizes",
        "2000",
        "--repeats",
        "1",
        "--out",
        str(tmp_path / "results"),
        "--docs",
        str(tmp_path / "docs"),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "results" / "2k.json").read_text())
    assert result["triples"] >= 2000
    assert set(result["load"]) == {
        "kg load (validated)",
        "kg load (no validation)",
        "pyoxigraph bulk_load",
        "rdflib parse",
    }
    assert result["load"]["pyoxigraph bulk_load"]["triples_per_s"]["median"] > 0
    assert "queries" not in result
    machine = json.loads((tmp_path / "results" / "machine.json").read_text())
    assert machine["packages"]["pyoxigraph"]
    assert (tmp_path / "docs" / "benchmarks.md").read_text().startswith("# Benchmarks")
