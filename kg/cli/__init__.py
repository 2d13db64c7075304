"""The `kg` command line: a thin shell that parses options, calls the library and maps its
errors to messages and exit codes in one place (`kg.cli.app.run`).

Importing this package registers every command on `app`.
"""

from kg.cli import bench, data, provenance, publishing, report, search, serving
from kg.cli.app import app

__all__ = ["app", "bench", "data", "provenance", "publishing", "report", "search", "serving"]
