/**
 * The chat-completions request as the embedded model can use it: the text of each turn, the visual
 * parts in order, and the sampling settings. Validation errors name the field, as OpenAI's do.
 */
import { z } from 'zod';

const urlField = z.union([z.string(), z.object({ url: z.string() })]);
const Part = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), image_url: urlField }),
  z.object({ type: z.literal('video_url'), video_url: urlField }),
]);
const Message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(Part), z.null()]),
});
const Body = z.object({
  model: z.string().optional(),
  messages: z.array(Message).min(1),
  // OpenAI's defaults: temperature 1, top_p 1.
  temperature: z.number().min(0).max(2).default(1),
  top_p: z.number().gt(0).max(1).default(1),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  seed: z.number().int().nullish(),
  n: z.literal(1).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
});

/** `param`: where the part is in the request, as OpenAI names fields (`messages[0].content[1].image_url`). */
export type VisualRef = { kind: 'image' | 'video'; url: string; param: string };

export interface ChatCompletionRequest {
  model: string | undefined;
  /** Text of each message, in order (system and assistant turns included). */
  turns: string[];
  visuals: VisualRef[];
  temperature: number;
  topP: number;
  /** null: as many as fit in the model's context. */
  maxTokens: number | null;
  /** Which field maxTokens came from, for errors. */
  maxTokensParam: 'max_completion_tokens' | 'max_tokens';
  seed: number | null;
  stream: boolean;
  includeUsage: boolean;
  /** null: no logprobs; else the number of alternatives per token (0 with `logprobs: true` alone). */
  topLogprobs: number | null;
}

export type Parsed = { ok: true; value: ChatCompletionRequest } | { ok: false; message: string; param: string | null };

/**
 * Most image/video parts one request may carry. The model looks at a few frames, but every part is
 * decoded before they are picked, so an unbounded count is a cheap way to burn the server's CPU.
 */
export const MAX_VISUAL_PARTS = 256;

/** `messages[0].content[1].image_url` from zod's `['messages', 0, 'content', 1, 'image_url']`. */
export function paramPath(path: readonly PropertyKey[]): string | null {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || null;
}

export function parseChatRequest(json: unknown): Parsed {
  const r = Body.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const param = paramPath(issue.path);
    return { ok: false, message: `${param ?? 'body'}: ${issue.message}`, param };
  }
  const b = r.data;
  if (b.top_logprobs != null && b.logprobs !== true) {
    return { ok: false, message: 'top_logprobs: needs logprobs: true', param: 'top_logprobs' };
  }
  const turns: string[] = [];
  const visuals: VisualRef[] = [];
  for (const [mi, m] of b.messages.entries()) {
    if (typeof m.content === 'string' || m.content === null) {
      turns.push(m.content ?? '');
      continue;
    }
    const texts: string[] = [];
    for (const [pi, p] of m.content.entries()) {
      const at = `messages[${mi}].content[${pi}]`;
      if (p.type === 'text') texts.push(p.text);
      else if (p.type === 'image_url')
        visuals.push({
          kind: 'image',
          url: typeof p.image_url === 'string' ? p.image_url : p.image_url.url,
          param: `${at}.image_url`,
        });
      else
        visuals.push({
          kind: 'video',
          url: typeof p.video_url === 'string' ? p.video_url : p.video_url.url,
          param: `${at}.video_url`,
        });
    }
    turns.push(texts.join('\n'));
  }
  if (visuals.length > MAX_VISUAL_PARTS)
    return {
      ok: false,
      message: `messages: ${visuals.length} image/video parts; at most ${MAX_VISUAL_PARTS} per request`,
      param: 'messages',
    };
  return {
    ok: true,
    value: {
      model: b.model,
      turns,
      visuals,
      temperature: b.temperature,
      topP: b.top_p,
      maxTokens: b.max_completion_tokens ?? b.max_tokens ?? null,
      maxTokensParam: b.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens',
      seed: b.seed ?? null,
      stream: b.stream ?? false,
      includeUsage: b.stream_options?.include_usage ?? false,
      topLogprobs: b.logprobs === true ? (b.top_logprobs ?? 0) : null,
    },
  };
}
