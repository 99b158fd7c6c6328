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
