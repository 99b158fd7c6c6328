import { z } from 'zod';
import { id, nonNegative, positive } from './schema-common';

/** Seconds between an alert's evaluations when the scenario gives none (Prometheus' evaluation_interval is often 15 s; the lab's runs are short). */
export const ALERT_INTERVAL_DEFAULT = 5;

/** An alerting rule (src/model/alerts): Prometheus' `expr > threshold` with a `for:` duration. */
export const alertSchema = z
  .strictObject({
    name: id.meta({ description: 'Unique name of the alert, e.g. "orders-falling-behind": the trace record\'s reason and the report entry\'s name.' }),
    metric: z
      .enum(['depth', 'lag', 'lag-seconds', 'error-rate', 'dlq-growth'])
      .meta({
        description:
          'What to watch. depth: ready messages in a queue or subscription (give broker). lag: messages waiting for a group: its queue\'s ready depth, or on a stream the records not yet committed over all partitions (give group). lag-seconds: age in seconds of the oldest record a stream group has not committed (give a group reading a stream). error-rate: failed attempts / attempts of a group reading a queue, over the last interval (0–1; give group). dlq-growth: messages arriving per second in a dead-letter queue, over the last interval (give broker: a queue named as a deadLetterTo).',
      }),
    group: id.optional().meta({ description: 'Id of the consumer group watched (lag, lag-seconds, error-rate). Give exactly one of group and broker. The alert goes in this group\'s report.' }),
    broker: id.optional().meta({ description: 'Id of the queue or subscription watched (depth, dlq-growth). Give exactly one of group and broker. The alert goes in this broker\'s report.' }),
    above: z.number().meta({ description: 'The threshold: the condition holds while the value is strictly above it.' }),
    for: nonNegative
      .max(86_400)
      .default(0)
      .meta({
        description:
          'Seconds the condition must hold before the alert fires, counted from the first evaluation that saw it; one evaluation that finds it clear starts again (Prometheus "for:", default 0: fire at the first breaching evaluation).',
      }),
    interval: positive
      .max(3600)
      .default(ALERT_INTERVAL_DEFAULT)
      .meta({ description: `Seconds between evaluations, the first one interval after the start (default ${ALERT_INTERVAL_DEFAULT}). An alert fires and resolves only at an evaluation; rates are measured over one interval.` }),
  })
  .meta({
    description:
      'An alert: every interval, read the metric; when it has been above the threshold for "for" seconds the alert fires, and it resolves at the first evaluation below. Both go into the trace (kind "alert") and the firing into the report (alerts: name, at, value) of the group or broker watched. The visible counterpart of the "no monitoring" anti-pattern.',
  });

export type AlertSpec = z.output<typeof alertSchema>;

/** The scenario's top-level `alerts` field. */
export const alertsField = z
  .array(alertSchema)
  .default([])
  .meta({ description: 'Alerting rules on lag, depth, error rate and DLQ growth. None by default: nobody notices anything (the "no monitoring" anti-pattern).' });
