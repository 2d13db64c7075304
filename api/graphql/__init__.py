"""The GraphQL API: relationship queries over the consultation graph (strawberry)."""
