/**
 * The spawner process (src/media/spawner.ts): a small Node process that starts binaries for a large
 * one. Each message asks for one run; the reply carries what runCollect collected, or the error that
 * kept the binary from starting. It exits when its parent goes away.
 */
import { runCollect, type RunRequest } from './runCollect.js';

export type SpawnRequest = RunRequest & { id: number };
export type SpawnReply =
  | { id: number; code: number | null; stderr: string; outputs: Uint8Array[] }
  | { id: number; error: { message: string; code?: string | undefined } };

const send = (m: SpawnReply) => process.send?.(m);

process.on('message', (r: SpawnRequest) => {
  runCollect(r).then(
    (res) => send({ id: r.id, ...res }),
    (e: NodeJS.ErrnoException) => send({ id: r.id, error: { message: e.message, code: e.code } }),
  );
});
process.on('disconnect', () => process.exit(0));
