import type { Discipline } from '../../core/types.js';

/** Video-MMMU's 30 subjects grouped into its six disciplines (the folder names of the release). */
export const SUBJECTS_BY_DISCIPLINE: Record<Discipline, readonly string[]> = {
  Art: ['Art', 'Art_Theory', 'Design', 'Music'],
  Business: ['Accounting', 'Economics', 'Finance', 'Manage', 'Marketing'],
  Science: ['Biology', 'Chemistry', 'Geography', 'Math', 'Physics'],
  Medicine: [
    'Basic_Medical_Science',
    'Clinical_Medicine',
    'Diagnostics_and_Laboratory_Medicine',
    'Pharmacy',
    'Public_Health',
  ],
  Humanities: ['History', 'Literature', 'Sociology', 'Psychology'],
  Engineering: [
    'Agriculture',
    'Architecture_and_Engineering',
    'Computer_Science',
    'Electronics',
    'Energy_and_Power',
    'Materials',
    'Mechanical_Engineering',
  ],
};

const DISCIPLINE_OF = new Map<string, Discipline>(
  Object.entries(SUBJECTS_BY_DISCIPLINE).flatMap(([d, subs]) => subs.map((s) => [s, d as Discipline] as const)),
);

export function disciplineOf(subject: string): Discipline | undefined {
  return DISCIPLINE_OF.get(subject);
}

/**
 * The subject is the middle of an id: `validation_Clinical_Medicine_12` → `Clinical_Medicine`.
 * Same rule as lmms-eval (`^<split>_(.+?)_\d+$`); returns undefined when the id has another shape.
 */
export function subjectOfId(id: string): string | undefined {
  const m = /^([^_]+)_(.+?)_(\d+)$/.exec(id);
  return m?.[2];
}
