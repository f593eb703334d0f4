/**
 * A self-contained HTML page: the scenario × adapter matrix, filters by topic, profile and
 * verdict, and for any cell the expectation, what happened, the differences and the operations
 * the authenticator sent. No external resource; the data is embedded as JSON and put on the page
 * with textContent only, so hostile scenario names stay text.
 */
import type { ConformanceReport } from '../runner.js';
import { describeExpectation, describeOperation, describeOutcome } from './describe.js';

interface Cell {
  readonly verdict: string;
  readonly actual: string;
  readonly differences: readonly string[];
  readonly operations: readonly string[];
  readonly ms: number;
}

interface Row {
  readonly id: string;
  readonly topic: string;
  readonly profile: string;
  readonly why: string;
  readonly expected: string;
  /** Per adapter, in the order of `adapters`. */
  readonly cells: readonly (Cell | null)[];
}

export function htmlReport(reports: readonly ConformanceReport[], options: { title?: string } = {}): string {
  const adapters = reports.map((report) => ({ name: report.adapter, counts: report.counts }));
  const rows = new Map<string, Row>();
  reports.forEach((report, column) => {
    for (const result of report.results) {
      let row = rows.get(result.id);
      if (!row) {
        row = {
          id: result.id,
          topic: result.topic,
          profile: result.profile,
          why: result.why,
          expected: describeExpectation(result.expected),
          cells: reports.map(() => null),
        };
        rows.set(result.id, row);
      }
      (row.cells as (Cell | null)[])[column] = {
        verdict: result.verdict,
        actual: describeOutcome(result.outcome),
        differences: result.differences,
        operations: result.operations.map(describeOperation),
        ms: result.durationMs,
      };
    }
  });
  const data = JSON.stringify({
    adapters,
    rows: [...rows.values()],
    generated: new Date().toISOString(),
  }).replace(/</g, '\\u003c');
  const title = options.title ?? 'ldapmock conformance';
  return PAGE.replaceAll('%TITLE%', () => escapeHtml(title)).replace('%DATA%', () => data);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%TITLE%</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1b1f24; }
  header { padding: 12px 20px; background: #24292f; color: #fff; }
  header h1 { font-size: 18px; margin: 0 0 6px; }
  .summary span { margin-right: 18px; }
  .controls { padding: 10px 20px; border-bottom: 1px solid #d0d7de; display: flex; gap: 12px; flex-wrap: wrap; }
  main { display: flex; align-items: flex-start; }
  .matrix { flex: 1; overflow: auto; max-height: calc(100vh - 120px); }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #eaeef2; padding: 3px 8px; text-align: left; white-space: nowrap; }
  thead th { position: sticky; top: 0; background: #f6f8fa; }
  td.cell { text-align: center; cursor: pointer; font-weight: 600; }
  td.pass { color: #1a7f37; } td.fail { color: #cf222e; background: #ffebe9; } td.not-applicable { color: #8c959f; }
  td.selected { outline: 2px solid #0969da; }
  .topic { color: #57606a; font-size: 12px; }
  aside { width: 42%; padding: 12px 20px; border-left: 1px solid #d0d7de; max-height: calc(100vh - 120px); overflow: auto; }
  aside h2 { font-size: 15px; margin: 0 0 8px; word-break: break-all; }
  aside dt { font-weight: 600; margin-top: 8px; } aside dd { margin: 2px 0 0; word-break: break-word; }
  pre { background: #f6f8fa; padding: 8px; overflow: auto; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
</style>
</head>
<body>
<header><h1>%TITLE%</h1><div class="summary" id="summary"></div></header>
<div class="controls">
  <label>Topic <select id="topic"><option value="">all</option></select></label>
  <label>Profile <select id="profile"><option value="">all</option></select></label>
  <label><input type="checkbox" id="failures"> failures only</label>
  <label>Search <input type="search" id="search" placeholder="scenario id"></label>
  <span id="shown"></span>
</div>
<main>
  <div class="matrix"><table><thead><tr id="head"><th>scenario</th></tr></thead><tbody id="rows"></tbody></table></div>
  <aside id="details"><p>Click a cell to see what was expected, what happened and what the authenticator asked the server.</p></aside>
</main>
<script type="application/json" id="data">%DATA%</script>
<script>
(() => {
  const data = JSON.parse(document.getElementById('data').textContent);
  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value; else if (key === 'className') node.className = value; else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const summary = document.getElementById('summary');
  for (const adapter of data.adapters) {
    const c = adapter.counts;
    summary.append(el('span', { text: adapter.name + ': ' + c.pass + ' pass, ' + c.fail + ' fail, ' + c.notApplicable + ' n/a' }));
  }
  const head = document.getElementById('head');
  data.adapters.forEach((adapter) => head.append(el('th', { text: adapter.name })));
  const fill = (id, values) => {
    const select = document.getElementById(id);
    for (const value of [...new Set(values)].sort()) select.append(el('option', { value, text: value }));
  };
  fill('topic', data.rows.map((row) => row.topic));
  fill('profile', data.rows.map((row) => row.profile));
  const label = { pass: '✓', fail: '✗', 'not-applicable': 'n/a' };
  const tbody = document.getElementById('rows');
  const details = document.getElementById('details');
  let selected;
  const show = (row, column, td) => {
    if (selected) selected.classList.remove('selected');
    selected = td; td.classList.add('selected');
    const cell = row.cells[column];
    const adapter = data.adapters[column].name;
    const items = [
      ['adapter', adapter], ['verdict', cell.verdict], ['profile', row.profile], ['why', row.why],
      ['expected', row.expected], ['actual', cell.actual],
    ];
    const list = el('dl');
    for (const [term, text] of items) list.append(el('dt', { text: term }), el('dd', { text }));
    if (cell.differences.length) list.append(el('dt', { text: cell.verdict === 'not-applicable' ? 'reason' : 'differences' }), el('dd', {}, [el('pre', { text: cell.differences.join('\\n') })]));
    list.append(el('dt', { text: 'operations the server handled (' + cell.operations.length + ')' }), el('dd', {}, [el('pre', { text: cell.operations.join('\\n') || 'none' })]));
    details.replaceChildren(el('h2', { text: row.id }), list);
  };
  for (const row of data.rows) {
    const tr = el('tr', { 'data-id': row.id, 'data-topic': row.topic, 'data-profile': row.profile });
    tr.append(el('th', {}, [el('div', { text: row.id }), el('div', { className: 'topic', text: row.topic + ' · ' + row.profile })]));
    row.cells.forEach((cell, column) => {
      const td = el('td', { className: 'cell ' + (cell ? cell.verdict : ''), text: cell ? label[cell.verdict] : '' });
      if (cell) { td.title = cell.verdict; td.addEventListener('click', () => show(row, column, td)); }
      tr.append(td);
    });
    tr.dataset.fail = row.cells.some((cell) => cell && cell.verdict === 'fail') ? '1' : '0';
    tbody.append(tr);
  }
  const apply = () => {
    const topic = document.getElementById('topic').value;
    const profile = document.getElementById('profile').value;
    const failures = document.getElementById('failures').checked;
    const search = document.getElementById('search').value.toLowerCase();
    let shown = 0;
    for (const tr of tbody.children) {
      const visible = (!topic || tr.dataset.topic === topic) && (!profile || tr.dataset.profile === profile)
        && (!failures || tr.dataset.fail === '1') && (!search || tr.dataset.id.toLowerCase().includes(search));
      tr.hidden = !visible;
      if (visible) shown++;
    }
    document.getElementById('shown').textContent = shown + ' of ' + data.rows.length + ' scenarios';
  };
  for (const id of ['topic', 'profile', 'failures', 'search']) document.getElementById(id).addEventListener('input', apply);
  apply();
})();
</script>
</body>
</html>
`;
