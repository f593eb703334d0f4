/** The DNS domain a domain's naming context names: `DC=corp,DC=example,DC=com` → `corp.example.com`. */
import { parseDN } from './dn-parse.js';

export function dnsDomain(namingContext: string): string {
  try {
    return parseDN(namingContext)
      .map((rdn) => rdn.find((ava) => ava.type.toLowerCase() === 'dc')?.value ?? '')
      .join('.')
      .toLowerCase();
  } catch {
    return '';
  }
}
