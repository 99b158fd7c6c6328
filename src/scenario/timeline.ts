import { createDistribution, type Simulation } from '../engine';
import type { Autoscaler, ConsumerGroup, Producer, QueueBroker, StreamBroker } from '../model';
import type { BuiltGroup } from './build-groups';
import type { QueueLikeSpec } from './catalog';
import { toDistributionSpec } from './distributions';
import type { ConsumerGroupSpec, TimelineAction } from './schema';
import { IDEMPOTENCY_DEFAULTS } from './schema-live-actions';

/** How the timeline finds (or creates) the model objects a validated action names. */
export interface TimelineTargets {
  producer(id: string): Producer;
  group(id: string): BuiltGroup;
  queue(id: string): QueueBroker;
  /** The stream `id` names, or undefined if there is none. */
  stream(id: string): StreamBroker | undefined;
  /** The autoscaler of group `id` (validated: the group has one and exists by then). */
  autoscaler(id: string): Autoscaler;
  addSubscription(topic: string, subscription: QueueLikeSpec): void;
  addGroup(spec: ConsumerGroupSpec): void;
  /** Records that dependency `id` goes down now for `duration` seconds (the model knew the window from the start). */
  outage(id: string, duration: number): void;
}

/**
 * Schedules each timeline action at its virtual time. Actions at the same time run in file order,
 * after the model's own events already due then (the engine breaks ties by scheduling order).
 */
export function scheduleTimeline(sim: Simulation, actions: readonly TimelineAction[], targets: TimelineTargets): void {
  for (const action of actions) {
    // Captions are narration for the lab: nothing happens in the model, so they cost no event.
    if (action.action === 'caption') continue;
    sim.scheduleAt(action.at, () => applyTimelineAction(action, targets));
  }
}

/**
 * Carries out `action` now, whatever its `at` says: the timeline calls it at the action's time, and a
 * live change (the lab's apply-change) can call it at any moment with the same data.
 */
export function applyTimelineAction(action: TimelineAction, targets: TimelineTargets): void {
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
    case 'set-rate':
      targets.producer(action.producer).setRate(action.perSecond);
      return;
    case 'set-processing':
      targets.group(action.group).setProcessing(createDistribution(toDistributionSpec(action.processing)));
      return;
    case 'redrive':
      targets.queue(action.from).redrive(targets.queue(action.to), action.limit);
      return;
    case 'add-subscription':
      targets.addSubscription(action.topic, action.subscription);
      return;
    case 'add-group':
      targets.addGroup(action.group);
      return;
    case 'outage':
      targets.outage(action.dependency, action.duration);
      return;
    case 'set-queue-limits':
      targets.queue(action.queue).setLimits(action);
      return;
    case 'set-producer-flow':
      targets.producer(action.producer).setFlow(action);
      return;
    case 'set-prefetch':
      queueGroup(targets, action.group, action.action).setPrefetch(action.prefetch);
      return;
    case 'set-pull':
      queueGroup(targets, action.group, action.action).setPull(action);
      return;
    case 'set-autoscale':
      targets.autoscaler(action.group).reconfigure(action);
      return;
    case 'set-breaker':
      queueGroup(targets, action.group, action.action).setBreaker(action.enabled);
      return;
    case 'set-failure':
      queueGroup(targets, action.group, action.action).setFailure(action);
      return;
    case 'set-idempotency':
      queueGroup(targets, action.group, action.action).setIdempotency(action.enabled, IDEMPOTENCY_DEFAULTS);
      return;
    case 'add-partitions': {
      const stream = targets.stream(action.stream);
      if (stream === undefined) throw new Error(`add-partitions needs a stream; there is no stream "${action.stream}" (validate the scenario first)`);
      stream.addPartitions(action.partitions);
      return;
    }
    case 'reset-offsets': {
      const group = targets.group(action.group);
      if (group.kind !== 'stream') throw new Error(`reset-offsets needs a stream group; "${action.group}" reads a queue (validate the scenario first)`);
      group.resetOffsets(
        action.to === 'offset'
          ? { to: 'offset', offset: action.offset ?? 0 }
          : action.to === 'timestamp'
            ? { to: 'timestamp', time: action.timestamp ?? 0 }
            : { to: action.to },
      );
      return;
    }
  }
}

/** The queue group `id` names; an action only queue groups take fails loudly on a stream group (validation refuses it). */
function queueGroup(targets: TimelineTargets, id: string, action: string): ConsumerGroup {
  const group = targets.group(id);
  if (group.kind !== 'queue') throw new Error(`${action} needs a group reading a queue; "${id}" reads a stream (validate the scenario first)`);
  return group;
}
