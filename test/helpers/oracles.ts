/**
 * Closed-form results for the queues the theory tests simulate (formulas from
 * shared/reference/queueing-oracles.md). λ = arrival rate, μ = service rate of one server.
 */

export interface QueueOracle {
  /** Mean wait before service starts. */
  wq: number;
  /** Mean time in system. */
  w: number;
  /** Mean number waiting. */
  lq: number;
  /** Mean number in system. */
  l: number;
}

export function mm1(lambda: number, mu: number): QueueOracle {
  const rho = lambda / mu;
  if (!(rho < 1)) throw new RangeError(`M/M/1 needs ρ < 1, got ${rho}`);
  return { wq: rho / (mu - lambda), w: 1 / (mu - lambda), lq: (rho * rho) / (1 - rho), l: rho / (1 - rho) };
}

/** Erlang C by the numerically stable Erlang B recursion. */
export function mmc(lambda: number, mu: number, c: number): QueueOracle & { pWait: number } {
  const a = lambda / mu;
  const rho = a / c;
  if (!(rho < 1)) throw new RangeError(`M/M/c needs ρ < 1, got ${rho}`);
  let erlangB = 1;
  for (let k = 1; k <= c; k++) erlangB = (a * erlangB) / (k + a * erlangB);
  const pWait = erlangB / (1 - rho * (1 - erlangB));
  const wq = pWait / (c * mu - lambda);
  return { pWait, wq, w: wq + 1 / mu, lq: lambda * wq, l: lambda * wq + a };
}

/** M/M/1/K where K counts every message in the system, including the one in service. */
export function mm1k(lambda: number, mu: number, k: number): { pBlock: number; throughput: number; l: number; w: number } {
  const rho = lambda / mu;
  let pBlock: number;
  let l: number;
  if (rho === 1) {
    pBlock = 1 / (k + 1);
    l = k / 2;
  } else {
    pBlock = ((1 - rho) * rho ** k) / (1 - rho ** (k + 1));
    l = rho / (1 - rho) - ((k + 1) * rho ** (k + 1)) / (1 - rho ** (k + 1));
  }
  const throughput = lambda * (1 - pBlock);
  return { pBlock, throughput, l, w: l / throughput };
}
