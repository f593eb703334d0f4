/**
 * The HTML conformance report in a real browser (Debian's chromium, headless, driven by
 * playwright-core): the matrix, the filters, and a failure's details with the operations the
 * authenticator sent. A screenshot is kept in artifacts/ for CI.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinAdapter,
  type ConformanceAdapter,
  ConformanceError,
  htmlReport,
  runConformance,
} from '../../../src/conformance/index.js';
import { launchChromium } from '../chromium.js';

const dir = mkdtempSync(join(tmpdir(), 'ldapmock-html-'));
const artifacts = new URL('../../../artifacts/', import.meta.url);
let browser: Browser;
let file: string;

/** An authenticator that forgets to escape: what the report must show as failures. */
const careless: ConformanceAdapter = {
  name: 'careless <script>',
  async login(config, username, password, context) {
    if (username.includes('*')) throw new ConformanceError('failed', `refused <b>${username}</b>`);
    return builtinAdapter.login(config, username.replace(/\s/g, ''), password, context);
  },
};

beforeAll(async () => {
  const ids = ['escaping/*', 'null-bind/*'];
  const reports = [
    await runConformance({ adapter: builtinAdapter, ids }),
    await runConformance({ adapter: careless, ids }),
  ];
  file = join(dir, 'report.html');
  writeFileSync(file, htmlReport(reports));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report', () => {
  it('shows the matrix, filters it, and opens a failure with expected, actual and operations', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(file).href);

    const headers = await page.locator('thead th').allTextContents();
    expect(headers).toEqual(['scenario', 'ldapmock', 'careless <script>']);
    const summary = await page.locator('#summary').textContent();
    expect(summary).toMatch(/ldapmock: \d+ pass, 0 fail, 0 n\/a/);
    expect(summary).toMatch(/careless <script>: \d+ pass, [1-9]\d* fail/);
    const total = await page.locator('#rows tr').count();
    expect(total).toBeGreaterThan(30);

    await page.selectOption('#topic', 'null-bind');
    const nullBind = await page.locator('#rows tr:not([hidden])').count();
    expect(nullBind).toBeGreaterThan(5);
    expect(nullBind).toBeLessThan(total);
    await page.selectOption('#topic', '');
    await page.check('#failures');
    const failing = page.locator('#rows tr:not([hidden])');
    expect(await failing.count()).toBeGreaterThan(0);
    expect(await page.locator('#rows tr:not([hidden]) td.fail').count()).toBe(await failing.count());

    const row = page.locator('#rows tr[data-id="escaping/user-with-star"]');
    await row.locator('td.fail').click();
    const details = page.locator('#details');
    await expect.poll(() => details.locator('h2').textContent()).toBe('escaping/user-with-star');
    const text = (await details.textContent()) ?? '';
    expect(text).toContain('expected');
    expect(text).toContain('logs in, as uid=star\\2A,ou=people,dc=example,dc=org');
    expect(text).toContain('error failed: refused <b>star*</b>');
    // The operations the authenticator sent: here none reached the server, the careless one refused first.
    expect(text).toMatch(/operations the server handled \(\d+\)/);
    // Hostile text stayed text: no element was injected, no script ran.
    expect(await page.locator('#details b').count()).toBe(0);
    expect(errors).toEqual([]);

    await page.uncheck('#failures');
    await page.locator('#rows tr[data-id="escaping/surrounding-spaces@ad"] td.pass').first().click();
    await expect.poll(async () => (await details.textContent()) ?? '').toContain('#');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: new URL('conformance-report.png', artifacts).pathname, fullPage: true });
    await page.close();
  });
});
