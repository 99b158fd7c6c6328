import { createDistribution, type Simulation } from '../engine';
import type { ConsumerGroup, Producer, QueueBroker } from '../model';
import type { TimelineAction } from './schema';
import { toDistributionSpec } from './validate';

/** How the timeline finds the model objects a validated action names. */
export interface TimelineTargets {
  producer(id: string): Producer;
  group(id: string): ConsumerGroup;
  broker(id: string): QueueBroker;
}

/**
 * Schedules each timeline action at its virtual time. Actions at the same time run in file order,
 * after the model's own events already due then (the engine breaks ties by scheduling order).
 */
export function scheduleTimeline(sim: Simulation, actions: readonly TimelineAction[], targets: TimelineTargets): void {
  for (const action of actions) sim.scheduleAt(action.at, () => perform(action, targets));
}

function perform(action: TimelineAction, targets: TimelineTargets): void {
  switch (action.action) {
    case 'crash':
      targets.group(action.group).crash(action.instance - 1);
      return;
    case 'restart':
      targets.group(action.group).restart(action.instance - 1);
      return;
    case 'scale':
      targets.group(action.group).scaleTo(action.instances);
      return;
    case 'set-rate': {
      const producer = targets.producer(action.producer);
      producer.setRate(action.perSecond);
      return;
    }
    case 'set-processing':
      targets.group(action.group).setProcessing(createDistribution(toDistributionSpec(action.processing)));
      return;
    case 'redrive':
      targets.broker(action.from).redrive(targets.broker(action.to), action.limit);
      return;
  }
}
