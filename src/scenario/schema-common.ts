import { z } from 'zod';

/** Building blocks every part of the scenario format shares: ids, numbers and distributions. */

export const id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'must start with a letter and use only letters, digits, "_", "-" or "."');

export const nonNegative = z.number().min(0);

/** A broker's size limit on one message, with the real systems' defaults in its documentation. */
export function maxMessageBytes(defaults: string) {
  return z
    .int()
    .min(0)
    .optional()
    .meta({ description: `Largest message payload the broker takes, in bytes; a larger publish is rejected with reason "oversize". Absent: no limit. ${defaults}` });
}
export const positive = z.number().gt(0);

export const distributionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('constant'),
      value: nonNegative.meta({ description: 'The value every draw returns.' }),
    }),
    z.strictObject({
      type: z.literal('exponential'),
      mean: positive.meta({ description: 'Mean of the exponential distribution (1 / rate).' }),
    }),
    z.strictObject({
      type: z.literal('uniform'),
      min: nonNegative.meta({ description: 'Smallest value.' }),
      max: nonNegative.meta({ description: 'Largest value; at least min.' }),
    }),
    z.strictObject({
      type: z.literal('normal'),
      mean: positive.meta({ description: 'Mean before truncation.' }),
      stddev: nonNegative.meta({ description: 'Standard deviation. Draws below 0 are redrawn (truncated at 0).' }),
    }),
    z.strictObject({
      type: z.literal('lognormal'),
      mean: positive.meta({ description: 'Mean of the distribution.' }),
      p99: positive.optional().meta({ description: '99th percentile; give either p99 or cv.' }),
      cv: nonNegative.optional().meta({ description: 'Coefficient of variation (stddev / mean); give either p99 or cv.' }),
    }),
    z.strictObject({
      type: z.literal('choice'),
      options: z
        .array(
          z.strictObject({
            value: nonNegative.meta({ description: 'A possible value.' }),
            weight: nonNegative.meta({ description: 'Relative weight of this value.' }),
          }),
        )
        .min(1)
        .meta({ description: 'Values with relative weights.' }),
    }),
  ])
  .meta({
    description:
      'A distribution of a non-negative quantity: constant, exponential, uniform, normal (truncated at 0), lognormal (mean with p99 or cv) or choice.',
  });

