import { z } from 'zod';

/** Ids name a file on disk (`<Discipline>/<id>.mp4`), so they may not contain path separators or `..`. */
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Options arrive as a list, or (MMMU-style parquet) as the string form of a Python/JSON list. */
const optionsField = z.preprocess(
  (v) => {
    if (v === null || v === undefined) return [];
    if (typeof v === 'string') return parseListString(v) ?? v;
    return v;
  },
  z.array(z.string(), { error: 'expected a list of option strings' }),
);

/** HF `Image` feature: {bytes, path}; JSON indexes may give a path or a base64 data URI instead. */
const imageField = z.union([
  z.object({ bytes: z.instanceof(Uint8Array).nullish(), path: z.string().nullish() }),
  z.string(),
]);

export const VideoMMMURowSchema = z.looseObject({
  id: z
    .string({ error: 'expected a string id like validation_Art_1' })
    .regex(ID_RE, 'ids may hold letters, digits, _ . - only')
    .refine((s) => !s.includes('..'), 'ids may not contain ..'),
  question: z.string({ error: 'expected the question text' }),
  options: optionsField.default([]),
  answer: z.union([z.string(), z.array(z.string())], { error: 'expected an answer string (or list of strings)' }),
  question_type: z.enum(['multiple-choice', 'open']).nullish(),
  image: imageField.nullish(),
  link_selected: z.string().nullish(),
});

export type VideoMMMURow = z.infer<typeof VideoMMMURowSchema>;

function parseListString(s: string): string[] | null {
  const t = s.trim();
  if (!t.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    // Python repr: ['a', "b's"] — convert quotes conservatively
    const items: string[] = [];
    const re = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|\])/gy;
    re.lastIndex = 1;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t))) {
      items.push((m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'));
      if (m[3] === ']') return re.lastIndex === t.length ? items : null;
    }
    return t === '[]' ? [] : null;
  }
}
