"""A small SPARQL lexer: what a query text is, before any store sees it.

The endpoint must know a request's form (to negotiate the answer's format and to refuse
updates), the dataset the query names (FROM / FROM NAMED) and every SERVICE it would call,
and it must know them exactly: a keyword inside a string, an IRI or a comment is not a
keyword. So the text is split into tokens the way the SPARQL 1.1 grammar splits it (strings,
long strings, IRIs, prefixed names, variables, comments), and only then read. Nothing here
parses the full grammar; the store's parser still judges the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin


class TokenKind(StrEnum):
    WORD = "word"  # keywords, function names, `a`, true/false
    IRI = "iri"  # <...>
    PNAME = "pname"  # prefix:local, prefix:, :local
    BLANK = "blank"  # _:label
    VAR = "var"  # ?name, $name
    STRING = "string"  # '...', "...", '''...''', """..."""
    LANGTAG = "langtag"  # @en
    NUMBER = "number"
    PUNCT = "punct"  # { } ( ) . ; , * ^^ && || != <= >= and the rest


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    start: int  # offset in the query text
    end: int


class Form(StrEnum):
    """What a request text is, by its first keyword after the prologue."""

    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"
    UPDATE = "UPDATE"
    UNKNOWN = "UNKNOWN"


QUERY_FORMS = frozenset({Form.SELECT, Form.ASK, Form.CONSTRUCT, Form.DESCRIBE})
_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

# IRIREF excludes these characters, so a `<` followed by one of them is the operator; \u and
# \U escapes stand for the characters they name.
_IRI = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
_PN_CHARS_BASE = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
_PN_CHARS = _PN_CHARS_BASE + r"_\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_LOCAL = (
    rf"(?:[{_PN_CHARS}:]|{_PLX})"  # first character (digits and underscore allowed)
    rf"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_PNAME = re.compile(rf"(?:{_PREFIX})?:(?:{_LOCAL})?")
_BLANK = re.compile(rf"_:[{_PN_CHARS_BASE}_0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?")
_VAR = re.compile(
    rf"[?$][{_PN_CHARS_BASE}_0-9][{_PN_CHARS_BASE}_0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_LANGTAG = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_NUMBER = re.compile(r"(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_SPACE = re.compile(r"\s+")
_LINE_END = re.compile(r"[\r\n]")
_PUNCT = ("^^", "&&", "||", "!=", "<=", ">=")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text`, without whitespace and comments. Never fails: an unterminated
    string runs to the end, and a character the grammar does not know is a PUNCT token."""
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        space = _SPACE.match(text, position)
        if space:
            position = space.end()
            continue
        if char == "#":
            # A comment runs to the end of the line, which SPARQL marks with CR or LF.
            line_end = _LINE_END.search(text, position)
            position = length if line_end is None else line_end.end()
            continue
        kind, end = _next(text, position, char)
        yield Token(kind, text[position:end], position, end)
        position = end


def _next(text: str, position: int, char: str) -> tuple[TokenKind, int]:
    if char in "'\"":
        return TokenKind.STRING, _string_end(text, position, char)
    if char == "<":
        iri = _IRI.match(text, position)
        if iri:
            return TokenKind.IRI, iri.end()
    if char in "?$":
        var = _VAR.match(text, position)
        if var:
            return TokenKind.VAR, var.end()
    if char == "_":
        blank = _BLANK.match(text, position)
        if blank:
            return TokenKind.BLANK, blank.end()
    if char == "@":
        tag = _LANGTAG.match(text, position)
        if tag:
            return TokenKind.LANGTAG, tag.end()
    pname = _PNAME.match(text, position)
    if pname:
        return TokenKind.PNAME, pname.end()
    word = _WORD.match(text, position)
    if word:
        return TokenKind.WORD, word.end()
    number = _NUMBER.match(text, position)
    if number:
        return TokenKind.NUMBER, number.end()
    for punct in _PUNCT:
        if text.startswith(punct, position):
            return TokenKind.PUNCT, position + len(punct)
    return TokenKind.PUNCT, position + 1


def _string_end(text: str, position: int, quote: str) -> int:
    """The offset just past the string starting at `position` (escapes honoured)."""
    delimiter = quote * 3 if text.startswith(quote * 3, position) else quote
    index = position + len(delimiter)
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if text.startswith(delimiter, index):
            return index + len(delimiter)
        if len(delimiter) == 1 and char in "\r\n":
            return index  # a short string cannot span lines: unterminated
        index += 1
    return len(text)


@dataclass(frozen=True)
class Service:
    """One SERVICE clause: its target IRI (None when it is a variable or cannot be resolved)
    as written, and resolved."""

    written: str
    iri: str | None


@dataclass(frozen=True)
class QueryText:
    """What the lexer reads from a request text."""

    form: Form
    # The first token after the prologue (for messages when the form is UNKNOWN).
    keyword: str | None = None
    keyword_at: tuple[int, int] | None = None  # 1-based line and column
    base: str | None = None
    prefixes: Mapping[str, str] = field(default_factory=dict)
    # FROM and FROM NAMED, as absolute IRIs, and the text spans the clauses take.
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    dataset_spans: tuple[tuple[int, int], ...] = ()
    services: tuple[Service, ...] = ()
    has_relative_iris: bool = False
    # A backslash outside strings, IRIs and prefixed names: SPARQL defines no meaning for it,
    # and a server that expanded \u escapes first would read a different query than ours.
    has_stray_backslash: bool = False
    # How deep groups, brackets and parentheses nest: the parser recurses once a level, and a
    # few thousand levels overflow its stack (a segmentation fault, not an error).
    nesting: int = 0
    nesting_at: tuple[int, int] | None = None  # where the deepest level opens, 1-based

    @property
    def is_query(self) -> bool:
        return self.form in QUERY_FORMS

    @property
    def declares_dataset(self) -> bool:
        return bool(self.dataset_spans)


@lru_cache(maxsize=256)
def analyse(text: str, *, base_iri: str | None = None) -> QueryText:
    """Read `text`'s form, prologue, dataset clauses and SERVICE targets; relative IRIs resolve
    against the query's BASE, itself resolved against `base_iri`.

    Remembered per text: one request's query is asked about by the endpoint, the pool's
    admission and the store, and lexing it once is enough."""
    found = list(tokens(text))
    prologue = _prologue(found, base_iri)
    base, prefixes = prologue.base, prologue.prefixes
    first = found[prologue.end] if prologue.end < len(found) else None
    form = _form(first)
    dataset = _dataset(found, prefixes, base)
    return QueryText(
        form=form,
        keyword=first.text if first else None,
        keyword_at=_line_column(text, first.start) if first else None,
        base=base,
        prefixes=prefixes,
        from_graphs=tuple(iri for named, iri, _ in dataset if not named),
        from_named=tuple(iri for named, iri, _ in dataset if named),
        dataset_spans=tuple(span for _, _, span in dataset),
        services=tuple(_services(found, prefixes, base)),
        has_relative_iris=any(
            t.kind is TokenKind.IRI and not _SCHEME.match(_iri_value(t.text)) for t in found
        ),
        has_stray_backslash=any(t.kind is TokenKind.PUNCT and t.text == "\\" for t in found),
        **_nesting(text, found),
    )


def _nesting(text: str, found: list[Token]) -> dict[str, Any]:
    depth = deepest = 0
    deepest_at: int | None = None
    for token in found:
        if token.kind is not TokenKind.PUNCT:
            continue
        if token.text in "{([":
            depth += 1
            if depth > deepest:
                deepest, deepest_at = depth, token.start
        elif token.text in "})]":
            depth = max(0, depth - 1)
    at = _line_column(text, deepest_at) if deepest_at is not None else None
    return {"nesting": deepest, "nesting_at": at}


def query_form(text: str) -> Form:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE or UNKNOWN."""
    return analyse(text).form


@dataclass
class _Prologue:
    base: str | None
    prefixes: dict[str, str]
    end: int  # index of the first token after the prologue
    declares_base: bool = False
    # Relative IRIs of the prologue: token start, end and the absolute IRI they stand for.
    relative: list[tuple[int, int, str]] = field(default_factory=list)


def _prologue(found: list[Token], base_iri: str | None) -> _Prologue:
    """The BASE and PREFIX declarations at the start, and the index of the token after them."""
    read = _Prologue(base=base_iri, prefixes={}, end=0)
    index = 0
    while index < len(found) and found[index].kind is TokenKind.WORD:
        keyword = found[index].text.upper()
        following = found[index + 1 : index + 3]
        if keyword == "BASE" and following and following[0].kind is TokenKind.IRI:
            iri = following[0]
            read.base = _resolve(_iri_value(iri.text), read.base)
            read.declares_base = True
            index += 2
        elif (
            keyword == "PREFIX"
            and len(following) == 2
            and following[0].kind is TokenKind.PNAME
            and following[0].text.endswith(":")
            and following[1].kind is TokenKind.IRI
        ):
            iri = following[1]
            read.prefixes[following[0].text[:-1]] = _resolve(_iri_value(iri.text), read.base)
            index += 3
        else:
            break
        value = _iri_value(iri.text)
        if not _SCHEME.match(value) and read.base is not None:
            absolute = read.base if keyword == "BASE" else read.prefixes[following[0].text[:-1]]
            read.relative.append((iri.start, iri.end, absolute))
    read.end = index
    return read


def with_base(text: str, base_iri: str) -> str:
    """`text` with relative IRIs resolving against `base_iri` on a server that takes no base
    argument: the prologue's relative IRIs written out whole, and `BASE <base_iri>` in front
    when the query declares no BASE of its own (on the first line, so lines keep their
    numbers). SPARQL allows one BASE to follow another, but not every server does."""
    read = _prologue(list(tokens(text)), base_iri)
    for start, end, absolute in reversed(read.relative):
        text = text[:start] + "<" + _escape_iri(absolute) + ">" + text[end:]
    if read.declares_base:
        return text
    return f"BASE <{_escape_iri(base_iri)}> " + text


def _escape_iri(iri: str) -> str:
    # An IRI that came out of a query's IRIREF holds no character IRIREF excludes, except
    # through a \u escape; write those back as escapes.
    return "".join(f"\\u{ord(c):04X}" if c in '<>"{}|^`\\' or ord(c) <= 0x20 else c for c in iri)


def _form(token: Token | None) -> Form:
    if token is None or token.kind is not TokenKind.WORD:
        return Form.UNKNOWN
    keyword = token.text.upper()
    if keyword in Form.__members__ and Form(keyword) in QUERY_FORMS:
        return Form(keyword)
    return Form.UPDATE if keyword in _UPDATE_KEYWORDS else Form.UNKNOWN


def _dataset(
    found: list[Token], prefixes: Mapping[str, str], base: str | None
) -> list[tuple[bool, str, tuple[int, int]]]:
    clauses = []
    for index, token in enumerate(found):
        if token.kind is not TokenKind.WORD or token.text.upper() != "FROM":
            continue
        cursor = index + 1
        named = (
            cursor < len(found)
            and found[cursor].kind is TokenKind.WORD
            and found[cursor].text.upper() == "NAMED"
        )
        cursor += 1 if named else 0
        if cursor < len(found):
            iri = _term_iri(found[cursor], prefixes, base)
            if iri is not None:
                clauses.append((named, iri, (token.start, found[cursor].end)))
    return clauses


def _services(
    found: list[Token], prefixes: Mapping[str, str], base: str | None
) -> Iterator[Service]:
    for index, token in enumerate(found):
        if token.kind is not TokenKind.WORD or token.text.upper() != "SERVICE":
            continue
        cursor = index + 1
        if (
            cursor < len(found)
            and found[cursor].kind is TokenKind.WORD
            and found[cursor].text.upper() == "SILENT"
        ):
            cursor += 1
        target = found[cursor] if cursor < len(found) else None
        if target is None:
            yield Service(written="", iri=None)
        else:
            yield Service(written=target.text, iri=_term_iri(target, prefixes, base))


def _term_iri(token: Token, prefixes: Mapping[str, str], base: str | None) -> str | None:
    """The absolute IRI an IRI or prefixed-name token stands for; None for anything else."""
    if token.kind is TokenKind.IRI:
        return _resolve(_iri_value(token.text), base)
    if token.kind is TokenKind.PNAME:
        prefix, _, local = token.text.partition(":")
        if prefix not in prefixes:
            return None
        return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    return None


def _iri_value(token_text: str) -> str:
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token_text[1:-1])


def _resolve(iri: str, base: str | None) -> str:
    if _SCHEME.match(iri) or base is None:
        return iri
    return urljoin(base, iri)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def blank_out(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`text` with each span replaced by spaces (newlines kept), so positions stay the same."""
    chars = list(text)
    for start, end in spans:
        for index in range(start, end):
            if chars[index] not in "\r\n":
                chars[index] = " "
    return "".join(chars)
