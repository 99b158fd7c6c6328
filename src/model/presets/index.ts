/** Technology presets: the generic knobs set to real systems' behaviour (see preset.ts for the protocol). */
import { azureEventGrid } from './azure-event-grid';
import { azureQueueStorage } from './azure-queue-storage';
import { azureServiceBus } from './azure-service-bus';
import { eventbridge } from './eventbridge';
import { gcpPubsub } from './gcp-pubsub';
import { kafka } from './kafka';
import { natsCore } from './nats-core';
import { natsJetstream } from './nats-jetstream';
import type { Preset } from './preset';
import { pulsarExclusive, pulsarFailover, pulsarKeyShared, pulsarShared } from './pulsar';
import { rabbitmqClassic } from './rabbitmq-classic';
import { rabbitmqQuorum } from './rabbitmq-quorum';
import { redisStreams } from './redis-streams';
import { sqsFifo } from './sqs-fifo';
import { sns } from './sns';
import { sqsStandard } from './sqs-standard';

export type { Preset, PresetKnobs, PresetValue } from './preset';

/** Every preset, in the order `brokerlab presets` lists them. */
export const PRESETS: readonly Preset[] = [
  rabbitmqClassic,
  rabbitmqQuorum,
  sqsStandard,
  sqsFifo,
  sns,
  eventbridge,
  kafka,
  pulsarExclusive,
  pulsarFailover,
  pulsarShared,
  pulsarKeyShared,
  redisStreams,
  azureServiceBus,
  azureQueueStorage,
  azureEventGrid,
  gcpPubsub,
  natsCore,
  natsJetstream,
];

/** Ids of the presets for queue, stream and bus brokers (the schema's enums). */
export const QUEUE_PRESET_IDS = [
  rabbitmqClassic.id,
  rabbitmqQuorum.id,
  sqsStandard.id,
  sqsFifo.id,
  pulsarExclusive.id,
  pulsarFailover.id,
  pulsarShared.id,
  pulsarKeyShared.id,
  azureServiceBus.id,
  azureQueueStorage.id,
  gcpPubsub.id,
  natsCore.id,
  natsJetstream.id,
] as const;
export const STREAM_PRESET_IDS = [kafka.id, redisStreams.id] as const;
export const BUS_PRESET_IDS = [sns.id, eventbridge.id, azureEventGrid.id] as const;

/** The preset with this id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
