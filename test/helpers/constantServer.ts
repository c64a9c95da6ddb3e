/**
 * A zero-latency OpenAI-compatible server in its own process (as a real model server would be),
 * answering every request with the same text after an optional delay (argv: text, delay ms).
 * Prints its base URL on stdout. Used by benchmarks.
 */
import { startScriptedServer } from './scriptedServer.js';

const text = process.argv[2] ?? 'The answer is (A).';
const delayMs = Number(process.argv[3] ?? 0);
const server = await startScriptedServer(
  async () => {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    return { text };
  },
  { keepLog: false },
);
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
