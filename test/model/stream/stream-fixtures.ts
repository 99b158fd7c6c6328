import { createDistribution, RandomSource, Simulation } from '../../../src/engine';
import { copyRecord, createMessage, createModelContext, type ModelContext, type TraceRecord } from '../../../src/model';
import { StreamBroker, StreamGroup, type StreamBrokerOptions, type StreamGroupOptions } from '../../../src/model/stream';

/** A stream on a fresh simulation, with every trace record collected (copied). */
export interface StreamWorld {
  sim: Simulation;
  ctx: ModelContext;
  stream: StreamBroker;
  records: TraceRecord[];
  /** Schedules a publish of a message with `key` ('' for none) at virtual time `at`. */
  publishAt(at: number, key?: string, size?: number): void;
  /** A group on the stream with test defaults (constant 1 s processing, manual commit, earliest, no pause) overridden by `options`. */
  group(options: Partial<StreamGroupOptions> & { id: string }): StreamGroup;
  /** Runs `action` at virtual time `at`. */
  at(at: number, action: () => void): void;
}

export function streamWorld(options: Partial<StreamBrokerOptions> = {}, seed = 1): StreamWorld {
  const sim = new Simulation();
  const ctx = createModelContext(sim, new RandomSource(seed));
  const records: TraceRecord[] = [];
  ctx.tracer.subscribe((r) => records.push(copyRecord(r)));
  const stream = new StreamBroker(ctx, { id: 's', partitions: 1, partitioner: { type: 'keyed', unkeyed: { type: 'round-robin' } }, ...options });
  return {
    sim,
    ctx,
    stream,
    records,
    publishAt(at, key = '', size = 10) {
      sim.scheduleAt(at, () => {
        const message = createMessage(ctx.nextMessageId(), sim.now, 'p', 'E', key, size);
        ctx.tracer.emit('published', sim.now, message, stream.id);
        stream.accept(message);
      });
    },
    group(groupOptions) {
      return new StreamGroup(ctx, {
        stream,
        members: 1,
        processing: createDistribution({ type: 'constant', value: 1 }),
        autoCommit: undefined,
        startFrom: 'earliest',
        rebalancePause: 0,
        ...groupOptions,
      });
    },
    at(time, action) {
      sim.scheduleAt(time, action);
    },
  };
}

/**
 * One line per record, listing only the fields the record uses:
 * `time kind m<message> p<partition>@<offset> <group> <consumer> <reason> a<attempt>`.
 */
export function line(r: TraceRecord): string {
  const parts: string[] = [String(r.time), r.kind];
  if (r.message !== 0) parts.push(`m${r.message}`);
  if (r.partition >= 0) parts.push(`p${r.partition}@${r.offset}`);
  if (r.group !== '') parts.push(r.group);
  if (r.consumer !== '') parts.push(r.consumer);
  if (r.reason !== '') parts.push(r.reason);
  if (r.attempt !== 0) parts.push(`a${r.attempt}`);
  return parts.join(' ');
}

export function lines(records: readonly TraceRecord[], kinds?: readonly string[]): string[] {
  return records.filter((r) => kinds === undefined || kinds.includes(r.kind)).map(line);
}
