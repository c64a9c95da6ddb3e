/**
 * `--stream`: our client against a loopback server that streams chat completions the way vLLM
 * does (a role chunk, content pieces, reasoning pieces, a finish chunk, a usage chunk with no
 * choices, `[DONE]`) and answers the same request without `stream` as one JSON body. The real
 * `openai` package reads the same stream, so the server is checked to speak the protocol.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { OpenAIClient } from '../../src/clients/openai.js';
import { ServerPool } from '../../src/clients/serverPool.js';
import type { ChatRequest } from '../../src/clients/types.js';

const ANSWER = ['<think>', 'The ', 'ball ', 'is red', '.</think>', '<answer>A</answer>', ' ünïcödé ✓'];
const THOUGHT = ['first ', 'look'];

type Mode = 'ok' | 'cut' | 'error';
let mode: Mode = 'ok';
let server: Server;
let base: string;
const bodies: Record<string, unknown>[] = [];

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  })}\n\n`;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }));
    return;
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  bodies.push(body);
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: ANSWER.join(''), reasoning_content: THOUGHT.join('') },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const write = (s: string | Buffer) => new Promise<void>((r) => res.write(s, () => r()));
  await write(chunk({ role: 'assistant', content: '' }));
  for (const t of THOUGHT) await write(chunk({ reasoning_content: t }));
  // Split one event across two TCP writes, and a multi-byte character across them.
  const first = chunk({ content: ANSWER[0] });
  await write(first.slice(0, 20));
  await new Promise((r) => setTimeout(r, 5));
  await write(first.slice(20));
  for (const t of ANSWER.slice(1, -1)) await write(chunk({ content: t }));
  if (mode === 'cut') {
    res.end(); // a well-formed end of the body, but no [DONE]
    return;
  }
  if (mode === 'error') {
    await write(`data: ${JSON.stringify({ error: { object: 'error', message: 'engine died', code: 500 } })}\n\n`);
    await write('data: [DONE]\n\n');
    res.end();
    return;
  }
  const last = Buffer.from(chunk({ content: ANSWER.at(-1) }));
  const mid = last.indexOf(Buffer.from('ü')) + 1; // inside the two bytes of ü
  await write(last.subarray(0, mid));
  await new Promise((r) => setTimeout(r, 5));
  await write(last.subarray(mid));
  await write(chunk({ content: '' }, 'stop'));
  const opts = body.stream_options as { include_usage?: boolean } | undefined;
  if (opts?.include_usage) {
    const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
    const final = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage };
    await write(`data: ${JSON.stringify(final)}\n\n`);
  }
  await write('data: [DONE]\n\n');
  res.end();
}

before(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const req: ChatRequest = { prompt: 'Which colour?', visuals: [], params: { temperature: 0, maxTokens: 16 } };

test('the openai package reads the server’s stream: the loopback server speaks the protocol', async () => {
  mode = 'ok';
  const sdk = new OpenAI({ baseURL: base, apiKey: 'x' });
  const stream = await sdk.chat.completions.create({
    model: 'm',
    messages: [{ role: 'user', content: 'Which colour?' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage: unknown = null;
  for await (const c of stream) {
    text += c.choices[0]?.delta?.content ?? '';
    if (c.usage) usage = c.usage;
  }
  assert.equal(text, ANSWER.join(''));
  assert.deepEqual(usage, { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
});

test('streamed answers equal the non-streamed ones: text, reasoning, finish reason, usage; TTFT measured', async () => {
  mode = 'ok';
  const plain = await new OpenAIClient({ baseUrl: base, model: 'm' }).complete(req);
  const streamed = await new OpenAIClient({ baseUrl: base, model: 'm', stream: true }).complete(req);
  assert.equal(streamed.text, plain.text);
  assert.equal(streamed.text, ANSWER.join(''));
  assert.equal(streamed.reasoning, plain.reasoning);
  assert.equal(streamed.finishReason, 'stop');
  assert.deepEqual(streamed.usage, plain.usage);
  assert.equal(plain.ttftMs, undefined);
  assert.ok(typeof streamed.ttftMs === 'number' && streamed.ttftMs >= 0 && streamed.ttftMs <= streamed.latencyMs);
  const sent = bodies.at(-1)!;
  assert.equal(sent.stream, true);
  assert.deepEqual(sent.stream_options, { include_usage: true });
  assert.equal(bodies.at(-2)!.stream, undefined, 'no stream fields without --stream');
});

test('a stream cut before [DONE], or an error event in it, is a failed attempt that is retried', async () => {
  const c = new OpenAIClient({ baseUrl: base, model: 'm', stream: true, retry: { retries: 1, baseMs: 1, maxMs: 2 } });
  mode = 'cut';
  await assert.rejects(c.complete(req), /stream ended before \[DONE\].*after 2 attempts/);
  mode = 'error';
  await assert.rejects(c.complete(req), /error in stream: engine died.*after 2 attempts/);
  mode = 'ok';
  assert.equal((await c.complete(req)).text, ANSWER.join(''));
});

test('through the server pool: same answer, the server named, TTFT kept', async () => {
  mode = 'ok';
  const pool = new ServerPool({ baseUrls: [base], model: 'm', stream: true, concurrency: 2 });
  await pool.preflight();
  const r = await pool.complete(req);
  assert.equal(r.text, ANSWER.join(''));
  assert.equal(r.server, base);
  assert.equal(typeof r.ttftMs, 'number');
  assert.equal(pool.snapshot()[0]!.answers, 1);
});
