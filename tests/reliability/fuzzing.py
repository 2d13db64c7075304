"""What the fuzz tests share: hypothesis settings from the budget, the checks every answer must
pass (no traceback, no undocumented 5xx) and the tally written to test-output/reliability."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from hypothesis import HealthCheck, settings

from tests.reliability.budget import SOAK, examples
from tests.support.cli import PROJECT_DIR

SUMMARY = PROJECT_DIR / "test-output" / "reliability" / "fuzz.json"

# An HTTP request's bound: a request that hangs past it fails the example.
REQUEST_TIMEOUT = 15.0

# Overloaded, timed out or cancelled (api.errors): documented answers, not bugs.
DOCUMENTED_5XX = {503, 504}
DOCUMENTED_5XX_CODES = {"TIMEOUT", "OVERLOADED", "CANCELLED"}

# What a Python failure leaks when it reaches a client: a traceback, a frame, an exception's
# repr. The messages we write ourselves never contain these.
_PYTHONISH = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|site-packages/"
    r"|\b(?:Key|Type|Attribute|Index|Value|Name|Recursion|Assertion|Runtime)Error\b"
    r"|object has no attribute|NoneType|<built-in|<class '|\bat 0x[0-9a-f]+>"
)


def fuzz_settings(quick: int, soak: int) -> settings:
    """`quick` examples, derandomized so CI reruns the same ones; `soak` random ones under
    `make soak`."""
    return settings(
        max_examples=examples(quick, soak),
        # Each example is a real HTTP request or a process: timing them is the bound's job
        # (REQUEST_TIMEOUT, the subprocess deadline), not hypothesis's, whose deadline and
        # too_slow check would fail a machine that is merely shared.
        deadline=None,
        derandomize=not SOAK,
        # Nothing to keep between runs: the quick form is derandomized, the soak form random.
        database=None,
        # tmp_path is shared by a test's examples on purpose: each example overwrites what it
        # writes there (a file, a store copy), and the module's server and store outlive them.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        print_blob=SOAK,
    )


def pythonish(text: str) -> str | None:
    """The first sign of Python's insides in `text`, or None."""
    found = _PYTHONISH.search(text)
    return found.group(0) if found else None


def assert_no_traceback_text(text: str) -> None:
    leaked = pythonish(text)
    assert leaked is None, f"the answer shows Python's insides ({leaked!r}): {text[:2000]}"


def assert_no_undocumented_5xx(response: httpx.Response) -> None:
    """A 5xx only as a documented 503/504; never a 500 (our bug) or a 502."""
    if response.status_code >= 500:
        assert response.status_code in DOCUMENTED_5XX, (response.status_code, response.text[:2000])


def assert_clean_exit(result: subprocess.CompletedProcess[str], allowed: set[int]) -> None:
    """An exit code of `allowed` (70, a bug in kg, never is), and no traceback."""
    output = result.stdout + result.stderr
    assert result.returncode != 70, output[-3000:]
    assert result.returncode in allowed, (result.returncode, output[-3000:])
    assert "Traceback" not in output, output[-3000:]


class Tally:
    """Examples run and examples failed (shrinking's reruns included) per fuzz target."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.runs: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.outcomes: dict[str, Counter[str]] = {}

    @contextmanager
    def example(self, target: str) -> Iterator[None]:
        self.runs[target] += 1
        try:
            yield
        except BaseException:
            self.failures[target] += 1
            raise

    def outcome(self, target: str, what: int | str) -> None:
        """Note how an example was answered (a status, an exit code): what the fuzz reached."""
        self.outcomes.setdefault(target, Counter())[str(what)] += 1

    def write(self) -> None:
        """Merge this module's counts into the summary the three fuzz modules share."""
        SUMMARY.parent.mkdir(parents=True, exist_ok=True)
        try:
            summary = json.loads(SUMMARY.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            summary = {}
        if not isinstance(summary, dict):
            summary = {}
        summary["form"] = "soak" if SOAK else "quick"
        summary[self.module] = {
            target: {
                "examples": self.runs[target],
                "failing": self.failures[target],
                "outcomes": dict(sorted(self.outcomes.get(target, Counter()).items())),
            }
            for target in sorted(self.runs)
        }
        SUMMARY.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
