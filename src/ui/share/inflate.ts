/** What inflateLimited found. */
export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'corrupt' | 'too-large' };

/**
 * Input is fed to the decompressor in slices this small because a DecompressionStream inflates each
 * written chunk completely before it looks at the reader: at deflate's ~1000:1 best ratio, one slice
 * can become at most about a megabyte, whatever the whole payload would expand to.
 */
const SLICE_BYTES = 1024;

/**
 * Inflates raw deflate data, giving up as soon as the output passes `limit` bytes, so a small hostile
 * payload (a "zip bomb") cannot make the page allocate gigabytes.
 */
export async function inflateLimited(compressed: Uint8Array, limit: number): Promise<InflateResult> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let stopped = false;
  // Written alongside the reads: a write waits for room in the output, which only reading makes.
  const writing = (async () => {
    for (let at = 0; at < compressed.length && !stopped; at += SLICE_BYTES) {
      await writer.write(compressed.slice(at, at + SLICE_BYTES));
    }
    if (!stopped) await writer.close();
  })().catch(() => undefined); // the read loop below sees the same failure and reports it

  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        stopped = true;
        await reader.cancel();
        await writing;
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    stopped = true;
    await writing;
    return { ok: false, reason: 'corrupt' };
  }
  await writing;
  return { ok: true, bytes: concat(chunks, total) };
}

/** Raw deflate of `bytes` (the counterpart, for building links). */
export async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new CompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const writing = writer.write(bytes).then(() => writer.close());
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  await writing;
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
