/**
 * The phonetic code slapd 2.5 gives one word for approximate (`~=`) matching: Metaphone as
 * slapd builds it (SLAPD_METAPHONE, codes of at most four characters), quirks included — they
 * decide which entries a real server returns. Measured on slapd 2.5.13: `bob` is `B` (a B counts
 * only as the last letter), `axle` is `AKS` (the S of an inner X takes the next letter's turn),
 * `white` is `WT`, `thomas` is `0MS`, `User0001` is `USR` (a digit ends the word).
 */

/** Longest code slapd keeps (MAXPHONEMELEN). */
const CODE_LENGTH = 4;
/** slapd reads at most this many letters of a word. */
const MAX_LETTERS = 31;
/** The letters before the first and after the last hold this, so look-arounds see "no letter". */
const NONE = '';

const VOWELS = 'AEIOU';
/** Letters that stand for themselves wherever they are. */
const SELF = 'FJLMNR';
/** Letters after which an H is silent. */
const SOFTENING = 'CGPST';
/** Vowels that soften a C or G before them. */
const FRONT = 'EIY';
/** Letters that, three before a GH, keep it from sounding F. */
const BLOCKS_GH = 'BDH';

const isIn = (set: string, c: string) => c !== NONE && set.includes(c);

/** A word ends at a space, punctuation, a digit, a non-ASCII character or NUL (slapd's iswordbreak). */
function endsWord(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code === 0 || code > 0x7f) return true;
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (code >= 0x30 && code <= 0x39) return true;
  return code > 0x20 && code < 0x7f && !/[A-Za-z]/.test(c);
}

/** The first letters of `word` up to its end, upper-cased; other characters in it are skipped. */
function lettersOf(word: string): string[] {
  const letters: string[] = [];
  for (const c of word) {
    if (endsWord(c) || letters.length >= MAX_LETTERS) break;
    if (/[A-Za-z]/.test(c)) letters.push(c.toUpperCase());
  }
  return letters;
}

/** The code of the first word of `word` ('' when it starts with no letter), as slapd's phonetic(). */
export function metaphone(word: string): string {
  const letters = lettersOf(word);
  if (letters.length === 0) return '';
  // Four empty places on either side, as slapd pads its buffer.
  const at: string[] = [NONE, NONE, NONE, NONE, ...letters, NONE, NONE, NONE, NONE];
  const end = 4 + letters.length;
  let i = skipSilentStart(at, 4);
  const first = i;
  let code = '';
  let pendingS = false;
  for (; i <= end && code.length < CODE_LENGTH; i++) {
    if (pendingS) {
      // The S of an inner X replaces whatever this letter would have given.
      pendingS = false;
      code += 'S';
      continue;
    }
    const c = at[i]!;
    if (c === at[i - 1] && c !== 'C') continue;
    if (isIn(SELF, c) || (i === first && isIn(VOWELS, c))) {
      code += c;
      continue;
    }
    const sound = consonant(at, i, first, end);
    if (sound === 'KS') {
      code += 'K';
      pendingS = true;
    } else code += sound;
  }
  return code;
}

/** Drops the silent first letter of PN, KN, GN, AE, WR; WH reads as W; a first X as S. */
function skipSilentStart(at: string[], i: number): number {
  const [c, next] = [at[i], at[i + 1]];
  const silent =
    ((c === 'P' || c === 'K' || c === 'G') && next === 'N') ||
    (c === 'A' && next === 'E') ||
    (c === 'W' && (next === 'R' || next === 'H'));
  if (c === 'X') at[i] = 'S';
  if (!silent) return i;
  // The dropped letter is gone for the look-behinds too.
  if (next === 'H') at[i + 1] = 'W';
  at[i] = NONE;
  return i + 1;
}

/** What the consonant (or non-initial vowel) at `i` adds to the code: '' for nothing. */
function consonant(at: readonly string[], i: number, first: number, end: number): string {
  const c = at[i]!;
  const prev = at[i - 1]!;
  const next = at[i + 1]!;
  const after = at[i + 2]!;
  switch (c) {
    case 'B':
      // slapd keeps a B only as the last letter, and not after M.
      return i === end - 1 && prev !== 'M' ? 'B' : '';
    case 'C':
      if (prev === 'S' && isIn(FRONT, next)) return '';
      if (next === 'I' && after === 'A') return 'X';
      if (isIn(FRONT, next)) return 'S';
      if (next === 'H') return (i === first && !isIn(VOWELS, after)) || prev === 'S' ? 'K' : 'X';
      return 'K';
    case 'D':
      return next === 'G' && isIn(FRONT, after) ? 'J' : 'T';
    case 'G':
      return letterG(at, i, end);
    case 'H':
      return !isIn(SOFTENING, prev) && (!isIn(VOWELS, prev) || isIn(VOWELS, next)) ? 'H' : '';
    case 'K':
      return prev === 'C' ? '' : 'K';
    case 'P':
      return next === 'H' ? 'F' : 'P';
    case 'Q':
      return 'K';
    case 'S':
      return next === 'H' || (next === 'I' && (after === 'O' || after === 'A')) ? 'X' : 'S';
    case 'T':
      if (next === 'I' && (after === 'O' || after === 'A')) return 'X';
      if (next === 'H') return '0';
      return next === 'C' && after === 'H' ? '' : 'T';
    case 'V':
      return 'F';
    case 'W':
    case 'Y':
      return isIn(VOWELS, next) ? c : '';
    case 'X':
      return i === first ? 'S' : 'KS';
    case 'Z':
      return 'S';
    default:
      return '';
  }
}

/**
 * G as slapd codes it: K, or G (not J) before E, I or Y unless a G follows; silent in -GN and
 * -GNED and after a D before E, I or Y; an F for GH is never reached, since slapd tests a J where
 * the original tests an H (so GH is K) — and a G before a J not followed by a vowel is silent.
 */
function letterG(at: readonly string[], i: number, end: number): string {
  const [prev, next, after, third] = [at[i - 1]!, at[i + 1]!, at[i + 2]!, at[i + 3]!];
  const sounded =
    (next !== 'J' || isIn(VOWELS, after)) &&
    (next !== 'N' || (i + 1 < end && (after !== 'E' || third !== 'D'))) &&
    (prev !== 'D' || !isIn(FRONT, next));
  if (sounded) return isIn(FRONT, next) && after !== 'G' ? 'G' : 'K';
  if (next === 'H' && !isIn(BLOCKS_GH, at[i - 3]!) && at[i - 4] !== 'H') return 'F';
  return '';
}
