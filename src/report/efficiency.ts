/**
 * The report's efficiency section: how fast each run asked (requests/s, latency percentiles, time
 * to first token when streamed, tokens from `usage`, tokens/s) and how each server did (answers,
 * latency, failures, benchings, the adaptive window at the end). Numbers come from the
 * `efficiency` object of results.json, each a `metric` span naming its path there.
 */
import type { Efficiency } from '../tasks/efficiency.js';
import type { RunAccount } from '../tasks/record.js';
import { esc, metric } from './format.js';
import type { LoadedRun } from './runData.js';

interface Row {
  run: LoadedRun;
  /** Benchmark name for a suite's rows, '' for a task run. */
  label: string;
  /** JSON path of the efficiency object in the run's results.json. */
  path: string;
  eff: Efficiency;
}

function rowsOf(run: LoadedRun): Row[] {
  if (run.kind === 'task') {
    const eff = (run.results as RunAccount).efficiency;
    return eff ? [{ run, label: '', path: 'efficiency', eff }] : [];
  }
  return Object.entries(run.results.benchmarks).flatMap(([name, r]) => {
    const eff = (r as RunAccount).efficiency;
    return eff ? [{ run, label: name, path: run.single ? 'efficiency' : `benchmarks.${name}.efficiency`, eff }] : [];
  });
}

const num = (run: number, path: string, v: number | null | undefined): string =>
  metric(run, path, v ?? null, v === null || v === undefined ? '–' : String(v), 'count');

const pcts = (run: number, path: string, p: Efficiency['latency_ms'] | null): string =>
  p ? `${num(run, `${path}.p50`, p.p50)} / ${num(run, `${path}.p95`, p.p95)} / ${num(run, `${path}.p99`, p.p99)}` : '–';

/** The section's HTML, or null when no run has efficiency numbers. */
export function efficiencySection(runs: readonly LoadedRun[]): string | null {
  const rows = runs.flatMap(rowsOf);
  if (!rows.length) return null;
  const head =
    '<tr><th>run</th><th>requests</th><th>wall s</th><th>requests/s</th><th>latency ms p50 / p95 / p99</th><th>TTFT ' +
    'ms p50 / p95 / p99</th><th>prompt tokens</th><th>completion tokens</th><th>tokens/s</th></tr>';
  const body = rows.map(({ run, label, path, eff }) => {
    const i = run.index;
    return (
      `<tr><th scope="row">${esc(run.name)}${label ? ` <small>${esc(label)}</small>` : ''}</th><td>` +
      `${num(i, `${path}.requests`, eff.requests)}</td><td>${num(i, `${path}.wall_s`, eff.wall_s)}</td><td>` +
      `${num(i, `${path}.requests_per_s`, eff.requests_per_s)}</td><td>` +
      `${pcts(i, `${path}.latency_ms`, eff.latency_ms)}</td><td>${pcts(i, `${path}.ttft_ms`, eff.ttft_ms)}</td><td>` +
      `${num(i, `${path}.prompt_tokens`, eff.prompt_tokens)}</td><td>` +
      `${num(i, `${path}.completion_tokens`, eff.completion_tokens)}</td><td>` +
      `${num(i, `${path}.tokens_per_s`, eff.tokens_per_s)}</td></tr>`
    );
  });
  const serverRows = rows.flatMap(({ run, label, path, eff }) =>
    eff.servers.map((s, k) => {
      const i = run.index;
      const p = `${path}.servers.${k}`;
      const f = s.failed;
      const failed = f
        ? `${num(i, `${p}.failed.http_429`, f.http_429)} / ${num(i, `${p}.failed.http_5xx`, f.http_5xx)} / ` +
          `${num(i, `${p}.failed.transport`, f.transport)} / ${num(i, `${p}.failed.timeouts`, f.timeouts)}`
        : '–';
      const win = s.window
        ? `${num(i, `${p}.window.final`, s.window.final)} of ${num(i, `${p}.window.ceiling`, s.window.ceiling)} ` +
          `(min ${num(i, `${p}.window.min`, s.window.min)})`
        : '–';
      return (
        `<tr><th scope="row">${esc(run.name)}${label ? ` <small>${esc(label)}</small>` : ''}</th><td>` +
        `${esc(s.url)}</td><td>${num(i, `${p}.requests`, s.requests)}</td><td>` +
        `${pcts(i, `${p}.latency_ms`, s.latency_ms)}</td><td>${pcts(i, `${p}.ttft_ms`, s.ttft_ms)}</td><td>` +
        `${num(i, `${p}.completion_tokens`, s.completion_tokens)}</td><td>${failed}</td><td>` +
        `${num(i, `${p}.benched`, s.benched)}</td><td>${win}</td></tr>`
      );
    }),
  );
  const servers = serverRows.length
    ? `<h3>Per server</h3><table><thead><tr><th>run</th><th>server</th><th>answers</th><th>latency ms p50 / p95 / ` +
      `p99</th><th>TTFT ms</th><th>completion tokens</th><th>failed tries: 429 / 5xx / transport / timeout</th><th>` +
      `benched</th><th>window at the end</th></tr></thead><tbody>${serverRows.join('')}</tbody></table>`
    : '';
  return (
    `<table><thead>${head}</thead><tbody>${body.join('')}</tbody></table>
<p class="hint">Time spent asking, summed over the invocations that asked something (a resumed run adds its ` +
    `sessions). Latency: from a request's first send to its answer, retries included. TTFT: streaming only (<code>` +
    `--stream</code>). Tokens from the servers' <code>usage</code>; tokens/s counts completion tokens.</p>${servers}`
  );
}
