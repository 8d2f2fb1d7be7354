/**
 * The signature of a webhook delivery, Standard Webhooks / Stripe style: `Webhook-Signature: v1=<hex>`
 * where hex is HMAC-SHA256 over "<Webhook-Timestamp>.<body>" with the webhook's secret. The timestamp
 * inside the signed text lets a receiver refuse a replayed old delivery.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new webhook secret: 32 random bytes, shown once at registration. */
export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export function signature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export const signatureHeader = (secret: string, timestamp: number, body: string): string =>
  `v1=${signature(secret, timestamp, body)}`;

/** What a receiver does (README has the same lines): true when the header signs this body and time. */
export function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = Buffer.from(signatureHeader(secret, Number(timestamp), body));
  const given = Buffer.from(header);
  return /^[0-9]+$/.test(timestamp) && given.length === expected.length && timingSafeEqual(given, expected);
}
