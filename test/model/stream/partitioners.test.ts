import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../../src/engine';
import {
  createPartitioner,
  javaUtf8Bytes,
  kafkaKeyPartition,
  KeyedPartitioner,
  murmur2,
  RoundRobinPartitioner,
  StickyPartitioner,
  toPositive,
  type Partitioner,
} from '../../../src/model/stream';

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

/** Partitions chosen for `count` keyless messages of `size` bytes published at the given times. */
function run(partitioner: Partitioner, times: readonly number[], size = 1): number[] {
  return times.map((t) => partitioner.partition('', size, t));
}

describe('murmur2 as Kafka computes it', () => {
  // Kafka's own vectors, from clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java (testMurmur2).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes the bytes of %j to %i, as Kafka’s UtilsTest expects', (text, hash) => {
    expect(murmur2(ascii(text))).toBe(hash);
  });

  // Computed with Kafka's Utils.murmur2 and toPositive transcribed into Java (javac/java 17 on this
  // machine) over String.getBytes(StandardCharsets.UTF_8); covers every tail length and non-ASCII keys.
  it.each([
    ['', '', 275646681, 3],
    ['1', '31', -1993445489, 3],
    ['a', '61', -1563381124, 4],
    ['ab', '6162', 316155434, 2],
    ['12345', '3132333435', -1188365604, 2],
    ['key-0', '6b65792d30', 29210041, 1],
    ['key-7', '6b65792d37', 713419675, 1],
    ['user-42', '757365722d3432', 1459644460, 4],
    ['USER_CREATED', '555345525f43524541544544', -2016698411, 3],
    ['café', '636166c3a9', -1358007374, 0],
    ['日本', 'e697a5e69cac', -700811021, 3],
    ['🚀', 'f09f9a80', 761778625, 1],
    ['x\uD800y', '783f79', -1843063744, 4],
  ])('maps key %j to UTF-8 %s, hash %i and partition %i of 6', (key, hex, hash, partition) => {
    const bytes = javaUtf8Bytes(key);
    expect(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')).toBe(hex);
    expect(murmur2(bytes)).toBe(hash);
    expect(kafkaKeyPartition(key, 6)).toBe(partition);
  });

  it('clears the sign bit rather than taking an absolute value', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(12345)).toBe(12345);
  });
});

describe('keyed partitioner', () => {
  it('sends every message with the same key to the same partition, whatever else is published', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(fc.string(), { minLength: 1, maxLength: 50 }), (partitions, keys) => {
        const partitioner = createPartitioner({ type: 'keyed', unkeyed: { type: 'round-robin' } }, partitions);
        for (const key of keys) {
          const chosen = partitioner.partition(key, 1, 0);
          expect(Number.isInteger(chosen) && chosen >= 0 && chosen < partitions).toBe(true);
          if (key !== '') expect(chosen).toBe(kafkaKeyPartition(key, partitions));
        }
      }),
    );
  });

  it('hands messages without a key to the unkeyed partitioner', () => {
    const partitioner = createPartitioner({ type: 'keyed', unkeyed: { type: 'round-robin' } }, 3);
    expect(['', 'USER_CREATED', '', '', 'USER_CREATED', ''].map((key) => partitioner.partition(key, 1, 0))).toEqual([0, 0, 1, 2, 0, 0]);
  });

  it('falls back to Kafka’s sticky defaults (16384-byte batches, 5 ms linger) when no unkeyed strategy is given', () => {
    const partitioner = createPartitioner({ type: 'keyed' }, 4);
    // 4 × 4096 bytes fill a batch; the fifth message starts the next batch on the next partition.
    expect([0, 0, 0, 0, 0].map((t) => partitioner.partition('', 4096, t))).toEqual([0, 0, 0, 0, 1]);
    expect(partitioner.partition('', 1, 0.006)).toBe(2); // more than 5 ms after the batch opened
  });

  it('spreads many distinct keys over every partition', () => {
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[kafkaKeyPartition(`key-${i}`, 6)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });

  it('refuses an unkeyed partitioner over a different number of partitions', () => {
    expect(() => new KeyedPartitioner(3, new RoundRobinPartitioner(4))).toThrow('same 3 partitions, not 4');
  });
});

describe('round-robin partitioner', () => {
  it('cycles through the partitions in order, one message each', () => {
    expect(run(new RoundRobinPartitioner(3), [0, 0, 0, 0, 0, 0, 0])).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('always answers 0 with one partition', () => {
    expect(run(new RoundRobinPartitioner(1), [0, 1, 2])).toEqual([0, 0, 0]);
  });
});

describe('sticky partitioner', () => {
  it('fills one partition with a batch of batchMessages, then moves to the next', () => {
    expect(run(new StickyPartitioner(3, { batchMessages: 2 }), [0, 0, 0, 0, 0, 0, 0])).toEqual([0, 0, 1, 1, 2, 2, 0]);
  });

  it('closes a batch once it holds at least batchBytes', () => {
    const partitioner = new StickyPartitioner(2, { batchBytes: 100 });
    expect([60, 30, 20, 100, 1].map((size) => partitioner.partition('', size, 0))).toEqual([0, 0, 0, 1, 0]);
  });

  it('starts a new batch for a message published more than lingerSeconds after the batch opened', () => {
    expect(run(new StickyPartitioner(3, { lingerSeconds: 1 }), [0, 0.5, 1, 1.25, 1.5, 2.25, 3.5])).toEqual([0, 0, 0, 1, 1, 1, 2]);
  });

  it('with lingerSeconds 0, batches together exactly the messages published at one instant', () => {
    expect(run(new StickyPartitioner(2, { lingerSeconds: 0 }), [1, 1, 1, 2, 3, 3])).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it('with a random stream, never gives two batches in a row the same partition and stays in range', () => {
    const random = new RandomSource(7).stream('producer:p:partitioner');
    const chosen = run(new StickyPartitioner(5, { batchMessages: 1 }, random), Array.from({ length: 500 }, () => 0));
    for (let i = 1; i < chosen.length; i++) expect(chosen[i]).not.toBe(chosen[i - 1]);
    expect(new Set(chosen)).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('draws the same partitions from the same seed', () => {
    const draw = () => run(new StickyPartitioner(6, { batchMessages: 3 }, new RandomSource(42).stream('p')), Array.from({ length: 60 }, () => 0));
    expect(draw()).toEqual(draw());
  });

  it('refuses a configuration that would never close a batch, and bad limits', () => {
    expect(() => new StickyPartitioner(3, {})).toThrow('needs batchMessages, batchBytes or lingerSeconds');
    expect(() => new StickyPartitioner(3, { batchMessages: 0 })).toThrow('batchMessages must be a whole number >= 1, got 0');
    expect(() => new StickyPartitioner(3, { batchBytes: -5 })).toThrow('batchBytes must be a finite number > 0, got -5');
    expect(() => new StickyPartitioner(3, { lingerSeconds: Number.NaN })).toThrow('lingerSeconds must be a finite number >= 0, got NaN');
  });
});

describe('createPartitioner', () => {
  it('refuses a partition count that is not a whole number >= 1', () => {
    expect(() => createPartitioner({ type: 'round-robin' }, 0)).toThrow('partitions must be a whole number >= 1, got 0');
    expect(() => createPartitioner({ type: 'round-robin' }, 2.5)).toThrow('got 2.5');
  });

  it('refuses an unknown strategy, listing the valid ones', () => {
    expect(() => createPartitioner({ type: 'hash' } as never, 3)).toThrow('partitioner type must be "keyed", "round-robin" or "sticky", got "hash"');
    expect(() => createPartitioner({ type: 'keyed', unkeyed: { type: 'keyed' } } as never, 3)).toThrow(
      'unkeyed.type must be "round-robin" or "sticky", got "keyed"',
    );
  });
});

describe('every partitioner (property)', () => {
  const unkeyed = fc.oneof(
    fc.constant({ type: 'round-robin' as const }),
    fc.record(
      { type: fc.constant('sticky' as const), batchMessages: fc.integer({ min: 1, max: 5 }), batchBytes: fc.integer({ min: 1, max: 300 }), lingerSeconds: fc.constantFrom(0, 0.01, 1) },
      { requiredKeys: ['type', 'batchMessages'] },
    ),
  );
  const spec = fc.oneof(unkeyed, unkeyed.map((u) => ({ type: 'keyed' as const, unkeyed: u })));
  const message = fc.record({ key: fc.constantFrom('', '', 'a', 'b', 'USER_CREATED'), size: fc.integer({ min: 0, max: 200 }), gap: fc.constantFrom(0, 0.005, 0.5) });

  it('returns a whole partition in range for every message, and sticky batches never exceed batchMessages', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 9 }), fc.array(message, { maxLength: 60 }), fc.integer({ min: 0, max: 1000 }), (s, partitions, messages, seed) => {
        const partitioner = createPartitioner(s, partitions, new RandomSource(seed).stream('partitioner'));
        let now = 0;
        let run = 0;
        let last = -1;
        for (const m of messages) {
          now += m.gap;
          const chosen = partitioner.partition(m.key, m.size, now);
          expect(Number.isInteger(chosen) && chosen >= 0 && chosen < partitions).toBe(true);
          if (s.type === 'keyed' && m.key !== '') continue; // hashed, not batched
          run = chosen === last ? run + 1 : 1;
          last = chosen;
          const sticky = s.type === 'sticky' ? s : s.type === 'keyed' && s.unkeyed.type === 'sticky' ? s.unkeyed : undefined;
          // With a random stream, consecutive batches always differ, so a run on one partition is one batch.
          if (sticky !== undefined && partitions > 1) expect(run).toBeLessThanOrEqual(sticky.batchMessages!);
        }
      }),
      { numRuns: 300 },
    );
  });
});
