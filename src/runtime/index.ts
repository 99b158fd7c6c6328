/** Hosts for the pure core: the in-process run (tests, CLI) and, in the lab, the Web Worker host. */
export { Run, runScenario, type RunOptions, type RunFrame } from './run';
