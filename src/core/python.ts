/**
 * Python's semantics where reference scorers depend on them, in one place: `round(x, n)`,
 * `float(s)`, and str whitespace (`isspace`, `strip()`, `split()`). JavaScript differs on each:
 * `Math.round(2.675 * 100) / 100` is 2.68 (Python 2.67), `Number('')` is 0 and `Number('inf')` NaN,
 * and `\s` / `trim()` include U+FEFF but not U+001C..U+001F or U+0085.
 */

// ---- whitespace

/** Python's str.isspace() for one UTF-16 unit. Every Python whitespace character is in the BMP. */
export function isPyWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python `s.strip()` with no argument. */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPyWhitespace(s.charCodeAt(a))) a++;
  while (b > a && isPyWhitespace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Python `s.split()` with no argument: maximal runs of non-whitespace. */
export function pySplit(s: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (isPyWhitespace(s.charCodeAt(i))) {
      if (start >= 0) words.push(s.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) words.push(s.slice(start));
  return words;
}

// ---- round()

/**
 * Python's `round(x, ndigits)` for floats, exactly: rounds the *exact* binary value of x
 * half-to-even, then returns the nearest double to the decimal result. `Math.round(x*100)/100`
 * differs (2.675 → 2.68 in JS, 2.67 in Python), and reference scorers depend on it.
 */
export function pyRound(x: number, ndigits = 0): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const { num, den } = exactRational(x);
  const scale = 10n ** BigInt(Math.abs(ndigits));
  // scaled = x * 10^ndigits as an exact fraction p/q
  const p = ndigits >= 0 ? num * scale : num;
  const q = ndigits >= 0 ? den : den * scale;
  const n = roundHalfEven(p, q);
  const s = n.toString();
  const out = ndigits >= 0 ? Number(`${s}e-${ndigits}`) : Number(`${s}e${-ndigits}`);
  // Python keeps the sign of zero: round(-0.001, 2) == -0.0
  return out === 0 && x < 0 ? -0 : out;
}

/** Exact value of a finite double as num/den with den a power of two. */
function exactRational(x: number): { num: bigint; den: bigint } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return e >= 0 ? { num: sign * mant * 2n ** BigInt(e), den: 1n } : { num: sign * mant, den: 2n ** BigInt(-e) };
}

function roundHalfEven(p: bigint, q: bigint): bigint {
  const neg = p < 0n;
  const a = neg ? -p : p;
  let n = a / q;
  const r2 = (a % q) * 2n;
  if (r2 > q || (r2 === q && n % 2n === 1n)) n += 1n;
  return neg ? -n : n;
}

/** Python's built-in `round(x)` (ndigits omitted): half-to-even to an integer. */
export function pyRoundInt(x: number): number {
  return pyRound(x, 0);
}

// ---- float()

const ND_RE = /\p{Nd}/u;
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_RE = /^([+-]?)(?:(inf|infinity)|nan)$/i;

/** Value of a `\p{Nd}` code point: Nd digits come in contiguous runs of whole 0..9 sets. */
function digitValue(cp: number): number {
  let start = cp;
  while (ND_RE.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/**
 * `_PyUnicode_TransformDecimalAndSpaceToASCII`: below U+007F kept, other Python whitespace -> ' ',
 * other decimal digits -> ASCII digits, anything else makes float() fail (null).
 */
function toAsciiLikePython(s: string): string | null {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x7f) out += ch;
    else if (isPyWhitespace(cp)) out += ' ';
    else if (ND_RE.test(ch)) out += String(digitValue(cp));
    else return null;
  }
  return out;
}

/** `_Py_string_to_number_with_underscores`: '_' only between two digits, then dropped. */
function dropUnderscores(s: string): string | null {
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '_' && !(isDigit(s[i - 1]) && isDigit(s[i + 1]))) return null;
  }
  return s.replaceAll('_', '');
}

/** float()'s own strip: ASCII whitespace only (Py_ISSPACE), so U+001C..U+001F are NOT stripped. */
function stripAsciiSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
}

/**
 * Python `float(s)` for a str, null where it raises: surrounding whitespace, '_' between digits,
 * any Unicode decimal digits, inf / infinity / nan in any case, overflow to ±inf.
 */
export function pyFloat(s: string): number | null {
  const ascii = /[^\x00-\x7e]/.test(s) ? toAsciiLikePython(s) : s;
  if (ascii === null || ascii.includes('\0')) return null;
  const plain = ascii.includes('_') ? dropUnderscores(ascii) : ascii;
  if (plain === null) return null;
  const t = stripAsciiSpace(plain);
  if (DECIMAL_RE.test(t)) return Number(t);
  const special = SPECIAL_RE.exec(t);
  if (special === null) return null;
  if (special[2] === undefined) return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}
