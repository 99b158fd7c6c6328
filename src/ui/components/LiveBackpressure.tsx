import { useMemo, useState } from 'react';
import { formatCount } from '../format';
import { useLabActions } from '../lab-context';
import { backpressureInForce, backpressureTarget, strategiesFor, strategyActions, STRATEGIES, type StrategyId } from '../live/backpressure';
import type { LiveMoment } from '../live/use-live-moment';
import { LiveNumber } from './LiveNumber';

const DEFAULT_BOUND = 100;

/**
 * The backpressure strategy on the queue the first producer fills (or a topic's subscription
 * queues): one choice, applied as policy switches at the current time, with its bound or rate.
 */
export function LiveBackpressure({ moment, disabled }: { moment: LiveMoment; disabled: boolean }) {
  const { change } = useLabActions();
  const { scenario, settings } = moment;
  const target = useMemo(() => (scenario && settings ? backpressureTarget(scenario, settings) : null), [scenario, settings]);
  const inForce = useMemo(() => (settings && target ? backpressureInForce(settings, target) : null), [settings, target]);
  const suggestedRate = target?.capacity !== undefined ? Math.max(1, Math.round(target.capacity * 0.8)) : 10;
  const [bound, setBound] = useState<number | null>(null);
  const [rate, setRate] = useState<number | null>(null);
  if (!target || !inForce) return null;

  const boundNow = bound ?? inForce.bound ?? DEFAULT_BOUND;
  const rateNow = rate ?? inForce.perSecond ?? suggestedRate;
  const strategy = STRATEGIES.find((s) => s.id === inForce.strategy)!;
  const pushed = settings!.groups.filter((g) => g.flow === 'push' && target.queues.includes(g.reads));
  const apply = (id: StrategyId, nextBound = boundNow, nextRate = rateNow): void => {
    const label = STRATEGIES.find((s) => s.id === id)!.label;
    const detail = id === 'throttle' ? ` at ${formatCount(nextRate)}/s` : ['drop-oldest', 'refuse-new', 'block'].includes(id) ? ` (bound ${formatCount(nextBound)})` : '';
    void change(`Backpressure: ${label.toLowerCase()}${detail}`, strategyActions(id, target, nextBound, nextRate));
  };

  return (
    <fieldset className="live-backpressure" disabled={disabled}>
      <legend>Backpressure on {target.queues.join(', ')}</legend>
      <label className="live-select">
        <span className="live-label">Strategy</span>
        <select value={inForce.strategy} onChange={(e) => apply(e.currentTarget.value as StrategyId)}>
          {strategiesFor(target).map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <p className="live-note">{strategy.summary}</p>
      {strategy.needs === 'bound' ? (
        <LiveNumber
          label="Queue bound"
          unit="messages"
          integer
          min={1}
          max={10_000_000}
          value={boundNow}
          disabled={disabled}
          onCommit={(value) => {
            setBound(value);
            apply(inForce.strategy, value);
          }}
        />
      ) : null}
      {strategy.needs === 'rate' ? (
        <LiveNumber
          label="Publish at most"
          unit="msg/s"
          min={0.01}
          max={1_000_000}
          value={rateNow}
          disabled={disabled}
          onCommit={(value) => {
            setRate(value);
            apply('throttle', boundNow, value);
          }}
        />
      ) : null}
      {target.capacity !== undefined ? <p className="live-note">The consumers can take about {formatCount(Math.round(target.capacity))} msg/s.</p> : null}
      {pushed.length > 0 ? (
        <table className="live-groups live-prefetch">
          <caption>Ack-based flow: unacknowledged messages the broker pushes to each instance.</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Prefetch</th>
            </tr>
          </thead>
          <tbody>
            {pushed.map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.id}</th>
                <td>
                  <LiveNumber
                    compact
                    label={`${g.id} prefetch`}
                    integer
                    min={1}
                    max={100_000}
                    value={g.prefetch ?? 1}
                    disabled={disabled}
                    onCommit={(prefetch) => void change(`${g.id}: prefetch ${prefetch}`, [{ action: 'set-prefetch', group: g.id, prefetch }])}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </fieldset>
  );
}
