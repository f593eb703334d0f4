/** Values and filters as people read them: text where the octets are printable UTF-8, else hex. */
import type { Filter } from '../../core/filter-ast.js';
import { formatFilter } from '../../core/filter-format.js';
import type { AttributeValue } from '../operations.js';
import { isSecretAttribute, redactedValue } from './secret-attributes.js';

const MAX_TEXT = 200;
const MAX_HEX_BYTES = 64;

/** A value as text when its octets are printable UTF-8, else hex; long values cut. */
export function displayValue(value: AttributeValue): string {
  if (typeof value === 'string') return cut(value);
  const text = value.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(value) && !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text))
    return cut(text);
  const hex = value.subarray(0, MAX_HEX_BYTES).toString('hex');
  return `0x${hex}${value.length > MAX_HEX_BYTES ? `… (${value.length} bytes)` : ''}`;
}

/** The values of an attribute for display: redacted when the attribute is a secret. */
export function displayValues(description: string, values: readonly AttributeValue[]): string[] {
  return values.map((v) => (isSecretAttribute(description) ? redactedValue(v) : displayValue(v)));
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text;
}

/** A filter from the wire may hold names no filter string can express; showing it must not fail. */
export function displayFilter(filter: Filter): string {
  try {
    return formatFilter(filter);
  } catch {
    return '(<filter not expressible as a string>)';
  }
}
