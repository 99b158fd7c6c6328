export type { Arrival, DropPolicy, PolicyQueue } from './policy';
export { dropHead } from './drop-head';
export { rejectPublish } from './reject-publish';
export { sampling } from './sampling';
export { conflation } from './conflation';
export { MemoryGauge } from './memory-gauge';
