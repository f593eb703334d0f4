/**
 * AD's write rules (Profile.writes), measured against Samba 4.17 (test/interop/probes-ad/write-probes.ts);
 * a Windows DC has the same rules (MS-ADTS 3.1.1.5), its texts unverified here.
 */
import { SyntaxOid } from '../../core/syntaxes.js';
import { adNamingRules } from '../directory/ad-naming-rules.js';
import { adSchema } from '../directory/schema-ad.js';
import type { WriteRules } from './profile.js';

/** The attributes AD's schema marks systemOnly (Samba publishes them as SYSTEM-ONLY), lower-cased. */
function systemOnlyAttributes(): ReadonlySet<string> {
  const names = (adSchema.published?.['extendedAttributeInfo'] ?? [])
    .filter((info) => /\sSYSTEM-ONLY(\s|\))/.test(info))
    // objectClass is Samba's objectclass module's business: its own rules, not system-only.
    .filter((info) => !/NAME 'objectClass'/.test(info))
    .map((info) => /NAME '([^']+)'/.exec(info)?.[1]?.toLowerCase())
    .filter((name) => name !== undefined);
  return new Set(names);
}

export const adWriteRules: WriteRules = {
  namingAttributesReadOnly: true,
  deleteOldRdnRequired: true,
  singleValuedRdn: true,
  increment: false,
  systemOnly: systemOnlyAttributes(),
  // Samba takes every other system-only attribute on add (and sets it itself).
  systemOnlyOnAdd: new Set(['objectguid', 'memberof']),
  parentFirst: true,
  linkedAttributes: ['member'],
  earlySystemOnly: ['instancetype'],
  exactDuplicateSyntaxes: [SyntaxOid.directoryString],
  singleValueFirst: true,
  objectClassChain: true,
  requestLayer: true,
  principalSingleValued: ['description'],
  naming: adNamingRules(),
};
