import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * API keys are compared as SHA-256 digests with timingSafeEqual: equal-length inputs whatever the
 * token's length, so the comparison time says nothing about how much of the key was right.
 */
export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function tokenMatches(token: string | undefined, digest: Buffer): boolean {
  return timingSafeEqual(keyDigest(token ?? ''), digest) && token !== undefined;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
}
