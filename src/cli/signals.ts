/**
 * Graceful shutdown for the long-running servers: the first SIGINT/SIGTERM lets the requests in
 * flight finish (`close`), then exits 0; a second signal means "now" and exits 130 at once.
 */
export function closeOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`${signal}: finishing requests in flight…\n`);
    void close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
