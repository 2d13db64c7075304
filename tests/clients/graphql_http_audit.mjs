// Runs every server audit of the graphql-http package (the GraphQL-over-HTTP spec's own
// conformance suite) against the URL on the command line, with Node's fetch, and prints the
// results as one JSON list of {id, name, status, reason}. The exit status is 0 whatever the
// results: judging them is the caller's job (tests/contract/test_graphql_http.py).
import { serverAudits } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node graphql_http_audit.mjs <graphql endpoint URL>");
  process.exit(2);
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  // One at a time: the audits are small, and a server under test reads easier in order.
  const result = await audit.fn();
  results.push({
    id: result.id,
    name: result.name,
    status: result.status,
    reason: result.status === "ok" ? null : result.reason,
  });
}
console.log(JSON.stringify(results, null, 1));
