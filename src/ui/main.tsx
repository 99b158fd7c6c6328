import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createWorkerClient } from '../runtime/worker-client';
import { App } from './App';
import { LabContext } from './lab-context';
// The lab opens on the chapter's design challenge; the rest of the library is fetched when picked.
import { DEFAULT_SCENARIO_TEXT } from './scenarios/library';
import { createLabStore } from './store';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a <div id="root">');

const client = createWorkerClient();
const lab = { store: createLabStore(client), client };

createRoot(root).render(
  <StrictMode>
    <LabContext value={lab}>
      <App initialScenario={DEFAULT_SCENARIO_TEXT} />
    </LabContext>
  </StrictMode>,
);
