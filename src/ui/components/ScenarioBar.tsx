import { useRef, useState } from 'react';
import { useCompareStore } from '../compare/compare-context';
import { useLab, useLabActions } from '../lab-context';
import { checkSource } from '../scenarios/check-source';
import { DEFAULT_SCENARIO_ID, type LibraryEntry } from '../scenarios/library';
import { downloadText, fileNameFor, readScenarioFile } from '../scenarios/scenario-file';
import type { ScenarioSource } from '../scenarios/source';
import { useFileDrop } from '../scenarios/use-file-drop';
import { useShareLink } from '../scenarios/use-share-link';
import { encodeShare, shareFragmentOf } from '../share/codec';
import type { LabActions, LabState } from '../store';
import { EditorDialog } from './EditorDialog';
import { LibraryDialog } from './LibraryDialog';
import { ExportMenu } from './ExportMenu';
import { CompareButton } from './CompareButton';

type S = LabState & LabActions;
const selectSource = (s: S) => s.source;
const selectText = (s: S) => s.scenarioText;
const selectName = (s: S) => s.scenario?.name;
const selectSeed = (s: S) => s.scenario?.seed;

type Status = { tone: 'info' | 'error'; text: string } | null;

/**
 * How a scenario gets into the lab, and out again: the library, a file (picked or dropped anywhere on the
 * page), the JSON editor, Save, and a share link that carries the whole scenario in the URL fragment.
 */
export function ScenarioBar() {
  const actions = useLabActions();
  const source = useLab(selectSource);
  const loadedText = useLab(selectText);
  const name = useLab(selectName);
  const seed = useLab(selectSeed);
  const [dialog, setDialog] = useState<'library' | 'editor' | null>(null);
  const [libraryId, setLibraryId] = useState<string | null>(DEFAULT_SCENARIO_ID);
  const [status, setStatus] = useState<Status>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const compare = useCompareStore();
  // A file dropped or a link opened while comparing would go to the hidden main lab: leave compare mode
  // first, so the user sees the scenario (or why it could not be opened).
  const leaveCompare = () => compare.getState().exit();

  // Before anything is opened through here, the lab runs the initial scenario as written.
  const current: ScenarioSource | null = source ?? (loadedText !== null ? { text: loadedText } : null);

  const open = async (next: ScenarioSource, fromLibrary: string | null, message: string | null, fromLink = false) => {
    leaveCompare();
    // A link's fragment would reopen the link's scenario on reload; drop it once something else is opened.
    if (!fromLink && shareFragmentOf(window.location.hash) !== null) {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    setLibraryId(fromLibrary);
    setStatus(message === null ? null : { tone: 'info', text: message });
    await actions.open(next);
  };

  const openFile = async (file: File) => {
    const read = await readScenarioFile(file);
    if (!read.ok) {
      leaveCompare();
      setStatus({ tone: 'error', text: read.message });
    }
    else await open({ text: read.text }, null, `Opened ${file.name}.`);
  };

  const dragging = useFileDrop((file) => void openFile(file));
  const linkFailed = (message: string) => {
    leaveCompare();
    setStatus({ tone: 'error', text: `The link could not be opened. ${message}` });
  };
  useShareLink(async (payload) => {
    // Checked here first, so a bad link is reported and the current scenario keeps running.
    const problems = await checkSource(payload);
    if (problems.length === 0) await open(payload, null, 'Opened the scenario from the link.', true);
    else linkFailed(`Its scenario is not valid: ${problems.slice(0, 3).map((e) => `${e.path || '(root)'} ${e.message}`).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.`);
  }, linkFailed);

  const save = (text: string) => {
    let fileName = fileNameFor(name);
    try {
      const named = (JSON.parse(text) as { name?: unknown }).name;
      if (typeof named === 'string') fileName = fileNameFor(named);
    } catch {
      // Not JSON (yet): keep the running scenario's name.
    }
    downloadText(text, fileName);
    setStatus({ tone: 'info', text: `Saved as ${fileName}.` });
  };

  const copyLink = async () => {
    if (current === null) return;
    const fragment = await encodeShare({ ...current, ...(seed !== undefined ? { seed } : {}) });
    // The address bar shows the link too, so it can be copied from there when the clipboard is not allowed.
    window.history.replaceState(null, '', fragment);
    try {
      await navigator.clipboard.writeText(window.location.href);
      setStatus({ tone: 'info', text: 'Link copied: it opens this scenario, variant and seed for anyone.' });
    } catch {
      setStatus({ tone: 'info', text: 'The link is in the address bar: copy it from there.' });
    }
  };

  const pickLibrary = (entry: LibraryEntry, text: string, variant: string | undefined) => {
    setDialog(null);
    void open({ text, ...(variant !== undefined ? { variant } : {}) }, entry.id, null);
  };

  return (
    <section className="scenario-bar" aria-label="Scenario">
      <button type="button" onClick={() => setDialog('library')} aria-haspopup="dialog">
        Library…
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Open file…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="scenario-file"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = ''; // so the same file can be picked again
          if (file) void openFile(file);
        }}
      />
      <button type="button" onClick={() => setDialog('editor')} disabled={current === null} aria-haspopup="dialog">
        Edit JSON…
      </button>
      <button type="button" onClick={() => current && save(current.text)} disabled={current === null}>
        Save
      </button>
      <button type="button" onClick={() => void copyLink()} disabled={current === null}>
        Copy link
      </button>
      <CompareButton />
      <ExportMenu />
      {source?.variant !== undefined ? <span className="variant-chip">variant: {source.variant}</span> : null}
      <p className={`scenario-status ${status?.tone ?? ''}`} role="status" data-testid="scenario-status">
        {status?.text}
      </p>
      {dialog === 'library' ? (
        <LibraryDialog currentId={libraryId} currentVariant={source?.variant} onOpen={pickLibrary} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'editor' && current !== null ? (
        <EditorDialog
          source={current}
          onApply={(next) => open(next, null, 'Applied the edited scenario.')}
          onSave={save}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dragging ? (
        <div className="drop-target" aria-hidden="true">
          <p>Drop a scenario .json file to open it</p>
        </div>
      ) : null}
    </section>
  );
}
