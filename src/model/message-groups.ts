import { Deque } from './deque';
import type { Message } from './message';

/** One key's line: the message holding the key's turn, and the ones waiting behind it in order. */
interface Line {
  turn: Message | undefined;
  readonly waiting: Deque<Message>;
}

/**
 * FIFO message groups (SQS FIFO MessageGroupId, Service Bus sessions, Pub/Sub ordering keys) for a
 * queue: per key, one message at a time holds the key's turn, from the moment it is released to
 * the queue's ready line until it leaves the queue (acked, dropped, expired, dead-lettered, parked).
 * A requeued message keeps the turn, so it is delivered again before the next one of its key. The
 * other messages of the key wait in the key's own line, in arrival order.
 *
 * Cost: the queue's ready line holds only messages free to go (unkeyed ones and one per key), so a
 * delivery never scans past blocked messages; a keyed arrival and a release are one map lookup and a
 * deque operation each. Only dropping the oldest waiting message (a full queue whose every ready
 * message waits behind its key) looks at each key's line.
 */
export class MessageGroups {
  private readonly lines = new Map<string, Line>();

  /**
   * @param live Resolves a message found in a line to the message that now stands in its place
   *   (itself if it is still live, a conflated successor, or undefined when it is gone).
   */
  constructor(private readonly live: (message: Message) => Message | undefined) {}

  /**
   * Whether `message` may be released now: it has no key, no message of its key holds the turn, or it
   * holds the turn itself (coming back from a delayed retry).
   */
  isFree(message: Message): boolean {
    if (message.key === '') return true;
    const turn = this.lines.get(message.key)?.turn;
    return turn === undefined || turn === message;
  }

  /** `message` (free, see `isFree`) takes its key's turn. */
  take(message: Message): void {
    if (message.key !== '') this.line(message.key).turn = message;
  }

  /** `message` waits behind the turn holder of its key. */
  wait(message: Message): void {
    this.line(message.key).waiting.push(message);
  }

  /** `successor` takes the place of `message` (conflation): if `message` held the turn, now it does. */
  transfer(message: Message, successor: Message): void {
    const line = message.key === '' ? undefined : this.lines.get(message.key);
    if (line !== undefined && line.turn === message) line.turn = successor;
  }

  /**
   * `message` left the queue; if it held its key's turn, the next live message of the key takes it
   * and is returned, to be released to the ready line.
   */
  passTurn(message: Message): Message | undefined {
    if (message.key === '') return undefined;
    const line = this.lines.get(message.key);
    if (line === undefined || line.turn !== message) return undefined;
    line.turn = this.shiftLive(line);
    return line.turn;
  }

  /** Removes and returns the oldest waiting message (by publish order) of any key, or undefined. */
  takeOldestWaiting(): Message | undefined {
    let oldest: Line | undefined;
    let oldestId = Infinity;
    for (const line of this.lines.values()) {
      const head = this.peekLive(line);
      if (head !== undefined && head.id < oldestId) {
        oldest = line;
        oldestId = head.id;
      }
    }
    return oldest === undefined ? undefined : this.shiftLive(oldest);
  }

  /** Removes every waiting message and every turn, handing each live waiting message to `visit`. */
  clear(visit: (message: Message) => void): void {
    for (const line of this.lines.values()) {
      for (let m = this.shiftLive(line); m !== undefined; m = this.shiftLive(line)) visit(m);
    }
    this.lines.clear();
  }

  private line(key: string): Line {
    let line = this.lines.get(key);
    if (line === undefined) {
      line = { turn: undefined, waiting: new Deque<Message>() };
      this.lines.set(key, line);
    }
    return line;
  }

  private shiftLive(line: Line): Message | undefined {
    for (;;) {
      const head = line.waiting.shift();
      if (head === undefined) return undefined;
      const live = this.live(head);
      if (live !== undefined) return live;
    }
  }

  private peekLive(line: Line): Message | undefined {
    for (;;) {
      const head = line.waiting.peek();
      if (head === undefined) return undefined;
      const live = this.live(head);
      if (live === head) return head;
      line.waiting.shift();
      if (live !== undefined) {
        line.waiting.unshift(live);
        return live;
      }
    }
  }
}
