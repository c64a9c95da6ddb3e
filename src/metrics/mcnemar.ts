/** McNemar's exact test for two paired binary outcomes (the same questions, two runs). */

export interface McNemar {
  /** Right in A only, right in B only. */
  a_only: number;
  b_only: number;
  /** Two-sided exact binomial p-value on the discordant pairs (1 when there are none). */
  p_value: number;
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** McNemar's exact test: under H0 the discordant pairs split Binomial(n, 1/2); two-sided p. */
export function mcnemarExact(aOnly: number, bOnly: number): McNemar {
  const n = aOnly + bOnly;
  if (n === 0) return { a_only: aOnly, b_only: bOnly, p_value: 1 };
  const k = Math.min(aOnly, bOnly);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return { a_only: aOnly, b_only: bOnly, p_value: Math.min(1, 2 * tail) };
}
