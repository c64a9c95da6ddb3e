/** `npm run bench`: every benchmark, each writing bench/results/<name>.json. */
import * as dispatch from './dispatch.js';
import * as engine from './engine/index.js';
import * as frameSampling from './frameSampling.js';
import * as frameSeek from './frameSeek.js';
import * as harness from './harness.js';
import * as prefixCache from './prefixCache.js';
import * as rewards from './rewards.js';
import * as rewardServer from './rewardServer.js';
import * as runStore from './runStore.js';
import * as serve from './serve.js';
import * as serverLoad from './serverLoad.js';
import * as synth from './synth.js';

const benches: Record<string, { run: () => Promise<Record<string, unknown>> }> = {
  harness,
  dispatch,
  prefixCache,
  runStore,
  frameSampling,
  frameSeek,
  rewards,
  rewardServer,
  serverLoad,
  serve,
  synth,
  engine,
};
const only = process.argv.slice(2);
for (const [name, b] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench ${name} …\n`);
  const r = await b.run();
  process.stdout.write(`${name}: ${JSON.stringify(r, (k, v) => (k === 'runs' ? undefined : v))}\n`);
}
