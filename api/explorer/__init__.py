"""The explorer: server-rendered pages for people who will never write a query.

Each page is a GraphQL document in `queries/`, run in-process against the API's own schema
(`graphql_source`), and a Jinja2 template in `templates/` that lays its answer out. There is
no second data path: what a page shows is what the same query at /graphql answers, with the
same limits, and every page links that query in GraphiQL. Pages work without JavaScript; the
little script there is (`static/explorer.js`) only adds conveniences.
"""
