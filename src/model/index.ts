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
  type DeliveryLossReason,
  type ReturnCause,
  type PolicyChange,
} from './trace';
export { createModelContext, type ModelContext } from './context';
export type { Broker, BrokerKind, RejectReason } from './broker';
export { Producer, type ProducerOptions, type ProducerPayloadOptions, type ArrivalProcess, type Burst, type FlowChange } from './producer';
export {
  Outbox,
  TokenBucket,
  ConfirmWindow,
  needsFlowControl,
  type FlowGate,
  type ThrottleReason,
  type FlowControlOptions,
  type ConfirmOptions,
  type WhenFull,
  type TokenBucketOptions,
  type RoomSignal,
} from './flow';
export {
  QueueBroker,
  type QueueOptions,
  type QueueOverflow,
  type QueueLimits,
  type DeliveryLimitAction,
  type LateAckPolicy,
  type MemoryLimitAction,
  type DeliveryGuarantee,
  type QueueBuffering,
} from './queue-broker';
export { PushDispatch } from './push-dispatch';
export { MessageGroups } from './message-groups';
export { dropHead, rejectPublish, sampling, conflation, MemoryGauge, type DropPolicy, type PolicyQueue, type Arrival } from './overflow';
export {
  ConsumerGroup,
  type ConsumerGroupOptions,
  type FailureModel,
  type FailureAction,
  type FailureKind,
  type CrashProcess,
  type RetryOptions,
  type BreakerOptions,
  type MemoryLimit,
  type ConsumerPayloadOptions,
  type PayloadFetchOptions,
} from './consumer-group';
export { NetworkLink, checkClaimCheck, type LinkOptions, type ClaimCheckOptions } from './payload';
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
  backoffWait,
  jitteredWait,
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
export * from './scaling';
export { createBackoff, BACKOFF_KINDS, JITTERS, RetryBudget, type Backoff, type BackoffKind, type BackoffSpec, type Jitter, type RetryBudgetOptions } from './retry';
export { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './breaker/circuit-breaker';
export { Dependency, type OutageWindow } from './dependency';
export { ConsumerEffects, KeyState, IdempotencyStore, AppliedSet, ORDERING_REMEDIES, type OrderingRemedy } from './effects';
export { SlidingCounts } from './sliding-counts';
export * from './alerts';
