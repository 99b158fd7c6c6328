/**
 * Timers for the worker whose zero-millisecond ones really run next. Browsers clamp a setTimeout(0)
 * nested inside other timers to 4 ms, and a seek runs as a chain of a hundred or so chunks, each
 * scheduled from the last with a zero delay: a MessageChannel message is not clamped, so the chain
 * yields to the worker's own messages (a pause, another seek) without idling between chunks.
 * Longer delays (the playing ticks) still go to setTimeout.
 */
export interface Timers {
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** A zero-delay callback waiting for its message; cleared ones stay in the queue, skipped when reached. */
interface Pending {
  callback: (() => void) | null;
}

export function zeroDelayTimers(): Timers {
  const channel = new MessageChannel();
  const queue: Pending[] = [];
  // One message per callback, taken in order: the channel keeps them in the order they were posted.
  channel.port1.onmessage = () => {
    const callback = queue.shift()?.callback;
    callback?.();
  };
  return {
    setTimer(callback, ms) {
      if (ms > 0) return setTimeout(callback, ms);
      const pending: Pending = { callback };
      queue.push(pending);
      channel.port2.postMessage(null);
      return pending;
    },
    clearTimer(handle) {
      if (typeof handle === 'object' && handle !== null && 'callback' in handle) (handle as Pending).callback = null;
      else clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}
