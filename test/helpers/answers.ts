import type { SeenRequest } from './scriptedServer.js';

/**
 * The scripted model's answers, in the varied formats real models produce. The expected values in
 * test/eval/evaluate.e2e.test.ts are computed by hand from this table and the fixture golds:
 *   Perception golds A,B,C,D,E,A   Comprehension golds B,C,D,A,B,C
 *   Adaptation golds C, D, "12.5" (open), B, C, "42" (open)
 */
const ANSWERS: Record<string, string[]> = {
  //            id0          id1                 id2      id3              id4          id5
  P: ['(A)', 'The answer is C.', 'C', "I'm not sure.", 'Answer: E', 'I believe the colour shown was red'],
  C: ['B.', 'B.', 'B.', 'B.', 'B.', 'B.'],
  A_after: ['C', 'D', 'The result is 12.5 m.', 'A', 'C', '41'],
  A_before: ['A', 'D', '12', 'B', 'B', '42'],
};
const IDS = [
  'validation_Art_1',
  'dev_Economics_2',
  'test_Physics_3',
  'validation_Clinical_Medicine_4',
  'dev_History_5',
  'test_Computer_Science_6',
];

/** The answer for a request, looked up by the fixture id in the prompt. */
export function scriptedAnswer(r: SeenRequest): string {
  const i = IDS.indexOf(r.id ?? '');
  const row = /Which colour/.test(r.prompt)
    ? 'P'
    : /worked example/.test(r.prompt)
      ? 'C'
      : r.condition === 'after'
        ? 'A_after'
        : 'A_before';
  return ANSWERS[row]?.[i] ?? '';
}
