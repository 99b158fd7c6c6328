import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../exit-codes';
import type { TaskMessage, WorkerInit, WorkerReply } from './pool';
import { runPoint } from './run-point';

// Runs sweep tasks sent by the pool, one at a time, and answers each with its metrics or its error.
const init = workerData as WorkerInit;
const port = parentPort!;
port.on('message', (task: TaskMessage) => {
  let reply: WorkerReply;
  try {
    reply = { id: task.id, values: runPoint(init.file, init.text, task.set, task.seed, init.metrics) };
  } catch (error) {
    const lines = error instanceof CliError ? [...error.lines] : [`sweep worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
    reply = { id: task.id, error: lines, internal: !(error instanceof CliError) };
  }
  port.postMessage(reply);
});
