/** Messaging semantics on the engine: messages, producers, brokers, consumer groups and the trace. */
export { createMessage, copyMessage, NO_ATTRIBUTES, type Message } from './message';
export {
  Tracer,
  copyRecord,
  removedFrom,
  TRACE_KINDS,
  type TraceKind,
  type TraceRecord,
  type TraceListener,
  type DropReason,
  type ReturnCause,
} from './trace';
export { createModelContext, type ModelContext } from './context';
export type { Broker, BrokerKind, RejectReason } from './broker';
export { Producer, type ProducerOptions, type ArrivalProcess, type Burst } from './producer';
export {
  QueueBroker,
  type QueueOptions,
  type QueueOverflow,
  type DeliveryLimitAction,
  type LateAckPolicy,
} from './queue-broker';
export {
  ConsumerGroup,
  type ConsumerGroupOptions,
  type FailureModel,
  type FailureAction,
  type CrashProcess,
} from './consumer-group';
export { ConsumerInstance, type Worker } from './consumer-instance';
export type { DeliverySource, DeliveryTarget } from './delivery';
export { Deque } from './deque';
