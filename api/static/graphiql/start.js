// Starts GraphiQL on the page's #graphiql element. Kept out of the page so that its
// Content-Security-Policy can refuse every inline script; the page passes the endpoint's
// path (behind a proxy it is not always /graphql) and the opening example as data attributes.
(function () {
  "use strict";
  var element = document.getElementById("graphiql");
  var fetcher = GraphiQL.createFetcher({ url: element.dataset.endpoint });
  ReactDOM.createRoot(element).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: element.dataset.example,
      defaultEditorToolsVisibility: true,
    })
  );
})();
