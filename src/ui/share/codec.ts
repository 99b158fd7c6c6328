import { MAX_SCENARIO_DEPTH } from '../../scenario/text';
import type { ScenarioSource } from '../scenarios/source';
import { base64urlToBytes, bytesToBase64url } from './base64url';
import { deflate, inflateLimited } from './inflate';
import { nestsDeeperThan } from './nesting';

/**
 * Share links: a whole scenario (with the variant and seed to run it with) deflated and base64url-encoded
 * into the URL fragment, `#s=<payload>`. The fragment never reaches a server, and whoever opens the link
 * runs exactly the same thing. Everything read back is untrusted and checked step by step before the
 * scenario boundary sees it.
 */

/** What a link carries: the whole source of a run. */
export type SharePayload = ScenarioSource;

export type DecodeResult = { ok: true; payload: SharePayload } | { ok: false; message: string };

/** Longest payload accepted; a typical scenario needs a few kilobytes. */
export const MAX_LINK_CHARS = 200_000;
/** Largest decompressed size accepted, the same 1 MiB as a scenario file. */
export const MAX_LINK_BYTES = 1024 * 1024;
const MAX_VARIANT_CHARS = 200;
const PREFIX = '#s=';
const FORMAT = 1;

/** The `#s=…` fragment for a payload. */
export async function encodeShare(payload: SharePayload): Promise<string> {
  const envelope = {
    v: FORMAT,
    text: payload.text,
    ...(payload.variant !== undefined ? { variant: payload.variant } : {}),
    ...(payload.seed !== undefined ? { seed: payload.seed } : {}),
  };
  const compressed = await deflate(new TextEncoder().encode(JSON.stringify(envelope)));
  return PREFIX + bytesToBase64url(compressed);
}

/** The encoded payload in a location's hash, or null when the hash is not a share link. */
export function shareFragmentOf(hash: string): string | null {
  return hash.startsWith(PREFIX) ? hash.slice(PREFIX.length) : null;
}

/** Reads a payload made by encodeShare (without its `#s=`), refusing anything oversized, damaged or too deep. */
export async function decodeShare(encoded: string): Promise<DecodeResult> {
  const fail = (message: string): DecodeResult => ({ ok: false, message });
  if (encoded.length > MAX_LINK_CHARS) {
    return fail(`The link is too long (${encoded.length} characters; the limit is ${MAX_LINK_CHARS}).`);
  }
  const compressed = base64urlToBytes(encoded);
  if (compressed === null || compressed.length === 0) return fail('The link is damaged: its data is not valid base64url.');
  const inflated = await inflateLimited(compressed, MAX_LINK_BYTES);
  if (!inflated.ok) {
    return fail(
      inflated.reason === 'too-large'
        ? `The link's scenario is larger than the limit of ${MAX_LINK_BYTES / (1024 * 1024)} MiB once decompressed.`
        : 'The link is damaged: its data does not decompress.',
    );
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return fail('The link is damaged: its data is not UTF-8 text.');
  }
  const tooDeep = fail(`The link's scenario nests objects or lists deeper than ${MAX_SCENARIO_DEPTH} levels.`);
  if (nestsDeeperThan(json, MAX_SCENARIO_DEPTH)) return tooDeep;
  let envelope: unknown;
  try {
    envelope = JSON.parse(json);
  } catch {
    return fail('The link is damaged: its data is not JSON.');
  }
  const payload = payloadOf(envelope);
  if (payload === null) return fail('The link does not hold a brokerlab scenario in a format this lab reads.');
  // The scenario is text inside the envelope, so its own nesting is checked separately.
  if (nestsDeeperThan(payload.text, MAX_SCENARIO_DEPTH)) return tooDeep;
  return { ok: true, payload };
}

function payloadOf(envelope: unknown): SharePayload | null {
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) return null;
  const { v, text, variant, seed } = envelope as Record<string, unknown>;
  if (v !== FORMAT || typeof text !== 'string') return null;
  if (variant !== undefined && (typeof variant !== 'string' || variant.length > MAX_VARIANT_CHARS)) return null;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && (seed as number) >= 0)) return null;
  return {
    text,
    ...(variant !== undefined ? { variant: variant as string } : {}),
    ...(seed !== undefined ? { seed: seed as number } : {}),
  };
}
