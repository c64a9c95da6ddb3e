/** The concept families and how they map onto Video-MMMU's disciplines (through real subjects). */
import { disciplineOf } from '../../tasks/videommmu/subjects.js';
import type { Discipline } from '../../core/types.js';
import { colourFamily } from './colour.js';
import { legendFamily } from './legend.js';
import { motionFamily } from './motion.js';
import { operatorFamily } from './operator.js';
import type { AnyFamily, FamilyName } from './types.js';
import { unitsFamily } from './units.js';

export const FAMILIES: Record<FamilyName, AnyFamily> = {
  operator: operatorFamily,
  colour: colourFamily,
  units: unitsFamily,
  legend: legendFamily,
  motion: motionFamily,
};

export function familyOf(name: string): AnyFamily {
  const f = (FAMILIES as Record<string, AnyFamily | undefined>)[name];
  if (!f) throw new RangeError(`unknown concept family '${name}'`);
  return f;
}

/** family → discipline → subjects, for the README and the card. */
export function disciplineMap(): Record<FamilyName, Partial<Record<Discipline, string[]>>> {
  const out = {} as Record<FamilyName, Partial<Record<Discipline, string[]>>>;
  for (const f of Object.values(FAMILIES)) {
    const m: Partial<Record<Discipline, string[]>> = {};
    for (const s of f.subjects) {
      const d = disciplineOf(s);
      if (!d) throw new RangeError(`family ${f.name}: '${s}' is not a Video-MMMU subject`);
      (m[d] ??= []).push(s);
    }
    out[f.name] = m;
  }
  return out;
}

export { FAMILY_NAMES, type AnyFamily, type FamilyName } from './types.js';
