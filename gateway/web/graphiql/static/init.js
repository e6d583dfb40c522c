// Starts GraphiQL on the gateway's own page. A file, not an inline script, so that the page's
// Content-Security-Policy can stay at script-src 'self'. Queries go to the page's own URL.
(function () {
  "use strict";
  var DEFAULT_QUERY = [
    "# Flatchr gateway: Ctrl-Enter (or the run button) sends the query.",
    "# Outside demo mode, add a client key in the Headers tab below:",
    '#   {"Authorization": "Bearer <key>", "X-Integration-Id": "<integration>"}',
    "{",
    "  jobs(first: 5) {",
    "    totalCount",
    "    edges { node { name status applications(first: 3) { totalCount } } }",
    "  }",
    "}",
    "",
  ].join("\n");
  var url = window.location.origin + window.location.pathname;
  var fetcher = GraphiQL.createFetcher({ url: url });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: DEFAULT_QUERY,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      // Client keys typed in the Headers tab stay out of localStorage.
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    }),
  );
})();
