#!/usr/bin/env node
// The `brokerlab` executable. The CLI is written in TypeScript and runs from source, so this launcher
// teaches Node to load .ts files (tsx, a pinned dependency) and hands over to main.ts. The repo's own
// tsconfig is named explicitly so the result does not depend on the directory the user runs it from.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
const { runCli } = await import('./main.ts');
process.exitCode = await runCli(process.argv.slice(2));
