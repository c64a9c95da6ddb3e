/**
 * A loopback chat server in its own process that admits at most R requests per second (a token
 * bucket holding one second's worth) and answers the rest 429 with `Retry-After` in whole seconds,
 * as hosted APIs do. argv: rate R, answer delay ms. Prints its base URL; counts on SIGUSR2 → stderr.
 */
import { startScriptedServer } from '../test/helpers/scriptedServer.js';

const rate = Number(process.argv[2] ?? 50);
const delayMs = Number(process.argv[3] ?? 20);
let tokens = rate;
let last = performance.now();
let limited = 0;
const server = await startScriptedServer(
  async () => {
    const now = performance.now();
    tokens = Math.min(rate, tokens + ((now - last) / 1000) * rate);
    last = now;
    if (tokens < 1) {
      limited++;
      const wait = Math.max(1, Math.ceil((1 - tokens) / rate));
      return { status: 429, headers: { 'retry-after': String(wait) } };
    }
    tokens -= 1;
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    return { text: 'The answer is (A).' };
  },
  { keepLog: false },
);
process.stdout.write(`${server.url}\n`);
process.on('SIGUSR2', () => process.stderr.write(`limited ${limited}\n`));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
