import type { Message } from './message';

/**
 * The trace is the model's output contract: every state change of a message is one record, and
 * metrics, the auditor, the animation and the NDJSON export all read the same stream.
 *
 * - published: a producer's message was accepted by `broker`.
 * - rejected:  a producer's message was refused by `broker` (`reason` says why); it never entered.
 * - enqueued:  the message became ready in `broker`.
 * - dropped:   a ready message was removed from `broker` without delivery (`reason` says why).
 * - delivered: `consumer` of `group` started processing it.
 * - acked:     `consumer` of `group` finished and acknowledged it; the broker forgets it.
 */
export type TraceKind = 'published' | 'rejected' | 'enqueued' | 'dropped' | 'delivered' | 'acked';

export const TRACE_KINDS: readonly TraceKind[] = ['published', 'rejected', 'enqueued', 'dropped', 'delivered', 'acked'];

/** Why a message left a broker without being processed. */
export type DropReason = 'maxlen';

/**
 * One trace record. All kinds share one shape so that readers stay fast; fields a kind does not use
 * hold '' (strings). Records are delivered synchronously and the object is reused for the next record:
 * a listener that keeps a record must copy it (see `copyRecord`).
 */
export interface TraceRecord {
  kind: TraceKind;
  /** Virtual time of the change, in seconds. */
  time: number;
  /** The message's id. */
  message: number;
  /** When the message was published, so latencies need no lookup. */
  publishedAt: number;
  producer: string;
  broker: string;
  group: string;
  consumer: string;
  reason: string;
  /** Delivery attempt number for delivered/acked (1 for the first), else 0. */
  attempt: number;
}

export type TraceListener = (record: Readonly<TraceRecord>) => void;

export function copyRecord(record: Readonly<TraceRecord>): TraceRecord {
  return { ...record };
}

/** Fans trace records out to listeners. With no listener, emitting costs one length check. */
export class Tracer {
  private listeners: TraceListener[] = [];
  private readonly record: TraceRecord = {
    kind: 'published',
    time: 0,
    message: 0,
    publishedAt: 0,
    producer: '',
    broker: '',
    group: '',
    consumer: '',
    reason: '',
    attempt: 0,
  };

  get active(): boolean {
    return this.listeners.length > 0;
  }

  /** Adds a listener; returns a function that removes it. Listeners must not emit records themselves. */
  subscribe(listener: TraceListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(kind: TraceKind, time: number, message: Message, broker: string, group = '', consumer = '', reason = ''): void {
    const listeners = this.listeners;
    if (listeners.length === 0) return;
    const r = this.record;
    r.kind = kind;
    r.time = time;
    r.message = message.id;
    r.publishedAt = message.publishedAt;
    r.producer = message.producer;
    r.broker = broker;
    r.group = group;
    r.consumer = consumer;
    r.reason = reason;
    r.attempt = kind === 'delivered' || kind === 'acked' ? message.deliveries : 0;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(r);
  }
}
