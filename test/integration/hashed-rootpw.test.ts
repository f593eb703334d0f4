import { join } from 'node:path';
import { Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { servedFolders } from './served-folders.js';

/** `slappasswd -h {SSHA} -s 'Good News, Everyone!'`. */
const HASH = '{SSHA}ujaqbu7QUGwXyd5I2HZSGe+gcTyDxGCN';
const CLEAR = 'Good News, Everyone!';
const ROOT = 'cn=admin,dc=example,dc=org';

const { serve, folder } = servedFolders('rootpw');

/** A folder holding one file. */
function file(name: string, text: string): string {
  return folder({ [name]: text });
}

async function bindCode(url: string, password: string): Promise<number> {
  const client = new Client({ url });
  try {
    await client.bind(ROOT, password);
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  } finally {
    await client.unbind();
  }
}

const config = (rootpw: string) =>
  `dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\nreplace: olcRootPW\nolcRootPW: ${rootpw}\n`;

describe('a hashed olcRootPW in a bootstrap folder', () => {
  it('binds with the clear password, not with the hash nor the image password, and is not named as ignored', async () => {
    const dir = file('01-rootpw.ldif', config(HASH));
    const server = await serve({ bootstrap: { dirs: [dir], env: { LDAP_ADMIN_PASSWORD: 'admin-env' } } });
    expect(await bindCode(server.url, CLEAR)).toBe(0);
    expect(await bindCode(server.url, HASH)).toBe(49);
    expect(await bindCode(server.url, 'admin-env')).toBe(49);
    expect(server.notices).toEqual([]);
  });

  it('a {CRYPT} one is named without its value, and the image password stays', async () => {
    const crypt = '{CRYPT}2lgjLv31E7UKk';
    const dir = file('01-rootpw.ldif', config(crypt));
    const server = await serve({ bootstrap: { dirs: [dir], env: { LDAP_ADMIN_PASSWORD: 'admin-env' } } });
    expect(server.notices).toEqual([
      'ignored: olcRootPW in 01-rootpw.ldif:1: its {CRYPT} scheme is not emulated',
    ]);
    expect(await bindCode(server.url, 'admin-env')).toBe(0);
  });
});

describe("a slapd.conf's hashed rootpw", () => {
  it('binds with the clear password and refuses a wrong one with 49', async () => {
    const dir = file(
      'slapd.conf',
      `database mdb\nsuffix "dc=example,dc=org"\nrootdn "${ROOT}"\nrootpw ${HASH}\n`,
    );
    const server = await serve({ slapdConf: join(dir, 'slapd.conf') });
    expect(await bindCode(server.url, CLEAR)).toBe(0);
    expect(await bindCode(server.url, 'good news, everyone!')).toBe(49);
    expect(server.notices.join('\n')).not.toContain(HASH.slice(6));
  });

  it('a scheme it cannot check is named without its value', async () => {
    const dir = file(
      'slapd.conf',
      `database mdb\nrootdn "${ROOT}"\nrootpw {PBKDF2-SHA512}10000$c2FsdA$aGFzaA\n`,
    );
    const server = await serve({ slapdConf: join(dir, 'slapd.conf'), ldif: [] });
    expect(server.notices).toEqual([
      'ignored: rootpw in slapd.conf:3: its {PBKDF2-SHA512} scheme is not emulated',
    ]);
  });
});
