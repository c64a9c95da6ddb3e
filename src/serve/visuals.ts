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
import { MediaError } from '../core/errors.js';
import type { FrameConfig } from '../core/types.js';
import { sampleFrames } from '../media/frameSampler.js';
import { isDecodableImage, type EncodedImage } from '../media/rgb.js';
import type { VisualRef } from './request.js';

/** A problem with what the client sent (HTTP 400); `param` names the part (`messages[0].content[1].image_url`). */
export class BadVisual extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(param ? `${param}: ${message}` : message);
  }
}

/** The decoded images with, for each, the request part it came from (a video gives several). */
export interface ResolvedVisuals {
  images: EncodedImage[];
  params: string[];
}

const SIGNATURES: Record<string, { name: string; bytes: number[] }> = {
  'image/png': { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  'image/jpeg': { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  'image/jpg': { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
};

/** Why an image's bytes cannot be what its mime says (a cheap check before ffmpeg), or null. */
export function signatureProblem(mime: string, data: Uint8Array): string | null {
  const sig = SIGNATURES[mime.toLowerCase()];
  if (!sig) return null;
  if (data.length === 0) return 'the image data is empty';
  return sig.bytes.every((b, i) => data[i] === b)
    ? null
    : `the data is not a ${sig.name} image (wrong signature; corrupt, or another format)`;
}

/** What the client is told about a video that cannot be read: our words, never ffmpeg's. */
function videoProblem(e: unknown): string {
  if (!(e instanceof MediaError)) return 'the video could not be read';
  if (e.code === 'ffmpeg') throw e; // the server cannot run ffmpeg: a server error
  if (e.code === 'unsupported')
    return `the video is not supported (${e.message.replace(/^.*?: unsupported: /, '').slice(0, 200)})`;
  if (e.code === 'empty') return 'the video has no frames';
  return 'the video could not be decoded (corrupt, truncated or not a video)';
}

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
  return {
    mime: (m[1] || 'text/plain').toLowerCase(),
    data: base64 ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'latin1'),
  };
}

export async function resolveVisuals(
  refs: readonly Pick<VisualRef, 'kind' | 'url' | 'param'>[],
  o: VisualOptions,
): Promise<ResolvedVisuals> {
  const images: EncodedImage[] = [];
  const params: string[] = [];
  for (const ref of refs) {
    const where = ref.param;
    const uri = decodeDataUri(ref.url);
    if (ref.kind === 'image') {
      if (!uri) throw new BadVisual('images must be data URIs (data:image/jpeg;base64,…); URLs are not fetched', where);
      if (!isDecodableImage(uri.mime)) throw new BadVisual(`${uri.mime} is not supported (JPEG or PNG)`, where);
      const problem = signatureProblem(uri.mime, uri.data);
      if (problem) throw new BadVisual(problem, where);
      images.push({ mime: uri.mime, data: uri.data });
      params.push(where);
      continue;
    }
    const frames = await videoFrames(ref.url, uri, where, o);
    images.push(...frames);
    for (const _ of frames) params.push(where);
  }
  return { images, params };
}

/**
 * After a batch decode failed: decode each image alone to find the first that cannot be decoded,
 * and name its part. Runs only on the failure path, so a good request pays nothing for it.
 */
export async function findBadImage(
  r: ResolvedVisuals,
  decode: (img: EncodedImage) => Promise<unknown>,
): Promise<BadVisual | null> {
  for (const [i, img] of r.images.entries()) {
    try {
      await decode(img);
    } catch (e) {
      if (e instanceof MediaError && e.code === 'ffmpeg') throw e;
      return new BadVisual(
        `the image could not be decoded (corrupt or truncated ${SIGNATURES[img.mime.toLowerCase()]?.name ?? img.mime})`,
        r.params[i]!,
      );
    }
  }
  return null;
}

async function videoFrames(
  url: string,
  uri: { mime: string; data: Buffer } | null,
  where: string,
  o: VisualOptions,
): Promise<EncodedImage[]> {
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
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw new BadVisual('remote URLs are not fetched; send a data URI', where);
  if (!o.allowLocalPaths)
    throw new BadVisual('local video paths need the server to run with --allow-local-paths', where);
  if (!isAbsolute(path)) throw new BadVisual('a local video path must be absolute', where);
  return sample(path, where, o);
}

async function sample(file: string, where: string, o: VisualOptions): Promise<EncodedImage[]> {
  // Small frames: the model downsizes them again; PNG so nothing is lost to a second JPEG pass.
  const cfg: FrameConfig = {
    nframes: o.videoFrames,
    minFrames: 2,
    maxFrames: 768,
    minPixels: 4 * 28 * 28,
    maxPixels: 32 * 28 * 28,
    totalPixels: 24576 * 28 * 28,
    format: 'png',
    jpegQuality: 2,
  };
  try {
    const s = await sampleFrames(file, cfg);
    return s.frames.map((data) => ({ mime: s.mime, data }));
  } catch (e) {
    if (e instanceof MediaError && e.code === 'missing') throw new BadVisual('no such video file on the server', where);
    throw new BadVisual(videoProblem(e), where);
  }
}
