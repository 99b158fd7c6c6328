/** Messaging semantics on the engine: messages, producers, brokers, consumer groups and the trace. */
export type { Message } from './message';
export { Tracer, copyRecord, TRACE_KINDS, type TraceKind, type TraceRecord, type TraceListener, type DropReason } from './trace';
export { createModelContext, type ModelContext } from './context';
export type { Broker, BrokerKind, RejectReason } from './broker';
export { Producer, type ProducerOptions, type ArrivalProcess, type Burst } from './producer';
export { QueueBroker, type QueueOptions, type QueueOverflow } from './queue-broker';
export { ConsumerGroup, type ConsumerGroupOptions } from './consumer-group';
export type { ConsumerSlot, SlotHost, SlotOwner } from './consumer-slot';
export { Deque } from './deque';
