/**
 * runGrouped: a group's first item goes alone, the rest only once it has finished (and before new
 * groups); other groups' first items fill the lanes meanwhile; every item runs once; at most
 * `concurrency` at a time; the first failure stops new work.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runGrouped } from '../../src/eval/pool.js';

interface Item {
  id: string;
  group: string | null;
}

const items = (spec: string): Item[] =>
  spec.split(' ').map((id) => ({ id, group: /^[a-z]/.test(id) ? (id[0] as string) : null }));

/** Runs the items with a delay each (ms from `delay`), logging starts and ends. */
async function trace(list: Item[], concurrency: number, delay: (it: Item) => number) {
  const events: string[] = [];
  let inFlight = 0;
  let most = 0;
  await runGrouped(
    list,
    concurrency,
    (it) => it.group,
    async (it) => {
      inFlight++;
      most = Math.max(most, inFlight);
      events.push(`+${it.id}`);
      await new Promise((r) => setTimeout(r, delay(it)));
      events.push(`-${it.id}`);
      inFlight--;
    },
  );
  return { events, most };
}

test('a group’s followers start only after its first item has finished', async () => {
  const list = items('a1 a2 a3 b1 b2 c1 X1 c2 X2');
  const { events, most } = await trace(list, 4, (it) => (it.id.endsWith('1') ? 30 : 5));
  assert.equal(events.filter((e) => e.startsWith('+')).length, list.length, 'each item once');
  assert.deepEqual(new Set(events.filter((e) => e.startsWith('+'))), new Set(list.map((i) => `+${i.id}`)));
  assert.ok(most <= 4, `at most 4 at once (${most})`);
  for (const g of ['a', 'b', 'c'])
    for (const f of list.filter((i) => i.group === g && !i.id.endsWith('1')))
      assert.ok(
        events.indexOf(`+${f.id}`) > events.indexOf(`-${g}1`),
        `${f.id} started after ${g}1 ended: ${events.join(' ')}`,
      );
  // While a1 runs, the lanes take the other groups' first items and the ungrouped X1, not a2.
  assert.deepEqual(events.slice(0, 4), ['+a1', '+b1', '+c1', '+X1']);
  // Ungrouped items never wait for anything.
  assert.ok(events.indexOf('+X1') < events.indexOf('-a1'), events.join(' '));
});

test('released followers go before new groups, in list order', async () => {
  const { events } = await trace(items('a1 a2 a3 b1 b2'), 1, () => 1);
  assert.deepEqual(
    events.filter((e) => e.startsWith('+')),
    ['+a1', '+a2', '+a3', '+b1', '+b2'],
  );
});

test('followers wait even when lanes are free; the run ends when all are done', async () => {
  const { events, most } = await trace(items('a1 a2 a3 a4'), 8, () => 10);
  assert.deepEqual(events.slice(0, 2), ['+a1', '-a1']);
  assert.equal(most, 3, 'then the three followers together');
});

test('the first failure stops new work and is thrown', async () => {
  const started: string[] = [];
  await assert.rejects(
    runGrouped(
      items('a1 a2 b1 b2 c1'),
      1,
      (it) => it.group,
      async (it) => {
        started.push(it.id);
        if (it.id === 'a2') throw new Error('boom');
      },
    ),
    /boom/,
  );
  assert.deepEqual(started, ['a1', 'a2']);
});
