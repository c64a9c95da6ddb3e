/**
 * A request's image_url / video_url parts → encoded images in order. Images must be data URIs
 * (JPEG or PNG). A video is a data URI, or, only when the server was started with
 * --allow-local-paths, a path (or file:// URL) on the server's disk; its frames are sampled with the
 * evaluator's sampler. Remote URLs are never fetched: the server makes no outbound requests.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage, MediaError } from '../core/errors.js';
import type { FrameConfig } from '../core/types.js';
import { sampleFrames } from '../media/frameSampler.js';
import { isDecodableImage, type EncodedImage } from '../media/rgb.js';
import type { VisualRef } from './request.js';

/** A problem with what the client sent (HTTP 400). */
export class BadVisual extends Error {}

export interface VisualOptions {
  allowLocalPaths: boolean;
  /** Frames sampled from each video (even, ≥ 2: Qwen2.5-VL's frame rule). */
  videoFrames: number;
}

export function decodeDataUri(url: string): { mime: string; data: Buffer } | null {
  const m = /^data:([^;,]*)((?:;[^;,]*)*),/s.exec(url);
  if (!m) return null;
  const body = url.slice(m[0].length);
  const base64 = (m[2] ?? '').toLowerCase().split(';').includes('base64');
  return { mime: (m[1] || 'text/plain').toLowerCase(), data: base64 ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'latin1') };
}

export async function resolveVisuals(refs: readonly { kind: VisualRef['kind']; url: string }[], o: VisualOptions): Promise<EncodedImage[]> {
  const out: EncodedImage[] = [];
  for (const [i, ref] of refs.entries()) {
    const where = `visual part ${i + 1} (${ref.kind}_url)`;
    const uri = decodeDataUri(ref.url);
    if (ref.kind === 'image') {
      if (!uri) throw new BadVisual(`${where}: images must be data URIs (data:image/jpeg;base64,…); URLs are not fetched`);
      if (!isDecodableImage(uri.mime)) throw new BadVisual(`${where}: ${uri.mime} is not supported (JPEG or PNG)`);
      out.push({ mime: uri.mime, data: uri.data });
      continue;
    }
    out.push(...(await videoFrames(ref.url, uri, where, o)));
  }
  return out;
}

async function videoFrames(url: string, uri: { mime: string; data: Buffer } | null, where: string, o: VisualOptions): Promise<EncodedImage[]> {
  if (uri) {
    const dir = await mkdtemp(join(tmpdir(), 'vreason-serve-'));
    try {
      const file = join(dir, 'video');
      await writeFile(file, uri.data);
      return await sample(file, where, o);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw new BadVisual(`${where}: remote URLs are not fetched; send a data URI`);
  if (!o.allowLocalPaths) throw new BadVisual(`${where}: local video paths need the server to run with --allow-local-paths`);
  if (!isAbsolute(path)) throw new BadVisual(`${where}: a local video path must be absolute`);
  return sample(path, where, o);
}

async function sample(file: string, where: string, o: VisualOptions): Promise<EncodedImage[]> {
  // Small frames: the model downsizes them again; PNG so nothing is lost to a second JPEG pass.
  const cfg: FrameConfig = { nframes: o.videoFrames, minFrames: 2, maxFrames: 768, minPixels: 4 * 28 * 28, maxPixels: 32 * 28 * 28, totalPixels: 24576 * 28 * 28, format: 'png', jpegQuality: 2 };
  try {
    const s = await sampleFrames(file, cfg);
    return s.frames.map((data) => ({ mime: s.mime, data }));
  } catch (e) {
    throw new BadVisual(`${where}: ${e instanceof MediaError ? e.message.replace(file, 'video') : errorMessage(e)}`);
  }
}
