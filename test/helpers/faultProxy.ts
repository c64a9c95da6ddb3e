/**
 * A loopback HTTP proxy that injects model-server faults in front of a real server: status codes
 * with or without Retry-After, connection resets, slow drips, hangs, truncated or malformed JSON,
 * empty `choices`. The plan decides per request (numbered from 1 per prompt) what happens.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'drip'; intervalMs: number }
  | { kind: 'truncate' }
  | { kind: 'emptyChoices' };

export interface FaultProxy {
  url: string;
  /** Fault kinds actually served, in order. */
  served: string[];
  close(): Promise<void>;
}

export async function startFaultProxy(
  upstream: string,
  plan: (prompt: string, attempt: number) => Fault,
): Promise<FaultProxy> {
  const attempts = new Map<string, number>();
  const served: string[] = [];
  const up = new URL(upstream);
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const prompt = promptOf(body);
    const attempt = (attempts.get(prompt) ?? 0) + 1;
    attempts.set(prompt, attempt);
    const fault = plan(prompt, attempt);
    served.push(
      fault.kind === 'status' ? `status ${fault.status}${fault.retryAfter ? ' retry-after' : ''}` : fault.kind,
    );
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, {
          'content-type': 'application/json',
          ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
        });
        return void res.end('{"error":{"message":"injected"}}');
      case 'reset':
        return void req.socket.destroy();
      case 'hang':
        return; // the client's timeout must fire
      case 'emptyChoices':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"object":"chat.completion","choices":[]}');
      default: {
        const upstreamBody = await forward(up, req, body);
        if (fault.kind === 'truncate') {
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(upstreamBody.subarray(0, Math.floor(upstreamBody.length / 2)));
        }
        if (fault.kind === 'drip') return drip(res, upstreamBody, fault.intervalMs);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(upstreamBody);
      }
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    served,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function promptOf(body: Buffer): string {
  try {
    const j = JSON.parse(body.toString()) as { messages: { content: { type: string; text?: string }[] }[] };
    return (
      j.messages[0]?.content
        .filter((p) => p.type === 'text')
        .map((p) => p.text)
        .join('\n') ?? ''
    );
  } catch {
    return '';
  }
}

function forward(up: URL, req: IncomingMessage, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: up.hostname,
        port: up.port,
        path: req.url,
        method: req.method,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        const out: Buffer[] = [];
        res.on('data', (d: Buffer) => out.push(d));
        res.on('end', () => resolve(Buffer.concat(out)));
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

/** Headers at once, then the body a few bytes at a time: a server that is alive but too slow. */
function drip(res: ServerResponse, body: Buffer, intervalMs: number): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  let i = 0;
  const t = setInterval(() => {
    if (res.destroyed || i >= body.length) {
      clearInterval(t);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(body.subarray(i, i + 4));
    i += 4;
  }, intervalMs);
  res.on('close', () => clearInterval(t));
}
