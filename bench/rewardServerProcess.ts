/**
 * The reward service in its own process for bench/rewardServer.ts (as a trainer would see it):
 * 127.0.0.1, a free port, its URL printed on stdout; SIGTERM shuts it down gracefully.
 */
import { startRewardServer } from '../src/rewards/server.js';

const server = await startRewardServer({ port: 0 });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
