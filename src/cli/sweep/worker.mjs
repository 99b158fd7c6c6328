// Entry of a sweep worker thread. Like bin.mjs, it teaches Node to load the TypeScript sources (tsx)
// before handing over: loader hooks registered on the main thread do not reach worker threads on Node 20.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./worker-main.ts');
