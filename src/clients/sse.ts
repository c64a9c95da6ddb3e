/**
 * Server-sent events of a streamed chat completion (`stream: true`), as vLLM, SGLang and the
 * OpenAI API send them: `data: {chat.completion.chunk}` events separated by blank lines, the
 * answer in `choices[0].delta.content` pieces, reasoning in `delta.reasoning_content` (newer vLLM:
 * `delta.reasoning`), `finish_reason` on the last choice chunk, `usage` on a final chunk with no
 * choices when `stream_options.include_usage` is set, then `data: [DONE]`. An `error` object in an
 * event is the server failing mid-stream.
 */

export interface StreamedCompletion {
  text: string;
  reasoning: string | null;
  finishReason: string | null;
  usage: { promptTokens?: number; completionTokens?: number } | null;
  /** ms from `t0` to the first piece of answer or reasoning; null when none came. */
  ttftMs: number | null;
  /** True when the `[DONE]` event arrived (a stream cut short does not have it). */
  done: boolean;
  /** The server's mid-stream error message, if it sent one. */
  error: string | null;
}

interface Chunk {
  choices?: {
    delta?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown };
    finish_reason?: unknown;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: unknown } | string;
}

/** Read a streamed completion to its end; `t0` is when the request was sent (performance.now()). */
export async function readChatStream(body: ReadableStream<Uint8Array>, t0: number): Promise<StreamedCompletion> {
  const out: StreamedCompletion = {
    text: '',
    reasoning: null,
    finishReason: null,
    usage: null,
    ttftMs: null,
    done: false,
    error: null,
  };
  const decoder = new TextDecoder();
  let buf = '';
  let data: string[] = [];
  const dispatch = (): void => {
    if (data.length === 0) return;
    const payload = data.join('\n');
    data = [];
    if (payload.trim() === '[DONE]') {
      out.done = true;
      return;
    }
    let chunk: Chunk;
    try {
      chunk = JSON.parse(payload) as Chunk;
    } catch {
      out.error ??= `malformed event in stream: ${JSON.stringify(payload.slice(0, 120))}`;
      return;
    }
    if (chunk.error !== undefined) {
      const m = typeof chunk.error === 'string' ? chunk.error : String(chunk.error?.message ?? 'error');
      out.error ??= m;
      return;
    }
    const choice = chunk.choices?.[0];
    const piece = choice?.delta?.content;
    const thought = choice?.delta?.reasoning_content ?? choice?.delta?.reasoning;
    if (typeof piece === 'string' && piece) out.text += piece;
    if (typeof thought === 'string' && thought) out.reasoning = (out.reasoning ?? '') + thought;
    if (out.ttftMs === null && ((typeof piece === 'string' && piece) || (typeof thought === 'string' && thought)))
      out.ttftMs = Math.round(performance.now() - t0);
    if (typeof choice?.finish_reason === 'string') out.finishReason = choice.finish_reason;
    if (chunk.usage)
      out.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
  };
  const line = (l: string): void => {
    if (l === '') dispatch();
    else if (l.startsWith('data:')) data.push(l.slice(l.charAt(5) === ' ' ? 6 : 5));
    // `event:`, `id:`, `retry:` and `:` comments carry nothing a chat completion needs.
  };
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(bytes, { stream: true });
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      line(buf.slice(0, nl).replace(/\r$/, ''));
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
    }
  }
  buf += decoder.decode();
  if (buf) line(buf.replace(/\r$/, ''));
  dispatch();
  return out;
}
