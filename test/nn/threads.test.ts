import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOmpDefaults, chooseThreads, ompDefaults } from '../../src/nn/threads.js';

test('threads: VREASON_THREADS wins; otherwise one per usable CPU; a bad value is an error', () => {
  assert.deepEqual(chooseThreads({ requested: '3', cpus: 2 }), { threads: 3, reason: 'VREASON_THREADS' });
  assert.equal(chooseThreads({ requested: undefined, cpus: 2 }).threads, 2);
  assert.equal(chooseThreads({ requested: '  ', cpus: 4 }).threads, 4);
  assert.equal(chooseThreads({ cpus: 0 }).threads, 1);
  assert.throws(() => chooseThreads({ requested: '0', cpus: 2 }), /positive integer/);
  assert.throws(() => chooseThreads({ requested: 'two', cpus: 2 }), /positive integer/);
  assert.throws(() => chooseThreads({ requested: '1.5', cpus: 2 }), /positive integer/);
});

test('OpenMP waits passively unless the user chose a wait policy or spin count', () => {
  assert.deepEqual(ompDefaults({}), { OMP_WAIT_POLICY: 'passive' });
  assert.deepEqual(ompDefaults({ OMP_WAIT_POLICY: 'active' }), {});
  assert.deepEqual(ompDefaults({ GOMP_SPINCOUNT: '100000' }), {});
  const env: Record<string, string | undefined> = { PATH: '/bin' };
  applyOmpDefaults(env);
  assert.equal(env.OMP_WAIT_POLICY, 'passive');
  const mine: Record<string, string | undefined> = { OMP_WAIT_POLICY: 'active' };
  applyOmpDefaults(mine);
  assert.equal(mine.OMP_WAIT_POLICY, 'active');
});
