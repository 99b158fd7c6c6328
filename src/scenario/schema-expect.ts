import { z } from 'zod';
import { id, nonNegative } from './schema-common';
import { parseReportPath } from './report-path';

/**
 * The scenario's checkable claims (`expect`) and its named alternatives (`variants`). An expectation
 * reads a value of the run's JSON report by a dot path and compares it; a variant is a set of
 * overrides in the syntax of the CLI's --set. Together they make every library scenario a test:
 * "the bad variant loses messages, the fixed one does not".
 */

/** The name the base scenario (no variant applied) goes by in an expectation's `variants` and in `compare`. */
export const BASE_VARIANT = 'base';

export const COMPARISON_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

const reportPath = z
  .string()
  .min(1)
  .max(300)
  .refine((text) => parseReportPath(text) !== undefined, {
    message: 'is not a report path; write it like groups.email.acked, groups.*.endToEnd.p99 or brokers[orders.dlq].depth.max',
  });

export const expectationSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional().meta({ description: 'What the expectation claims, in words; default: the comparison itself.' }),
    path: reportPath.meta({
      description:
        'Dot path of a number in the JSON report (brokerlab run --format json), e.g. groups.email.acked or groups.fulfilment.endToEnd.p99. A "*" matches every key of a map: groups.*.acked. Ids that contain a dot go in brackets: brokers[orders.dlq].enqueued.',
    }),
    op: z.enum(COMPARISON_OPS).meta({ description: 'How the value at path compares with value (or ref).' }),
    value: z.number().optional().meta({ description: 'The number to compare with. Give value or ref, not both.' }),
    ref: reportPath
      .refine((text) => !text.includes('*'), { message: 'must name one value: no "*" in a ref' })
      .optional()
      .meta({ description: 'Another report path whose value to compare with, e.g. producers.signup.published. Give value or ref, not both.' }),
    tolerance: nonNegative
      .default(0)
      .meta({
        description:
          'Absolute slack: == holds within ± tolerance, != needs a difference beyond it, and >, >=, <, <= are relaxed by it (a >= b means a >= b - tolerance).',
      }),
    quantifier: z
      .enum(['all', 'any'])
      .default('all')
      .meta({ description: 'With a "*" in path: "all" (default) needs every match to hold, "any" at least one.' }),
    variants: z
      .array(id)
      .min(1)
      .optional()
      .meta({ description: `Check only in these variants ("${BASE_VARIANT}" is the scenario without a variant); absent: in every run.` }),
  })
  .refine((e) => (e.value === undefined) !== (e.ref === undefined), { message: 'give either value or ref (exactly one)' })
  .meta({ description: 'A claim about the run report, checked by brokerlab run (exit 1 when it fails), brokerlab compare and the test suite.' });

export const expectField = z
  .array(expectationSchema)
  .max(500)
  .default([])
  .meta({ description: 'Expectations on the report: each names a report path, an operator and a value or another path.' });

export const variantSchema = z
  .strictObject({
    description: z.string().max(2000).optional().meta({ description: 'What this variant changes and what it shows.' }),
    set: z
      .record(z.string().min(1).max(300), z.unknown())
      .meta({
        description:
          'Overrides, as --set takes them: the key is a path like consumers[0].instances or consumers[billing].retry.budget, the value any JSON value.',
      }),
  })
  .meta({ description: 'A named alternative of this scenario: brokerlab run --variant <name>, and one column of brokerlab compare.' });

export const variantsField = z
  .record(id, variantSchema)
  .default({})
  .meta({ description: `Named variants, e.g. "bad" and "fixed", or "queue" and "stream". The name "${BASE_VARIANT}" is reserved for the scenario itself.` });

export type Expectation = z.output<typeof expectationSchema>;
export type VariantSpec = z.output<typeof variantSchema>;
