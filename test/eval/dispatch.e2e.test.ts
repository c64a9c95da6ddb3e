/**
 * Many servers behind one run, on real HTTP servers on 127.0.0.1: least-loaded dispatch, a server
 * killed mid-run (its requests go elsewhere, every unit answered exactly once), every server down
 * (one clear error), a resume against other servers (stored answers reused), Retry-After as a
 * hold on the server, and `--video-mode video` carrying vLLM's `media_io_kwargs`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FatalModelError } from '../../src/clients/openai.js';
import { readStoreFile } from '../../src/eval/runStore.js';
import { runCli } from '../helpers/cli.js';
import { evalOptions, evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer } from '../helpers/scriptedServer.js';

let dir: string;
let data: string;
const servers: ScriptedServer[] = [];

const slowA = (ms: number) => async () => {
  await new Promise((r) => setTimeout(r, ms));
  return { text: 'A' };
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-dispatch-'));
  data = join(dir, 'data');
  await makeFixture(data);
});
after(async () => {
  for (const s of servers) await s.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

async function serve(script: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const s = await startScriptedServer(script);
  servers.push(s);
  return s;
}

const lines = (p: string): { key: string; status: string }[] =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { key: string; status: string });

test('four servers, one killed mid-run: every unit answered exactly once, the others take its share', async () => {
  const pool = await Promise.all([0, 1, 2, 3].map(() => serve(slowA(40))));
  // This one dies (in-flight requests reset, then nothing listens) after its second request.
  const doomed = pool[1]!;
  let killed = false;
  const watcher = setInterval(() => {
    if (!killed && doomed.requests.length >= 2) {
      killed = true;
      void doomed.close();
    }
  }, 1);
  const out = join(dir, 'four');
  try {
    const { results } = await evaluateVideoMMMU(
      evalOptions(data, out, pool[0]!.url, {
        model: {
          baseUrl: pool[0]!.url,
          baseUrls: pool.map((s) => s.url),
          name: 'scripted',
          timeoutMs: 5000,
          retry: { retries: 2, baseMs: 5 },
        },
        concurrency: 2,
      }),
    );
    assert.ok(killed, 'the server was killed during the run');
    assert.equal(results.counts.planned, 24);
    assert.equal(results.counts.answered, 24, JSON.stringify(results.errors));
    assert.equal(results.counts.errored, 0);
    const recs = lines(join(out, 'records.jsonl'));
    assert.equal(recs.length, 24, 'one line per unit: nothing asked twice, nothing lost');
    assert.equal(new Set(recs.map((r) => r.key)).size, 24);
    const eff = results.efficiency!;
    assert.equal(eff.servers.length, 4);
    assert.equal(
      eff.servers.reduce((n, s) => n + s.requests, 0),
      24,
      'the answers of all servers add up to the units',
    );
    const dead = eff.servers.find((s) => s.url === doomed.url)!;
    assert.ok(
      dead.requests < doomed.requests.length,
      `the killed server answered less than it was sent (${dead.requests} of ${doomed.requests.length})`,
    );
    assert.ok((dead.benched ?? 0) >= 1, 'the killed server was benched');
    for (const s of eff.servers.filter((x) => x.url !== doomed.url))
      assert.ok(s.requests > 0, `${s.url} took part of the work`);
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    assert.deepEqual(
      cfg.servers,
      pool.map((s) => s.url),
    );
  } finally {
    clearInterval(watcher);
  }

  // Resumed against two other servers: the stored answers are reused, nothing is asked.
  const fresh = await Promise.all([0, 1].map(() => serve(slowA(0))));
  const again = await evaluateVideoMMMU(
    evalOptions(data, out, fresh[0]!.url, {
      model: { baseUrl: fresh[0]!.url, baseUrls: fresh.map((s) => s.url), name: 'scripted', retry: { retries: 0 } },
    }),
  );
  assert.equal(again.asked, 0);
  assert.equal(again.reused, 24);
  assert.equal(fresh[0]!.requests.length + fresh[1]!.requests.length, 0);
});

test('every server down mid-run: the run stops with one error naming them', async () => {
  let answered = 0;
  const counted = async () => {
    await new Promise((r) => setTimeout(r, 20));
    answered++;
    return { text: 'A' };
  };
  const a = await serve(counted);
  const b = await serve(counted);
  const watcher = setInterval(() => {
    if (answered >= 2) {
      void a.close();
      void b.close();
      clearInterval(watcher);
    }
  }, 1);
  await assert.rejects(
    evaluateVideoMMMU(
      evalOptions(data, join(dir, 'down'), a.url, {
        model: { baseUrl: a.url, baseUrls: [a.url, b.url], name: 'scripted', retry: { retries: 5, baseMs: 5 } },
        concurrency: 2,
      }),
    ),
    (e: unknown) => {
      assert.ok(e instanceof FatalModelError, String(e));
      assert.match(e.message, /all 2 servers are down \(connection failed: ECONNREFUSED/);
      assert.ok(e.message.includes(a.url) && e.message.includes(b.url));
      return true;
    },
  );
  clearInterval(watcher);
  // What was answered before is stored; a later run resumes from it.
  const ok = readStoreFile(join(dir, 'down', 'records.jsonl')).filter((r) => r.status === 'ok');
  assert.ok(ok.length >= 1);
});

test('429 with Retry-After holds that server: nothing is sent to it until the time has passed', async () => {
  const arrivals: number[] = [];
  let limitedAt = 0;
  const s = await serve(async () => {
    arrivals.push(performance.now());
    if (limitedAt === 0 && arrivals.length === 5) {
      limitedAt = performance.now();
      return { status: 429, headers: { 'retry-after': '1' } };
    }
    await new Promise((r) => setTimeout(r, 5));
    return { text: 'A' };
  });
  const out = join(dir, 'limited');
  const { results } = await evaluateVideoMMMU(
    evalOptions(data, out, s.url, {
      model: { baseUrl: s.url, name: 'scripted', retry: { retries: 2, baseMs: 5 } },
      concurrency: 4,
    }),
  );
  assert.equal(results.counts.answered, 24);
  assert.ok(limitedAt > 0);
  // Requests already in flight when the 429 was sent arrive at once; after that, silence for the hold.
  const during = arrivals.filter((t) => t > limitedAt + 100 && t < limitedAt + 950);
  assert.deepEqual(during, [], 'no request arrived while the server was held');
  const eff = results.efficiency!;
  assert.equal(eff.servers[0]!.failed?.http_429, 1);
  assert.equal(eff.servers[0]!.window?.cuts_overload, 1, 'the window was halved once');
  assert.equal(eff.servers[0]!.window?.ceiling, 4);
  const retried = readStoreFile(join(out, 'records.jsonl')).filter((r) => r.response?.attempts === 2);
  assert.equal(retried.length, 1, 'the limited request was answered on its second attempt');
});

test('--fixed-concurrency keeps the window; Retry-After is still honoured per request', async () => {
  let limitedAt = 0;
  let retriedAt = 0;
  let limitedPrompt = '';
  const s = await serve(async (r) => {
    if (limitedAt === 0 && /Which colour/.test(r.prompt)) {
      limitedAt = performance.now();
      limitedPrompt = r.prompt;
      return { status: 429, headers: { 'retry-after': '1' } };
    }
    if (limitedAt && !retriedAt && r.prompt === limitedPrompt) retriedAt = performance.now();
    return { text: 'A' };
  });
  const { results } = await evaluateVideoMMMU(
    evalOptions(data, join(dir, 'fixed'), s.url, {
      model: { baseUrl: s.url, name: 'scripted', retry: { retries: 2, baseMs: 5 } },
      concurrency: 3,
      fixedConcurrency: true,
    }),
  );
  assert.equal(results.counts.answered, 24);
  assert.ok(retriedAt - limitedAt >= 950, `retried after ${retriedAt - limitedAt} ms`);
  assert.equal(results.efficiency!.servers[0]!.window?.cuts_overload, 0);
  assert.equal(results.efficiency!.servers[0]!.window?.final, 3);
});

test('--video-mode video sends the frame count (or fps and a cap) as vLLM media_io_kwargs', async () => {
  const s = await serve(() => ({ text: 'A' }));
  await evaluateVideoMMMU(
    evalOptions(data, join(dir, 'clip-n'), s.url, { videoMode: 'video', conditions: 'after', limit: 1 }),
  );
  const clip = s.requests.filter((r) => r.videos === 1);
  assert.ok(clip.length > 0);
  for (const r of clip) assert.deepEqual(r.body.media_io_kwargs, { video: { num_frames: 4 } });
  const from = s.requests.length;
  await evaluateVideoMMMU(
    evalOptions(data, join(dir, 'clip-fps'), s.url, {
      videoMode: 'video',
      conditions: 'after',
      limit: 1,
      frames: { ...evalOptions(data, '', '').frames, nframes: undefined, fps: 1.5, maxFrames: 12 },
    }),
  );
  const fps = s.requests.slice(from).filter((r) => r.videos === 1);
  assert.ok(fps.length > 0);
  for (const r of fps) assert.deepEqual(r.body.media_io_kwargs, { video: { num_frames: 12, fps: 1.5 } });
  // Frames mode sends frames, not kwargs.
  const frames = s.requests.filter((r) => r.images > 0 && r.videos === 0);
  assert.ok(frames.every((r) => r.body.media_io_kwargs === undefined));
});

test('video order: a video’s requests reach the server together, dataset order interleaves them', async () => {
  const s = await serve(() => ({ text: 'A' }));
  // Each fixture item has its own video (<id>.mp4), shown by its Perception, Comprehension and
  // Adaptation questions: count how often consecutive video requests switch item.
  const switches = (): number => {
    const seq = s.requests.filter((r) => r.images > 0).map((r) => r.id);
    s.requests.length = 0;
    return seq.reduce((n, v, i) => n + (i > 0 && v !== seq[i - 1] ? 1 : 0), 0);
  };
  await evaluateVideoMMMU(
    evalOptions(data, join(dir, 'ord-v'), s.url, { concurrency: 1, conditions: 'after', order: 'video' }),
  );
  const videoSwitches = switches();
  await evaluateVideoMMMU(
    evalOptions(data, join(dir, 'ord-d'), s.url, { concurrency: 1, conditions: 'after', order: 'dataset' }),
  );
  const datasetSwitches = switches();
  const videos = 6;
  assert.equal(videoSwitches, videos - 1, 'one switch per new video');
  assert.ok(datasetSwitches > videoSwitches, `dataset order switches ${datasetSwitches} times`);
});

test('the CLI: --base-url repeated and --base-urls-file add servers; results.json says what each did', async () => {
  const a = await serve(slowA(10));
  const b = await serve(slowA(10));
  const c = await serve(slowA(10));
  const file = join(dir, 'servers.txt');
  writeFileSync(file, `# the rest of the fleet\n${b.url}\n\n${c.url}  # third\n${a.url}\n`);
  const out = join(dir, 'cli');
  const r = await runCli([
    'eval',
    '--data',
    data,
    '--model-name',
    'scripted',
    '--base-url',
    a.url,
    '--base-urls-file',
    file,
    '--output',
    out,
    '--concurrency',
    '2',
    '--stream', // these servers answer plain JSON even when asked to stream: read as such
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /servers 3\/3 up, window \d+\/6/);
  for (const s of [a, b, c]) assert.ok(s.requests.length > 0, `${s.url} got requests`);
  assert.ok(a.requests.every((q) => q.body.stream === true));
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.deepEqual(
    results.efficiency.servers.map((s: { url: string }) => s.url),
    [a.url, b.url, c.url],
    'each server once, in the order given',
  );
  assert.equal(results.efficiency.requests, 24);
  assert.equal(results.manifest.dispatch.stream, true);
  assert.ok(existsSync(join(out, 'dispatch.jsonl')));
});

test('video order: a video’s first request is answered before the rest of its requests are sent', async () => {
  // Per video (the fixture tags each question with its item id), when its first request ended
  // and when each later one arrived.
  const firstDone = new Map<string, number>();
  const firstStarted = new Set<string>();
  const early: string[] = [];
  let overlap = 0;
  let inFlight = 0;
  const s = await serve(async (r) => {
    if (r.images === 0 || r.id === null) return { text: 'A' };
    const video = `${r.id}|${r.condition}`;
    inFlight++;
    overlap = Math.max(overlap, inFlight);
    const leader = !firstStarted.has(video);
    firstStarted.add(video);
    if (!leader && !firstDone.has(video)) early.push(video);
    await new Promise((res) => setTimeout(res, 30));
    if (leader) firstDone.set(video, performance.now());
    inFlight--;
    return { text: 'A' };
  });
  const { results } = await evaluateVideoMMMU(
    evalOptions(data, join(dir, 'leader-first'), s.url, { concurrency: 6, conditions: 'after', order: 'video' }),
  );
  assert.equal(results.counts.answered, 18);
  assert.deepEqual(early, [], 'no request of a video was sent while its first was in flight');
  assert.ok(overlap > 1, `other videos went out meanwhile (${overlap} at once)`);
});
