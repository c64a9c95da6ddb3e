/**
 * A server that refuses the run itself (401, 403, 404, "model not found") among several, on real
 * HTTP servers on 127.0.0.1: it is out for the rest of the run with one stderr line naming it and
 * its error, its requests go to the others (every unit answered exactly once), results.json says
 * what happened to it, and the run stops with one clear error only when no server is left. An
 * item's own 4xx (a prompt too long) stays that item's error and the server stays in.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { errorSummary, FatalModelError, isServerRejection } from '../../src/clients/openai.js';
import { runCli } from '../helpers/cli.js';
import { evalOptions, evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';

let dir: string;
let data: string;
const servers: ScriptedServer[] = [];
const raw: Server[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-rejection-'));
  data = join(dir, 'data');
  await makeFixture(data);
});
after(async () => {
  for (const s of servers) await s.close().catch(() => {});
  for (const s of raw) s.closeAllConnections();
  await Promise.all(raw.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

async function serve(script: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const s = await startScriptedServer(script);
  servers.push(s);
  return s;
}

/** OpenAI's answer to a wrong key, byte for byte in shape. */
const OPENAI_401 = JSON.stringify({
  error: {
    message:
      'Incorrect API key provided: sk-wrong. You can find your API key at ' +
      'https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
});
/** vLLM's answer to an unknown model name (its flat ErrorResponse). */
const VLLM_404 = JSON.stringify({
  object: 'error',
  message: 'The model `scripted` does not exist.',
  type: 'NotFoundError',
  param: null,
  code: 404,
});

const answerA = (ms: number) => async () => {
  await new Promise((r) => setTimeout(r, ms));
  return { text: 'A' };
};

/** A server that answers every request, the model list included, with `status` and `body`. */
async function refuseAll(status: number, body: string): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const s = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
  });
  raw.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1`, hits };
}

const records = (p: string): { key: string; status: string }[] =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { key: string; status: string });

test('which answers refuse the server and which are the item’s own', () => {
  for (const s of [401, 403, 404]) assert.ok(isServerRejection(s, 'whatever'), String(s));
  assert.ok(isServerRejection(400, '{"error":{"message":"The model `x` does not exist","code":"model_not_found"}}'));
  assert.ok(isServerRejection(400, 'model "qwen" not found, try pulling it first'));
  assert.ok(isServerRejection(422, 'Unknown model: qwen-7b'));
  assert.ok(!isServerRejection(400, "This model's maximum context length is 32768 tokens"));
  assert.ok(!isServerRejection(400, 'image could not be decoded'));
  assert.ok(!isServerRejection(413, 'payload too large'));
  assert.ok(!isServerRejection(429, 'rate limited'));
  assert.equal(
    errorSummary(OPENAI_401),
    'Incorrect API key provided: sk-wrong. You can find your API key at ' +
      'https://platform.openai.com/account/api-keys. (invalid_api_key)',
  );
  assert.equal(errorSummary(VLLM_404), 'The model `scripted` does not exist.');
  assert.equal(errorSummary('plain text'), 'plain text');
});

test('one of three servers answers 401 mid-run: it is out, the others answer every unit once (CLI)', async () => {
  const good = await Promise.all([0, 1].map(() => serve(answerA(10))));
  // Lists the model (the check before the run passes), then refuses every chat request.
  const bad = await serve(() => ({ status: 401, body: OPENAI_401 }));
  const out = join(dir, 'cli-401');
  const r = await runCli([
    'eval',
    '--data',
    data,
    '--model-name',
    'scripted',
    '--base-url',
    good[0]!.url,
    '--base-url',
    bad.url,
    '--base-url',
    good[1]!.url,
    '--output',
    out,
    '--concurrency',
    '2',
    '--retry-base-ms',
    '5',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.includes('is out for the rest of the run'));
  assert.deepEqual(lines, [
    `error: ${bad.url} is out for the rest of the run: HTTP 401: Incorrect API key provided: sk-wrong. ` +
      'You can find your API key at https://platform.openai.com/account/api-keys. (invalid_api_key); ' +
      'its requests go to the 2 other servers',
  ]);
  assert.ok(bad.requests.length >= 1, 'the bad server was asked');
  assert.ok(
    bad.requests.length <= 2,
    `nothing was sent to it after its first 401 but what was already in flight (${bad.requests.length})`,
  );
  const recs = records(join(out, 'records.jsonl'));
  assert.equal(recs.length, 24, 'one line per unit: nothing lost, nothing asked twice');
  assert.equal(new Set(recs.map((x) => x.key)).size, 24);
  assert.ok(recs.every((x) => x.status === 'ok'));
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.equal(results.counts.answered, 24);
  assert.equal(results.counts.errored, 0);
  const byUrl = new Map(results.efficiency.servers.map((s: { url: string }) => [s.url, s]));
  const b = byUrl.get(bad.url) as { requests: number; retired: string; failed: { http_other: number } };
  assert.equal(b.requests, 0);
  assert.match(b.retired, /^HTTP 401: Incorrect API key provided/);
  assert.equal(b.failed.http_other, bad.requests.length, 'each refused try counted');
  for (const g of good) {
    const s = byUrl.get(g.url) as { requests: number; retired: string | null };
    assert.equal(s.retired, null);
    assert.equal(s.requests, g.requests.length, `${g.url} answered what it was sent`);
  }
  assert.equal(good[0]!.requests.length + good[1]!.requests.length, 24);
});

test('a server that refuses even the check before the run is out at once; the run goes on without it', async () => {
  const good = await serve(answerA(0));
  const bad = await refuseAll(401, OPENAI_401);
  const logged: string[] = [];
  const log = { write: (s: string) => logged.push(s) } as unknown as NodeJS.WriteStream;
  const out = join(dir, 'preflight-401');
  const { results } = await evaluateVideoMMMU(
    evalOptions(data, out, good.url, {
      model: { baseUrl: good.url, baseUrls: [bad.url, good.url], name: 'scripted', retry: { retries: 2, baseMs: 5 } },
      log,
    }),
  );
  assert.equal(results.counts.answered, 24);
  assert.deepEqual(bad.hits, ['GET /v1/models'], 'no chat request went to it');
  const text = logged.join('');
  assert.match(
    text,
    new RegExp(
      `error: ${bad.url.replace(/[.]/g, '\\.')} is out for the rest of the run: HTTP 401 on the check before the ` +
        `run; its requests go to the other server`,
    ),
  );
  const s = results.efficiency!.servers.find((x) => x.url === bad.url);
  assert.match(s?.retired ?? '', /HTTP 401/);
  assert.equal(records(join(out, 'records.jsonl')).length, 24);
});

test('every server refuses the run: one error naming each server and its answer', async () => {
  const a = await serve(() => ({ status: 401, body: OPENAI_401 }));
  const b = await serve(() => ({ status: 404, body: VLLM_404 }));
  const logged: string[] = [];
  const log = { write: (s: string) => logged.push(s) } as unknown as NodeJS.WriteStream;
  await assert.rejects(
    evaluateVideoMMMU(
      evalOptions(data, join(dir, 'none-left'), a.url, {
        model: { baseUrl: a.url, baseUrls: [a.url, b.url], name: 'scripted', retry: { retries: 2, baseMs: 5 } },
        log,
      }),
    ),
    (e: unknown) => {
      assert.ok(e instanceof FatalModelError, String(e));
      assert.equal(
        e.message,
        'no server is left to ask: all 2 are out of the run:\n' +
          `  ${a.url}: HTTP 401: Incorrect API key provided: sk-wrong. You can find your API key at ` +
          `https://platform.openai.com/account/api-keys. (invalid_api_key)\n` +
          `  ${b.url}: HTTP 404: The model \`scripted\` does not exist.`,
      );
      return true;
    },
  );
  assert.match(logged.join(''), /; no server is left\n/);
});

test('one server alone: its first 401 stops the run with the endpoint and the hint, as before', async () => {
  const a = await serve(() => ({ status: 404, body: VLLM_404 }));
  await assert.rejects(evaluateVideoMMMU(evalOptions(data, join(dir, 'alone'), a.url)), (e: unknown) => {
    assert.ok(e instanceof FatalModelError, String(e));
    assert.ok(e.message.startsWith(`${a.url}/chat/completions: HTTP 404: ${VLLM_404}`), e.message);
    assert.match(e.message, /check --model-name and --base-url/);
    return true;
  });
});

test('a 400 about the item (prompt too long) is that item’s error: the server stays in', async () => {
  const tooLong = JSON.stringify({
    object: 'error',
    message: "This model's maximum context length is 32768 tokens. However, you requested 40000 tokens.",
    type: 'BadRequestError',
    param: null,
    code: 400,
  });
  const script = (r: { id: string | null; condition: string }) =>
    r.id === 'dev_History_5' && r.condition === 'after' ? { status: 400, body: tooLong } : { text: 'A' };
  const a = await serve(script);
  const b = await serve(script);
  const { results } = await evaluateVideoMMMU(
    evalOptions(data, join(dir, 'item-400'), a.url, {
      model: { baseUrl: a.url, baseUrls: [a.url, b.url], name: 'scripted', retry: { retries: 2, baseMs: 5 } },
    }),
  );
  assert.equal(results.counts.planned, 24);
  // dev_History_5 is asked with video in all three tracks (Perception, Comprehension, Adaptation after).
  assert.equal(results.counts.errored, 3, JSON.stringify(results.errors));
  assert.equal(results.counts.answered, 21);
  for (const s of results.efficiency!.servers) assert.equal(s.retired, null, `${s.url} stayed in`);
});
