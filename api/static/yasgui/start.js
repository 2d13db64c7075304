// Starts YASGUI on the page's #yasgui element, against this server's SPARQL endpoint only.
// Kept out of the page so that its Content-Security-Policy can refuse every inline script; the
// page passes the endpoint's path (behind a proxy it is not always /sparql) and the opening
// example as data attributes.
(function () {
  "use strict";
  var element = document.getElementById("yasgui");
  var endpoint = new URL(element.dataset.endpoint, document.location.href).href;
  element.textContent = ""; // the "loading" note
  // Nothing may be fetched from elsewhere. Out of the box YASQE's class and property
  // completers ask Linked Open Vocabularies (lov.linkeddata.es), and the prefix completer asks
  // prefix.cc when `prefixCcApi` is set. Keep the two that work from what the page holds: the
  // prefixes bundled in the script, and the query's own variables. Set on the defaults too,
  // since YASGUI merges arrays by position, which would keep the defaults' later entries.
  var completers = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.autocompleters = completers.slice();
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  Yasgui.defaults.yasqe.autocompleters = completers.slice();
  new Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    // The endpoint box offers this server's endpoint only, not the public ones it lists.
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: endpoint }];
      },
    },
    copyEndpointOnNewTab: true,
    corsProxy: undefined,
    autofocus: false,
    yasqe: {
      value: element.dataset.example,
      autocompleters: completers.slice(),
      prefixCcApi: null,
      createShortLink: undefined,
    },
  });
  element.removeAttribute("aria-busy");

  // YASGUI's own markup leaves a few things out that screen readers and keyboards need (axe
  // reports them): names for the endpoint box and the query editor, a way into the editor's
  // scrolling area by keyboard, and a role for the "+" button it puts among its tabs. Mended
  // here, and again whenever YASGUI redraws a part (a new tab, a new editor).
  function name(selector, label) {
    element.querySelectorAll(selector).forEach(function (node) {
      if (!node.getAttribute("aria-label")) node.setAttribute("aria-label", label);
    });
  }
  function mend() {
    name("input.autocomplete", element.dataset.endpointLabel || "SPARQL endpoint");
    name(".CodeMirror textarea", element.dataset.editorLabel || "SPARQL query");
    element.querySelectorAll(".CodeMirror-scroll").forEach(function (node) {
      node.setAttribute("tabindex", "0");
    });
    element.querySelectorAll('[role="tablist"] button.addTab').forEach(function (node) {
      node.setAttribute("role", "tab");
      node.setAttribute("aria-selected", "false");
    });
  }
  mend();
  new MutationObserver(mend).observe(element, { childList: true, subtree: true });
})();
