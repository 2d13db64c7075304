"""Running the installed `kg` command as a user would: a real process, its exit code and output."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"


def kg(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    memory_cap: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `kg ARGS…` in the project folder, with `env` on top of this process's environment,
    within `timeout` seconds and, given `memory_cap`, that many bytes of address space."""

    def cap_memory() -> None:
        if memory_cap is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

    return subprocess.run(
        [KG, *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=timeout,
        check=False,
        preexec_fn=cap_memory if memory_cap is not None else None,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr
