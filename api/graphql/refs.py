"""References to the GraphQL types, for the fields that return them.

The types point to each other across modules (an actor's documents, a document's authors) and
to themselves (a document's parts), so a field cannot always name the class it returns when it
is defined. It names it with one of these references instead: `strawberry.lazy` imports the
module when the schema is built, and `type_of` when a resolver needs the class.
"""

from functools import cache
from typing import Annotated, get_args

import strawberry
from strawberry.types.lazy_type import StrawberryLazyReference

_NODE = strawberry.lazy("api.graphql.node")
_ACTORS = strawberry.lazy("api.graphql.actors")
_DOCUMENTS = strawberry.lazy("api.graphql.documents")
_PROCESS = strawberry.lazy("api.graphql.process")
_SECTIONS = strawberry.lazy("api.graphql.sections")
_STANCES = strawberry.lazy("api.graphql.stances")

# Values, not type aliases: they are passed to the field factories and to `resolve_all`.
Node: object = Annotated["Node", _NODE]
Actor: object = Annotated["Actor", _ACTORS]
Organization: object = Annotated["Organization", _ACTORS]
Person: object = Annotated["Person", _ACTORS]
Post: object = Annotated["Post", _ACTORS]
Document: object = Annotated["Document", _DOCUMENTS]
Attachment: object = Annotated["Attachment", _DOCUMENTS]
Consultation: object = Annotated["Consultation", _PROCESS]
Decision: object = Annotated["Decision", _PROCESS]
Meeting: object = Annotated["Meeting", _PROCESS]
Role: object = Annotated["Role", _PROCESS]
Section: object = Annotated["Section", _SECTIONS]
StrategyPoint: object = Annotated["StrategyPoint", _SECTIONS]
Stance: object = Annotated["Stance", _STANCES]
Position: object = Annotated["Position", _STANCES]
Concept: object = Annotated["Concept", _STANCES]


def type_of(returns: object) -> type:
    """The class a field returns: `returns` itself, or the class a reference above names."""
    if isinstance(returns, type):
        return returns
    return _referenced(returns)


# Resolving a reference compares module files on disk (strawberry's LazyType): once per
# reference, not once per resolved field. The references are the few module constants above.
@cache
def _referenced(returns: object) -> type:
    name, reference = get_args(returns)
    if not isinstance(reference, StrawberryLazyReference):
        raise TypeError(f"{returns!r} is neither a class nor a lazy reference")
    found = reference.resolve_forward_ref(name).resolve_type()
    assert isinstance(found, type)
    return found
