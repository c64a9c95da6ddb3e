import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError } from '../../src/core/errors.js';
import { locateFfmpeg, runBinary } from '../../src/media/ffmpeg.js';
import { imageSize, readImageAsFrame, splitImages } from '../../src/media/image.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-image-test-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Render one 40×30 frame of a lavfi source into `name` and return its bytes. */
async function still(name: string, source: string, extra: string[] = []): Promise<Buffer> {
  const p = join(dir, name);
  const r = await runBinary(locateFfmpeg().ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    source,
    '-frames:v',
    '1',
    ...extra,
    p,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return readFileSync(p);
}

/** Top-left pixel of an encoded image, decoded by ffmpeg to RGB. */
async function firstPixel(image: Buffer): Promise<number[]> {
  const p = join(dir, `probe-${Math.random().toString(36).slice(2)}`);
  writeFileSync(p, image);
  const r = await runBinary(locateFfmpeg().ffmpeg, [
    '-v',
    'error',
    '-i',
    p,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ]);
  return [...r.stdout.subarray(0, 3)];
}

function near(got: number[], want: number[], tol = 6): void {
  assert.ok(
    got.every((v, i) => Math.abs(v - want[i]!) <= tol),
    `pixel ${got} vs ${want}`,
  );
}

test('imageSize reads PNG, JPEG and all three WebP headers', async () => {
  const src = 'testsrc=size=40x30';
  assert.deepEqual(imageSize(await still('a.png', src)), { width: 40, height: 30, format: 'png' });
  assert.deepEqual(imageSize(await still('a.jpg', src)), { width: 40, height: 30, format: 'jpeg' });
  const webps = [
    ['VP8 ', await still('lossy.webp', src)],
    ['VP8L', await still('lossless.webp', src, ['-lossless', '1'])],
    ['VP8X', await still('alpha.webp', 'color=c=red@0.5:s=40x30,format=yuva420p', ['-c:v', 'libwebp'])],
  ] as const;
  for (const [chunk, bytes] of webps) {
    assert.equal(bytes.toString('latin1', 12, 16), chunk);
    assert.deepEqual(imageSize(bytes), { width: 40, height: 30, format: 'webp' }, chunk);
  }
  assert.equal(imageSize(Buffer.from('not an image at all, just words')), null);
  assert.equal(imageSize((await still('b.png', src)).subarray(0, 12)), null);
});

test('splitImages splits by structure: an FFD9 inside a JPEG segment does not end the image', async () => {
  const a = await still('s1.jpg', 'color=c=red:s=40x30');
  const b = await still('s2.jpg', 'color=c=blue:s=40x30');
  // a COM segment holding EOI-looking bytes, right after SOI
  const tricky = Buffer.concat([
    a.subarray(0, 2),
    Buffer.from([0xff, 0xfe, 0x00, 0x06, 0xff, 0xd9, 0xff, 0xd9]),
    a.subarray(2),
  ]);
  const parts = splitImages(Buffer.concat([a, tricky, b, b.subarray(0, 100)]), 'jpeg');
  assert.equal(parts.length, 3);
  assert.ok(parts[0]!.equals(a) && parts[1]!.equals(tricky) && parts[2]!.equals(b));

  const p = await still('s.png', 'testsrc=size=40x30');
  const pngs = splitImages(Buffer.concat([p, p, p.subarray(0, 40)]), 'png');
  assert.equal(pngs.length, 2);
  assert.ok(pngs.every((x) => x.equals(p)));
});

test('readImageAsFrame scales to exactly W×H from bytes or a path, in either format', async () => {
  const jpg = await still('blue.jpg', 'color=c=blue:s=40x30');
  const fromBytes = await readImageAsFrame(jpg, 56, 28, 'jpeg', 2);
  assert.deepEqual(imageSize(fromBytes), { width: 56, height: 28, format: 'jpeg' });
  near(await firstPixel(fromBytes), [0, 0, 255]);
  const fromPath = await readImageAsFrame(join(dir, 'blue.jpg'), 28, 84, 'png', 2);
  assert.deepEqual(imageSize(fromPath), { width: 28, height: 84, format: 'png' });
  const webp = await still('green.webp', 'color=c=0x00ff00:s=40x30');
  near(await firstPixel(await readImageAsFrame(webp, 28, 28, 'png', 2)), [0, 255, 0], 12);
});

test('readImageAsFrame composites transparency onto white, as Qwen to_rgb does', async () => {
  const clear = await still('clear.png', 'color=c=red@0.0:s=40x30,format=rgba');
  near(await firstPixel(await readImageAsFrame(clear, 28, 28, 'png', 2)), [255, 255, 255], 1);
  const half = await still('half.png', 'color=c=red@0.5:s=40x30,format=rgba');
  near(await firstPixel(await readImageAsFrame(half, 28, 28, 'png', 2)), [255, 128, 128], 3);
});

test('readImageAsFrame errors are MediaErrors with the right code', async () => {
  const code = async (p: Promise<unknown>, want: string, file: string): Promise<void> =>
    assert.rejects(p, (e: unknown) => e instanceof MediaError && e.code === want && e.file === file);
  await code(readImageAsFrame(Buffer.from('plain text, not pixels'), 28, 28, 'jpeg', 2, 'quiz 7'), 'corrupt', 'quiz 7');
  await code(readImageAsFrame(new Uint8Array(0), 28, 28, 'jpeg', 2), 'empty', '<image bytes>');
  await code(readImageAsFrame(join(dir, 'missing.png'), 28, 28, 'jpeg', 2), 'missing', join(dir, 'missing.png'));
  writeFileSync(join(dir, 'empty.png'), '');
  await code(readImageAsFrame(join(dir, 'empty.png'), 28, 28, 'jpeg', 2), 'empty', join(dir, 'empty.png'));
});
