/** The storage half of the stream (log) broker: partition logs, retention, partitioners and lag. */
export {
  PartitionLog,
  createLogStrings,
  type PartitionLogOptions,
  type LogMessage,
  type LogEntry,
  type LogStrings,
} from './partition-log';
export { retentionPolicy, retentionTarget, nextRetentionTime, type RetentionOptions, type RetentionPolicy, type RetainedLog } from './retention';
export { lagRecords, lagSeconds, nextReadableOffset, skippedRecords, type LagSource } from './lag';
export { StringTable } from './string-table';
export * from './partitioners';
export { StreamBroker, type StreamBrokerOptions, type StreamReader, type PartitionLogView } from './stream-broker';
export {
  StreamGroup,
  type StreamGroupOptions,
  type AutoCommit,
  type StartFrom,
  type OffsetReset,
  type RebalanceReason,
} from './stream-group';
export { StreamMember } from './stream-member';
export { GroupOffsets, type RewindCause } from './group-offsets';
export { assignPartitions, isCooperative, ASSIGNMENT_STRATEGIES, type AssignmentStrategy } from './assignors';
export { ShareCursor, shareQueueId, type ShareCursorOptions, type ShareCrashPolicy } from './share-cursor';
