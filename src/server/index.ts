/**
 * startMockServer(): one options object, start/stop, snapshot/restore/reset for fast test
 * isolation. A request flows wire → journal → faults → search limits → profile → directory,
 * each a small layer around the next.
 */

import type { AccessEnvironment } from './access/access-decision.js';
import type { BootstrapOptions } from './bootstrap/bootstrap-folder.js';
import { administratorCheck } from './control/administrator.js';
import type { ControlEndpoint } from './control/control-endpoint.js';
import type { Directory } from './directory/directory.js';
import type { Entry } from './directory/entry.js';
import type { DirectorySnapshot } from './directory/entry-store.js';
import { accessEnvironment } from './engine/access-environment.js';
import { type AuthzRule, Engine } from './engine/engine.js';
import { explainBind, explainSearch } from './engine/explain.js';
import { Fixture } from './fixture-cache.js';
import { embeddedFixtureImage } from './fixture-image.js';
import { toSources } from './fixture-loader.js';
import type { Explanation } from './journal/explanation.js';
import { DEFAULT_JOURNAL_CAPACITY, Journal } from './journal/journal.js';
import { connectionFaults, FaultLayer, type Faults } from './layers/faults.js';
import type { IdentityDirectory } from './layers/identity-limits.js';
import { JournalLayer } from './layers/journal-layer.js';
import { SearchLimitsLayer } from './layers/search-limits.js';
import { resolveLimits, type ServerLimits } from './limits.js';
import { applyFixtures, loadDirectory, readFixtures } from './load-directory.js';
import { readPersisted, writePersisted } from './persistence.js';
import type { Profile } from './profiles/profile.js';
import { PROFILE_NAMES, type ProfileName, registeredProfile } from './profiles/registry.js';
import { loadSchemaFiles } from './schema-files.js';
import { seedSchemaImage } from './schema-image.js';
import {
  type CertificateAuthority,
  generateCA,
  issueFaultyCertificate,
  issueServerCertificate,
  type ServerCertificate,
} from './tls/certificates.js';
import { type ConnectionEvent, WireServer } from './wire/listener.js';
import { type ClientVerification, checkCertificate } from './wire/server-tls.js';

export { SchemaFileError } from '../core/openldap-schema-file.js';
export { BootstrapError } from './bootstrap/bootstrap-error.js';
export type { BootstrapOptions } from './bootstrap/bootstrap-folder.js';
export type { AuthzRule } from './engine/engine.js';
export { FixtureError } from './fixture-loader.js';
export type { Explanation, ExplanationReason } from './journal/explanation.js';
export { Journal, journalJSON } from './journal/journal.js';
export type { JournalChange, JournalControl, JournalEntry } from './journal/journal-entry.js';
export type {
  BindQuery,
  Difference,
  JournalQuery,
  OperationQuery,
  ResultQuery,
  SearchQuery,
} from './journal/journal-query.js';
export { FaultSpecError, formatFaults, parseFaults } from './layers/fault-spec.js';
export type { Faults } from './layers/faults.js';
export { LimitsError, type ServerLimits } from './limits.js';
export { PROFILE_NAMES, type ProfileName } from './profiles/registry.js';
export { SchemaFileReadError } from './schema-files.js';
export { isOrdinaryClose } from './wire/connection.js';
export type { ConnectionEvent } from './wire/listener.js';
export { CLIENT_VERIFICATION, type ClientVerification } from './wire/server-tls.js';

export interface MockServerOptions {
  /** Which server to emulate. Default 'openldap'. */
  readonly profile?: ProfileName;
  /** LDIF file paths or LDIF text, loaded in order. Default: the profile's embedded fixture. */
  readonly ldif?: readonly (string | URL)[];
  /**
   * An OpenLDAP container's bootstrap folder(s), applied as the image does (openldap profile):
   * `*.ldif` in name order, `{{ NAME }}` from `env` and the environment, cn=config records
   * configuring the server; `ldif`, if given too, loads after. See `server.notices`.
   */
  readonly bootstrap?: BootstrapOptions;
  /**
   * A `slapd.conf` file: the same settings in the older syntax (schema includes, rootdn and rootpw,
   * memberof, refint, ppolicy, unique, sssvlv, sizelimit, timelimit, limits, access, TLSVerifyClient, authz-regexp); see `server.notices`.
   */
  readonly slapdConf?: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port, so tests can run in parallel. */
  readonly port?: number;
  /** Default 0 (a free port); null for no LDAPS listener. */
  readonly ldapsPort?: number | null;
  /** Server certificate and key (PEM), and the CA that signed it; default: generated. */
  readonly tls?: { readonly cert: string; readonly key: string; readonly ca?: string };
  /**
   * Client certificates (slapd's TLSVerifyClient): `never` (default) asks for none; `allow` asks
   * and ignores a missing or unverifiable one; `try` ends the handshake on an unverifiable one;
   * `demand` requires one. They must be signed by `tls.ca`, else by the generated CA
   * (`ldapmock cert client` issues them); SASL EXTERNAL binds as the subject.
   */
  readonly tlsVerifyClient?: ClientVerification;
  /** slapd's authz-regexp: map a client certificate's subject to the DN EXTERNAL binds as. */
  readonly authzRegexp?: readonly AuthzRule[];
  /** CA used to sign the generated server certificate (the CLI keeps one in --cert-dir). */
  readonly certificateAuthority?: CertificateAuthority;
  readonly faults?: Faults;
  /** Load from FILE if it exists, and write every change back to it. */
  readonly persist?: string;
  /**
   * An administrator that is not an entry (slapd's rootdn). Default for `openldap`:
   * `cn=admin,<base DN>` / `admin`; `ad` and `samba` have none (use the fixture's Administrator).
   */
  readonly rootDN?: string;
  /** As slapd's rootpw: cleartext, or a `{SCHEME}` hash as slappasswd makes it ({SSHA}, {SHA}, {MD5}…). */
  readonly rootPassword?: string;
  /**
   * Check every entry, from the fixture and from clients, against the schema as the emulated
   * server does (17 undefined attribute type, 65 object class violations …). Default true;
   * false requires only an objectClass, for data whose attributes no loaded schema defines.
   */
  readonly strictSchema?: boolean;
  /**
   * An application's own schema, added to the profile's: paths (or schema text) of OpenLDAP
   * `.schema` files, `cn=schema` / subschema LDIF, or AD attributeSchema/classSchema LDIF, in
   * order. Checks, matching and the subschema entry include what they define.
   */
  readonly schema?: readonly (string | URL)[];
  /** Resource limits (message size, connections, filters, idle timeout…); see ServerLimits for the defaults. */
  readonly limits?: Partial<ServerLimits>;
  /**
   * An HTTP endpoint on 127.0.0.1 to switch faults from outside the process (GET/PUT/DELETE
   * /faults, HTTP Basic as the administrator); port 0 or absent: a free port. Default: none.
   * `console: true` also serves the web console there: the live journal, the directory, faults.
   */
  readonly control?: { readonly port?: number; readonly console?: boolean };
  /**
   * The journal of operations: how many it keeps (default 10,000, the oldest dropped first) and
   * whether it explains searches that found nothing and failed binds (default true).
   */
  readonly journal?: { readonly capacity?: number; readonly explain?: boolean };
}

export interface MockServer {
  readonly url: string;
  /** undefined when started with ldapsPort: null. */
  readonly ldapsUrl: string | undefined;
  readonly port: number;
  readonly ldapsPort: number | undefined;
  /** PEM of the CA that signed the server certificate: give it to clients as their trust anchor. */
  readonly caCertificate: string;
  /** The first naming context. */
  readonly baseDN: string;
  readonly rootDN: string;
  readonly profile: Profile;
  /** Programmatic access to the data (add, get, modify, delete, rename). */
  readonly directory: Directory;
  snapshot(): DirectorySnapshot;
  restore(snapshot: DirectorySnapshot): void;
  /** Back to the data the server started with; clears faults and the journal. */
  reset(): Promise<void>;
  setFaults(faults: Faults): Promise<void>;
  /** The faults in force. */
  faults(): Faults;
  /** The control endpoint's URL, when started with `control`. */
  readonly controlUrl: string | undefined;
  /** The web console's URL, when started with `control: { console: true }`. */
  readonly consoleUrl: string | undefined;
  /** Replace the data with new LDIF; on any problem the old data stays and FixtureError is thrown. */
  reload(ldif: readonly (string | URL)[]): void;
  /**
   * Apply LDIF on top of the current data: entries are added, change records (add, delete,
   * modify, modrdn) are applied in order. All or nothing: on any problem the data is left as it
   * was and FixtureError names every record that failed (file:line).
   */
  apply(ldif: string | URL | readonly (string | URL)[]): void;
  /** Every operation handled (bounded; credentials never recorded): query it, follow it, clear it. */
  readonly journal: Journal;
  /** Connections opened, closed (with why: unbind, idle timeout, a limit, a protocol error…) and rejected. */
  onConnectionEvent(listener: (event: ConnectionEvent) => void): void;
  /** The limits in force, defaults filled in. */
  readonly limits: ServerLimits;
  /** Settings of a bootstrap folder or slapd.conf that are not emulated, each with its file:line. */
  readonly notices: readonly string[];
  stop(): Promise<void>;
}

/**
 * An explanation worked out when asked for, against the directory as it is then: one that
 * changed since the operation says so.
 */
function asOfNow(
  directory: Directory,
  explain: () => Explanation | undefined,
): () => Explanation | undefined {
  const generation = directory.generation;
  return () => {
    const explanation = explain();
    if (!explanation || directory.generation === generation) return explanation;
    return {
      ...explanation,
      summary: `${explanation.summary} (explained against the directory as it is now: it has changed since)`,
    };
  };
}

/** olcLimits' view of the directory: DNs in normal form, group membership by exact DN (slapd's backend_group). */
function identityDirectory(env: AccessEnvironment<Entry>): IdentityDirectory {
  return {
    normalize: env.normalize,
    isMember(groupDN, objectClass, attribute, memberNDN) {
      const ndn = env.normalize(groupDN);
      const group = ndn === undefined ? undefined : env.entry(ndn);
      return (
        group !== undefined &&
        env.isA(group, objectClass) &&
        env.dnValues(group, attribute).includes(memberNDN)
      );
    },
  };
}

function authzOf(rules: readonly AuthzRule[] | undefined): { authzRegexp?: readonly AuthzRule[] } {
  return rules ? { authzRegexp: rules } : {};
}

let sharedCA: CertificateAuthority | undefined;

interface GeneratedCertificates {
  readonly ca: CertificateAuthority;
  readonly certificate: ServerCertificate;
}

/**
 * The CA (given, or one per process) and the default server certificate it signs, made when
 * first needed — a TLS handshake, a read of caCertificate, a certificate fault — not at start:
 * most servers of a test suite never use TLS.
 */
function generatedCertificates(given: CertificateAuthority | undefined): () => GeneratedCertificates {
  let made: GeneratedCertificates | undefined;
  return () => {
    if (!made) {
      const ca = given ?? (sharedCA ??= generateCA());
      made = { ca, certificate: issueServerCertificate(ca) };
    }
    return made;
  };
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const profileName = options.profile ?? 'openldap';
  const known = registeredProfile(profileName);
  if (!known)
    throw new TypeError(
      `unknown profile '${String(profileName)}' (expected one of: ${PROFILE_NAMES.join(', ')})`,
    );
  const [loaded, configuring] = await Promise.all([
    known.load(),
    // Loaded only when asked for, as the control endpoint is: most servers start from a fixture.
    options.bootstrap || options.slapdConf ? import('./bootstrap/configuration.js') : undefined,
  ]);
  const bootstrap = options.bootstrap ? configuring!.readBootstrap(options.bootstrap) : undefined;
  const conf = options.slapdConf ? configuring!.readSlapdConf(options.slapdConf) : undefined;
  // A slapd.conf's settings win over a folder's defaults; cn=config records in the folder over both.
  const configuration = { ...conf?.server, ...bootstrap?.server };
  seedSchemaImage(profileName);
  const profile = configuring ? configuring.configuredProfile(loaded, configuration) : loaded;
  const limits = resolveLimits(options.limits, profile);
  const schema = loadSchemaFiles(profile, [
    ...(options.schema ?? []),
    ...(conf?.schema ?? []),
    ...(bootstrap?.schema ?? []),
  ]);
  const ldif = options.ldif ?? (bootstrap ? [] : [known.fixture]);
  const persisted = options.persist ? readPersisted(options.persist) : undefined;
  const fixture = persisted
    ? new Fixture([{ name: options.persist!, text: persisted }])
    : new Fixture(
        [...(bootstrap?.ldif ?? []), ...toSources(ldif)],
        // The build's image serves the embedded fixture on the profile as it ships.
        options.ldif || bootstrap || conf ? undefined : () => embeddedFixtureImage(profileName),
      );
  const fixtureBase = fixture.namingContext ?? '';
  const rootDN = options.rootDN ?? conf?.rootDN ?? bootstrap?.rootDN ?? profile.rootDN?.(fixtureBase) ?? '';
  const strictSchema = options.strictSchema ?? true;
  // Fixture entries are loaded as if the rootdn had added them (account defaults, stamps, schema).
  const setup = { profile, creator: rootDN, strictSchema, schema };
  const directory = fixture.directory(setup);
  // slapd refuses a memberof-memberof-ad its schema lacks, or that cannot hold DNs.
  configuring?.checkMemberOfSchema(directory.schema, configuration);
  const engine = new Engine(directory, profile, {
    rootDN,
    rootPassword: options.rootPassword ?? conf?.rootPassword ?? bootstrap?.rootPassword ?? 'admin',
    strictSchema,
    baseDN: fixtureBase,
    ...authzOf(options.authzRegexp ?? configuration.authzRegexp),
    // olcAccess from the folder or slapd.conf: without any, the profile's own read and write rules.
    ...(configuration.access && { access: configuration.access }),
  });
  const baseDN = directory.roots()[0]?.dn ?? '';
  const initial = directory.snapshot();
  if (options.persist) {
    const file = options.persist;
    if (!persisted) writePersisted(file, directory);
    directory.onChange(() => writePersisted(file, directory));
  }

  const searchLimits = new SearchLimitsLayer(engine, profile.limits, {
    exempt: (session) => engine.isRoot(session.bindDN),
    exemptSizeLimit: limits.adminSizeLimit,
    directory: identityDirectory(accessEnvironment(engine)),
  });
  const faultLayer = new FaultLayer(searchLimits);
  const journal = new Journal(options.journal?.capacity ?? DEFAULT_JOURNAL_CAPACITY);
  const explain = options.journal?.explain ?? true;
  const journalLayer = new JournalLayer(
    faultLayer,
    journal,
    explain
      ? (ctx, operation, result, entries) => {
          const viewer = ctx.session.bindDN;
          if (operation.name === 'search' && entries === 0)
            return asOfNow(directory, () => explainSearch(engine, viewer, operation.request, result));
          if (operation.name === 'bind' && (result.code !== 0 || operation.request.password.length === 0))
            return asOfNow(directory, () => explainBind(engine, operation.request, result));
          return undefined;
        }
      : undefined,
  );

  // A given CA signs the server's certificate on the first handshake: one that does not load stops the start.
  if (options.certificateAuthority) checkCertificate(options.certificateAuthority, 'certificateAuthority');
  const generated = generatedCertificates(options.certificateAuthority);
  // The caller's certificate, else the one a configuration names, else the generated one.
  const tls = options.tls ?? configuration.tls;
  if (tls) checkCertificate(tls, options.tls ? 'tls' : 'TLS certificate files');
  const certificate = (): ServerCertificate => tls ?? generated().certificate;
  // What client certificates are checked against: the given CA, else the generated one's.
  const caCertificate = (): string => tls?.ca ?? (options.tls ? options.tls.cert : generated().ca.cert);

  const connectionListeners: ((event: ConnectionEvent) => void)[] = [];
  const wire = new WireServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    ldapsPort: options.ldapsPort === undefined ? 0 : options.ldapsPort,
    handler: journalLayer,
    certificate,
    clientCertificates: {
      verify: options.tlsVerifyClient ?? configuration.tlsVerifyClient ?? 'never',
      ca: caCertificate,
    },
    limits,
    onConnectionEvent: (event) => {
      for (const listener of connectionListeners) listener(event);
    },
    onInternalError: (error) => {
      process.emitWarning(
        `ldapmock: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    },
  });
  await wire.start();

  const setFaults = async (faults: Faults): Promise<void> => {
    if (faults.certificate && options.tls) {
      throw new TypeError('certificate faults need a generated CA (do not pass options.tls)');
    }
    faultLayer.faults = faults;
    await wire.setConnectionFaults(connectionFaults(faults));
    if (faults.certificate) {
      const faulty = issueFaultyCertificate(generated().ca, faults.certificate);
      wire.setCertificate(() => faulty);
    } else wire.setCertificate(certificate);
  };
  if (options.faults) await setFaults(options.faults);
  let control: ControlEndpoint | undefined;
  if (options.control) {
    // Loaded only when asked for: node:http is a tenth of the server's import time.
    const [{ startControlEndpoint }, { consoleChildren, consoleEntry }] = await Promise.all([
      import('./control/control-endpoint.js'),
      import('./control/console-data.js'),
    ]);
    control = await startControlEndpoint({
      ...(options.control.port !== undefined && { port: options.control.port }),
      authenticate: administratorCheck(engine),
      faults: { get: () => faultLayer.faults, set: setFaults },
      ...(options.control.console && {
        console: {
          journal,
          children: (dn) => consoleChildren(engine, dn),
          entry: (dn, viewer) => consoleEntry(engine, dn, viewer),
        },
      }),
    }).catch(async (error: unknown) => {
      await wire.stop();
      throw error;
    });
  }

  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `ldap://${urlHost}:${wire.port}`,
    ldapsUrl: wire.ldapsPort === null ? undefined : `ldaps://${urlHost}:${wire.ldapsPort}`,
    port: wire.port,
    ldapsPort: wire.ldapsPort ?? undefined,
    get caCertificate() {
      return caCertificate();
    },
    baseDN,
    rootDN,
    profile,
    directory,
    snapshot: () => directory.snapshot(),
    restore: (snapshot) => directory.restore(snapshot),
    reset: async () => {
      directory.restore(initial);
      journal.clear();
      await setFaults({});
    },
    setFaults,
    faults: () => faultLayer.faults,
    controlUrl: control?.url,
    consoleUrl: control && options.control?.console ? `${control.url}/` : undefined,
    reload: (next) => {
      directory.replaceWith(loadDirectory(readFixtures(toSources(next)), setup));
      if (options.persist) writePersisted(options.persist, directory);
    },
    apply: (more) => {
      try {
        applyFixtures(
          directory,
          readFixtures(toSources(typeof more === 'string' || more instanceof URL ? [more] : more)),
          setup,
        );
      } catch (error) {
        // Records applied before the failing one were already written back; undo that too.
        if (options.persist) writePersisted(options.persist, directory);
        throw error;
      }
    },
    journal,
    onConnectionEvent: (listener) => connectionListeners.push(listener),
    limits,
    notices: [...(conf?.notices ?? []), ...(bootstrap?.notices ?? [])],
    stop: async () => {
      await Promise.all([wire.stop(), control?.stop()]);
    },
  };
}
