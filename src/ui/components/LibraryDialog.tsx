import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { libraryGroups, type LibraryEntry } from '../scenarios/library';
import { Modal } from './Modal';

/** The select's value for "no variant" (the scenario's `base`; not imported, as that module brings the schema). */
const NO_VARIANT = '';

/** What the dialog knows about the selected file once its text has arrived. */
interface Details {
  id: string;
  text: string;
  description: string;
  variants: { name: string; description: string }[];
}

/**
 * The scenario library: the bundled files grouped by theme, each a radio button (arrow keys move between
 * them), with the selected one's description and variants beside the list. Opening loads the file's text
 * lazily and hands it, with the chosen variant, to `onOpen`.
 */
export function LibraryDialog({
  currentId,
  currentVariant,
  onOpen,
  onClose,
}: {
  currentId: string | null;
  currentVariant: string | undefined;
  onOpen: (entry: LibraryEntry, text: string, variant: string | undefined) => void;
  onClose: () => void;
}) {
  const groups = useMemo(() => libraryGroups(), []);
  const entries = useMemo(() => groups.flatMap((g) => g.entries), [groups]);
  const [selectedId, setSelectedId] = useState(currentId ?? entries[0]?.id ?? '');
  const [variant, setVariant] = useState(currentVariant ?? NO_VARIANT);
  const [details, setDetails] = useState<Details | null>(null);
  const selected = entries.find((e) => e.id === selectedId);

  useEffect(() => {
    if (!selected) return;
    let live = true;
    void selected.load().then((text) => {
      if (live) setDetails(detailsOf(selected.id, text));
    });
    return () => {
      live = false;
    };
  }, [selected]);

  const ready = details !== null && details.id === selectedId;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!selected || !ready) return;
    onOpen(selected, details.text, variant === NO_VARIANT ? undefined : variant);
  };

  return (
    <Modal title="Scenario library" className="library" onClose={onClose}>
      <form className="library-body" onSubmit={submit}>
        <div className="library-list">
          {groups.map((group) => (
            <fieldset key={group.id}>
              <legend>{group.label}</legend>
              {group.entries.map((entry) => (
                <label key={entry.id} className="library-entry">
                  <input
                    type="radio"
                    name="scenario"
                    value={entry.id}
                    checked={entry.id === selectedId}
                    data-autofocus={entry.id === selectedId ? true : undefined}
                    onChange={() => {
                      setSelectedId(entry.id);
                      setVariant(NO_VARIANT);
                    }}
                  />
                  <span>{entry.name}</span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
        <div className="library-detail" aria-live="polite">
          <h3>{selected?.name}</h3>
          {ready ? (
            <>
              <p className="library-description">{details.description}</p>
              {details.variants.length > 0 ? (
                <label className="library-variant">
                  Variant
                  <select value={variant} onChange={(event) => setVariant(event.currentTarget.value)}>
                    <option value={NO_VARIANT}>base (as written)</option>
                    {details.variants.map((v) => (
                      <option key={v.name} value={v.name}>
                        {v.name}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {variant !== NO_VARIANT ? (
                <p className="library-variant-note">{details.variants.find((v) => v.name === variant)?.description}</p>
              ) : null}
            </>
          ) : (
            <p className="library-description">Loading…</p>
          )}
          <div className="library-actions">
            <button type="submit" className="primary" disabled={!ready}>
              Open
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </div>
      </form>
    </Modal>
  );
}

/** The description and variants of a bundled file (our own files, so plain JSON.parse is fine). */
function detailsOf(id: string, text: string): Details {
  const data = JSON.parse(text) as { description?: unknown; variants?: Record<string, { description?: unknown }> };
  return {
    id,
    text,
    description: typeof data.description === 'string' ? data.description : '',
    variants: Object.entries(data.variants ?? {}).map(([name, v]) => ({
      name,
      description: typeof v.description === 'string' ? v.description : '',
    })),
  };
}
