/**
 * The reward service over real HTTP on 127.0.0.1 (port 0). Expected rewards are worked out by
 * hand from the reference definitions (grpo.py accuracy/format, the T-GRPO and length bonuses).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { responseText, startRewardServer, type RewardServer } from '../../src/rewards/server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** POST (or other method) with node:http, so bodies can be streamed slowly or sent chunked. */
function call(
  url: string,
  opts: {
    method?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
    chunks?: (string | Buffer)[];
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: opts.method ?? 'POST', headers: { 'content-type': 'application/json', ...opts.headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.chunks) {
      void (async () => {
        const chunks = opts.chunks!;
        for (const chunk of chunks) {
          req.write(chunk);
          await new Promise((r) => setTimeout(r, 5));
        }
        req.end();
      })();
    } else req.end(opts.body);
  });
}

const post = (url: string, body: unknown, headers?: Record<string, string>) =>
  call(url, { body: JSON.stringify(body), headers });
const approx = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

/** A Qwen-style chat prompt whose instruction itself mentions the tags (as Video-R1's does). */
const PROMPT =
  '<|im_start|>user\nWhich way does the car turn? A. left B. right C. back\nThink between <think> </think> tags, ' +
  'then answer between <answer> </answer> tags.<|im_end|>\n<|im_start|>assistant\n';
/** The same prompt with a video placeholder; a VLM processor expands it into many pad tokens. */
const VIDEO_PROMPT =
  `<|im_start|>user\n<|vision_start|><|video_pad|><|vision_end|>` + `${PROMPT.slice('<|im_start|>user\n'.length)}`;
const VIDEO_QUERY_HEAD =
  `<|im_start|>user\n<|vision_start|>${'<|video_pad|>'.repeat(5)}<|vision_end|>` +
  `${PROMPT.slice('<|im_start|>user\n'.length)}`;

describe('reward server', () => {
  let server: RewardServer;
  const logged: string[] = [];
  before(async () => {
    server = await startRewardServer({ port: 0, bodyLimit: 4096, log: (l) => logged.push(l) });
  });
  after(() => server.close());

  test('binds 127.0.0.1 and answers /health', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await call(`${server.url}/health`, { method: 'GET' });
    assert.equal(r.status, 200);
    assert.deepEqual((r.body as { status: string }).status, 'ok');
  });

  test('OpenRLHF batch: rewards = accuracy + format, scores = accuracy', async () => {
    const items = [
      // MC right, formatted, with the stop token OpenRLHF leaves in: 1 + 1.
      { query: `${PROMPT}<think>it turns</think>\n<answer>B</answer><|im_end|>`, prompt: PROMPT, label: 'B' },
      // MC wrong (label as a JSON string), formatted: 0 + 1.
      {
        query: `${PROMPT}<think>hmm</think><answer>B</answer>`,
        prompt: PROMPT,
        label: '{"problem_type": "multiple choice", "solution": "<answer>A</answer>"}',
      },
      // numerical 12.50 vs bare 12.5 (label object): round(12.5, 2) both, 1; no <think>, format 0.
      {
        query: `${PROMPT}<answer>12.50</answer><|im_end|><|endoftext|>`,
        prompt: PROMPT,
        label: { problem_type: 'numerical', solution: '12.5' },
      },
      // regression 8 vs 10: 1 − (|8 − 10| + 1e-9) / (|10| + 1e-9); formatted.
      {
        query: `${PROMPT}<think>about</think> <answer>8</answer>`,
        prompt: PROMPT,
        label: '{"problem_type":"Regression","solution":"<answer>10</answer>"}',
      },
      // OCR "STOP" vs "STOP HERE": one deletion in two words, WER 0.5, accuracy 0.5; formatted.
      {
        query: `${PROMPT}<think>sign</think><answer>STOP</answer>`,
        prompt: PROMPT,
        label: { problem_type: 'ocr', solution: '<answer>STOP HERE</answer>' },
      },
      // VLM: the query's prompt part has 5 pad tokens where the prompt has 1, so it is not a
      // prefix; the response is found after the prompt's tail. Scoring the whole query instead
      // would read the instruction's empty "<answer> </answer>" and fail the format: 0 + 0.
      {
        query: `${VIDEO_QUERY_HEAD}<think>left turn</think>\n<answer>A</answer><|im_end|>`,
        prompt: VIDEO_PROMPT,
        label: 'A',
      },
      // Unrelated short prompt: the whole query is the response. 1 + 1.
      { query: '<think>t</think><answer>D</answer>', prompt: 'zz', label: '<answer>D</answer>' },
      // A stop token followed by a newline is not stripped past the newline: format 0, accuracy 1.
      { query: `${PROMPT}<think>x</think><answer>C</answer>\n<|im_end|>`, prompt: PROMPT, label: 'C' },
    ];
    const regression = 1 - (Math.abs(8 - 10) + 1e-9) / (10 + 1e-9);
    const accuracy = [1, 0, 1, regression, 0.5, 1, 1, 1];
    const format = [1, 1, 0, 1, 1, 1, 1, 0];
    const r = await post(`${server.url}/get_reward`, {
      query: items.map((i) => i.query),
      prompts: items.map((i) => i.prompt),
      labels: items.map((i) => i.label),
    });
    assert.equal(r.status, 200);
    const body = r.body as {
      rewards: number[];
      scores: number[];
      extra_logs: { accuracy: number[]; format: number[] };
    };
    assert.deepEqual(body.scores, accuracy);
    assert.deepEqual(body.extra_logs, { accuracy, format });
    assert.deepEqual(
      body.rewards,
      accuracy.map((a, i) => a + format[i]!),
    );
  });

  test('OpenRLHF sends empty batches to its other reward URLs: answered with empty lists', async () => {
    const r = await post(`${server.url}/get_reward`, { query: [], prompts: [], labels: [] });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { rewards: [], scores: [], extra_logs: { accuracy: [], format: [] } });
  });

  test('/score: one verl item, extra_info.problem_type overriding the label', async () => {
    let r = await post(`${server.url}/score`, {
      data_source: 'video-r1',
      solution_str: '<think>x</think> <answer>12.50</answer>',
      ground_truth: '12.5',
      extra_info: { problem_type: 'numerical', index: 3 },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { score: 2, accuracy: 1, format: 1, answer: '12.50' });
    // The same as multiple choice (the plain-string default): "12.50" ≠ "12.5".
    r = await post(`${server.url}/score`, {
      solution_str: '<think>x</think> <answer>12.50</answer>',
      ground_truth: '12.5',
    });
    assert.deepEqual(r.body, { score: 1, accuracy: 0, format: 1, answer: '12.50' });
  });

  test('/score: a batch, in order', async () => {
    const r = await post(`${server.url}/score`, {
      items: [
        { solution_str: '<answer>B</answer>', ground_truth: '<answer>B</answer>' },
        {
          solution_str: '<think>a</think><answer>9</answer>',
          ground_truth: '{"problem_type":"regression","solution":"10"}',
        },
        { solution_str: 'no tags', ground_truth: { problem_type: 'free-form', solution: 'a cat' }, extra_info: null },
      ],
    });
    assert.equal(r.status, 200);
    const reg = 1 - (Math.abs(9 - 10) + 1e-9) / (10 + 1e-9);
    assert.deepEqual(r.body, {
      results: [
        { score: 1, accuracy: 1, format: 0, answer: 'B' },
        { score: reg + 1, accuracy: reg, format: 1, answer: '9' },
        { score: 0, accuracy: 0, format: 0, answer: '' },
      ],
    });
  });

  test('/temporal: the bonus applies (p = 0.75 ≥ 0.8 · 0.5), with length bonuses', async () => {
    const B = '<think>r</think><answer>B</answer>';
    const C = '<think>r</think><answer>C</answer>';
    const r = await post(`${server.url}/temporal`, {
      problem_type: 'multiple choice',
      solution: '<answer>B</answer>',
      ordered: [B, B, C, '<answer>B</answer>'],
      shuffled: [C, B],
      lengths: [400, 100, 400, 500],
    });
    assert.equal(r.status, 200);
    const body = r.body as { responses: Record<string, number>[]; p: number; p_shuffled: number; applied: boolean };
    assert.equal(body.p, 0.75);
    assert.equal(body.p_shuffled, 0.5);
    assert.equal(body.applied, true);
    // accuracy, format, temporal (+0.3 where accuracy > 0.1), length (+0.2 where accuracy > 0.1
    // and 320 ≤ len ≤ 512, since 3 > 1 responses pass)
    const want = [
      { accuracy: 1, format: 1, temporal: 0.3, length: 0.2, total: 2.5 },
      { accuracy: 1, format: 1, temporal: 0.3, length: 0, total: 2.3 },
      { accuracy: 0, format: 1, temporal: 0, length: 0, total: 1 },
      { accuracy: 1, format: 0, temporal: 0.3, length: 0.2, total: 1.5 },
    ];
    // mean 1.825; unbiased std = sqrt((0.675² + 0.475² + 0.825² + 0.325²) / 3) = sqrt(1.4675 / 3)
    const std = Math.sqrt(1.4675 / 3);
    const advantages = [0.675, 0.475, -0.825, -0.325].map((d) => d / (std + 1e-4));
    body.responses.forEach((got, i) => {
      for (const [k, v] of Object.entries(want[i]!)) approx(got[k]!, v, `responses[${i}].${k}`);
      approx(got.advantage!, advantages[i]!, `responses[${i}].advantage`);
    });
  });

  test('/temporal: no bonus when p < 0.8 · p̃, and none for an image (shuffled: [])', async () => {
    const B = '<think>r</think><answer>B</answer>';
    const C = '<think>r</think><answer>C</answer>';
    let r = await post(`${server.url}/temporal`, {
      problem_type: 'multiple choice',
      solution: 'B',
      ordered: [C, B],
      shuffled: [B, B],
    });
    let body = r.body as {
      responses: Record<string, number>[];
      p: number;
      p_shuffled: number | null;
      applied: boolean;
    };
    // p = 0.5 < 0.8 · 1: totals 1 and 2, mean 1.5, std = sqrt(2 · 0.5² / 1)
    assert.deepEqual([body.p, body.p_shuffled, body.applied], [0.5, 1, false]);
    assert.deepEqual(
      body.responses.map((x) => [x.temporal, x.total]),
      [
        [0, 1],
        [0, 2],
      ],
    );
    const adv = 0.5 / (Math.SQRT1_2 + 1e-4);
    approx(body.responses[0]!.advantage!, -adv, 'advantage 0');
    approx(body.responses[1]!.advantage!, adv, 'advantage 1');
    // A custom mu lowers the bar: 0.5 ≥ 0.4 · 1, so the right answer gets alpha = 0.5.
    r = await post(`${server.url}/temporal`, {
      problem_type: 'multiple choice',
      solution: 'B',
      ordered: [C, B],
      shuffled: [B, B],
      mu: 0.4,
      alpha: 0.5,
    });
    body = r.body as typeof body;
    assert.deepEqual([body.applied, body.responses[1]!.temporal, body.responses[1]!.total], [true, 0.5, 2.5]);
    r = await post(`${server.url}/temporal`, {
      problem_type: 'multiple choice',
      solution: 'B',
      ordered: [B],
      shuffled: [],
    });
    body = r.body as typeof body;
    assert.deepEqual([body.p, body.p_shuffled, body.applied, body.responses[0]!.total], [1, null, false, 2]);
  });

  test('bad requests: 400 naming the field, invalid JSON, 404, 405', async () => {
    let r = await post(`${server.url}/get_reward`, { query: ['a'], prompts: ['a'] });
    assert.equal(r.status, 400);
    assert.equal((r.body as { error: { field: string } }).error.field, 'labels');
    r = await post(`${server.url}/get_reward`, { query: ['a', 'b'], prompts: ['a'], labels: ['A', 'B'] });
    assert.deepEqual(r.body, { error: { message: 'prompts: has 1 items but query has 2', field: 'prompts' } });
    r = await post(`${server.url}/get_reward`, {
      query: ['a', 'b'],
      prompts: ['a', 'b'],
      labels: ['A', { problem_type: 'numerical' }],
    });
    assert.equal((r.body as { error: { field: string } }).error.field, 'labels[1].solution');
    r = await post(`${server.url}/get_reward`, {
      query: ['a'],
      prompts: ['a'],
      labels: ['{"problem_type":"essay","solution":"x"}'],
    });
    assert.equal((r.body as { error: { field: string } }).error.field, 'labels[0].problem_type');
    r = await post(`${server.url}/score`, { items: [{ solution_str: 'x', ground_truth: 'A' }, { ground_truth: 'A' }] });
    assert.equal((r.body as { error: { field: string } }).error.field, 'items[1].solution_str');
    r = await post(`${server.url}/temporal`, {
      problem_type: 'OCR',
      solution: 'x',
      ordered: ['a'],
      shuffled: [],
      lengths: [1, 2],
    });
    assert.equal((r.body as { error: { field: string } }).error.field, 'lengths');
    r = await call(`${server.url}/get_reward`, { body: '{"query": [' });
    assert.equal(r.status, 400);
    assert.match((r.body as { error: { message: string } }).error.message, /^invalid JSON body/);
    r = await call(`${server.url}/nope`, { body: '{}' });
    assert.equal(r.status, 404);
    r = await call(`${server.url}/get_reward`, { method: 'GET' });
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'POST');
    assert.ok(
      logged.some((l) => l.includes('→ 400: prompts: has 1 items')),
      'rejections are logged server-side',
    );
  });

  test('a body over the limit is refused with 413, declared or streamed', async () => {
    // 50× the limit: the rest of the body is drained, so the client gets the 413, not a reset.
    const big = JSON.stringify({ query: ['x'.repeat(200_000)], prompts: [''], labels: ['A'] });
    let r = await call(`${server.url}/get_reward`, { body: big });
    assert.equal(r.status, 413);
    assert.match((r.body as { error: { message: string } }).error.message, /4096-byte limit/);
    r = await call(`${server.url}/get_reward`, { body: big.slice(0, 4097) });
    assert.equal(r.status, 413, 'one byte over');
    // Chunked: no Content-Length, so the limit trips while reading.
    r = await call(`${server.url}/get_reward`, {
      chunks: [big.slice(0, 3000), big.slice(3000, 100_000), big.slice(100_000)],
    });
    assert.equal(r.status, 413);
    // The server is still fine afterwards.
    r = await post(`${server.url}/score`, { solution_str: '<answer>A</answer>', ground_truth: 'A' });
    assert.equal(r.status, 200);
  });

  test('concurrent requests each get their own answer', async () => {
    const n = 64;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const right = i % 3 === 0;
        return post(`${server.url}/get_reward`, {
          query: [`${PROMPT}<think>${'w '.repeat(i)}</think><answer>${right ? i : i + 1}</answer>`],
          prompts: [PROMPT],
          labels: [{ problem_type: 'numerical', solution: String(i) }],
        }).then((r) => ({ i, right, r }));
      }),
    );
    for (const { i, right, r } of replies)
      assert.deepEqual((r.body as { rewards: number[] }).rewards, [right ? 2 : 1], `request ${i}`);
  });
});

describe('reward server: API key', () => {
  let server: RewardServer;
  before(async () => {
    server = await startRewardServer({ port: 0, apiKey: 's3cret' });
  });
  after(() => server.close());
  const body = { solution_str: '<answer>A</answer>', ground_truth: 'A' };

  test('missing or wrong key: 401; right key: 200; /health stays open', async () => {
    let r = await post(`${server.url}/score`, body);
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer');
    r = await post(`${server.url}/score`, body, { authorization: 'Bearer s3cret-not' });
    assert.equal(r.status, 401);
    r = await post(`${server.url}/score`, body, { authorization: 's3cret' });
    assert.equal(r.status, 401);
    r = await post(`${server.url}/score`, body, { authorization: 'Bearer s3cret' });
    assert.equal(r.status, 200);
    r = await call(`${server.url}/health`, { method: 'GET' });
    assert.equal(r.status, 200);
  });

  test('an empty key is refused at start', async () => {
    await assert.rejects(startRewardServer({ port: 0, apiKey: '' }), /must not be empty/);
  });
});

test('graceful close: the request in flight is answered, then new connections are refused', async () => {
  const server = await startRewardServer({ port: 0 });
  const body = JSON.stringify({ solution_str: '<think>a</think><answer>A</answer>', ground_truth: 'A' });
  let closedYet = false;
  let closed: Promise<void> | undefined;
  const reply = await new Promise<Reply>((resolve, reject) => {
    // "Expect: 100-continue" makes the server acknowledge the headers, so the request is
    // known to be in flight (not an idle connection) when close() is called mid-body.
    const req = request(
      `${server.url}/score`,
      { method: 'POST', headers: { expect: '100-continue', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(parts).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.on('continue', () => {
      req.write(body.slice(0, 10));
      closed = server.close().then(() => {
        closedYet = true;
      });
      setTimeout(() => {
        if (closedYet) reject(new Error('close() resolved before the request in flight was answered'));
        req.end(body.slice(10));
      }, 30);
    });
  });
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.body, { score: 2, accuracy: 1, format: 1, answer: 'A' });
  assert.equal(reply.headers.connection, 'close');
  await closed;
  await assert.rejects(call(`${server.url}/health`, { method: 'GET' }), /ECONNREFUSED/);
});

test('responseText: prefix, prompt tail, fallback, EOS stripping', () => {
  const eos = ['<|im_end|>', '<|endoftext|>'];
  assert.equal(responseText('PQ<answer>x</answer><|im_end|>', 'PQ', eos), '<answer>x</answer>');
  assert.equal(responseText(`<s>${PROMPT}RESP`, PROMPT, eos), 'RESP', 'the prompt found after a BOS token');
  assert.equal(responseText(`${VIDEO_QUERY_HEAD}RESP<|im_end|><|endoftext|>`, VIDEO_PROMPT, eos), 'RESP');
  assert.equal(responseText('whole<|im_end|>', 'unrelated prompt that is long enough', eos), 'whole');
  assert.equal(responseText('<|im_end|>', '', eos), '', 'stripping stops at the response start');
  assert.equal(responseText('a<|im_end|>', 'a', []), '<|im_end|>', 'nothing stripped without tokens');
});

test('format weight 0: rewards are the accuracy; /temporal totals and advantages follow', async () => {
  const server = await startRewardServer({ port: 0, formatWeight: 0 });
  try {
    let r = await post(`${server.url}/get_reward`, {
      query: ['<think>a</think><answer>A</answer>', '<answer>B</answer>'],
      prompts: ['', ''],
      labels: ['A', 'A'],
    });
    assert.deepEqual((r.body as { rewards: number[] }).rewards, [1, 0]);
    r = await post(`${server.url}/temporal`, {
      problem_type: 'multiple choice',
      solution: 'A',
      ordered: ['<think>a</think><answer>A</answer>', '<think>a</think><answer>B</answer>'],
      shuffled: [],
    });
    const body = r.body as { responses: Record<string, number>[] };
    // totals 1 and 0 (format left out): mean 0.5, std = sqrt(2 · 0.5²) = √½
    assert.deepEqual(
      body.responses.map((x) => [x.format, x.total]),
      [
        [1, 1],
        [1, 0],
      ],
    );
    approx(body.responses[0]!.advantage!, 0.5 / (Math.SQRT1_2 + 1e-4), 'advantage');
  } finally {
    await server.close();
  }
});

test('`vreason reward-server`: serves on the printed URL and exits 0 on SIGTERM', async () => {
  const cli = new URL('../../src/cli/main.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [cli, 'reward-server', '--port', '0', '--format-weight', '0.5']);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
  });
  const r = await post(`${url}/score`, { solution_str: '<think>a</think><answer>A</answer>', ground_truth: 'A' });
  assert.deepEqual(r.body, { score: 1.5, accuracy: 1, format: 1, answer: 'A' });
  const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  assert.equal(await code, 0);
  assert.match(stderr, /SIGTERM: finishing requests in flight/);
});

test('a full queue answers 503 with Retry-After; capacity frees when the request in flight ends', async () => {
  const server = await startRewardServer({ port: 0, maxInFlight: 1 });
  try {
    const body = JSON.stringify({ solution_str: '<answer>A</answer>', ground_truth: 'A' });
    // Hold one request open mid-body so it occupies the only slot.
    const held = request(`${server.url}/score`, {
      method: 'POST',
      headers: { expect: '100-continue', 'content-length': String(Buffer.byteLength(body)) },
    });
    const heldReply = new Promise<number>((resolve, reject) => {
      held.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      held.on('error', reject);
    });
    await new Promise<void>((r) => held.on('continue', () => r()));
    held.write(body.slice(0, 5));
    const busy = await call(`${server.url}/score`, { method: 'POST', body });
    assert.equal(busy.status, 503);
    assert.equal(busy.headers['retry-after'], '1');
    assert.match((busy.body as { error: { message: string } }).error.message, /busy: 1 requests in flight/);
    held.end(body.slice(5));
    assert.equal(await heldReply, 200);
    assert.equal((await call(`${server.url}/score`, { method: 'POST', body })).status, 200);
  } finally {
    await server.close();
  }
});
