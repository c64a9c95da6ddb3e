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

/**
 * Python's `float(s)` parse: surrounding whitespace, `_` between digits, inf/nan spellings;
 * returns null where Python raises ValueError (JS `Number()` accepts "", "0x10" and rejects "inf").
 */
export function pyFloat(s: string): number | null {
  const t = s.trim();
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  const digits = String.raw`\d(?:_?\d)*`;
  const re = new RegExp(String.raw`^[+-]?(?:${digits}(?:\.(?:${digits})?)?|\.${digits})(?:[eE][+-]?${digits})?$`);
  if (!re.test(t)) return null;
  return Number(t.replace(/_/g, ''));
}
