import { formatCount, formatSeconds } from '../format';
import { useLab } from '../lab-context';
import { selectFrame, selectScenario } from '../selectors';

/** The virtual clock and the live counters of every producer and consumer group (broker levels are in the chart's legend). */
export function Counters() {
  const frame = useLab(selectFrame);
  const scenario = useLab(selectScenario);
  const duration = scenario?.duration ?? 0;
  const time = frame?.time ?? 0;
  const progress = duration > 0 ? Math.min(1, time / duration) : 0;

  return (
    <section className="panel counters" aria-labelledby="counters-title">
      <h2 id="counters-title" className="visually-hidden">
        Counters
      </h2>
      <div className="clock">
        <div>
          <span className="label">Virtual clock</span>
          <span className="value" data-testid="virtual-clock" data-time={time}>
            {formatSeconds(time)}
          </span>
          <span className="of">of {formatSeconds(duration)}</span>
        </div>
        <div>
          <span className="label">Events</span>
          <span className="value small" data-testid="events" data-value={frame?.events ?? 0}>
            {formatCount(frame?.events ?? 0)}
          </span>
        </div>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
      >
        <div className="progress-fill" style={{ width: `${progress * 100}%` }} />
      </div>

      <CounterTable
        caption="Producers"
        columns={['published', 'rejected']}
        rows={Object.entries(frame?.producers ?? {}).map(([id, p]) => [id, p.published, p.rejected])}
      />
      <CounterTable
        caption="Consumer groups"
        columns={['delivered', 'acked']}
        rows={Object.entries(frame?.groups ?? {}).map(([id, g]) => [id, g.delivered, g.acked])}
      />
    </section>
  );
}

function CounterTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: [string, ...number[]][] }) {
  return (
    <table className="counter-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">id</span>
          </th>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([id, ...values]) => (
          <tr key={id}>
            <th scope="row">{id}</th>
            {values.map((v, i) => (
              <td key={columns[i]} data-testid={`${caption.split(' ')[0]!.toLowerCase()}-${id}-${columns[i]!.replace(' ', '-')}`}>
                {formatCount(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
