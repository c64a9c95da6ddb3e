/**
 * McNemar's test for two paired binary outcomes (the same questions, two runs): exact on
 * independent pairs; for pairs that come in clusters (a `--samples N` run's N sample pairs of one
 * question) the cluster-adjusted statistic of Durkalski et al. (2003), since sample pairs of one
 * question are not independent and the exact test would overstate the evidence.
 */

export interface McNemar {
  /** Right in A only, right in B only. */
  a_only: number;
  b_only: number;
  /**
   * Two-sided p-value (1 when there are no discordant pairs): the exact binomial one, or with
   * `clusters` the χ²(1) p of the clustered statistic.
   */
  p_value: number;
  /** Present for the clustered test: the clusters (questions) the pairs came in. */
  clusters?: number;
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

/** erfc(x) for x ≥ 0 (Numerical Recipes' Chebyshev fit, fractional error < 1.2e-7). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return Math.min(1, y);
}

/**
 * McNemar for clustered matched pairs (Durkalski, Palesch, Lipsitz & Rust 2003):
 *   X² = (Σ_k (b_k − c_k))² / Σ_k (b_k − c_k)²,  p = P(χ²₁ > X²),
 * b_k, c_k the pairs of cluster k right in A only and in B only. With one pair per cluster it is
 * McNemar's asymptotic statistic (b − c)² / (b + c).
 */
export function mcnemarClustered(clusters: readonly { aOnly: number; bOnly: number }[]): McNemar {
  let aOnly = 0;
  let bOnly = 0;
  let num = 0;
  let den = 0;
  for (const c of clusters) {
    aOnly += c.aOnly;
    bOnly += c.bOnly;
    num += c.aOnly - c.bOnly;
    den += (c.aOnly - c.bOnly) ** 2;
  }
  const p_value = den === 0 ? 1 : erfc(Math.sqrt((num * num) / den / 2));
  return { a_only: aOnly, b_only: bOnly, p_value, clusters: clusters.length };
}

/**
 * McNemar on paired 0/1 outcomes (`a[i]`, `b[i]` one pair; anything not 0 or 1 counts by ≥ 1 as
 * right): exact when every group has one pair (or no groups are given), clustered by `groups` else.
 */
export function mcnemarOf(a: readonly number[], b: readonly number[], groups?: readonly string[]): McNemar {
  const byGroup = new Map<string, { aOnly: number; bOnly: number }>();
  let aOnly = 0;
  let bOnly = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) >= 1;
    const y = (b[i] as number) >= 1;
    const key = groups ? (groups[i] as string) : String(i);
    const g = byGroup.get(key) ?? { aOnly: 0, bOnly: 0 };
    byGroup.set(key, g);
    if (x && !y) {
      g.aOnly++;
      aOnly++;
    } else if (y && !x) {
      g.bOnly++;
      bOnly++;
    }
  }
  return byGroup.size < a.length ? mcnemarClustered([...byGroup.values()]) : mcnemarExact(aOnly, bOnly);
}
