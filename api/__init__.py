"""The HTTP API: a read-only SPARQL 1.1 endpoint (GraphQL follows), thin over the kg library."""

from api.app import create_app

__all__ = ["create_app"]
