import type { TraceRecord } from '../model';
import type { AlertFiring } from './report';

/**
 * The alert firings of a run, from the trace's `alert` records, filed under what each alert watches:
 * a group alert (lag, lag-seconds, error-rate) under its group, a broker alert (depth, dlq-growth)
 * under its queue or subscription. A resolve record closes the latest open firing of its alert.
 */
export class AlertLog {
  private readonly byGroup = new Map<string, AlertFiring[]>();
  private readonly byBroker = new Map<string, AlertFiring[]>();

  observe(r: Readonly<TraceRecord>): void {
    const list = r.group !== '' ? listFor(this.byGroup, r.group) : listFor(this.byBroker, r.broker);
    if (r.attempt === 1) {
      list.push({ name: r.reason, at: r.time, value: r.offset });
      return;
    }
    for (let i = list.length - 1; i >= 0; i--) {
      const firing = list[i]!;
      if (firing.name === r.reason && firing.until === undefined) {
        firing.until = r.time;
        return;
      }
    }
  }

  /** Copies of the firings of the alerts watching group `id`, in time order. */
  ofGroup(id: string): AlertFiring[] {
    return copies(this.byGroup.get(id));
  }

  /** Copies of the firings of the alerts watching broker `id`, in time order. */
  ofBroker(id: string): AlertFiring[] {
    return copies(this.byBroker.get(id));
  }
}

function listFor(map: Map<string, AlertFiring[]>, id: string): AlertFiring[] {
  let list = map.get(id);
  if (list === undefined) map.set(id, (list = []));
  return list;
}

function copies(list: readonly AlertFiring[] | undefined): AlertFiring[] {
  return list === undefined ? [] : list.map((firing) => ({ ...firing }));
}
