"""The one exception tree of the library.

    KGError                      anything the user can act on; carries a message and a hint
    ├── ConfigError              a setting is malformed (base IRI, paths)
    ├── InputError               input cannot be read
    │   ├── RdfSyntaxError       a file is not valid RDF: carries the file, line and column
    │   └── PublishingConfigError  publishing.toml is malformed: carries the file and key
    ├── ValidationFailed         data breaks the shapes: carries the report (nodes and shapes)
    ├── StoreError               a store or server failed: carries the endpoint
    ├── NotRepresentable         a result cannot be written in the format asked for
    ├── OutputError              an output folder or file cannot be written: carries the path
    ├── NotFound                 an identifier names nothing (of that kind): carries the IRI
    ├── InvalidArgument          a query argument is malformed: carries the argument's name
    ├── QueryRejected            a query is malformed, an update, or calls a SERVICE not allowed
    │   └── InvalidQuery         a store found the query or update not valid SPARQL
    ├── QueryTimeout             a query ran past its deadline and was stopped
    ├── QueryCancelled           the client went away, so its query was stopped
    ├── Overloaded               the server is at capacity: too many queries wait already
    └── ResultTooLarge           an answer is larger than the endpoint serves

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
        # The message without the endpoint, for answers to the public (a path is not theirs).
        self.detail = message


class NotRepresentable(KGError):
    """A result cannot be written in the format asked for (RDF/XML cannot name a predicate
    that does not end in an XML name, for one); another format can."""


class OutputError(KGError):
    """An output folder or file cannot be created or written (`kg export --out`, for one)."""

    def __init__(self, message: str, *, path: Path, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path


class PublishingConfigError(InputError):
    """The publisher's catalogue metadata (publishing.toml) is unreadable or lacks a value;
    `key` is the dotted key at fault (None when the file as a whole is)."""

    def __init__(
        self, problem: str, *, path: Path, key: str | None, hint: str | None = None
    ) -> None:
        where = f"{path}: {key}" if key else str(path)
        super().__init__(f"{where}: {problem}", path=path, hint=hint)
        self.key = key


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


class QueryRejected(KGError):
    """The query is malformed, not a query, or asks for a format that kind of query lacks."""


class InvalidQuery(QueryRejected):
    """A store (embedded or a server) found the query or update not valid SPARQL. Both stores
    raise it, so a caller tells "your query is wrong" from "the store failed" the same way
    on either; the message carries the store's words, never its location."""


class QueryTimeout(KGError):
    """The query ran past the deadline and was stopped."""


class QueryCancelled(KGError):
    """The client that asked has gone, so its query was stopped (its worker replaced)."""


class Overloaded(KGError):
    """The server is at capacity: as many requests wait already as it lets wait, so this one
    is refused at once rather than queued past any useful deadline."""

    def __init__(self, message: str, *, retry_after: int = 1, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class ResultTooLarge(KGError):
    """The answer is larger than the endpoint serves."""
