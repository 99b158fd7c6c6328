/** Producer-side flow control: the gates a publish must pass, and the backlog where held-back messages wait. */
export type { FlowGate, ThrottleReason } from './gate';
export { TokenBucket, type TokenBucketOptions } from './token-bucket';
export { ConfirmWindow } from './confirm-window';
export { hasRoomSignal, type RoomSignal } from './room-signal';
export { needsFlowControl, checkFlowOptions, DEFAULT_CONFIRM_TIMEOUT, type FlowControlOptions, type ConfirmOptions, type WhenFull } from './options';
export { Outbox } from './outbox';
