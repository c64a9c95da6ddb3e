/**
 * Encoded images → planar RGB floats at a fixed size, the input of the embedded model's frame
 * encoder. The server (frames from image_url data URIs) and the trainer (frames the evaluator would
 * send) both go through here, so the model sees identical pixels in training and in serving.
 * One ffmpeg process per run of same-format images, fed through stdin as an image pipe.
 */
import { MediaError, errorMessage } from '../core/errors.js';
import { locateFfmpeg, runBinary } from './ffmpeg.js';
import { tail } from './probe.js';

export interface EncodedImage {
  mime: string;
  data: Uint8Array;
}

const PIPE_DEMUXER: Record<string, string> = {
  'image/jpeg': 'jpeg_pipe',
  'image/jpg': 'jpeg_pipe',
  'image/png': 'png_pipe',
};
const TIMEOUT_MS = 60_000;

/** The image mimes rgbFrames can decode. */
export function isDecodableImage(mime: string): boolean {
  return Object.hasOwn(PIPE_DEMUXER, mime.toLowerCase());
}

/**
 * Decode `images` to [n, 3, height, width] floats in [0, 1] (channel-major per frame). Scaling uses
 * area averaging: a 4× downscale of slide text keeps strokes as grey rather than dropping them.
 */
export async function rgbFrames(images: readonly EncodedImage[], width: number, height: number): Promise<Float32Array> {
  const per = 3 * width * height;
  const out = new Float32Array(images.length * per);
  for (let i = 0; i < images.length; ) {
    const mime = images[i]!.mime.toLowerCase();
    let j = i;
    while (j < images.length && images[j]!.mime.toLowerCase() === mime) j++;
    const rgb = await decodeRun(images.slice(i, j), mime, width, height);
    if (rgb.length !== (j - i) * width * height * 3)
      throw new MediaError(
        'corrupt',
        `image ${i + 1}`,
        `decoded ${rgb.length} bytes for ${j - i} image(s) of ${width}×${height}`,
      );
    // Interleaved RGB24 → planar floats.
    for (let f = 0; f < j - i; f++) {
      const base = (i + f) * per;
      for (let p = 0; p < width * height; p++) {
        const s = (f * width * height + p) * 3;
        out[base + p] = rgb[s]! / 255;
        out[base + width * height + p] = rgb[s + 1]! / 255;
        out[base + 2 * width * height + p] = rgb[s + 2]! / 255;
      }
    }
    i = j;
  }
  return out;
}

async function decodeRun(
  images: readonly EncodedImage[],
  mime: string,
  width: number,
  height: number,
): Promise<Buffer> {
  const demuxer = PIPE_DEMUXER[mime];
  if (!demuxer) throw new MediaError('unsupported', mime, 'only image/jpeg and image/png frames are accepted');
  const { ffmpeg } = locateFfmpeg();
  const input = Buffer.concat(images.map((im) => im.data));
  const args = [
    '-v',
    'error',
    '-f',
    demuxer,
    '-i',
    '-',
    '-vf',
    `scale=${width}:${height}:flags=area`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ];
  let res;
  try {
    res = await runBinary(ffmpeg, args, { input, timeoutMs: TIMEOUT_MS });
  } catch (e) {
    throw new MediaError('ffmpeg', mime, `cannot run ffmpeg: ${errorMessage(e)}`);
  }
  if (res.code !== 0)
    throw new MediaError('corrupt', mime, `not decodable: ${tail(res.stderr) || `ffmpeg exit ${res.code}`}`);
  return res.stdout;
}
