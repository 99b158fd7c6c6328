import { runScenario } from '../../../../src/runtime';
import { formatErrors, loadScenarioText } from '../../../../src/scenario';
import type { DeterminismResults, ScenarioOutcome } from './contract';
import { stressScenarioTexts } from './stress-scenarios';

/**
 * The determinism harness: runs every scenario of the library and every generated stress scenario
 * in this browser's engine and leaves the reports on `window.__determinism` for the Node side to
 * compare with its own runs. Results are shown as plain text only.
 */

const LIBRARY = import.meta.glob<string>(['../../../../scenarios/*.json', '!../../../../scenarios/schema.json'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Scenario texts by name: library files by their file name, generated ones under "generated/". */
function scenarioTexts(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [path, text] of Object.entries(LIBRARY)) texts[path.slice(path.lastIndexOf('/') + 1)] = text;
  return { ...texts, ...stressScenarioTexts() };
}

/** Runs one scenario text to its end; a scenario that does not load or throws becomes a failed outcome. */
function runOne(text: string): ScenarioOutcome {
  try {
    const loaded = loadScenarioText(text);
    if (!loaded.ok) return { ok: false, text, error: formatErrors(loaded.errors) };
    const report = runScenario(loaded.scenario);
    return { ok: true, text, traceHash: report.traceHash, events: report.events, reportJson: JSON.stringify(report) };
  } catch (error) {
    return { ok: false, text, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function showLine(line: string): void {
  const item = document.createElement('li');
  item.textContent = line;
  document.getElementById('results')!.append(item);
}

/** Lets the page paint between runs, so a long run shows its progress. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function main(): Promise<void> {
  const results: DeterminismResults = { done: false, outcomes: {} };
  const hashes: Record<string, string> = {};
  window.__determinism = results;
  window.__hashes = hashes;
  const status = document.getElementById('status')!;
  try {
    for (const [name, text] of Object.entries(scenarioTexts())) {
      status.textContent = `running ${name}…`;
      await nextTask();
      const outcome = runOne(text);
      results.outcomes[name] = outcome;
      if (outcome.ok) {
        hashes[name] = outcome.traceHash;
        showLine(`${name}: ${outcome.traceHash} (${outcome.events} events)`);
      } else {
        showLine(`${name}: FAILED: ${outcome.error}`);
      }
    }
    status.textContent = `done: ${Object.keys(results.outcomes).length} scenarios`;
  } catch (error) {
    results.failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
    status.textContent = `harness failed: ${results.failure}`;
  } finally {
    results.done = true;
  }
}

void main();
