/**
 * `vreason dashboard`: a local web server over a folder of runs. It lists the runs with live
 * progress (records.jsonl read as it grows, pushed to the page by server-sent events), and serves
 * the report of any run, or several compared, computed from the newest records. Only names found
 * by scanning the folder are served — a request never turns into a path of its choosing.
 */
import { existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { VERSION } from '../version.js';
import { buildReport } from './build.js';
import { esc } from './format.js';
import { bearerToken, keyDigest, tokenMatches } from '../core/apiKey.js';
import { STYLE } from './html.js';
import { findRuns, ProgressTracker, type Progress } from './progress.js';
import { loadRun } from './runData.js';

export interface DashboardOptions {
  runsDir: string;
  port?: number;
  host?: string;
  /** How often progress is pushed to open pages, ms (default 1000). */
  intervalMs?: number;
  thumbnails?: boolean;
  /** Require this key: `Authorization: Bearer <key>`, or open `/?key=<key>` once (sets a cookie). */
  apiKey?: string;
  /** Page requests in progress beyond which new ones get 503 + Retry-After (event streams excluded). */
  maxInFlight?: number;
}

export interface Dashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface RunSummary {
  name: string;
  kind: string;
  model: string;
  progress: Progress;
}

const CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'";

export async function startDashboard(opts: DashboardOptions): Promise<Dashboard> {
  const root = resolve(opts.runsDir);
  const tracker = new ProgressTracker(root);
  const streams = new Set<ServerResponse>();
  const reports = new Map<string, { stamp: string; html: string }>();
  const models = new Map<string, { stamp: string; kind: string; model: string }>();

  /** Model and kind of a run; re-read only when its config or results change. */
  function describe(name: string): { kind: string; model: string } {
    const dir = join(root, name);
    const stamp = stampOf(dir, ['config.json', 'results.json']);
    const hit = models.get(name);
    if (hit && hit.stamp === stamp) return { kind: hit.kind, model: hit.model };
    let d = { kind: 'unknown', model: '?' };
    try {
      const run = loadRun(dir, { prefer: 'results' });
      d = { kind: run.kind === 'task' ? run.task.name : 'suite', model: run.model };
    } catch {
      /* a run whose files are mid-write: shown without details until the next look */
    }
    models.set(name, { stamp, ...d });
    return d;
  }

  const summaries = (): RunSummary[] =>
    findRuns(root).map((name) => ({ name, ...describe(name), progress: tracker.progress(name) }));

  async function report(names: string[]): Promise<string> {
    const dirs = names.map((n) => join(root, n));
    const stamp = dirs
      .map((d) => stampOf(d, ['config.json', 'results.json', 'records.jsonl', 'train.jsonl'], true))
      .join('|');
    const key = names.join('\0');
    const hit = reports.get(key);
    if (hit && hit.stamp === stamp) return hit.html;
    const built = await buildReport(dirs, {
      prefer: 'newest',
      names,
      thumbnails: opts.thumbnails ?? true,
      page: { banner: progressBanner(names), scripts: [LIST_SCRIPT], connectSelf: true },
    });
    if (reports.size > 16) reports.clear();
    reports.set(key, { stamp, html: built.html });
    return built.html;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === '/') return send(res, 200, 'text/html', listPage(summaries()));
    if (url.pathname === '/api/runs') return send(res, 200, 'application/json', JSON.stringify(summaries()));
    if (url.pathname === '/events') return openStream(res);
    if (url.pathname === '/report') {
      const wanted = url.searchParams.getAll('run');
      const known = new Set(findRuns(root));
      const unknown = wanted.filter((n) => !known.has(n));
      if (wanted.length === 0 || unknown.length)
        return send(res, 404, 'text/plain', `unknown run: ${unknown.join(', ') || '(none given)'}`);
      return send(res, 200, 'text/html', await report(wanted));
    }
    return send(res, 404, 'text/plain', 'not found');
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    streams.add(res);
    res.on('close', () => streams.delete(res));
    res.write(`retry: 2000\ndata: ${JSON.stringify(summaries())}\n\n`);
  }

  const timer = setInterval(() => {
    if (streams.size === 0) return;
    let data: string;
    try {
      data = `data: ${JSON.stringify(summaries())}\n\n`;
    } catch {
      return; // a run folder vanished mid-scan: try again next tick
    }
    for (const s of streams) s.write(data);
  }, opts.intervalMs ?? 1000);

  const digest = opts.apiKey === undefined ? null : keyDigest(opts.apiKey);
  const maxInFlight = opts.maxInFlight ?? 64;
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    if (digest && !admitted(req, res, digest)) return;
    // Event streams are long-lived and cheap; only page work counts against the limit.
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/events') {
      if (inFlight >= maxInFlight) {
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
        return void res.end(`busy: ${inFlight} requests in flight`);
      }
      inFlight++;
      res.once('close', () => inFlight--);
    }
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `error: ${errorMessage(e)}`);
      else res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => ok());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    close: () =>
      new Promise<void>((done) => {
        clearInterval(timer);
        // Event streams never end on their own: end them, so server.close can finish.
        for (const s of streams) s.end();
        streams.clear();
        server.close(() => done());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}

const COOKIE = 'vreason_key';

/**
 * With a key set, a request passes with the key as a bearer token or in the cookie that
 * `/?key=<key>` sets (browsers cannot add headers to page loads or EventSource). The key never
 * appears in a page; the cookie is HttpOnly and SameSite=Strict.
 */
function admitted(req: IncomingMessage, res: ServerResponse, digest: Buffer): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cookie = /(?:^|;\s*)vreason_key=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const fromQuery = url.searchParams.get('key') ?? undefined;
  const token =
    bearerToken(req.headers.authorization) ?? (cookie === undefined ? fromQuery : decodeURIComponent(cookie));
  if (tokenMatches(token, digest)) {
    if (fromQuery !== undefined) {
      url.searchParams.delete('key');
      res.writeHead(303, {
        location: `${url.pathname}${url.search}`,
        'set-cookie': `${COOKIE}=${encodeURIComponent(fromQuery)}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end();
      return false;
    }
    return true;
  }
  res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
  res.end('this dashboard needs its key: open /?key=<key> once, or send Authorization: Bearer <key>');
  return false;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
  });
  res.end(body);
}

/** Changes whenever one of the files changes (size and mtime); `suite` adds the benchmark folders' files. */
function stampOf(dir: string, files: string[], deep = false): string {
  const dirs = [dir, ...(deep && existsSync(dir) ? subdirs(dir) : [])];
  return dirs
    .flatMap((d) => files.map((f) => join(d, f)))
    .map((p) => (existsSync(p) ? `${statSync(p).size}:${statSync(p).mtimeMs}` : '-'))
    .join(',');
}

function subdirs(dir: string): string[] {
  return findRuns(dir, 1)
    .filter((n) => n !== '.')
    .map((n) => join(dir, n));
}

const fmtRate = (p: Progress): string => (p.rate > 0 ? `${p.rate.toFixed(2)}/s` : '–');
const fmtEta = (p: Progress): string =>
  p.eta_s === null ? '' : `ETA ${p.eta_s < 90 ? `${Math.round(p.eta_s)} s` : `${Math.round(p.eta_s / 60)} min`}`;

function progressCells(p: Progress): string {
  const w = Math.round((p.fraction ?? 0) * 100);
  return (
    `<td><span class="pbar"><i data-field="bar" style="width:${w}%"></i></span></td><td data-field="count">` +
    `${p.answered}/${p.planned}${p.errored ? ` (${p.errored} failed)` : ''}</td><td data-field="rate">${fmtRate(p)}` +
    `</td><td data-field="state">${esc(p.state)} ${esc(fmtEta(p))}</td>`
  );
}

function listPage(runs: RunSummary[]): string {
  const rows = runs
    .map(
      (r) =>
        `<tr data-run-name="${esc(r.name)}"><td><input type="checkbox" name="run" value="${esc(r.name)}" ` +
        `aria-label="compare ${esc(r.name)}"></td><td><a href="/report?run=${encodeURIComponent(r.name)}">` +
        `${esc(r.name)}</a></td><td>${esc(r.kind)}</td><td>${esc(r.model)}</td>${progressCells(r.progress)}</tr>`,
    )
    .join('\n');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" ` +
    `content="${CSP}"><title>vreason dashboard</title><style>${STYLE}</style></head>
<body><header class="top"><h1>vreason dashboard</h1><p>runs under this folder, updated live · vreason ` +
    `${esc(VERSION)}</p></header><main><section>
<form method="get" action="/report"><table id="runs"><thead><tr><th></th><th>run</th><th>kind</th><th>model</th><th>` +
    `progress</th><th>answered/planned</th><th>items/s (last min)</th><th>state</th></tr></thead><tbody>
${rows || '<tr><td colspan="8">no runs found yet</td></tr>'}</tbody></table>
<button type="submit">Compare selected</button></form></section></main>
<script>${LIST_SCRIPT}</script></body></html>`
  );
}

/** Shared by the list and report pages: apply a progress update to rows marked with data-run-name. */
const UPDATE_FN =
  `
function vreasonApply(runs) {
  var rows = document.querySelectorAll('[data-run-name]');
  runs.forEach(function (r) {
    rows.forEach(function (row) {
      if (row.getAttribute('data-run-name') !== r.name) return;
      var p = r.progress;
      var set = function (f, text) { var el = row.querySelector('[data-field="' + f + '"]'); if (el) ` +
  `el.textContent = text; };
      set('count', p.answered + '/' + p.planned + (p.errored ? ' (' + p.errored + ' failed)' : ''));
      set('rate', p.rate > 0 ? p.rate.toFixed(2) + '/s' : '\\u2013');
      set('state', p.state + (p.eta_s === null ? '' : ' ETA ' + (p.eta_s < 90 ? Math.round(p.eta_s) + ' s' : ` +
  `Math.round(p.eta_s / 60) + ' min')));
      var bar = row.querySelector('[data-field="bar"]');
      if (bar) bar.style.width = Math.round((p.fraction || 0) * 100) + '%';
    });
  });
}
function vreasonListen() {
  var es = new EventSource('/events');
  es.onmessage = function (e) { vreasonApply(JSON.parse(e.data)); ` +
  `document.documentElement.setAttribute('data-updates', ` +
  `String(Number(document.documentElement.getAttribute('data-updates') || 0) + 1)); };
}
`;

const LIST_SCRIPT = `${UPDATE_FN}\nvreasonListen();`;

function progressBanner(names: string[]): string {
  return (
    `<div class="progress"><b>Live</b> — numbers below are computed from the records as of page load; reload ` +
    `for newer ones. <a href="/">all runs</a><table>${names
      .map(
        (n) =>
          `<tr data-run-name="${esc(n)}"><th>${esc(n)}</th>` +
          '<td><span class="pbar"><i data-field="bar"></i></span></td>' +
          '<td data-field="count"></td><td data-field="rate"></td><td data-field="state"></td></tr>',
      )
      .join('')}</table></div>`
  );
}
