import { portableLog, type Distribution, type RandomStream } from '../engine';
import type { Broker } from './broker';
import type { ModelContext } from './context';
import type { Message } from './message';

export interface ArrivalProcess {
  /** poisson: exponential gaps (memoryless); constant: exactly 1/rate apart. */
  process: 'poisson' | 'constant';
  /** Messages per virtual second, > 0. */
  rate: number;
}

export interface Burst {
  /** Virtual time of the first message of the burst. */
  at: number;
  count: number;
  /** Seconds over which the burst is spread evenly; 0 publishes all at `at`. */
  spread: number;
}

export interface ProducerOptions {
  id: string;
  target: Broker;
  arrivals: ArrivalProcess | undefined;
  bursts: readonly Burst[];
  /** Steady arrivals start after `start` and stop at `stop` (bursts are not limited by these). */
  start: number;
  stop: number;
  eventType: string;
  /** Number of distinct keys drawn uniformly ("key-0" … ); 0 means messages carry no key. */
  keyCount: number;
  payloadBytes: Distribution;
}

/**
 * Publishes messages to one broker: a steady arrival process plus scheduled bursts.
 * Each source of randomness (gaps, keys, sizes) has its own stream, so changing one knob
 * does not reshuffle the others.
 */
export class Producer {
  readonly id: string;
  private readonly arrivalRng: RandomStream;
  private readonly keyRng: RandomStream;
  private readonly sizeRng: RandomStream;
  /** Key strings made once, so publishing does not build a string per message. */
  private readonly keys: readonly string[];
  private readonly onArrival = (): void => this.arrive();
  private readonly onBurstMessage = (): void => this.publishOne();

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: ProducerOptions,
  ) {
    this.id = options.id;
    this.arrivalRng = ctx.random.stream(`producer:${options.id}:arrivals`);
    this.keyRng = ctx.random.stream(`producer:${options.id}:keys`);
    this.sizeRng = ctx.random.stream(`producer:${options.id}:payload`);
    this.keys = Array.from({ length: options.keyCount }, (_, i) => `key-${i}`);
  }

  /** Schedules the first arrival and every burst. Call once, at time 0. */
  start(): void {
    const { sim } = this.ctx;
    const { arrivals, start, stop } = this.options;
    if (arrivals !== undefined) {
      const first = start + this.gap(arrivals);
      if (first <= stop) sim.scheduleAt(first, this.onArrival);
    }
    for (const burst of this.options.bursts) {
      const step = burst.count > 1 ? burst.spread / (burst.count - 1) : 0;
      for (let i = 0; i < burst.count; i++) sim.scheduleAt(burst.at + i * step, this.onBurstMessage);
    }
  }

  private arrive(): void {
    this.publishOne();
    const arrivals = this.options.arrivals!;
    const next = this.ctx.sim.now + this.gap(arrivals);
    if (next <= this.options.stop) this.ctx.sim.scheduleAt(next, this.onArrival);
  }

  private gap(arrivals: ArrivalProcess): number {
    return arrivals.process === 'poisson'
      ? -portableLog(this.arrivalRng.nextOpenZero()) / arrivals.rate
      : 1 / arrivals.rate;
  }

  private publishOne(): void {
    const { ctx, options } = this;
    const message: Message = {
      id: ctx.nextMessageId(),
      publishedAt: ctx.sim.now,
      producer: this.id,
      type: options.eventType,
      key: this.keys.length > 0 ? this.keys[this.keyRng.nextInt(this.keys.length)]! : '',
      size: Math.round(options.payloadBytes.sample(this.sizeRng)),
      deliveries: 0,
    };
    const target = options.target;
    const refusal = target.refusal(message);
    if (refusal !== undefined) {
      ctx.tracer.emit('rejected', ctx.sim.now, message, target.id, '', '', refusal);
      return;
    }
    ctx.tracer.emit('published', ctx.sim.now, message, target.id);
    target.accept(message);
  }
}
