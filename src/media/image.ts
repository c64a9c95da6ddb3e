/**
 * Still images: header-only size reading, splitting ffmpeg's image2pipe output into single images,
 * and decoding/rescaling one image (a quiz picture) the same way video frames are produced.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError, errorMessage } from '../core/errors.js';
import { locateFfmpeg, runBinary } from './ffmpeg.js';
import { fileSize, tail } from './probe.js';

export type ImageFormat = 'jpeg' | 'png';

export function mimeOf(format: ImageFormat): 'image/jpeg' | 'image/png' {
  return format === 'png' ? 'image/png' : 'image/jpeg';
}

/** ffmpeg output options that encode frames as a stream of `format` images on stdout. */
export function encoderArgs(format: ImageFormat, jpegQuality: number): string[] {
  const codec = format === 'png' ? ['-c:v', 'png'] : ['-c:v', 'mjpeg', '-q:v', String(jpegQuality)];
  return ['-f', 'image2pipe', ...codec, 'pipe:1'];
}

export interface ImageSize {
  width: number;
  height: number;
  format: 'png' | 'jpeg' | 'webp';
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Pixel size from the file header alone (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X); null if unrecognised. */
export function imageSize(bytes: Uint8Array): ImageSize | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (b.length >= 24 && b.subarray(0, 8).equals(PNG_SIGNATURE) && b.toString('latin1', 12, 16) === 'IHDR') {
      return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), format: 'png' };
    }
    if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
    if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
      return webpSize(b);
  } catch {
    return null; // header cut short
  }
  return null;
}

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size. */
function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(b: Buffer): ImageSize | null {
  for (let p = 2; p + 4 <= b.length; ) {
    if (b[p] !== 0xff) return null;
    const marker = b[p + 1]!;
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2;
      continue;
    }
    if (isSof(marker)) return { height: b.readUInt16BE(p + 5), width: b.readUInt16BE(p + 7), format: 'jpeg' };
    if (marker === 0xda || marker === 0xd9) return null; // scan data before any frame header
    p += 2 + b.readUInt16BE(p + 2);
  }
  return null;
}

function webpSize(b: Buffer): ImageSize | null {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ')
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff, format: 'webp' };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, format: 'webp' };
  }
  if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1, format: 'webp' };
  return null;
}

/**
 * Split concatenated images (ffmpeg `-f image2pipe`) into one buffer each, by structure rather than by
 * searching for end markers, so an FFD9 inside a JPEG segment cannot cut an image short.
 * A trailing partial image (ffmpeg killed mid-write) is dropped.
 */
export function splitImages(stream: Buffer, format: ImageFormat): Buffer[] {
  const end = format === 'png' ? pngEnd : jpegEnd;
  const out: Buffer[] = [];
  for (let p = 0; p < stream.length; ) {
    const e = end(stream, p);
    if (e < 0) break;
    out.push(stream.subarray(p, e));
    p = e;
  }
  return out;
}

/** Offset just past the PNG starting at `start` (after IEND), or -1. */
function pngEnd(b: Buffer, start: number): number {
  if (b.length < start + 8 || !b.subarray(start, start + 8).equals(PNG_SIGNATURE)) return -1;
  for (let p = start + 8; p + 12 <= b.length; ) {
    const len = b.readUInt32BE(p);
    const type = b.toString('latin1', p + 4, p + 8);
    p += 12 + len;
    if (type === 'IEND') return p <= b.length ? p : -1;
  }
  return -1;
}

/** Offset just past the JPEG starting at `start` (after EOI), or -1: walks segments, then skips entropy-coded data. */
function jpegEnd(b: Buffer, start: number): number {
  if (b[start] !== 0xff || b[start + 1] !== 0xd8) return -1;
  let p = start + 2;
  while (p + 1 < b.length) {
    if (b[p] !== 0xff) return -1;
    const marker = b[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0xd9) return p + 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2;
      continue;
    }
    if (p + 4 > b.length) return -1;
    p += 2 + b.readUInt16BE(p + 2);
    if (marker === 0xda) p = skipEntropyData(b, p);
  }
  return -1;
}

/** In scan data 0xFF is always followed by 0x00 (stuffing) or RSTn; anything else is the next marker. */
function skipEntropyData(b: Buffer, p: number): number {
  for (;;) {
    p = b.indexOf(0xff, p);
    if (p < 0 || p + 1 >= b.length) return b.length;
    const next = b[p + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) p += 2;
    else return p;
  }
}

/**
 * Composite on white then scale: Qwen's `to_rgb` pastes RGBA images onto a white background before
 * resizing, where a plain conversion would turn transparent pixels black.
 */
function flattenAndScale(width: number, height: number): string {
  return (
    'format=rgba,split[fg][bg0];[bg0]lutrgb=r=255:g=255:b=255:a=255[bg];' +
    `[bg][fg]overlay=format=rgb,format=rgb24,scale=${width}:${height}:flags=bicubic`
  );
}

const IMAGE_TIMEOUT_MS = 60_000;

/**
 * Decode a PNG/JPEG/WebP (bytes, or a path), scale it to exactly width×height and re-encode it.
 * `label` names the image in errors when it came as bytes. Throws only MediaError.
 */
export async function readImageAsFrame(
  src: Uint8Array | string,
  width: number,
  height: number,
  format: ImageFormat,
  quality: number,
  label = '<image bytes>',
): Promise<Buffer> {
  if (typeof src === 'string') {
    await fileSize(src);
    return transcodeImage(src, src, width, height, format, quality);
  }
  if (src.byteLength === 0) throw new MediaError('empty', label, 'image is 0 bytes');
  // Bytes go through a temp file, not stdin: this ffmpeg's webp_pipe demuxer has no parser and
  // cannot size a WebP read from a pipe, while the file demuxer probes every format by content.
  const dir = await mkdtemp(join(tmpdir(), 'vreason-image-'));
  try {
    const file = join(dir, 'image');
    await writeFile(file, src);
    return await transcodeImage(file, label, width, height, format, quality);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function transcodeImage(
  file: string,
  name: string,
  width: number,
  height: number,
  format: ImageFormat,
  quality: number,
): Promise<Buffer> {
  const { ffmpeg } = locateFfmpeg();
  // -noautorotate: PIL ignores EXIF orientation in the reference, and newer ffmpeg builds would apply it.
  const args = [
    '-v',
    'error',
    '-noautorotate',
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    flattenAndScale(width, height),
    ...encoderArgs(format, quality),
  ];
  let res;
  try {
    res = await runBinary(ffmpeg, args, { timeoutMs: IMAGE_TIMEOUT_MS });
  } catch (e) {
    throw new MediaError('ffmpeg', name, `cannot run ffmpeg: ${errorMessage(e)}`);
  }
  const [image] = splitImages(res.stdout, format);
  if (!image)
    throw new MediaError(
      'corrupt',
      name,
      `not a decodable image: ${tail(res.stderr).replaceAll(file, name) || `ffmpeg exit ${res.code}`}`,
    );
  return image;
}
