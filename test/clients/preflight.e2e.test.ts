/**
 * The endpoint check before a run and the retry policy for refused connections, against real
 * HTTP servers on 127.0.0.1 (and a port nothing listens on).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { FatalModelError, OpenAIClient, PreflightError } from '../../src/clients/openai.js';
import { ModelError } from '../../src/core/errors.js';
import { REFUSED_RETRIES, REFUSED_STREAK_FATAL } from '../../src/clients/retry.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(h: Handler): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const s = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => h(req, res));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise<void>((r) => s.close(() => r())) };
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const ok = (res: ServerResponse, body: unknown): void => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const completion = { choices: [{ message: { content: 'A' }, finish_reason: 'stop' }] };
const req = { prompt: 'q', visuals: [], params: { temperature: 0, maxTokens: 8 } };

test('nothing listening: the check names the URL and the cause', async () => {
  const port = await closedPort();
  const c = new OpenAIClient({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' });
  await assert.rejects(
    c.preflight(),
    (e: unknown) =>
      e instanceof PreflightError &&
      e.message.includes(`cannot reach the model server at http://127.0.0.1:${port}/v1 (ECONNREFUSED)`),
  );
});

test('a base URL without /v1 that 404s gets the /v1 hint; with /v1 the hint is about the model name', async () => {
  const s = await serve((r, res) => {
    if (r.url === '/v1/models') return ok(res, { data: [{ id: 'm' }] });
    res.writeHead(404).end('not found');
  });
  try {
    const bare = new OpenAIClient({ baseUrl: s.url, model: 'm' });
    await assert.rejects(bare.preflight(), (e: unknown) => {
      assert.ok(e instanceof PreflightError);
      assert.match(e.message, new RegExp(`${s.url}/chat/completions answers 404`));
      assert.ok(e.message.includes(`did you mean --base-url ${s.url}/v1 ?`), e.message);
      return true;
    });
    assert.deepEqual(s.hits, ['GET /models', 'POST /chat/completions'], 'GET /models, then one tiny request');
    await new OpenAIClient({ baseUrl: `${s.url}/v1`, model: 'm' }).preflight();
  } finally {
    await s.close();
  }
});

test('a refused key is named; a server without /models passes on one tiny request; the check runs once', async () => {
  const denied = await serve((_r, res) => res.writeHead(401).end('bad key'));
  const chatOnly = await serve((r, res) =>
    r.url === '/v1/chat/completions' ? ok(res, completion) : res.writeHead(404).end(),
  );
  try {
    await assert.rejects(
      new OpenAIClient({ baseUrl: `${denied.url}/v1`, model: 'm' }).preflight(),
      /refused the request \(HTTP 401: bad key\): check the API key/,
    );
    const c = new OpenAIClient({ baseUrl: `${chatOnly.url}/v1`, model: 'm' });
    await c.preflight();
    await c.preflight();
    assert.deepEqual(chatOnly.hits, ['GET /v1/models', 'POST /v1/chat/completions']);
  } finally {
    await denied.close();
    await chatOnly.close();
  }
});

test('a refused connection gets a short retry budget, and a run of them is fatal', async () => {
  const port = await closedPort();
  const c = new OpenAIClient({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', retry: { retries: 5 } });
  const t0 = performance.now();
  for (let i = 1; i < REFUSED_STREAK_FATAL; i++)
    await assert.rejects(c.complete(req), (e: unknown) => {
      assert.ok(e instanceof ModelError && !(e instanceof FatalModelError), String(e));
      assert.equal(e.attempts, 1 + REFUSED_RETRIES, 'not the full --retries 5');
      assert.match(e.message, /connection failed: ECONNREFUSED/);
      return true;
    });
  await assert.rejects(c.complete(req), (e: unknown) => {
    assert.ok(e instanceof FatalModelError, String(e));
    assert.match(e.message, /ECONNREFUSED on 3 requests in a row: the server is down/);
    return true;
  });
  process.stdout.write(
    `# ${REFUSED_STREAK_FATAL} refused requests: ${((performance.now() - t0) / 1000).toFixed(2)} s\n`,
  );
});

test('an answer resets the refused streak; other transport faults keep the full budget', async () => {
  let fail = true;
  const s = await serve((_r, res) => {
    if (fail) {
      res.socket?.destroy();
      return;
    }
    ok(res, completion);
  });
  try {
    const c = new OpenAIClient({ baseUrl: `${s.url}/v1`, model: 'm', retry: { retries: 3, baseMs: 1, maxMs: 2 } });
    await assert.rejects(c.complete(req), (e: unknown) => e instanceof ModelError && e.attempts === 4);
    fail = false;
    assert.equal((await c.complete(req)).text, 'A');
  } finally {
    await s.close();
  }
});
