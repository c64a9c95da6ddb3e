import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  chooseThreads,
  loadFollower,
  ompDefaults,
  othersBusyCpus,
  niceCompetes,
  parseProcStat,
  threadsForLoad,
  type LoadSample,
} from '../../src/nn/threads.js';

test('threads: VREASON_THREADS wins; otherwise one per usable CPU; a bad value is an error', () => {
  assert.deepEqual(chooseThreads({ requested: '3', cpus: 2 }), { threads: 3, reason: 'VREASON_THREADS' });
  assert.equal(chooseThreads({ requested: undefined, cpus: 2 }).threads, 2);
  assert.equal(chooseThreads({ requested: '  ', cpus: 4 }).threads, 4);
  assert.equal(chooseThreads({ cpus: 0 }).threads, 1);
  assert.throws(() => chooseThreads({ requested: '0', cpus: 2 }), /positive integer/);
  assert.throws(() => chooseThreads({ requested: 'two', cpus: 2 }), /positive integer/);
  assert.throws(() => chooseThreads({ requested: '1.5', cpus: 2 }), /positive integer/);
});

test('threads follow the load: a CPU kept busy by another process is left to it, never below one thread', () => {
  assert.equal(threadsForLoad(2, 0), 2);
  assert.equal(threadsForLoad(2, 0.4), 2);
  assert.equal(threadsForLoad(2, 1), 1);
  assert.equal(threadsForLoad(2, 0.9), 1);
  assert.equal(threadsForLoad(2, 3), 1);
  assert.equal(threadsForLoad(8, 2), 6);
  assert.equal(threadsForLoad(4, Number.NaN), 4);
});

test('load samples: /proc/stat busy time, minus this process, over the wall time', () => {
  // user nice system idle iowait irq softirq steal guest guest_nice (ticks of 1/100 s)
  const st = parseProcStat('cpu  100 5 50 1000 20 3 2 0 7 0\ncpu0 1 2 3 4\n');
  assert.ok(st);
  assert.equal(st.busy, 1.6); // 100+5+50+3+2+0 ticks; idle, iowait and the guest columns excluded
  assert.equal(parseProcStat('nothing'), null);
  // Niced neighbours left out: 100+50+3+2+0 ticks.
  assert.equal(parseProcStat('cpu  100 5 50 1000 20 3 2 0 7 0\n', 100, false)?.busy, 1.55);
  const a: LoadSample = { wall: 10, busy: 100, own: 5 };
  // 2 s: the machine was busy 3 CPU-seconds, 1 of them ours → others used 1 CPU.
  assert.equal(othersBusyCpus(a, { wall: 12, busy: 103, own: 6 }), 1);
  assert.equal(othersBusyCpus(a, { wall: 12, busy: 101, own: 6 }), 0);
  assert.equal(othersBusyCpus(a, a), 0);
});

test('niced neighbours count as load when this process is niced, or when autogroup shares CPU by session', () => {
  assert.equal(niceCompetes(0, false), false);
  assert.equal(niceCompetes(10, false), true);
  assert.equal(niceCompetes(0, true), true);
});

test('loadFollower re-chooses at most once per interval and applies only changes', () => {
  const samples: LoadSample[] = [
    { wall: 0, busy: 0, own: 0 },
    { wall: 1, busy: 2, own: 1 }, // others: 1 CPU → 1 thread
    { wall: 2, busy: 4, own: 1 }, // others: 1 CPU again → no change
    { wall: 3, busy: 6, own: 3 }, // others: 0 → 2 threads
  ];
  let i = 0;
  const applied: number[] = [];
  const clock = { now: 0 };
  const realNow = performance.now.bind(performance);
  // The follower compares performance.now() with the last sample's wall time: drive both.
  (performance as { now: () => number }).now = () => clock.now * 1000;
  try {
    const follow = loadFollower(
      2,
      (n) => applied.push(n),
      0.5,
      () => samples[i++]!,
    );
    clock.now = 0.2;
    follow(); // too soon: no sample taken
    assert.equal(i, 1);
    for (const t of [1, 2, 3]) {
      clock.now = t;
      follow();
    }
    assert.deepEqual(applied, [1, 2]);
  } finally {
    (performance as { now: () => number }).now = realNow;
  }
});

test('OpenMP spins (libgomp default) only when the thread count follows the load; fixed counts wait passively', () => {
  assert.deepEqual(ompDefaults({}), {});
  assert.deepEqual(ompDefaults({}, false), { OMP_WAIT_POLICY: 'passive' });
  assert.deepEqual(ompDefaults({ VREASON_THREADS: '2' }), { OMP_WAIT_POLICY: 'passive' });
  assert.deepEqual(ompDefaults({ VREASON_THREADS: '2', OMP_WAIT_POLICY: 'active' }), {});
  assert.deepEqual(ompDefaults({ VREASON_THREADS: '2', GOMP_SPINCOUNT: '100000' }), {});
});
