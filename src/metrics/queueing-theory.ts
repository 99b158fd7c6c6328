/**
 * Closed-form steady-state results for the queue shapes a scenario can have exactly (formulas in
 * shared/reference/queueing-oracles.md): M/M/c (Erlang C) and M/M/c/K (a bounded buffer that loses
 * what does not fit). λ = arrival rate, μ = service rate of one server, c = servers, K = the most
 * messages in the system, those in service included. Powers and factorials are built up term by
 * term, so no Math.pow is needed and large c stays finite.
 */
export interface QueueTheory {
  /** 'M/M/c' or 'M/M/c/K'. */
  model: string;
  lambda: number;
  mu: number;
  servers: number;
  /** K, for a bounded system. */
  capacity?: number;
  /** Offered load per server, λ / (cμ). */
  rho: number;
  /** False when an unbounded system has ρ >= 1: there is no steady state, the queue grows for ever. */
  stable: boolean;
  /** Mean wait before service (Wq), mean time in system (W), mean number waiting (Lq) and in system (L). */
  meanWait: number;
  meanSojourn: number;
  meanWaiting: number;
  meanInSystem: number;
  /** Share of arrivals lost to a full system (0 when unbounded). */
  blocking: number;
  /**
   * Which message a full system loses: the newcomer (reject-publish, the classic M/M/c/K) or the oldest
   * waiting one (drop-head). The counts and levels are the same either way; the waits are the mean over
   * accepted messages, which equals the served messages' mean wait only when the newcomer is lost (drop-head
   * loses the messages that waited longest, so the served ones waited less).
   */
  loses?: 'newest' | 'oldest';
  /** Messages served per second, λ (1 − blocking). */
  throughput: number;
}

/** M/M/c by Erlang C (the stable Erlang B recursion); `stable` false and NaN means when ρ >= 1. */
export function mmcTheory(lambda: number, mu: number, servers: number): QueueTheory {
  check(lambda, mu, servers);
  const a = lambda / mu;
  const rho = a / servers;
  const base = { model: 'M/M/c', lambda, mu, servers, rho, blocking: 0 };
  if (!(rho < 1)) return { ...base, stable: false, meanWait: NaN, meanSojourn: NaN, meanWaiting: NaN, meanInSystem: NaN, throughput: servers * mu };
  let erlangB = 1;
  for (let k = 1; k <= servers; k++) erlangB = (a * erlangB) / (k + a * erlangB);
  const pWait = erlangB / (1 - rho * (1 - erlangB));
  const meanWait = pWait / (servers * mu - lambda);
  return { ...base, stable: true, meanWait, meanSojourn: meanWait + 1 / mu, meanWaiting: lambda * meanWait, meanInSystem: lambda * meanWait + a, throughput: lambda };
}

/** M/M/c/K: P_n ∝ aⁿ/n! up to c, then × ρ for each message beyond; always stable. */
export function mmckTheory(lambda: number, mu: number, servers: number, capacity: number, loses: 'newest' | 'oldest' = 'newest'): QueueTheory {
  check(lambda, mu, servers);
  if (!Number.isInteger(capacity) || capacity < servers) throw new RangeError(`M/M/c/K needs a whole K >= c (${servers}), got ${capacity}`);
  const a = lambda / mu;
  const rho = a / servers;
  // Unnormalised probabilities, built term by term.
  const weights = new Float64Array(capacity + 1);
  weights[0] = 1;
  for (let n = 1; n <= capacity; n++) weights[n] = weights[n - 1]! * (n <= servers ? a / n : rho);
  let total = 0;
  for (let n = 0; n <= capacity; n++) total += weights[n]!;
  let inSystem = 0;
  let waiting = 0;
  for (let n = 0; n <= capacity; n++) {
    const p = weights[n]! / total;
    inSystem += n * p;
    if (n > servers) waiting += (n - servers) * p;
  }
  const blocking = weights[capacity]! / total;
  const throughput = lambda * (1 - blocking);
  return {
    model: 'M/M/c/K',
    lambda,
    mu,
    servers,
    capacity,
    rho,
    stable: true,
    meanWait: waiting / throughput,
    meanSojourn: inSystem / throughput,
    meanWaiting: waiting,
    meanInSystem: inSystem,
    blocking,
    throughput,
    loses,
  };
}

function check(lambda: number, mu: number, servers: number): void {
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`λ must be a finite rate > 0, got ${lambda}`);
  if (!(mu > 0) || !Number.isFinite(mu)) throw new RangeError(`μ must be a finite rate > 0, got ${mu}`);
  if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`c must be a whole number of servers >= 1, got ${servers}`);
}
