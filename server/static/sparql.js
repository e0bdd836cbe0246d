/* The SPARQL query page: example menu, results table, downloads; the Yasqe editor when
   loaded (window.Yasqe), else the plain textarea. Data is only ever written with
   textContent / attributes, never as HTML. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var S = config.strings;
  var form = document.getElementById("sparql-form");
  var textarea = document.getElementById("sparql-query");
  var menu = document.getElementById("sparql-example");
  var answers = document.getElementById("sparql-answers");
  var section = document.getElementById("sparql-results");
  var status = document.getElementById("sparql-status");
  var downloads = document.getElementById("sparql-downloads");
  var output = document.getElementById("sparql-output");
  var MAX_ROWS = 1000;
  var examples = {};
  var running = null;

  // The editor: Yasqe if its script loaded, else the textarea itself.
  var editor = {
    get: function () { return textarea.value; },
    set: function (text) { textarea.value = text; }
  };
  if (window.Yasqe) {
    try {
      // Prefix completion from our prefixes only (not kept in localStorage); no remote vocabulary look-ups.
      window.Yasqe.forkAutocompleter("prefixes", {
        name: "ogpgraphPrefixes",
        persistenceId: null,
        get: function () {
          return Promise.resolve(Object.keys(config.names).sort().map(function (p) {
            return p + ": <" + config.names[p] + ">";
          }));
        }
      }, false);
      window.Yasqe.defaults.autocompleters = ["ogpgraphPrefixes", "variables"];
      var yasqe = new window.Yasqe(document.getElementById("sparql-editor"), {
        value: textarea.value,
        persistenceId: null,
        consumeShareLink: null,
        createShareableLink: null,
        showQueryButton: false,
        requestConfig: {endpoint: config.endpoint},
        editorHeight: "22rem",
        screenReaderLabel: S.query,
        extraKeys: {"Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); }}
      });
      textarea.hidden = true;
      textarea.disabled = true; // the editor's text is what runs
      editor = {
        get: function () { return yasqe.getValue(); },
        set: function (text) { yasqe.setValue(text); }
      };
    } catch (err) {
      if (window.console) console.warn("query editor unavailable, using the plain text area", err);
    }
  }
  // The endpoint's address as this browser reaches it (the page itself is the same for every host)
  document.getElementById("sparql-endpoint").textContent = location.origin + config.endpoint;

  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });

  // Example menu: options are in the page; their text comes from /sparql/examples.
  fetch(config.examples, {headers: {Accept: "application/json"}})
    .then(function (r) { return r.ok ? r.json() : []; })
    .then(function (list) {
      list.forEach(function (ex) { examples[ex.name] = ex; });
      menu.dataset.ready = "true";
    })
    .catch(function () { menu.dataset.ready = "false"; });
  menu.addEventListener("change", function () {
    var ex = examples[menu.value];
    answers.hidden = !(ex && ex.answers);
    answers.textContent = ex ? ex.answers : "";
    if (ex) editor.set(ex.query);
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  // Where a link to an IRI goes: ours to this server's page, other web IRIs as they are, others nowhere.
  function localHref(iri) {
    if (iri.indexOf(config.base) === 0) return "/" + iri.slice(config.base.length);
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function shorten(iri) {
    for (var p in config.names) {
      var ns = config.names[p];
      var local = iri.slice(ns.length);
      if (iri.indexOf(ns) === 0 && /^[\w.-]*$/.test(local) && !/\.$/.test(local)) return p + ":" + local;
    }
    return "<" + iri + ">";
  }

  // One RDF term ({type, value, "xml:lang", datatype} as in SPARQL JSON results) as a node.
  function term(t) {
    if (!t) return el("span");
    if (t.type === "uri") {
      var href = localHref(t.value);
      var a = el(href ? "a" : "span", shorten(t.value), "iri");
      if (href) a.href = href;
      a.title = t.value;
      return a;
    }
    if (t.type === "bnode") return el("span", "_:" + t.value, "bnode");
    if (t.type === "triple") {
      var quoted = el("span", null, "triple");
      quoted.append("<< ", term(t.value.subject), " ", term(t.value.predicate), " ", term(t.value.object), " >>");
      return quoted;
    }
    var span = el("span", null, "literal");
    span.appendChild(el("span", t.value, "value"));
    if (t["xml:lang"]) span.appendChild(el("small", "@" + t["xml:lang"], "lang"));
    else if (t.datatype && t.datatype !== "http://www.w3.org/2001/XMLSchema#string") {
      span.appendChild(el("small", "^^" + shorten(t.datatype), "datatype"));
    }
    return span;
  }

  function table(columns, rows) {
    var tbl = el("table", null, "results");
    var head = tbl.createTHead().insertRow();
    columns.forEach(function (c) { var th = el("th", c); th.scope = "col"; head.appendChild(th); });
    var body = tbl.createTBody();
    rows.slice(0, MAX_ROWS).forEach(function (row) {
      var tr = body.insertRow();
      row.forEach(function (cell) { tr.insertCell().appendChild(term(cell)); });
    });
    output.appendChild(tbl);
    if (rows.length > MAX_ROWS) output.appendChild(el("p", format(S.truncated, {shown: MAX_ROWS}), "note"));
  }

  // N-Triples (one triple per line) into terms shaped like SPARQL JSON ones; null if a line does not parse.
  var TERM = /\s*(?:<([^>]*)>|_:([A-Za-z0-9_\-.:]*[A-Za-z0-9_\-:])|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;
  var ESCAPES = {t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\"};
  function unescape(s) {
    return s.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, function (_, u, U, c) {
      return u || U ? String.fromCodePoint(parseInt(u || U, 16)) : (ESCAPES[c] || c);
    });
  }
  function parseNTriples(text) {
    var triples = [];
    var lines = text.split(/\r?\n/);
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      if (!line.trim() || /^\s*#/.test(line)) continue;
      TERM.lastIndex = 0;
      var triple = [];
      for (var k = 0; k < 3; k++) {
        var m = TERM.exec(line);
        if (!m) return null;
        if (m[1] !== undefined) triple.push({type: "uri", value: unescape(m[1])});
        else if (m[2] !== undefined) triple.push({type: "bnode", value: m[2]});
        else {
          var lit = {type: "literal", value: unescape(m[3])};
          if (m[4]) lit["xml:lang"] = m[4];
          if (m[5]) lit.datatype = unescape(m[5]);
          triple.push(lit);
        }
      }
      if (!/^\s*\.\s*(#.*)?$/.test(line.slice(TERM.lastIndex))) return null;
      triples.push(triple);
    }
    return triples;
  }

  function request(query, accept, signal) {
    return fetch(config.endpoint, {
      method: "POST",
      headers: {Accept: accept},
      body: new URLSearchParams({query: query}),
      signal: signal
    });
  }

  function showDownloads(kind, query) {
    downloads.textContent = "";
    downloads.appendChild(document.createTextNode(S.download + " "));
    config.downloads[kind].forEach(function (f, i) {
      if (i) downloads.appendChild(document.createTextNode(" · "));
      var button = el("button", f.label, "link");
      button.type = "button";
      button.dataset.type = f.type;
      button.addEventListener("click", function () {
        request(query, f.type).then(function (r) {
          if (!r.ok) throw new Error(r.status + " " + r.statusText);
          return r.blob();
        }).then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = el("a");
          a.href = url;
          a.download = "results." + f.ext;
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        }).catch(function (err) { status.textContent = format(S.failed, {error: err.message}); });
      });
      downloads.appendChild(button);
    });
  }

  // The address bar keeps the query, so the page can be shared (and reopened: it runs again)
  function remember(query) {
    var params = new URLSearchParams(location.search);
    params.set("query", query);
    history.replaceState(null, "", location.pathname + "?" + params.toString());
  }

  function run() {
    var query = editor.get();
    remember(query);
    if (running) running.abort();
    var controller = running = new AbortController();
    section.hidden = false;
    section.setAttribute("aria-busy", "true");
    status.textContent = S.running;
    downloads.textContent = "";
    output.textContent = "";
    request(query, "application/sparql-results+json, application/n-triples;q=0.9", controller.signal)
      .then(function (r) {
        return r.text().then(function (body) { return {response: r, body: body}; });
      })
      .then(function (res) {
        if (controller !== running) return;
        var type = (res.response.headers.get("Content-Type") || "").split(";")[0].trim();
        if (!res.response.ok) {
          status.textContent = format(S.failed, {error: res.response.status + " " + res.response.statusText});
          output.appendChild(el("pre", res.body, "error"));
          return;
        }
        if (type === "application/sparql-results+json") {
          var data = JSON.parse(res.body);
          if (typeof data.boolean === "boolean") {
            status.textContent = "";
            output.appendChild(el("p", data.boolean ? S["true"] : S["false"], "boolean"));
          } else {
            var vars = data.head.vars || [];
            var rows = data.results.bindings.map(function (b) { return vars.map(function (v) { return b[v]; }); });
            status.textContent = format(S.rows, {n: rows.length});
            table(vars, rows);
          }
          showDownloads("solutions", query);
        } else {
          var triples = parseNTriples(res.body);
          if (triples) {
            status.textContent = format(S.triples, {n: triples.length});
            table(["subject", "predicate", "object"], triples);
          } else {
            status.textContent = "";
            output.appendChild(el("pre", res.body));
          }
          showDownloads("graph", query);
        }
      })
      .catch(function (err) {
        if (err.name === "AbortError") return;
        status.textContent = format(S.failed, {error: err.message});
      })
      .then(function () {
        if (controller === running) { section.removeAttribute("aria-busy"); running = null; }
      });
  }
  if (config.autorun) run();  // opened from a shared /sparql?query=… link
}());
