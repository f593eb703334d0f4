/** Runs an OpenLDAP command-line tool (ldapsearch, ldapwhoami, …) the way a user would. */
import { spawn } from 'node:child_process';

export interface ToolResult {
  /** The process exit code; ldap-utils exit with the LDAP result code of a failed operation. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolOptions {
  /** CA bundle trusted for StartTLS and ldaps:// (LDAPTLS_CACERT overrides ldap.conf's TLS_CACERT). */
  readonly caFile: string;
  /** Written to the tool's standard input (e.g. LDIF for ldapmodify). */
  readonly input?: string;
  readonly timeoutMs?: number;
  /** More environment: LDAPTLS_CERT and LDAPTLS_KEY for a client certificate. */
  readonly env?: Readonly<Record<string, string>>;
}

export function runLdapTool(
  tool: string,
  args: readonly string[],
  options: ToolOptions,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    // LDAPNOINIT cannot isolate the tools from /etc/ldap/ldap.conf: it also disables LDAPTLS_*.
    const child = spawn(tool, [...args], {
      env: { ...process.env, LDAPTLS_CACERT: options.caFile, LDAPTLS_REQCERT: 'demand', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${tool} ${args.join(' ')} did not finish within ${timeoutMs}ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `cannot run ${tool}: ${error.message} (is ldap-utils installed? scripts/install-interop-deps.sh)`,
        ),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : -1), stdout, stderr });
    });
    // A tool that reads a file (-f) may be gone before its stdin is closed: that is no error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
