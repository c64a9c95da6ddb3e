/**
 * Request bodies of the reward service (zod schemas), the label format they share, and one
 * validation entry point per endpoint that turns any JSON value into a typed request or an error
 * naming the offending field (`labels[3].solution`). The validators never throw: every failure
 * becomes a value, so a malformed request can only ever cost the client a 400.
 *
 * Label format (OpenRLHF `labels[i]`, verl `ground_truth`):
 * - an object `{"problem_type": "numerical", "solution": "<answer>12.5</answer>"}`; OpenRLHF
 *   sends the dataset's `--data.label_key` column as-is, so a JSON object column arrives as one;
 * - the same object serialised as a JSON string (a string whose first non-space character is `{`);
 * - any other non-empty string: a multiple-choice solution ("B" or "<answer>B</answer>").
 * `problem_type` defaults to "multiple choice" and is matched up to case and separators
 * ("Multiple_Choice", "ocr"). A solution without an `<answer>…</answer>` pair is a bare answer and
 * is wrapped in one, so "12.5" and "<answer>12.5</answer>" mean the same; an empty answer is
 * rejected, since the reference would then reward an empty `<answer></answer>` as correct.
 */
import { z } from 'zod';
import { PROBLEM_TYPES, extractAnswer, normalizeProblemType, type ProblemType } from './index.js';

/** What one response is judged against. */
export interface Label {
  problemType: ProblemType;
  /** Always carries an `<answer>…</answer>` pair. */
  solution: string;
}

export interface RequestError {
  message: string;
  /** Path of the offending field (`labels[3].solution`), null when the body as a whole is wrong. */
  field: string | null;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; error: RequestError };

/** Error messages that tell a missing field from one of the wrong type. */
const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `required: ${what}` : `expected ${what}`;

const ANSWER_OPEN = '<answer>';
const ANSWER_CLOSE = '</answer>';

function hasAnswerPair(s: string): boolean {
  const open = s.indexOf(ANSWER_OPEN);
  return open >= 0 && s.indexOf(ANSWER_CLOSE, open + ANSWER_OPEN.length) >= 0;
}

/** A solution as the rewards expect it: bare answers get the `<answer>` pair the reference requires. */
export function normalizeSolution(solution: string): string {
  return hasAnswerPair(solution) ? solution : `${ANSWER_OPEN}${solution}${ANSWER_CLOSE}`;
}

export const ProblemTypeSchema = z
  .string({ error: expected('a problem type string') })
  .transform((s, ctx): ProblemType => {
    const type = normalizeProblemType(s);
    if (type !== null) return type;
    // Echo at most 60 characters: the message is sent back and logged.
    const shown = s.length > 60 ? `${s.slice(0, 60)}…` : s;
    ctx.addIssue({
      code: 'custom',
      message: `unknown problem type '${shown}' (expected one of: ${PROBLEM_TYPES.join(', ')})`,
    });
    return z.NEVER;
  });

export const SolutionSchema = z.string({ error: expected('a solution string') }).transform((s, ctx): string => {
  const solution = normalizeSolution(s);
  if (extractAnswer(solution) !== '') return solution;
  ctx.addIssue({ code: 'custom', message: 'the solution has an empty answer' });
  return z.NEVER;
});

const LabelObjectSchema = z
  .looseObject(
    { problem_type: ProblemTypeSchema.optional(), solution: SolutionSchema },
    { error: 'expected a label object' },
  )
  .transform((o): Label => ({ problemType: o.problem_type ?? 'multiple choice', solution: o.solution }));

type Ctx = z.RefinementCtx;

/** Re-reports a nested parse's issues under the current path (`subPath: false` drops their own paths). */
function forward(ctx: Ctx, issues: readonly z.core.$ZodIssue[], subPath = true): typeof z.NEVER {
  for (const issue of issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: subPath ? [...issue.path] : [] });
  return z.NEVER;
}

function labelFromString(s: string, ctx: Ctx): Label {
  if (s.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'empty label (OpenRLHF sends "" when --data.label_key is not set)' });
    return z.NEVER;
  }
  if (s.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: `a label starting with '{' must be a JSON object: ${(e as Error).message}`,
      });
      return z.NEVER;
    }
    const r = LabelObjectSchema.safeParse(parsed);
    return r.success ? r.data : forward(ctx, r.error.issues);
  }
  const r = SolutionSchema.safeParse(s);
  return r.success ? { problemType: 'multiple choice', solution: r.data } : forward(ctx, r.error.issues, false);
}

/** One label in any of its three forms (see the module comment). */
export const LabelSchema = z.unknown().transform((value, ctx): Label => {
  if (typeof value === 'string') return labelFromString(value, ctx);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const r = LabelObjectSchema.safeParse(value);
    return r.success ? r.data : forward(ctx, r.error.issues);
  }
  ctx.addIssue({
    code: 'custom',
    message:
      'expected a label: an object {problem_type, solution}, that object as a JSON string, or a ' +
      'multiple-choice answer string',
  });
  return z.NEVER;
});

const strings = (what: string) => z.array(z.string({ error: expected('a string') }), { error: expected(what) });

// ---------------------------------------------------------------------------------------------
// POST /get_reward (OpenRLHF remote reward model)
// ---------------------------------------------------------------------------------------------

/** OpenRLHF's payload: `{"query": [...], "prompts": [...], "labels": [...]}`, one entry per sample. */
export const GetRewardSchema = z
  .looseObject(
    {
      query: strings('an array of prompt+response strings'),
      prompts: strings('an array of prompt strings'),
      labels: z.array(LabelSchema, { error: expected('an array of labels') }),
    },
    { error: 'expected a JSON object {query, prompts, labels}' },
  )
  .superRefine((b, ctx) => {
    for (const key of ['prompts', 'labels'] as const) {
      if (b[key].length !== b.query.length)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `has ${b[key].length} items but query has ${b.query.length}`,
        });
    }
  });
export type GetRewardRequest = z.output<typeof GetRewardSchema>;

// ---------------------------------------------------------------------------------------------
// POST /score (verl custom reward function)
// ---------------------------------------------------------------------------------------------

export interface ScoreItem {
  response: string;
  label: Label;
}

/**
 * verl's `compute_score` arguments. `extra_info.problem_type`, when given, overrides the label's
 * type, since verl datasets usually keep the type in `extra_info` and the answer in `ground_truth`.
 */
const ScoreItemSchema = z
  .looseObject(
    {
      solution_str: z.string({ error: expected('the response string') }),
      ground_truth: LabelSchema,
      data_source: z.unknown().optional(),
      extra_info: z
        .looseObject({ problem_type: ProblemTypeSchema.nullish() }, { error: expected('an object') })
        .nullish(),
    },
    { error: 'expected a JSON object {solution_str, ground_truth, extra_info?}' },
  )
  .transform((o): ScoreItem => {
    const problemType = o.extra_info?.problem_type ?? o.ground_truth.problemType;
    return { response: o.solution_str, label: { ...o.ground_truth, problemType } };
  });

const ScoreBatchSchema = z.object({ items: z.array(ScoreItemSchema, { error: expected('an array of items') }) });

export type ScoreRequest = { batch: false; item: ScoreItem } | { batch: true; items: ScoreItem[] };

// ---------------------------------------------------------------------------------------------
// POST /temporal (one T-GRPO group)
// ---------------------------------------------------------------------------------------------

export const TemporalSchema = z
  .looseObject(
    {
      problem_type: ProblemTypeSchema,
      solution: SolutionSchema,
      ordered: strings('an array of responses to the ordered frames').min(1, 'needs at least one response'),
      shuffled: strings('an array of responses to the shuffled frames ([] for an image)'),
      lengths: z
        .array(z.number({ error: expected('a token count') }).nonnegative(), {
          error: expected('an array of token counts'),
        })
        .optional(),
      mu: z.number({ error: expected('a finite number') }).optional(),
      alpha: z.number({ error: expected('a finite number') }).optional(),
    },
    { error: 'expected a JSON object {problem_type, solution, ordered, shuffled, lengths?, mu?, alpha?}' },
  )
  .superRefine((b, ctx) => {
    if (b.lengths !== undefined && b.lengths.length !== b.ordered.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['lengths'],
        message: `has ${b.lengths.length} items but ordered has ${b.ordered.length}`,
      });
    }
  });
export type TemporalRequest = z.output<typeof TemporalSchema>;

// ---------------------------------------------------------------------------------------------
// Validation entry points
// ---------------------------------------------------------------------------------------------

/** `labels[3].solution` from zod's `['labels', 3, 'solution']`. */
export function formatPath(path: readonly PropertyKey[]): string | null {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || null;
}

function toValidation<T>(r: z.ZodSafeParseResult<T>): Validation<T> {
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const field = issue ? formatPath(issue.path) : null;
  const detail = issue?.message ?? 'invalid request';
  return { ok: false, error: { message: field ? `${field}: ${detail}` : detail, field } };
}

export function validateGetReward(body: unknown): Validation<GetRewardRequest> {
  return toValidation(GetRewardSchema.safeParse(body));
}

/** A body with an `items` key is a batch; anything else is one item. */
export function validateScore(body: unknown): Validation<ScoreRequest> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'items' in body) {
    const r = toValidation(ScoreBatchSchema.safeParse(body));
    return r.ok ? { ok: true, value: { batch: true, items: r.value.items } } : r;
  }
  const r = toValidation(ScoreItemSchema.safeParse(body));
  return r.ok ? { ok: true, value: { batch: false, item: r.value } } : r;
}

export function validateTemporal(body: unknown): Validation<TemporalRequest> {
  return toValidation(TemporalSchema.safeParse(body));
}

const TemporalBatchSchema = z.object({ groups: z.array(TemporalSchema, { error: expected('an array of groups') }) });

export type TemporalRequests = { batch: false; group: TemporalRequest } | { batch: true; groups: TemporalRequest[] };

/** A body with a `groups` key is a batch of T-GRPO groups (one per prompt); anything else is one group. */
export function validateTemporalRequests(body: unknown): Validation<TemporalRequests> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'groups' in body) {
    const r = toValidation(TemporalBatchSchema.safeParse(body));
    return r.ok ? { ok: true, value: { batch: true, groups: r.value.groups } } : r;
  }
  const r = validateTemporal(body);
  return r.ok ? { ok: true, value: { batch: false, group: r.value } } : r;
}
