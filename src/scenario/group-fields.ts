import { streamGroupFields } from './schema-stream';

/** Group fields that only apply when the group reads a stream (and owns partitions or shares them). */
export const STREAM_ONLY_FIELDS = Object.keys(streamGroupFields) as (keyof typeof streamGroupFields)[];

/** Group fields that only apply when the group reads a queue or a subscription (or is a shared stream group). */
export const QUEUE_ONLY_FIELDS = ['prefetch', 'pull', 'failure', 'handler', 'retry', 'dependency', 'breaker', 'sideEffect', 'memory', 'payload'] as const;
