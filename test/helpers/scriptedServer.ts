/**
 * A scripted OpenAI-compatible chat server on 127.0.0.1 for tests and the scripted demo:
 * it answers from a script (a function of the request) and can inject faults. Not the product.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  /** The `[<id>]` tag fixture questions carry, or null. */
  id: string | null;
  /** `before` when the prompt lacks both the Adaptation pre-prompt and the P/C suffix. */
  condition: 'after' | 'before';
  prompt: string;
  images: number;
  videos: number;
  body: Record<string, unknown>;
  /** 1 for the first request with this (id, condition), 2 for its first retry … */
  attempt: number;
  authorization: string | null;
}

export type Reply =
  | { text: string }
  | { status: number; headers?: Record<string, string>; body?: string }
  | { raw: string }
  | { hang: true }
  | { reset: true }
  | { noChoices: true };

export interface ScriptedServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(
  script: (r: SeenRequest) => Reply | Promise<Reply>,
  opts: { port?: number; keepLog?: boolean } = {},
): Promise<ScriptedServer> {
  const attempts = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(e) } }));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted', object: 'model' }] }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const seen = describe(body, attempts, req.headers.authorization ?? null);
    if (opts.keepLog !== false) requests.push(seen);
    const reply = await script(seen);
    send(res, reply, String(body.model ?? 'scripted'));
  }
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function describe(
  body: Record<string, unknown>,
  attempts: Map<string, number>,
  authorization: string | null,
): SeenRequest {
  const msgs = (body.messages ?? []) as { content: string | { type: string; text?: string }[] }[];
  const content = msgs[0]?.content ?? '';
  const parts = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  const prompt = parts
    .filter((p) => p.type === 'text')
    .map((p) => p.text ?? '')
    .join('\n');
  const id = /\[([A-Za-z0-9_.-]+)\]/.exec(prompt)?.[1] ?? null;
  const condition = /You should watch and learn|Please ignore the Quiz question|directly output/.test(prompt)
    ? 'after'
    : 'before';
  const k = `${id}|${condition}`;
  const attempt = (attempts.get(k) ?? 0) + 1;
  attempts.set(k, attempt);
  return {
    id,
    condition,
    prompt,
    images: parts.filter((p) => p.type === 'image_url').length,
    videos: parts.filter((p) => p.type === 'video_url').length,
    body,
    attempt,
    authorization,
  };
}

function send(res: ServerResponse, reply: Reply, model: string): void {
  if ('hang' in reply) return; // never answer: the client's timeout must fire
  if ('reset' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('status' in reply) {
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  if ('raw' in reply) res.end(reply.raw);
  else if ('noChoices' in reply) res.end(JSON.stringify({ id: 'x', object: 'chat.completion', model, choices: [] }));
  else res.end(JSON.stringify(completion(reply.text, model)));
}

export function completion(text: string, model: string): Record<string, unknown> {
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}
