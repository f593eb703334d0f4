/**
 * The web console in a real browser (Debian's chromium, headless, driven by playwright-core):
 * `ldapmock serve --console` as a user starts it, our authenticator logs in through ldapts, and
 * the page shows the bind and the searches live, explains a search that found nobody, browses the
 * directory with computed attributes, and switches a fault. No password reaches the page.
 * Screenshots are kept in artifacts/ for CI.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { LdapAuthenticator } from '../../src/client/index.js';
import { OPENLDAP as OL } from '../../src/conformance/catalogue/directories.js';
import { launchChromium } from './chromium.js';
import { type DevServerProcess, startDevServer } from './dev-server-process.js';

const artifacts = new URL('../../artifacts/', import.meta.url);
let browser: Browser;
let server: DevServerProcess;
let certDir: string;
let consoleUrl: string;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'ldapmock-console-'));
  server = await startDevServer({
    port: await freePort(),
    ldapsPort: await freePort(),
    certDir,
    extraArgs: ['--console'],
  });
  const printed = /console:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(server.output());
  if (!printed) throw new Error(`no console URL in the banner:\n${server.output()}`);
  consoleUrl = printed[1]!;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

async function openConsole(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    httpCredentials: { username: OL.admin, password: OL.adminPassword },
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(consoleUrl);
  await expect.poll(() => page.locator('#status').textContent()).toBe('live');
  return { page, errors };
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: new URL(name, artifacts).pathname, fullPage: true });
}

describe('the web console', () => {
  it('shows a login through our authenticator live: the binds and the searches, no password', async () => {
    const { page, errors } = await openConsole();
    const authenticator = new LdapAuthenticator({
      url: server.url,
      binddn: OL.admin,
      bindpass: OL.adminPassword,
      userdn: OL.people,
      userattr: 'uid',
      groupdn: OL.groups,
    });
    const result = await authenticator.login('alice', OL.alicePassword);
    expect(result.groups).toContain('developers');

    const rows = page.locator('#journal .op');
    await expect
      .poll(() => rows.allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            new RegExp(`BIND|bind "${OL.alice}" password=<redacted, 14 bytes> → success \\(0\\)`),
          ),
          expect.stringMatching(
            /search "ou=people,dc=example,dc=org" \(uid=alice\) scope=sub → success \(0\) entries=1/,
          ),
        ]),
      );
    const texts = (await rows.allTextContents()).join('\n');
    expect(texts).toMatch(/search "ou=groups,dc=example,dc=org" .*→ success \(0\) entries=\d/);
    expect(await page.content()).not.toContain(OL.alicePassword);
    await screenshot(page, 'console-journal.png');

    // Filtering the list, and opening the user's bind.
    await page.fill('#journal-filter', 'uid=alice');
    await expect.poll(() => page.locator('#journal .op:not([hidden])').count()).toBeGreaterThan(0);
    const visible = await page.locator('#journal .op:not([hidden])').allTextContents();
    expect(visible.every((text) => text.toLowerCase().includes('uid=alice'))).toBe(true);
    await page.fill('#journal-filter', '');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('explains a search that found nobody when its row is opened', async () => {
    const { page, errors } = await openConsole();
    const client = new Client({ url: server.url });
    await client.bind(OL.alice, OL.alicePassword);
    await client.search(OL.base, { filter: '(&(objectClass=person)(uid=alcie))' });
    await client.unbind();
    const row = page.locator('#journal .op', { hasText: '(uid=alcie)' });
    await expect.poll(() => row.count()).toBe(1);
    await row.click();
    const details = page.locator('#journal .op-details');
    await expect
      .poll(() => details.locator('.explanation').textContent())
      .toBe(
        `why: no entry in scope matches (&(objectClass=person)(uid=alcie)); the closest is ${OL.alice}, where (uid=alcie) is false (uid: alice)`,
      );
    await screenshot(page, 'console-explanation.png');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('browses the tree to an entry with memberOf computed, and switches a fault', async () => {
    const { page, errors } = await openConsole();
    await page.locator('.node', { hasText: OL.base }).first().click();
    await page.locator('.node', { hasText: OL.people }).first().click();
    await page.locator(`.node[data-dn="${OL.alice}"]`).click();
    await expect.poll(() => page.locator('#entry-dn').textContent()).toBe(OL.alice);
    const memberOf = page.locator('#entry tr[data-type="memberOf"]');
    await expect.poll(() => memberOf.textContent()).toContain(`cn=developers,${OL.groups}`);
    expect(await memberOf.getAttribute('class')).toBe('computed');
    await expect
      .poll(() => page.locator('#entry tr[data-type="userPassword"]').textContent())
      .toMatch(/<redacted, \d+ bytes>/);
    await screenshot(page, 'console-entry.png');

    await page.fill('#fault-input', 'busy');
    await page.click('#fault-set');
    await expect.poll(() => page.locator('#faults').textContent()).toBe('busy');
    const refused = new Client({ url: server.url });
    await expect(refused.bind(OL.alice, OL.alicePassword)).rejects.toThrow(/busy|0x33/i);
    await refused.unbind().catch(() => undefined);
    await page.click('#fault-clear');
    await expect.poll(() => page.locator('#faults').textContent()).toBe('none');
    expect(errors).toEqual([]);
    // The banner names the fixture's well-known passwords; the operation log after it never does.
    const log = server.output().split('Ctrl-C stops the server.')[1]!;
    expect(log).toMatch(
      /BIND dn="uid=alice,ou=people,dc=example,dc=org" method=simple password=<redacted, 14 bytes>/,
    );
    expect(log).not.toContain(OL.alicePassword);
    await page.context().close();
  });
});
