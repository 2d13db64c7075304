"""Where a resource is defined: the file and line where it first appears as a subject."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.rdf_files import ParsedFile

_LEADING_TOKEN = re.compile(r"^\s*(<[^>\s]*>|[A-Za-z_][\w.-]*:[\w.%-]*|[A-Za-z_][\w.-]*:)")


@dataclass(frozen=True)
class Location:
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class SubjectLocator:
    """Finds the line on which a subject's block starts in the files it was parsed from.

    It reads the token at the start of each line (Turtle blocks and N-Triples lines start with
    their subject) and resolves it with the file's prefixes, so it needs no second parse.
    """

    def __init__(self, files: Iterable[ParsedFile]) -> None:
        self._first_line: dict[str, Location] = {}
        for parsed in files:
            subjects = parsed.subject_iris()
            for number, line in enumerate(parsed.text.splitlines(), start=1):
                match = _LEADING_TOKEN.match(line)
                if not match:
                    continue
                iri = _expand(match.group(1), parsed.prefixes)
                if iri in subjects and iri not in self._first_line:
                    self._first_line[iri] = Location(parsed.path, number)

    def find(self, iri: str) -> Location | None:
        return self._first_line.get(iri)


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    namespace = prefixes.get(prefix)
    return namespace + local if namespace is not None else None
