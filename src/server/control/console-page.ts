/**
 * The web console: one self-contained page (no build step, no third-party code), served by the
 * control endpoint. It follows the journal over server-sent events, browses the directory, and
 * switches faults; every value reaches the page through textContent, never as markup.
 */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ldapmock console</title>
<style>
  body { font: 13px/1.4 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f8fa; }
  header { display: flex; gap: 12px; align-items: center; padding: 8px 14px; background: #24292f; color: #fff; }
  header h1 { font-size: 15px; margin: 0 12px 0 0; }
  header input { width: 260px; }
  #status { margin-left: auto; font-size: 12px; opacity: .8; }
  main { display: grid; grid-template-columns: minmax(380px, 3fr) 2fr; gap: 10px; padding: 10px; height: calc(100vh - 60px); box-sizing: border-box; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; overflow: auto; padding: 8px; }
  h2 { font-size: 13px; margin: 0 0 6px; }
  .op { font-family: ui-monospace, monospace; font-size: 12px; padding: 2px 4px; border-bottom: 1px solid #eaeef2; cursor: pointer; white-space: pre-wrap; word-break: break-all; }
  .op.failed { color: #a40e26; }
  .op.empty { color: #9a6700; }
  .op-details { font-family: ui-monospace, monospace; font-size: 12px; background: #f6f8fa; margin: 2px 0 6px 16px; padding: 6px; white-space: pre-wrap; word-break: break-all; }
  .explanation { color: #0550ae; font-weight: 600; }
  .node { cursor: pointer; font-family: ui-monospace, monospace; font-size: 12px; }
  .node:hover, .op:hover { background: #f3f4f6; }
  ul.tree { list-style: none; padding-left: 14px; margin: 0; }
  table { border-collapse: collapse; width: 100%; font-family: ui-monospace, monospace; font-size: 12px; }
  td { border-top: 1px solid #eaeef2; padding: 2px 4px; vertical-align: top; word-break: break-all; }
  tr.computed td:first-child::after { content: " (computed)"; color: #8250df; }
  .split { display: grid; grid-template-rows: 1fr 1fr; gap: 10px; min-height: 0; }
</style>
</head>
<body>
<header>
  <h1>ldapmock</h1>
  <span>faults: <b id="faults">…</b></span>
  <input id="fault-input" placeholder="busy latency=200ms drop-after=3">
  <button id="fault-set">set faults</button>
  <button id="fault-clear">clear</button>
  <span id="status">connecting…</span>
</header>
<main>
  <section>
    <h2>Journal <input id="journal-filter" placeholder="filter: bind, uid=alice, invalidCredentials…"></h2>
    <div id="journal"></div>
  </section>
  <div class="split">
    <section><h2>Directory</h2><ul class="tree" id="tree"></ul></section>
    <section><h2 id="entry-dn">Entry</h2><table id="entry"></table></section>
  </div>
</main>
<script>
"use strict";
const journal = document.getElementById("journal");
const filterInput = document.getElementById("journal-filter");
const statusText = document.getElementById("status");

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function getJSON(path, init) {
  const response = await fetch(path, init);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function summary(op) {
  const parts = ["#" + op.seq, "conn=" + op.connection, op.operation];
  if (op.operation === "extended") parts.push(op.extendedName || op.target);
  else parts.push(JSON.stringify(op.target));
  if (op.filter) parts.push(op.filter);
  if (op.scope) parts.push("scope=" + op.scope);
  if (op.credentials) parts.push("password=" + op.credentials);
  parts.push("→ " + op.result + " (" + op.code + ")");
  if (op.entries !== undefined) parts.push("entries=" + op.entries);
  parts.push(op.tls ? "[TLS]" : "[clear]");
  return parts.join(" ");
}

function details(op) {
  const box = el("div", "op-details");
  if (op.explanation) box.append(el("div", "explanation", "why: " + op.explanation.summary));
  if (op.explanation && op.explanation.closest) {
    for (const near of op.explanation.closest) {
      box.append(el("div", "", "closest: " + near.dn));
      for (const miss of near.failed) {
        box.append(el("div", "", "  " + miss.item + " is " + (miss.truth === false ? "false" : "undefined") + "; the entry has " + (miss.values.length ? miss.values.join(", ") : "no value")));
      }
    }
  }
  const shown = Object.assign({}, op);
  delete shown.explanation;
  box.append(el("div", "", JSON.stringify(shown, null, 2)));
  return box;
}

function matchesFilter(row) {
  const words = filterInput.value.toLowerCase().split(/\\s+/).filter(Boolean);
  const text = row.dataset.text;
  return words.every((word) => text.includes(word));
}

function addOperation(op) {
  const row = el("div", "op" + (op.code !== 0 ? " failed" : op.entries === 0 ? " empty" : ""), summary(op));
  row.dataset.seq = String(op.seq);
  row.dataset.text = (summary(op) + " " + (op.explanation ? op.explanation.summary : "")).toLowerCase();
  row.hidden = !matchesFilter(row);
  row.addEventListener("click", () => {
    const next = row.nextSibling;
    if (next && next.classList && next.classList.contains("op-details")) next.remove();
    else row.after(details(op));
  });
  journal.append(row);
}

filterInput.addEventListener("input", () => {
  for (const row of journal.querySelectorAll(".op")) {
    row.hidden = !matchesFilter(row);
    const next = row.nextSibling;
    if (row.hidden && next && next.classList && next.classList.contains("op-details")) next.remove();
  }
});

function follow() {
  const events = new EventSource("/api/events");
  events.onopen = () => {
    journal.replaceChildren();
    statusText.textContent = "live";
  };
  events.onmessage = (message) => addOperation(JSON.parse(message.data));
  events.onerror = () => {
    statusText.textContent = "reconnecting…";
  };
}

async function showEntry(dn) {
  const table = document.getElementById("entry");
  document.getElementById("entry-dn").textContent = dn;
  table.replaceChildren();
  try {
    const entry = await getJSON("/api/entry?dn=" + encodeURIComponent(dn));
    for (const attribute of entry.attributes) {
      const row = el("tr", attribute.computed ? "computed" : "");
      row.dataset.type = attribute.type;
      row.append(el("td", "", attribute.type), el("td", "", attribute.values.join("\\n")));
      table.append(row);
    }
  } catch (error) {
    table.append(el("tr", "", String(error.message)));
  }
}

async function expand(dn, list) {
  const { children } = await getJSON("/api/tree?dn=" + encodeURIComponent(dn));
  for (const child of children) {
    const item = el("li");
    const label = el("span", "node", (child.hasChildren ? "▸ " : "  ") + child.dn);
    label.dataset.dn = child.dn;
    let open = null;
    label.addEventListener("click", async () => {
      showEntry(child.dn);
      if (!child.hasChildren) return;
      if (open) {
        open.remove();
        open = null;
        return;
      }
      open = el("ul", "tree");
      item.append(open);
      await expand(child.dn, open);
    });
    item.append(label);
    list.append(item);
  }
}

async function showFaults(body) {
  document.getElementById("faults").textContent = body.faults.length ? body.faults.join(" ") : "none";
}

document.getElementById("fault-set").addEventListener("click", async () => {
  const words = document.getElementById("fault-input").value;
  try {
    showFaults(await getJSON("/faults", { method: "PUT", body: words }));
  } catch (error) {
    document.getElementById("faults").textContent = "error: " + error.message;
  }
});
document.getElementById("fault-clear").addEventListener("click", async () => {
  showFaults(await getJSON("/faults", { method: "DELETE" }));
});

getJSON("/faults").then(showFaults);
expand("", document.getElementById("tree"));
follow();
</script>
</body>
</html>
`;
