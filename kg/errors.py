"""The one exception tree of the library.

    KGError                      anything the user can act on; carries a message and a hint
    ├── ConfigError              a setting is malformed (base IRI, paths)
    ├── InputError               input cannot be read
    │   └── RdfSyntaxError       a file is not valid RDF: carries the file, line and column
    ├── ValidationFailed         data breaks the shapes: carries the report (nodes and shapes)
    ├── StoreError               a store or server failed: carries the endpoint
    ├── NotFound                 an identifier names nothing (of that kind): carries the IRI
    └── InvalidArgument          a query argument is malformed: carries the argument's name

The CLI and the API turn these into exit codes and HTTP errors in one place each; nothing
else in the library raises bare exceptions at the user.
"""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Base of every error the library reports to a user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ConfigError(KGError):
    """A setting (environment variable or option) has a value the library cannot use."""

    def __init__(self, message: str, *, setting: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.setting = setting


class InputError(KGError):
    """An input path is missing, unreadable or of a format the library does not read."""

    def __init__(self, message: str, *, path: Path, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path


class RdfSyntaxError(InputError):
    """A file is not valid RDF in its format; `line` and `column` are 1-based."""

    def __init__(self, detail: str, *, path: Path, line: int | None, column: int | None) -> None:
        where = f"{path}:{line}:{column}" if line is not None else str(path)
        super().__init__(
            f"{where}: {detail}",
            path=path,
            hint="Fix the syntax at that position; nothing was loaded or validated.",
        )
        self.detail = detail
        self.line = line
        self.column = column


class StoreError(KGError):
    """A store could not be opened, or a server refused, failed or sent an incomplete answer."""

    def __init__(
        self, message: str, *, endpoint: str, status: int | None = None, hint: str | None = None
    ) -> None:
        super().__init__(f"{endpoint}: {message}", hint=hint)
        self.endpoint = endpoint
        self.status = status


class ValidationFailed(KGError):
    """Data to be loaded violates the shapes; nothing was written.

    `report` is the ValidationReport (kept untyped here so errors import nothing else).
    """

    def __init__(self, message: str, *, report: object, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.report = report


class NotFound(KGError):
    """An identifier names nothing in the graph, or something of another kind."""

    def __init__(self, message: str, *, iri: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.iri = iri


class InvalidArgument(KGError):
    """An argument of a query is out of range or malformed (a cursor, a page size, an id)."""

    def __init__(self, message: str, *, argument: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.argument = argument
