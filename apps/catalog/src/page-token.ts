import { createHash } from "node:crypto";

/** What a page token carries: where the next page starts and which filter it belongs to. */
export interface PageCursor {
  /** The last id of the previous page. */
  readonly afterId: string;
  /** {@link filterFingerprint} of the request that produced the token. */
  readonly filter: string;
}

/**
 * A short digest of a list request's filter, stored in its page tokens so a
 * token cannot be replayed with another filter (which would skip or repeat
 * products silently).
 */
export function filterFingerprint(category: string, query: string): string {
  return createHash("sha256").update(`${category}\u0000${query}`).digest("base64url").slice(0, 12);
}

/**
 * Encodes a cursor as an opaque page token. Tokens are base64url JSON with a
 * version, so the format can change without breaking tokens in flight; they are
 * not secret and not signed — they only say where to resume.
 */
export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, a: cursor.afterId, f: cursor.filter })).toString("base64url");
}

/** Decodes a token made by {@link encodePageToken}; `undefined` for anything else. */
export function decodePageToken(token: string): PageCursor | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { v, a, f } = parsed as Record<string, unknown>;
  if (v !== 1 || typeof a !== "string" || a === "" || typeof f !== "string") return undefined;
  return { afterId: a, filter: f };
}
