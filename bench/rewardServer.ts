/**
 * Reward service throughput and latency: `POST /get_reward` batches of 64 Video-R1-style responses
 * (a ~300-word <think> block and an answer, the five problem types mixed, labels as JSON strings,
 * responses behind a chat prompt and ending in <|im_end|> as OpenRLHF sends them) against the
 * service in its own process on 127.0.0.1, at 1, 16 and 64 concurrent keep-alive clients. Each
 * level runs for LEVEL_MS or LEVEL_MAX_REQUESTS requests, after a warm-up.
 *
 * Compared with scoring the same batch in-process: the bare reward loop (`scoreResponse` per
 * response), and the full request work without HTTP (JSON.parse + validation + scoring), so the
 * report separates what validation costs from what HTTP and JSON transport cost.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../src/core/rng.js';
import { PROBLEM_TYPES, scoreResponse, type ProblemType } from '../src/rewards/index.js';
import { validateGetReward } from '../src/rewards/requests.js';
import { DEFAULT_SCORING, getRewards } from '../src/rewards/server.js';
import { median, writeBenchResult } from './util.js';

const BATCH = 64;
const LEVELS = [1, 16, 64];
const LEVEL_MS = 3000;
const LEVEL_MAX_REQUESTS = 5000;
const WARMUP_REQUESTS = 50;
const IN_PROCESS_ROUNDS = 9;

const VOCAB = (
  'let me think about the video the person walks toward the door then opens it wait hmm oh I see ' +
  'frames show a red car moving left while the camera pans right so the answer depends on the order ' +
  'of events in the clip counting objects carefully there are three cups on the table and one falls'
).split(' ');

type Rand = () => number;
const pick = <T>(xs: readonly T[], rand: Rand): T => xs[Math.floor(rand() * xs.length)]!;
const words = (n: number, rand: Rand): string => Array.from({ length: n }, () => pick(VOCAB, rand)).join(' ');

/** (predicted answer, ground truth) for the type, right about half the time. */
function answers(type: ProblemType, rand: Rand): [string, string] {
  switch (type) {
    case 'multiple choice':
      return [pick(['A', 'B', 'C', 'D'], rand), 'B'];
    case 'numerical':
      return [pick(['12.5', '12.50', '13', '12.499'], rand), '12.5'];
    case 'OCR':
      return [rand() < 0.5 ? 'Main Street Open 24 Hours' : 'Main St Open 24h', 'Main Street Open 24 Hours'];
    case 'free-form': {
      const gt = words(30, rand);
      return [rand() < 0.3 ? gt : words(25, rand), gt];
    }
    case 'regression':
      return [(20 + rand() * 10).toFixed(1), '25'];
  }
}

const PROMPT =
  '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWatch the clip and answer. Think ' +
  'between <think> </think> tags, then answer between <answer> </answer> tags.<|im_end|>\n<|im_start|>assistant\n';

/** One OpenRLHF-shaped request body of BATCH mixed-type responses. */
function batchBody(rand: Rand): { query: string[]; prompts: string[]; labels: string[] } {
  const items = Array.from({ length: BATCH }, (_, i) => {
    const type = PROBLEM_TYPES[i % PROBLEM_TYPES.length]!;
    const [pred, gt] = answers(type, rand);
    const response = `<think>${words(250 + Math.floor(rand() * 100), rand)}</think>\n<answer>${pred}</answer>`;
    return {
      query: `${PROMPT}${response}<|im_end|>`,
      label: JSON.stringify({ problem_type: type, solution: `<answer>${gt}</answer>` }),
    };
  });
  return { query: items.map((x) => x.query), prompts: items.map(() => PROMPT), labels: items.map((x) => x.label) };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function startServerProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [new URL('./rewardServerProcess.js', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`reward server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { url, stop: () => (child.kill('SIGTERM'), exited) };
}

function post(agent: Agent, url: string, body: string, batch: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const reply = JSON.parse(Buffer.concat(parts).toString('utf8')) as { rewards?: number[] };
          if (res.statusCode !== 200 || reply.rewards?.length !== batch)
            reject(new Error(`unexpected reply ${res.statusCode}`));
          else resolve();
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `concurrency` clients posting `body` (of `batch` responses) back to back until the time or request budget runs out.
 */
async function level(url: string, body: string, batch: number, concurrency: number): Promise<Record<string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = `${url}/get_reward`;
  for (let i = 0; i < WARMUP_REQUESTS; i++) await post(agent, target, body, batch);
  const latencies: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + LEVEL_MS;
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && started < LEVEL_MAX_REQUESTS) {
        started++;
        const t = performance.now();
        await post(agent, target, body, batch);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: sorted.length,
    requests_per_second: +(sorted.length / seconds).toFixed(1),
    responses_per_second: Math.round((sorted.length * batch) / seconds),
    p50_ms: +percentile(sorted, 0.5).toFixed(3),
    p99_ms: +percentile(sorted, 0.99).toFixed(3),
  };
}

/** Median ms per call of `work`, over rounds of at least 200 ms each. */
function inProcessMs(work: () => void): number {
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 200) {
    work();
    reps++;
  }
  const rounds: number[] = [];
  for (let r = 0; r < IN_PROCESS_ROUNDS; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) work();
    rounds.push((performance.now() - t) / reps);
  }
  return median(rounds);
}

export async function run(): Promise<Record<string, unknown>> {
  const payload = batchBody(mulberry32(7));
  const body = JSON.stringify(payload);
  const labels = payload.labels.map((l) => JSON.parse(l) as { problem_type: string; solution: string });
  const responses = payload.query.map((q) => q.slice(PROMPT.length, -'<|im_end|>'.length));

  let sink = 0;
  const scoreOnlyMs = inProcessMs(() => {
    responses.forEach(
      (response, i) =>
        (sink += scoreResponse({
          response,
          solution: labels[i]!.solution,
          problemType: labels[i]!.problem_type,
        }).accuracy),
    );
  });
  const parseMs = inProcessMs(() => (sink += (JSON.parse(body) as { query: string[] }).query.length));
  const parsed: unknown = JSON.parse(body);
  const validateMs = inProcessMs(() => (sink += validateGetReward(parsed).ok ? 1 : 0));
  const request = validateGetReward(parsed);
  if (!request.ok) throw new Error(`bench body rejected: ${request.error.message}`);
  const getRewardsMs = inProcessMs(() => (sink += getRewards(request.value, DEFAULT_SCORING).rewards[0]!));
  const fullMs = inProcessMs(() => {
    const v = validateGetReward(JSON.parse(body));
    if (v.ok) sink += JSON.stringify(getRewards(v.value, DEFAULT_SCORING)).length;
  });
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the scoring from being optimised away');

  const server = await startServerProcess();
  const levels: Record<string, number>[] = [];
  let singleQuery: Record<string, number>;
  try {
    for (const c of LEVELS) levels.push(await level(server.url, body, BATCH, c));
    // What OpenRLHF's SingleTurnAgentExecutor actually sends: one query per request.
    const one = JSON.stringify({
      query: payload.query.slice(0, 1),
      prompts: payload.prompts.slice(0, 1),
      labels: payload.labels.slice(0, 1),
    });
    singleQuery = await level(server.url, one, 1, 16);
  } finally {
    await server.stop();
  }
  const single = levels[0]!;
  const best = Math.max(...levels.map((l) => l.requests_per_second!));
  const result = {
    batch_size: BATCH,
    body_bytes: Buffer.byteLength(body),
    response: '<think> of 250-350 words, then <answer>; 5 problem types mixed; labels as JSON strings',
    levels,
    single_query_requests: singleQuery,
    in_process: {
      score_response_loop_ms: +scoreOnlyMs.toFixed(3),
      json_parse_ms: +parseMs.toFixed(3),
      validate_ms: +validateMs.toFixed(3),
      get_rewards_ms: +getRewardsMs.toFixed(3),
      parse_validate_score_stringify_ms: +fullMs.toFixed(3),
    },
    overhead: {
      // Latency of one request alone vs scoring its batch in-process.
      p50_latency_over_score_loop: +(single.p50_ms! / scoreOnlyMs).toFixed(2),
      p50_latency_over_parse_validate_score: +(single.p50_ms! / fullMs).toFixed(2),
      // In-process batches/s over the best served requests/s (1.0 = HTTP costs nothing).
      throughput_ratio: +(1000 / scoreOnlyMs / best).toFixed(2),
    },
    note:
      'one server process (single-threaded: concurrency raises latency, not throughput); clients in ' +
      'the bench process',
  };
  writeBenchResult('reward-server', result);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
