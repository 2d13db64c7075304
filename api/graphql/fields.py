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
from kg.errors import InvalidArgument

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
) -> Any:
    return strawberry.field(
        resolver=resolver,
        description=description,
        metadata={"predicates": tuple(predicates), "inverse": inverse},
    )


def text(*predicates: str, description: str) -> Any:
    """The value of a language-tagged literal, in the language asked for."""

    def resolve(root: Any, lang: Lang = "sv") -> str | None:
        return cast(
            str | None, root.about.text(*root.expand(predicates), lang=checked_language(lang))
        )

    return _field(resolve, description=description, predicates=predicates)


def texts(*predicates: str, description: str) -> Any:
    """All values of language-tagged literals, in the language asked for."""

    def resolve(root: Any, lang: Lang = "sv") -> list[str]:
        return cast(
            list[str], root.about.texts(*root.expand(predicates), lang=checked_language(lang))
        )

    return _field(resolve, description=description, predicates=predicates)


def plain(*predicates: str, description: str) -> Any:
    """The lexical form of a literal without a language (a case number, a notation)."""

    def resolve(root: Any) -> str | None:
        values = root.about.literals(*root.expand(predicates))
        return values[0].value if values else None

    return _field(resolve, description=description, predicates=predicates)


def date(*predicates: str, description: str) -> Any:
    """A date at the precision the graph states it (api/graphql/dates.py): `2024-06` comes
    back as MONTH, not as null."""

    def resolve(root: Any) -> PartialDate | None:
        for literal in root.about.literals(*root.expand(predicates)):
            if (found := partial_date(literal)) is not None:
                return found
        return None

    return _field(resolve, description=description, predicates=predicates)


# The return annotations below are built from the factories' `returns`, a value, which mypy
# does not take as a type; strawberry reads them when the schema is built.


def one(predicate: str, *, returns: object, description: str) -> Any:
    """The resource this one points to by `predicate` (the first, if it names several)."""

    async def resolve(root: Any, info: Info) -> Any:
        found = await root.follow(info, predicate, returns)
        return found[0] if found else None

    resolve.__annotations__["return"] = Optional[returns]  # noqa: UP045  (a value, not an annotation)
    return _field(resolve, description=description, predicates=(predicate,))


def many(*predicates: str, returns: object, description: str) -> Any:
    """The resources this one points to by any of `predicates`: a short, fixed list."""

    async def resolve(root: Any, info: Info) -> Any:
        return await root.follow(info, predicates, returns)

    resolve.__annotations__["return"] = list[returns]  # type: ignore[valid-type]
    return _field(resolve, description=description, predicates=predicates)


def incoming(
    *predicates: str, returns: object, description: str, of_class: str | None = None
) -> Any:
    """The resources that point to this one by any of `predicates`: a list that can grow, so
    a connection."""

    async def resolve(root: Any, info: Info, first: First = None, after: After = None) -> Any:
        return await root.followers(info, predicates, returns, of_class, first, after)

    resolve.__annotations__["return"] = Connection[returns]  # type: ignore[valid-type]
    return _field(resolve, description=description, predicates=predicates, inverse=True)
