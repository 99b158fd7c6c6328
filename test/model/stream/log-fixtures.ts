import type { LogMessage } from '../../../src/model/stream';

/** A message for a log test: id `id`, `size` bytes, optional key; producer "shop", type "ORDER". */
export function msg(id: number, size = 10, key = ''): LogMessage {
  return { id, size, key, producer: 'shop', type: 'ORDER' };
}
