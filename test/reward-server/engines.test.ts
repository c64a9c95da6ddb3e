/**
 * The reward service as verl and OpenRLHF call it: test/reward-server/py/engines.py (python3, standard
 * library) sends their requests, parses the replies with Python's json (every number must be a
 * float, or OpenRLHF's torch.tensor([reward]) is int64), reproduces their grouping and advantage
 * arithmetic, and drives integrations/verl and integrations/openrlhf (T-GRPO) against the service.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { floatJson, startRewardServer } from '../../src/rewards/server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function python(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out }));
  });
}

test('verl and OpenRLHF conventions, read by Python: float rewards, groups, T-GRPO integrations', async () => {
  const server = await startRewardServer({ port: 0 });
  try {
    const r = await python([`${ROOT}test/reward-server/py/engines.py`, server.url, ROOT], {
      VREASON_REWARD_URL: server.url,
    });
    assert.equal(r.code, 0, r.out);
    const oks = r.out.split('\n').filter((l) => l.startsWith('ok '));
    assert.equal(oks.length, 9, r.out);
  } finally {
    await server.close();
  }
});

test('floatJson: floats everywhere, otherwise the same value as JSON.stringify', () => {
  const v = {
    a: [2, -0, 0.5, 1e21, 5e-7, NaN, Infinity, null, undefined],
    s: 'x 2 "y"',
    t: true,
    n: { deep: [[3]] },
    u: undefined,
  };
  assert.equal(
    floatJson(v),
    '{"a":[2.0,-0.0,0.5,1e+21,5e-7,null,null,null,null],"s":"x 2 \\"y\\"","t":true,"n":{"deep":[[3.0]]}}',
  );
  // JSON.stringify writes -0 as 0; everything else parses back to the same value.
  const w = { ...v, a: v.a.filter((x) => !Object.is(x, -0)) };
  assert.deepEqual(JSON.parse(floatJson(w)), JSON.parse(JSON.stringify(w)));
});
