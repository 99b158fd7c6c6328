/**
 * A small valid scenario as plain file data, for tests that break one field at a time. Each call
 * returns a fresh copy, so a test can mutate it freely.
 */
export function validScenarioData(): Record<string, unknown> & {
  producers: Record<string, unknown>[];
  brokers: Record<string, unknown>[];
  consumers: Record<string, unknown>[];
} {
  return {
    version: 1,
    name: 'orders',
    duration: 60,
    producers: [{ id: 'checkout', target: 'orders', rate: { perSecond: 2 } }],
    brokers: [{ id: 'orders', kind: 'queue' }],
    consumers: [{ id: 'fulfilment', reads: 'orders', instances: 2, processing: { type: 'exponential', mean: 0.5 } }],
  };
}
