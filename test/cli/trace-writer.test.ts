import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NdjsonTraceWriter } from '../../src/cli/trace-writer';
import type { TraceRecord } from '../../src/model';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'brokerlab-trace-'));
  dirs.push(dir);
  return join(dir, name);
}

describe('NdjsonTraceWriter', () => {
  it('writes each record as it was when it arrived, although the tracer reuses one object', () => {
    const path = tempFile('trace.ndjson');
    const writer = new NdjsonTraceWriter(path);
    const record: TraceRecord = {
      kind: 'published',
      time: 0,
      message: 0,
      publishedAt: 0,
      producer: 'p',
      broker: 'q',
      group: '',
      consumer: '',
      reason: '',
      attempt: 0,
      partition: -1,
      offset: -1,
    };
    // Enough records to cross the internal buffer several times.
    const count = 5000;
    for (let i = 1; i <= count; i++) {
      record.message = i;
      record.time = i / 10;
      record.kind = i % 2 === 0 ? 'enqueued' : 'published';
      writer.write(record);
    }
    writer.close();
    writer.close();
    expect(writer.records).toBe(count);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(count);
    expect(JSON.parse(lines[0]!)).toEqual({ ...record, kind: 'published', message: 1, time: 0.1 });
    expect(JSON.parse(lines[count - 1]!)).toMatchObject({ kind: 'enqueued', message: count, time: count / 10 });
  });

  it('throws when the file cannot be created', () => {
    expect(() => new NdjsonTraceWriter(join(tempFile('x'), 'missing-folder', 'trace.ndjson'))).toThrow(/ENOENT/);
  });
});
