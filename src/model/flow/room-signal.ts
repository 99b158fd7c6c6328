/**
 * A broker that can say when it may have room again. A producer that blocks on a full broker
 * listens instead of polling. The broker calls listeners synchronously, in the middle of its own
 * work, so a listener must only schedule its reaction, never publish on the spot.
 */
export interface RoomSignal {
  onRoom(listener: () => void): void;
}

export function hasRoomSignal(target: object): target is RoomSignal {
  return typeof (target as Partial<RoomSignal>).onRoom === 'function';
}
