/**
 * Which summary sections a report shows for which runs: a registry keyed by task family. A family
 * claims the runs it can draw (`claims`) and returns its sections; runs no family claims get the
 * generic results table. A family's views live in views/<family>.ts and are one line below.
 */
import type { LoadedRun } from './runData.js';
import type { FamilySections, Section } from './sections.js';
import { videoMMMUSections } from './views/videommmu.js';
import { videoR1Sections } from './views/videor1.js';

export type { FamilySections, Section } from './sections.js';

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

registerFamilySections(videoMMMUSections);
registerFamilySections(videoR1Sections);
