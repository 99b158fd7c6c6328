import { useLabActions } from '../lab-context';
import { meanOf, withMean, type GroupSettings, type LiveSettings } from '../live/settings-at';
import { LiveNumber } from './LiveNumber';

/** Producers' rates, each group's workers, speed, failures and guards, and streams' partitions, changed at the current time. */
export function LiveWorkload({ settings, disabled }: { settings: LiveSettings; disabled: boolean }) {
  const { change } = useLabActions();
  return (
    <>
      {settings.producers.some((p) => p.perSecond !== undefined) ? (
        <fieldset disabled={disabled}>
          <legend>Producers</legend>
          {settings.producers.map((p) =>
            p.perSecond === undefined ? null : (
              <LiveNumber
                key={p.id}
                label={`${p.id} publishes`}
                unit="msg/s"
                min={0.001}
                max={1_000_000}
                value={p.perSecond}
                disabled={disabled}
                onCommit={(perSecond) => void change(`${p.id}: ${perSecond} msg/s`, [{ action: 'set-rate', producer: p.id, perSecond }])}
              />
            ),
          )}
        </fieldset>
      ) : null}
      <fieldset disabled={disabled}>
        <legend>Consumer groups</legend>
        <table className="live-groups">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Instances</th>
              <th scope="col">Mean ms</th>
              <th scope="col">Fail %</th>
            </tr>
          </thead>
          <tbody>
            {settings.groups.map((g) => (
              <GroupRows key={g.id} group={g} disabled={disabled} />
            ))}
          </tbody>
        </table>
      </fieldset>
      {settings.streams.map((s) => (
        <fieldset key={s.id} disabled={disabled}>
          <legend>Stream {s.id}</legend>
          <LiveNumber
            label="Partitions"
            integer
            min={s.partitions}
            max={1024}
            value={s.partitions}
            disabled={disabled}
            onCommit={(partitions) => void change(`${s.id}: ${partitions} partitions`, [{ action: 'add-partitions', stream: s.id, partitions }])}
          />
          <p className="live-note">Partitions can only grow. A key may move to a new partition, so its order across the change is not kept.</p>
        </fieldset>
      ))}
    </>
  );
}

/** A group's numbers in one row, and its switches (idempotency, breaker) in a second row when it has any. */
function GroupRows({ group: g, disabled }: { group: GroupSettings; disabled: boolean }) {
  const { change } = useLabActions();
  const processingMs = g.processing !== undefined ? round(meanOf(g.processing) * 1000) : undefined;
  const switches = g.idempotent !== undefined || g.hasBreaker;
  return (
    <>
      <tr>
        <th scope="row">{g.id}</th>
        <td>
          <LiveNumber
            compact
            label={`${g.id} instances`}
            integer
            min={0}
            max={1000}
            value={g.instances}
            disabled={disabled}
            onCommit={(instances) => void change(`${g.id}: ${instances} instances`, [{ action: 'scale', group: g.id, instances }])}
          />
        </td>
        <td>
          {g.processing !== undefined && processingMs !== undefined ? (
            <LiveNumber
              compact
              label={`${g.id} mean processing time`}
              unit="ms"
              min={0.001}
              max={3_600_000}
              value={processingMs}
              disabled={disabled}
              onCommit={(ms) => void change(`${g.id}: processing ${ms} ms`, [{ action: 'set-processing', group: g.id, processing: withMean(g.processing!, ms / 1000) }])}
            />
          ) : (
            <span className="live-note" title="This group runs a handler: its time comes from the handler's steps">handler</span>
          )}
        </td>
        <td>
          {g.flow !== 'stream' ? (
            <LiveNumber
              compact
              label={`${g.id} failing attempts`}
              unit="%"
              min={0}
              max={100}
              value={round(g.failure * 100)}
              disabled={disabled}
              onCommit={(percent) => void change(`${g.id}: ${percent}% of attempts fail`, [{ action: 'set-failure', group: g.id, probability: percent / 100 }])}
            />
          ) : (
            <span className="live-note" title="A stream group reading partitions does not fail messages one by one">–</span>
          )}
        </td>
      </tr>
      {switches ? (
        <tr className="live-switches">
          <td colSpan={4}>
            {g.idempotent !== undefined ? (
              <Toggle label={`${g.id}: idempotency store`} on={g.idempotent} disabled={disabled} onChange={(enabled) => void change(`${g.id}: idempotency ${enabled ? 'on' : 'off'}`, [{ action: 'set-idempotency', group: g.id, enabled }])} />
            ) : null}
            {g.hasBreaker ? (
              <Toggle label={`${g.id}: circuit breaker`} on={g.breakerOn} disabled={disabled} onChange={(enabled) => void change(`${g.id}: circuit breaker ${enabled ? 'on' : 'off'}`, [{ action: 'set-breaker', group: g.id, enabled }])} />
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

function Toggle({ label, on, disabled, onChange }: { label: string; on: boolean; disabled: boolean; onChange(on: boolean): void }) {
  return (
    <label className="live-toggle">
      <input type="checkbox" checked={on} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} />
      {label}
    </label>
  );
}

/** Three significant figures are enough for a field the user reads and edits. */
function round(value: number): number {
  return Number(value.toPrecision(3));
}
