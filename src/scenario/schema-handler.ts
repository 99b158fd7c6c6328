import { z } from 'zod';
import { distributionSchema, id } from './schema-common';

/**
 * A consumer's handler as a list of downstream calls, instead of one processing time. The style
 * says how the calls combine; a blocking call stalls every handler on the instance's event loop.
 * The model and its simplifications are described in src/model/handler.ts.
 */

const handlerCallSchema = z
  .strictObject({
    name: z.string().min(1).max(64).meta({ description: 'Name of the call, unique within the handler, e.g. "payments-api" or "db-query".' }),
    latency: distributionSchema.meta({ description: 'How long the call takes (virtual seconds).' }),
    blocking: z
      .boolean()
      .default(false)
      .meta({
        description:
          "True for synchronous work inside an async handler (requests.get, time.sleep, a blocking driver): while it runs it holds the instance's event loop and no other handler on that instance makes progress. False: an awaited call that waits without holding the loop.",
      }),
    dependency: id.optional().meta({ description: 'Id of the dependency (in dependencies) the call goes to: while it is down the call hangs for its timeout and the message fails.' }),
  })
  .meta({ description: 'One downstream call of the handler.' });

export const handlerSchema = z
  .strictObject({
    style: z
      .enum(['sequential', 'concurrent'])
      .default('sequential')
      .meta({
        description:
          'sequential: the calls run one after another and the message holds its worker for the sum of their latencies. concurrent: the calls start together and the handler ends when the last returns (await all), so it takes the longest one.',
      }),
    calls: z.array(handlerCallSchema).min(1).max(100).meta({ description: 'The downstream calls, in the order the handler makes them.' }),
  })
  .meta({
    description:
      'The work on one message as downstream calls, instead of processing. An instance is one event loop running concurrency handlers at once; a blocking call stalls all of them. Queues and subscriptions only.',
  });
