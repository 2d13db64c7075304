"""Field factories: how a GraphQL field reads one predicate of the graph.

Each factory returns a strawberry field whose metadata names the predicates it reads and in
which direction, so the schema can be checked against the SHACL shapes (tests/api). Predicates
are written as CURIEs and expanded per request, so the schema follows KG_BASE_IRI.

`one`, `many` and `incoming` take the type they return as a class or as a lazy reference
(api/graphql/refs.py); the resolver's return annotation is built from it, since it is known
only when the factory is called.
"""

import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Optional, cast

import strawberry
from strawberry.types import Info

from api.graphql.connection import After, Connection, First
from api.graphql.dates import PartialDate, partial_date
from api.graphql.lean import LEAN
from api.graphql.prefetch import FOLLOWS, READS, RawInfo, ready
from kg.errors import InvalidArgument
from kg.namespaces import Namespaces

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")

Lang = Annotated[
    str,
    strawberry.argument(
        description="The language wanted, as a BCP 47 tag (`sv`, `en`). Where the data has "
        "nothing in it, Swedish, then English, then untagged text is given."
    ),
]


def checked_language(lang: str) -> str:
    if not _LANGUAGE_TAG.match(lang):
        raise InvalidArgument(
            f"{lang!r} is not a language tag", argument="lang", hint="Use a tag such as sv or en."
        )
    return lang.lower()


def _field(
    resolver: Callable[..., Any],
    *,
    description: str,
    predicates: Sequence[str],
    inverse: bool = False,
    follows: object = None,
    lean: Callable[..., Any] | None = None,
) -> Any:
    metadata: dict[str, object] = {
        "predicates": tuple(predicates),
        "inverse": inverse,
        # What it reads of its own object's description (api/graphql/prefetch.py).
        READS: () if inverse else tuple(predicates),
    }
    if follows is not None:
        metadata[FOLLOWS] = (tuple(predicates), follows)  # read ahead (api/graphql/prefetch.py)
    if lean is not None:
        metadata[LEAN] = lean
    return strawberry.field(resolver=resolver, description=description, metadata=metadata)


def _expanded(predicates: Sequence[str]) -> Callable[[Namespaces], tuple[str, ...]]:
    """The predicates' IRIs under a request's namespaces, expanded once per base IRI rather
    than on every field of every object."""
    known: dict[Namespaces, tuple[str, ...]] = {}

    def iris(namespaces: Namespaces) -> tuple[str, ...]:
        found = known.get(namespaces)
        if found is None:
            found = known[namespaces] = tuple(namespaces.iri(p) for p in predicates)
        return found

    return iris


# Each factory's field has two resolvers that do the same: strawberry's, from which the schema
# takes the field's type and arguments, and a lean one (graphql-core's signature, arguments by
# their GraphQL names) that the schema then resolves it with (api/graphql/lean.py).


def text(*predicates: str, description: str) -> Any:
    """The value of a language-tagged literal, in the language asked for."""
    iris = _expanded(predicates)

    def lean(root: Any, info: object, lang: str = "sv") -> str | None:
        return cast(str | None, root.about.text(*iris(root.ns), lang=checked_language(lang)))

    def resolve(root: Any, lang: Lang = "sv") -> str | None:
        return lean(root, None, lang)

    return _field(resolve, description=description, predicates=predicates, lean=lean)


def texts(*predicates: str, description: str) -> Any:
    """All values of language-tagged literals, in the language asked for."""
    iris = _expanded(predicates)

    def lean(root: Any, info: object, lang: str = "sv") -> list[str]:
        return cast(list[str], root.about.texts(*iris(root.ns), lang=checked_language(lang)))

    def resolve(root: Any, lang: Lang = "sv") -> list[str]:
        return lean(root, None, lang)

    return _field(resolve, description=description, predicates=predicates, lean=lean)


def plain(*predicates: str, description: str) -> Any:
    """The lexical form of a literal without a language (a case number, a notation)."""
    iris = _expanded(predicates)

    def lean(root: Any, info: object) -> str | None:
        values = root.about.literals(*iris(root.ns))
        return cast(str | None, values[0].value if values else None)

    def resolve(root: Any) -> str | None:
        return lean(root, None)

    return _field(resolve, description=description, predicates=predicates, lean=lean)


def date(*predicates: str, description: str) -> Any:
    """A date at the precision the graph states it (api/graphql/dates.py): `2024-06` comes
    back as MONTH, not as null."""
    iris = _expanded(predicates)

    def lean(root: Any, info: object) -> PartialDate | None:
        for literal in root.about.literals(*iris(root.ns)):
            if (found := partial_date(literal)) is not None:
                return found
        return None

    def resolve(root: Any) -> PartialDate | None:
        return lean(root, None)

    return _field(resolve, description=description, predicates=predicates, lean=lean)


# The return annotations below are built from the factories' `returns`, a value, which mypy
# does not take as a type; strawberry reads them when the schema is built.


# Their resolvers are plain functions: they answer at once with what was read ahead for them
# (api/graphql/prefetch.py), and only otherwise return a coroutine, which graphql-core awaits.


def _read(root: Any, info: Info | RawInfo) -> list[Any] | None:
    """The objects read ahead for this field of `root`, its budget spent; None if none were."""
    found = ready(root, cast(str, info.path.key))  # a field's key is its response name
    if found is None:
        return None
    info.context.spend(found.named)
    return found.objects


def one(predicate: str, *, returns: object, description: str) -> Any:
    """The resource this one points to by `predicate` (the first, if it names several)."""

    async def follow(root: Any, info: Info) -> Any:
        found = await root.follow(info, predicate, returns)
        return found[0] if found else None

    def resolve(root: Any, info: Info) -> Any:
        found = _read(root, info)
        if found is None:
            return follow(root, info)
        return found[0] if found else None

    resolve.__annotations__["return"] = Optional[returns]  # noqa: UP045  (a value, not an annotation)
    return _field(
        resolve, description=description, predicates=(predicate,), follows=returns, lean=resolve
    )


def many(*predicates: str, returns: object, description: str) -> Any:
    """The resources this one points to by any of `predicates`: a short, fixed list."""

    def resolve(root: Any, info: Info) -> Any:
        found = _read(root, info)
        return root.follow(info, predicates, returns) if found is None else found

    resolve.__annotations__["return"] = list[returns]  # type: ignore[valid-type]
    return _field(
        resolve, description=description, predicates=predicates, follows=returns, lean=resolve
    )


def incoming(
    *predicates: str, returns: object, description: str, of_class: str | None = None
) -> Any:
    """The resources that point to this one by any of `predicates`: a list that can grow, so
    a connection."""

    async def resolve(root: Any, info: Info, first: First = None, after: After = None) -> Any:
        return await root.followers(info, predicates, returns, of_class, first, after, narrow=True)

    resolve.__annotations__["return"] = Connection[returns]  # type: ignore[valid-type]
    return _field(resolve, description=description, predicates=predicates, inverse=True)
