// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers import in one direction only (see shared design): engine ← model ← metrics ← scenario ←
 * runtime ← cli | ui. Each folder lists the layers above it as forbidden imports.
 */
const LAYERS = ['engine', 'model', 'metrics', 'scenario', 'runtime', 'cli', 'ui'];

/** @param {string} layer */
function forbiddenFor(layer) {
  const above = layer === 'cli' ? ['ui'] : layer === 'ui' ? ['cli'] : LAYERS.slice(LAYERS.indexOf(layer) + 1);
  return above.map((name) => ({
    group: [`../${name}`, `../${name}/*`, `../../${name}`, `../../${name}/*`],
    message: `${layer}/ must not import ${name}/: layers depend downwards only (engine ← model ← metrics ← scenario ← runtime ← cli | ui).`,
  }));
}

const PURE = ['engine', 'model', 'metrics', 'scenario'];
const PURE_PACKAGES = ['node:*', 'fs', 'path', 'react', 'react-dom', 'react-dom/*', 'd3', 'd3-*', 'zustand', 'zustand/*', 'immer'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  ...LAYERS.map((layer) => ({
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbiddenFor(layer),
            ...(PURE.includes(layer)
              ? [{ group: PURE_PACKAGES, message: `${layer}/ is pure: no Node, DOM or UI libraries.` }]
              : []),
          ],
        },
      ],
    },
  })),
  {
    files: PURE.map((layer) => `src/${layer}/**/*.ts`),
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a seeded stream: rng.stream(name).' },
        { object: 'Date', property: 'now', message: 'Pure layers use virtual time (sim.now).' },
        { object: 'performance', property: 'now', message: 'Pure layers use virtual time; hosts inject a wall clock.' },
        // Transcendental functions differ in the last bit between JavaScript engines (Node 20 and Chromium do),
        // which would make the same seed give a different trace in the lab than in the CLI.
        ...['log', 'exp', 'pow', 'log1p', 'expm1', 'log2', 'log10', 'sin', 'cos', 'tan', 'atan2', 'cbrt', 'hypot'].map((property) => ({
          object: 'Math',
          property,
          message: 'Not reproducible across engines: use portableLog/portableExp from src/engine/portable-math.',
        })),
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'setTimeout', 'setInterval', 'Date', 'performance', 'process', 'navigator'].map((name) => ({
          name,
          message: `${name} is not available to pure layers (engine, model, metrics, scenario).`,
        })),
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['src/runtime/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['src/cli/**/*.{ts,mjs}', 'test/**/*.{ts,tsx}', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
