import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDashboard } from '../../src/report/dashboard.js';

test(
  'dashboard with --api-key: 401 without it; ?key= sets an HttpOnly cookie that admits the ' + 'browser; bearer works',
  async () => {
    const runs = mkdtempSync(join(tmpdir(), 'vreason-dash-'));
    const d = await startDashboard({ runsDir: runs, port: 0, apiKey: 's3cret' });
    try {
      const denied = await fetch(`${d.url}/`);
      assert.equal(denied.status, 401);
      assert.equal(denied.headers.get('www-authenticate'), 'Bearer');
      assert.equal((await fetch(`${d.url}/?key=wrong`, { redirect: 'manual' })).status, 401);
      const login = await fetch(`${d.url}/?key=s3cret`, { redirect: 'manual' });
      assert.equal(login.status, 303);
      assert.equal(login.headers.get('location'), '/');
      const cookie = login.headers.get('set-cookie')!;
      assert.match(cookie, /^vreason_key=s3cret; HttpOnly; SameSite=Strict; Path=\//);
      assert.equal((await fetch(`${d.url}/api/runs`, { headers: { cookie: cookie.split(';')[0]! } })).status, 200);
      assert.equal((await fetch(`${d.url}/api/runs`, { headers: { authorization: 'Bearer s3cret' } })).status, 200);
      assert.equal((await fetch(`${d.url}/api/runs`, { headers: { authorization: 'Bearer s3cre' } })).status, 401);
    } finally {
      await d.close();
      rmSync(runs, { recursive: true, force: true });
    }
  },
);

test('dashboard past its in-flight limit answers 503 with Retry-After', async () => {
  const runs = mkdtempSync(join(tmpdir(), 'vreason-dash-'));
  const d = await startDashboard({ runsDir: runs, port: 0, maxInFlight: 0 });
  try {
    const r = await fetch(`${d.url}/`);
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '1');
  } finally {
    await d.close();
    rmSync(runs, { recursive: true, force: true });
  }
});
