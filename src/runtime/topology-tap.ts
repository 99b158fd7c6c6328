import type { TraceRecord } from '../model';
import type { Scenario } from '../scenario';
import type { TopologyFrame } from './movement';
import { MovementBuffer, DEFAULT_MOVEMENT_CAP } from './movement-buffer';
import { TopologyLevels } from './topology-levels';
import { topologyGraph } from './topology-graph';

/**
 * The worker's listener for the topology canvas: one trace subscription feeding both the movement
 * batch and the levels, read out once per frame.
 */
export class TopologyTap {
  private readonly movement: MovementBuffer;
  private readonly levels: TopologyLevels;

  constructor(scenario: Scenario, cap = DEFAULT_MOVEMENT_CAP) {
    const graph = topologyGraph(scenario);
    this.movement = new MovementBuffer(graph, cap);
    this.levels = new TopologyLevels(graph);
  }

  /**
   * While false, movements are not collected, only levels: a seek re-simulates history nobody will watch
   * move, and skipping the movement batch makes it markedly faster.
   */
  moving = true;

  readonly observe = (record: Readonly<TraceRecord>): void => {
    if (this.moving) this.movement.observe(record);
    this.levels.observe(record);
  };

  /** What moved since the last call (up to virtual time `now`) and the levels now. */
  take(now: number): TopologyFrame {
    return { movement: this.movement.take(now), ...this.levels.snapshot() };
  }
}
