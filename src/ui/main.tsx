import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import checkoutBurst from '../../scenarios/checkout-burst.json?raw';
import { createWorkerClient } from '../runtime/worker-client';
import { App } from './App';
import { LabContext } from './lab-context';
import { createLabStore } from './store';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a <div id="root">');

const client = createWorkerClient();
const lab = { store: createLabStore(client), client };

createRoot(root).render(
  <StrictMode>
    <LabContext value={lab}>
      <App initialScenario={checkoutBurst} />
    </LabContext>
  </StrictMode>,
);
