"""The consultation report (remissammanställning): drafted from the graph through the API's
GraphQL (`gather`), arranged section by section of the version sent (`model`), and rendered
as HTML, PDF, Markdown or DOCX (`formats`), by `kg report` and at /report/<consultation>."""
