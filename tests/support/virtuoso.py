"""A throwaway Virtuoso for the tests: its own config, database files and loopback ports."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

DEFAULT_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
_DATABASE_KEYS = re.compile(
    r"^\s*(DatabaseFile|ErrorLogFile|LockFile|TransactionFile|xa_persistent_file)\s*="
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Virtuoso:
    """A running server; `stop()` ends it. Credentials are Virtuoso's defaults for a new database."""

    directory: Path
    http_port: int
    process: subprocess.Popen[bytes]
    user: str = "dba"
    password: str = "dba"

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_virtuoso(directory: Path, *, timeout: float = 90.0) -> Virtuoso:
    """Start `virtuoso-t` from a copy of Debian's default ini with paths and ports changed."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not DEFAULT_INI.is_file():
        raise RuntimeError(
            "Virtuoso is not installed: apt-get install virtuoso-opensource (.ci/run does this)"
        )
    http_port, sql_port = free_port(), free_port()
    database = directory / "db"
    database.mkdir(parents=True)
    ini = directory / "virtuoso.ini"
    ini.write_text(_configure(DEFAULT_INI.read_text(), database, sql_port, http_port))
    log = (directory / "virtuoso.out").open("wb")
    process = subprocess.Popen(
        [binary, "-f", "-c", str(ini)], cwd=directory, stdout=log, stderr=subprocess.STDOUT
    )
    server = Virtuoso(directory=directory, http_port=http_port, process=process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Virtuoso exited early; see {directory / 'virtuoso.out'}")
        try:
            response = httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=2)
            if response.status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"Virtuoso did not answer within {timeout:g} s")


def _configure(ini: str, database: Path, sql_port: int, http_port: int) -> str:
    lines, section = [], ""
    for line in ini.splitlines():
        header = re.match(r"^\[(\w+)\]", line)
        if header:
            section = header.group(1)
        key = _DATABASE_KEYS.match(line)
        if key:
            name = line.split("=", 1)[1].split(";")[0].strip().rsplit("/", 1)[-1]
            line = f"{key.group(1)} = {database / name}"
        elif re.match(r"^\s*ServerPort\s*=", line) and section in {"Parameters", "HTTPServer"}:
            line = f"ServerPort = {sql_port if section == 'Parameters' else http_port}"
        elif re.match(r"^\s*DirsAllowed\s*=", line):
            line = f"DirsAllowed = ., {database}, /usr/share/virtuoso-opensource-7/vad"
        lines.append(line)
    return "\n".join(lines) + "\n"
