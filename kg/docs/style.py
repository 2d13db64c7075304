"""The documentation page's style sheet, inlined in the page: no web font, no external file."""

from __future__ import annotations

STYLE = """
:root {
  --fg: #1b1f24; --muted: #59636e; --link: #0b5394; --accent: #005a9c;
  --rule: #d9dee4; --soft: #f4f6f8; --mark: #fff6cc; --code: #7a1e3a;
  --violation: #a3132b; --warning: #8a5300; --info: #2c5d8a;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; scroll-padding-top: 1rem; }
body {
  margin: 0; color: var(--fg); background: #fff;
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue",
    Arial, sans-serif;
}
code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas,
  "Liberation Mono", monospace; font-size: 0.875em; }
a { color: var(--link); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
a code { color: inherit; }
.layout { display: grid; grid-template-columns: 18rem minmax(0, 1fr); }
nav#toc {
  position: sticky; top: 0; height: 100vh; overflow-y: auto; padding: 1.5rem 1rem 2rem 1.25rem;
  background: var(--soft); border-right: 1px solid var(--rule); font-size: 0.8125rem;
  line-height: 1.45;
}
.toc-title { margin: 0 0 0.5rem; font-weight: 700; font-size: 0.75rem; letter-spacing: 0.06em;
  text-transform: uppercase; color: var(--muted); }
nav#toc ol { list-style: none; margin: 0; padding: 0; }
nav#toc ol ol { padding-left: 0.9rem; margin: 0.15rem 0 0.4rem; border-left: 1px solid var(--rule); }
nav#toc li { margin: 0.1rem 0; }
nav#toc > ol > li > a { font-weight: 600; }
nav#toc code { font-size: 0.95em; }
main { max-width: 64rem; padding: 2rem 3rem 4rem; min-width: 0; }
header { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; }
.kicker { margin: 0; color: var(--muted); font-size: 0.8125rem; letter-spacing: 0.06em;
  text-transform: uppercase; font-weight: 600; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0.25rem 0 0.25rem; color: var(--accent);
  font-weight: 700; }
.subtitle { margin: 0 0 1rem; font-size: 1.15rem; color: var(--muted); font-style: italic; }
h2 { font-size: 1.6rem; line-height: 1.25; color: var(--accent); margin: 3rem 0 1rem;
  padding-bottom: 0.3rem; border-bottom: 2px solid var(--rule); }
.abstract h2 { font-size: 1.2rem; border: 0; margin: 1.5rem 0 0.5rem; padding: 0; }
h3 { font-size: 1.25rem; margin: 2.25rem 0 0.5rem; line-height: 1.3; }
h3.group { font-size: 1.35rem; color: var(--fg); margin-top: 2.5rem; }
h4 { font-size: 1.05rem; margin: 0 0 0.2rem; }
h2 .sv, h3 .sv { font-weight: 400; color: var(--muted); font-size: 0.75em; margin-left: 0.4rem; }
p { margin: 0.4rem 0; }
.lead p { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 0.9375rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem;
  border-bottom: 1px solid var(--rule); }
thead th { background: var(--soft); border-bottom: 2px solid var(--rule); font-size: 0.8125rem;
  text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
table.facts th { width: 10.5rem; color: var(--muted); font-weight: 600; font-size: 0.875rem; }
table.facts td, table.facts th { padding: 0.3rem 0.6rem 0.3rem 0; }
table.facts tr:last-child th, table.facts tr:last-child td { border-bottom: 0; }
table.meta { margin-top: 1rem; }
table.list:not(.shapes) tbody tr:nth-child(even), table.shapes tbody:nth-of-type(even) tr {
  background: #fafbfc; }
td p { margin: 0.15rem 0; }
.index { line-height: 2; font-size: 0.9375rem; }
.term, .shape, .scheme {
  border: 1px solid var(--rule); border-radius: 6px; padding: 0.9rem 1.25rem 0.5rem;
  margin: 1.25rem 0; background: #fff;
}
.term:target, .shape:target, .scheme:target, tr:target, tbody:target tr { background: var(--mark); }
.shape h3, .scheme h3 { margin-top: 0; }
.badge { display: inline-block; font: 600 0.6875rem/1.6 system-ui, sans-serif;
  letter-spacing: 0.05em; text-transform: uppercase; background: #e6eef7; color: var(--accent);
  padding: 0 0.45rem; border-radius: 3px; vertical-align: 0.15em; margin-left: 0.25rem; }
.labels { margin: 0 0 0.4rem; color: var(--muted); }
.labels span.t + span.t { margin-left: 1rem; }
.t[lang]::before, span.t[lang]::before {
  content: attr(lang); display: inline-block; min-width: 1.5rem; margin-right: 0.35rem;
  font: 600 0.625rem/1.5 system-ui, sans-serif; text-transform: uppercase; text-align: center;
  color: var(--muted); border: 1px solid var(--rule); border-radius: 3px; vertical-align: 0.15em;
}
.notes { margin: 0.3rem 0 0.5rem; }
.note-head { font-weight: 600; font-size: 0.8125rem; color: var(--muted); margin-top: 0.4rem; }
.iri, code.iri { color: var(--muted); font-size: 0.8125rem; overflow-wrap: anywhere; }
a.iri code { color: var(--link); }
td .iri { margin-top: 0.2rem; }
.alt { color: var(--muted); font-size: 0.875rem; }
.rel { display: inline-block; min-width: 4.5rem; color: var(--muted); font-size: 0.8125rem; }
.notation { font: 600 0.8125rem/1.4 ui-monospace, monospace; background: var(--soft);
  border: 1px solid var(--rule); border-radius: 3px; padding: 0 0.35rem; margin-left: 0.3rem; }
.path { color: var(--muted); font-size: 0.875rem; }
.path a, .path code { color: var(--fg); }
ul.req { margin: 0; padding-left: 1.1rem; }
ul.req li { margin: 0.05rem 0; }
table.shapes td:first-child { width: 27%; }
table.shapes td:nth-child(2) { width: 27%; }
table.shapes td:nth-child(3) { width: 8%; }
table.concepts td:first-child { width: 20%; }
table.concepts td:nth-child(2) { width: 22%; }
table.concepts td:nth-child(4) { width: 22%; }
.sev { font-weight: 600; font-size: 0.8125rem; }
.sev-violation { color: var(--violation); }
.sev-warning { color: var(--warning); }
.sev-info { color: var(--info); }
.sparql { border-top: 1px dashed var(--rule); margin: 0.75rem 0 0.5rem; padding-top: 0.6rem; }
.sparql-head .badge { margin-left: 0; margin-right: 0.4rem; }
.summary { color: var(--muted); font-size: 0.875rem; }
details { margin: 0.4rem 0 0.6rem; }
summary { cursor: pointer; color: var(--link); font-size: 0.875rem; }
pre { background: var(--soft); border: 1px solid var(--rule); border-radius: 4px;
  padding: 0.75rem 1rem; overflow-x: auto; line-height: 1.45; }
.vocab h4 { margin-top: 1.5rem; }
.vocab td:first-child { width: 24%; }
.vocab td:nth-child(2) { width: 10%; }
footer { margin-top: 4rem; padding-top: 1rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: 0.8125rem; }
@media (max-width: 56rem) {
  .layout { display: block; }
  nav#toc { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--rule); }
  nav#toc ol.terms { display: none; }
  main { padding: 1.25rem; }
  table.facts th { width: 8rem; }
}
@media print {
  nav#toc { display: none; }
  .layout { display: block; }
  .term, .shape, .scheme { break-inside: avoid; }
}
"""
