/**
 * Headless Chromium for the report and dashboard tests: the binary ships inside the npm package
 * @sparticuz/chromium (unpacked to /tmp on first use), driven by playwright-core. No system browser.
 */
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';

export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    headless: true,
    // --single-process suits Lambda's process limits, but then Chromium exits when its last page
    // closes, and a test closes its pages; a normal multi-process browser does not.
    args: [
      ...chromium.args.filter((a) => a !== '--single-process'),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface PageWatch {
  /** console.error messages, uncaught page errors and failed requests. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export function watch(page: Page): PageWatch {
  const w: PageWatch = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Leaving a page aborts its open event stream: that is navigation, not a failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      w.errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('request', (r) => w.requests.push(r.url()));
  return w;
}

/** Every `.metric` span on the page: run index, results.json path, format, value attribute and text. */
export async function pageMetrics(
  page: Page,
): Promise<{ run: number; path: string; format: string; value: string; text: string }[]> {
  return page.$$eval('.metric', (els) =>
    els.map((el) => ({
      run: Number(el.getAttribute('data-run')),
      path: el.getAttribute('data-metric') ?? '',
      format: el.getAttribute('data-format') ?? '',
      value: el.getAttribute('data-value') ?? '',
      text: el.textContent ?? '',
    })),
  );
}

/** How a number from results.json must read on the page; written apart from the report's own formatting. */
export function expectedText(value: number | null, format: string): string {
  if (value === null || value === undefined) return '–';
  const sign = (s: string): string => (s.startsWith('-') ? s : `+${s}`);
  if (format === 'pct') return `${(value * 100).toFixed(1)}%`;
  if (format === 'pp') return `${sign((value * 100).toFixed(1))} pp`;
  if (format === 'signed') return `${sign(value.toFixed(1))}%`;
  return String(value);
}

/** The value at a dotted path ("tracks.Art.accuracy") of a parsed results.json. */
export function at(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}
