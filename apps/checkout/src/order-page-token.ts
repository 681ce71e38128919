import { createHash } from "node:crypto";
import type { OrderCursor } from "./order-store.js";

interface TokenContent {
  /** Digest of the customer the token was issued for. */
  readonly c: string;
  readonly t: number;
  readonly id: string;
}

const customerDigest = (customerId: string): string =>
  createHash("sha256").update(customerId).digest("base64url").slice(0, 16);

/** An opaque ListOrders page token: where the next page starts, bound to the customer. */
export function encodeOrderPageToken(customerId: string, cursor: OrderCursor): string {
  const content: TokenContent = { c: customerDigest(customerId), t: cursor.placedAtMs, id: cursor.orderId };
  return Buffer.from(JSON.stringify(content)).toString("base64url");
}

/** The cursor of a token {@link encodeOrderPageToken} issued for `customerId`; `undefined` for any other text. */
export function decodeOrderPageToken(customerId: string, token: string): OrderCursor | undefined {
  try {
    const content = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<TokenContent>;
    if (content.c !== customerDigest(customerId)) return undefined;
    if (typeof content.t !== "number" || !Number.isSafeInteger(content.t) || typeof content.id !== "string") {
      return undefined;
    }
    return { placedAtMs: content.t, orderId: content.id };
  } catch {
    return undefined;
  }
}
