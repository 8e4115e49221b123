import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Packages only the server process (or ml/) may load. */
const SERVER_ONLY = ['socket.io', 'onnxruntime-node', 'better-sqlite3', '@napi-rs/canvas', 'pino', '@tensorflow/*', 'gifenc'];

/** One no-restricted-imports rule per top-level folder: the folders and packages it must not import. */
function boundaries(table) {
  return Object.entries(table).map(([glob, { dirs, packages, why }]) => ({
    files: [glob.replace('**', '**/*.{ts,tsx,mjs}')],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: dirs.flatMap((d) => [`**/${d}/*`, `**/${d}`]), message: why },
          ...(packages.length ? [{ group: packages, message: why }] : []),
        ],
      }],
    },
  }));
}

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'data/', 'models/', 'runs/', 'bench/results/', 'next-env.d.ts', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['app/**/*.{ts,tsx}', 'test/unit/app-*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  // The architecture's boundaries (README "Architecture"): the web app and the bot are clients,
  // shared/ is what both sides import, and nothing the server runs depends on ml/.
  ...boundaries({
    'app/**': { dirs: ['server', 'ml', 'bot'], packages: SERVER_ONLY, why: 'the web app runs in the browser: it may import shared/ and its own files only' },
    'shared/**': { dirs: ['server', 'ml', 'app', 'bot'], packages: [...SERVER_ONLY, 'node:*', 'react', 'pixi.js'], why: 'shared/ is imported by the server and the browser alike: it imports neither side' },
    'server/**': { dirs: ['ml', 'app', 'bot'], packages: ['@tensorflow/*'], why: 'the server process never loads training, export, figures, the web app or the bot' },
    'bot/**': { dirs: ['server', 'ml', 'app'], packages: SERVER_ONLY, why: 'the bot is a client: it speaks the protocol in shared/ only' },
    'ml/**': { dirs: ['app', 'bot'], packages: [], why: 'training, export and figures do not depend on the clients' },
  }),
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', window: 'readonly', document: 'readonly', performance: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly', navigator: 'readonly', location: 'readonly', localStorage: 'readonly',
        sessionStorage: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
