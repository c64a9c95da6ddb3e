/**
 * Which summary sections a report shows for which runs: a registry keyed by task family. A family
 * claims the runs it can draw (`claims`) and returns its sections; runs no family claims get the
 * generic results table. A benchmark family with its own views is one `registerFamilySections` call.
 */
import type { LoadedRun, MmmuRun, SuiteRun } from './runData.js';
import {
  deltaKnowledgeSection,
  mmmuCharts,
  mmmuHeadline,
  mmmuUncertainty,
  probeSection,
  stabilitySection,
  suiteHeadline,
  suiteUncertainty,
} from './sections.js';

const CLUSTER_HINT =
  'The naive interval resamples questions as if independent; questions about one video (a lecture’s three tracks, a ' +
  'clip’s items, a question’s samples) are not, so the clustered interval resamples whole videos (cluster ' +
  'bootstrap) and the clustered SE is the cluster-robust (CR1) one. Design effect = (clustered SE / naive SE)²; ' +
  'shaded where the clustered interval is wider. SEs in percentage points.';
const STABILITY_HINT =
  'Each question asked N times (--samples N): expected accuracy = mean over questions of the share of its samples ' +
  'right; majority vote = its most frequent answer scored; within-question variance of the sample scores (n − 1); ' +
  'consistency = share of questions whose N answers all agree.';

/** The uncertainty and stability sections of a family, where the runs have them. */
function statsSections(family: string, uncertainty: string, stability: string): Section[] {
  const out: Section[] = [];
  if (uncertainty)
    out.push([`${family}-uncertainty`, 'Clustered uncertainty', `<p class="hint">${CLUSTER_HINT}</p>${uncertainty}`]);
  if (stability) out.push([`${family}-stability`, 'Stability', `<p class="hint">${STABILITY_HINT}</p>${stability}`]);
  return out;
}

/** One section of the page: its anchor id, its title, its HTML. */
export type Section = [id: string, name: string, html: string];

export interface FamilySections {
  family: string;
  claims(run: LoadedRun): boolean;
  sections(runs: readonly LoadedRun[]): Section[];
}

const registry: FamilySections[] = [];

export function registerFamilySections(f: FamilySections): void {
  if (registry.some((x) => x.family === f.family)) throw new Error(`report sections of '${f.family}' registered twice`);
  registry.push(f);
}

/** The registered families' sections for `runs`, in registration order, and the runs none claimed. */
export function familySections(runs: readonly LoadedRun[]): { sections: Section[]; unclaimed: LoadedRun[] } {
  const claimed = new Set<LoadedRun>();
  const sections: Section[] = [];
  for (const f of registry) {
    const mine = runs.filter((r) => !claimed.has(r) && f.claims(r));
    if (!mine.length) continue;
    for (const r of mine) claimed.add(r);
    sections.push(...f.sections(mine));
  }
  return { sections, unclaimed: runs.filter((r) => !claimed.has(r)) };
}

registerFamilySections({
  family: 'videommmu',
  claims: (r) => r.kind === 'task' && r.task.family === 'videommmu',
  sections: (runs) => {
    const mmmu = runs as readonly MmmuRun[];
    return [
      ['headline', 'Video-MMMU', `${mmmuHeadline(mmmu)}${mmmuCharts(mmmu)}`],
      [
        'delta',
        'Δknowledge',
        `<p class="hint">Adaptation questions asked without the video (before) and with it (after); Δknowledge = ` +
          `(Acc_after − Acc_before) / (100% − Acc_before) × 100%, with a paired bootstrap 95% CI.</p>` +
          `${mmmu.map((r) => deltaKnowledgeSection(r.results, r.index, r.name)).join('')}`,
      ],
      ...statsSections('videommmu', mmmuUncertainty(mmmu), stabilitySection(mmmu)),
    ];
  },
});

registerFamilySections({
  family: 'videor1',
  claims: (r) => r.kind === 'group' && r.members.every((m) => m.task.family === 'videor1'),
  sections: (runs) => {
    const suite = runs as readonly SuiteRun[];
    const out: Section[] = [['suite', 'Video-R1 suite', suiteHeadline(suite)]];
    const probe = probeSection(suite);
    if (probe)
      out.push([
        'probe',
        'Temporal probe',
        `<p class="hint">Each video item asked again with the same sampled frames in a seeded random order. A model ` +
          `that uses time loses score when the order is destroyed; drop = ordered − shuffled with a paired ` +
          `bootstrap 95% CI.</p>${probe}`,
      ]);
    out.push(...statsSections('videor1', suiteUncertainty(suite), stabilitySection(suite)));
    return out;
  },
});
