// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToBase64url } from '../../../src/ui/share/base64url';
import { decodeShare, encodeShare, MAX_LINK_BYTES, MAX_LINK_CHARS, shareFragmentOf } from '../../../src/ui/share/codec';
import { deflate } from '../../../src/ui/share/inflate';
import { nestsDeeperThan } from '../../../src/ui/share/nesting';

const DESIGN = readFileSync(new URL('../../../scenarios/design-challenge.json', import.meta.url), 'utf8');

/** The payload part of a fragment made from raw envelope text, for building hostile links. */
async function linkOf(json: string): Promise<string> {
  return bytesToBase64url(await deflate(new TextEncoder().encode(json)));
}

async function decodeFragment(fragment: string) {
  const encoded = shareFragmentOf(fragment);
  if (encoded === null) throw new Error(`not a share fragment: ${fragment}`);
  return decodeShare(encoded);
}

describe('share links', () => {
  it('round-trip a whole scenario with its variant and seed through a #s= fragment', async () => {
    const fragment = await encodeShare({ text: DESIGN, variant: 'stream', seed: 7 });
    expect(fragment).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    // Compressed well below the raw text: the point of deflating it.
    expect(fragment.length).toBeLessThan(DESIGN.length / 2);
    expect(await decodeFragment(fragment)).toEqual({ ok: true, payload: { text: DESIGN, variant: 'stream', seed: 7 } });
  });

  it('round-trip text in any script, emoji included', async () => {
    const text = '{"name": "Ünïcødé ✉️ 信息"}';
    expect(await decodeFragment(await encodeShare({ text }))).toEqual({ ok: true, payload: { text } });
  });

  it('ignore hashes that are not share links', () => {
    expect(shareFragmentOf('')).toBeNull();
    expect(shareFragmentOf('#section')).toBeNull();
    expect(shareFragmentOf('#s=abc')).toBe('abc');
  });

  it('refuse a payload longer than the limit before decoding it', async () => {
    const result = await decodeShare('A'.repeat(MAX_LINK_CHARS + 1));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/too long/) });
  });

  it('refuse corrupt base64url', async () => {
    for (const bad of ['abc$def', 'a', '<script>', '']) {
      expect(await decodeShare(bad)).toEqual({ ok: false, message: expect.stringMatching(/not valid base64url/) });
    }
  });

  it('refuse data that is not deflate, or is cut short', async () => {
    expect(await decodeShare(bytesToBase64url(new TextEncoder().encode('hello, not deflate at all')))).toEqual({
      ok: false,
      message: expect.stringMatching(/does not decompress/),
    });
    const whole = await linkOf(JSON.stringify({ v: 1, text: DESIGN }));
    expect(await decodeShare(whole.slice(0, whole.length - 40))).toEqual({ ok: false, message: expect.stringMatching(/does not decompress/) });
  });

  it('stop inflating a zip bomb as soon as it passes the size limit', async () => {
    // 64 MiB of spaces deflates to about 64 kB: a link well within the length limit.
    const bomb = new Uint8Array(64 * 1024 * 1024).fill(0x20);
    const encoded = bytesToBase64url(await deflate(bomb));
    expect(encoded.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
    const before = process.memoryUsage().arrayBuffers;
    const result = await decodeShare(encoded);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/larger than the limit of 1 MiB/) });
    // It stopped near the limit instead of holding the whole 64 MiB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MAX_LINK_BYTES);
  });

  it('refuse deep nesting, in the envelope or in the scenario text, without overflowing the stack', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(await decodeShare(await linkOf(deep))).toEqual({ ok: false, message: expect.stringMatching(/deeper than 32 levels/) });
    expect(await decodeShare(await linkOf(JSON.stringify({ v: 1, text: deep })))).toEqual({
      ok: false,
      message: expect.stringMatching(/deeper than 32 levels/),
    });
  });

  it('refuse envelopes of another shape or version', async () => {
    for (const envelope of [[], 'text', { v: 2, text: '{}' }, { v: 1 }, { v: 1, text: '{}', seed: -1 }, { v: 1, text: '{}', variant: 3 }]) {
      expect(await decodeShare(await linkOf(JSON.stringify(envelope)))).toEqual({ ok: false, message: expect.stringMatching(/does not hold a brokerlab scenario/) });
    }
    expect(await decodeShare(await linkOf('{"v":1,'))).toEqual({ ok: false, message: expect.stringMatching(/not JSON/) });
  });

  it('carry script tags in names as plain text, for the lab to render as text', async () => {
    const text = JSON.stringify({ name: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
    const result = await decodeFragment(await encodeShare({ text }));
    expect(result.ok && JSON.parse(result.payload.text).name).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
  });
});

describe('the nesting check', () => {
  it('counts brackets outside strings only', () => {
    expect(nestsDeeperThan('[[["[[[[[["]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestsDeeperThan('{"a\\"[[[[": {"b": [1]}}', 3)).toBe(false);
  });
});
