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
export {
  HandlerProgram,
  HANDLER_DONE,
  HANDLER_STYLES,
  type HandlerSpec,
  type HandlerCall,
  type HandlerStyle,
  type HandlerProgress,
  type EventLoop,
} from './handler';
export type { DeliverySource, DeliveryTarget } from './delivery';
export { Deque } from './deque';
export { MessageFilter, MATCH_EVERYTHING, type MessageFilterSpec, type AttributeCondition } from './message-filter';
export { TopicBroker, type TopicOptions, type SubscriptionOptions, type TopicSubscription } from './topic-broker';
export {
  DEFAULT_RETRY_POLICY,
  resolveRetryPolicy,
  firstBackoff,
  nextBackoff,
  type RetryPolicy,
  type RetryPolicyOptions,
  type BackoffPolicy,
} from './retry-policy';
export {
  EventBus,
  type EventBusOptions,
  type BusRuleOptions,
  type BusTargetOptions,
  type BusRule,
  type BusTarget,
  type GiveUpReason,
} from './event-bus';
export * from './stream';
