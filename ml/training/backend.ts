import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerConvGradientsIfNeeded } from './convGradients.js';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The backend that is now active, and why it was chosen (for the logs of train and bench). */
export interface BackendChoice {
  name: BackendName;
  reason: string;
}

/** Loads a module by name; injected by tests to stand for a missing or broken tfjs-node. */
export type ModuleImporter = (name: string) => Promise<unknown>;

const TFJS_NODE = '@tensorflow/tfjs-node';

// webpackIgnore: nothing in app/ imports this, but the import must stay a runtime one anyway.
const importModule: ModuleImporter = (name) => import(/* webpackIgnore: true */ name);

/** Checks a `--backend` option; undefined means "choose for me". */
export function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined) return undefined;
  if (!(BACKENDS as readonly string[]).includes(value)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
  return value as BackendName;
}

/** The first line of an error, without the require stack Node appends to MODULE_NOT_FOUND. */
function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/**
 * Loads tfjs-node, which registers the "tensorflow" backend; the reason it cannot be used otherwise.
 * Optional: its install downloads libtensorflow, so without internet access npm skips it.
 */
async function loadTfjsNode(importer: ModuleImporter): Promise<{ ok: true } | { ok: false; why: string }> {
  try {
    await importer(TFJS_NODE);
  } catch (err) {
    const missing = (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' || (err as { code?: string }).code === 'MODULE_NOT_FOUND';
    return { ok: false, why: missing ? `${TFJS_NODE} is not installed` : `${TFJS_NODE} failed to load: ${firstLine(err)}` };
  }
  if (tf.findBackend('tensorflow') == null && tf.engine().registryFactory.tensorflow == null) {
    return { ok: false, why: `${TFJS_NODE} loaded but registered no "tensorflow" backend` };
  }
  return { ok: true };
}

async function setupWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  wasm.setWasmPaths(path.join(dist, 'dist') + path.sep);
}

/** Picks the backend: the one asked for, else tfjs-node when it loads, else wasm; and says why. */
async function pickBackend(requested: BackendName | undefined, importer: ModuleImporter): Promise<BackendChoice> {
  if (requested === 'tensorflow') {
    const node = await loadTfjsNode(importer);
    if (!node.ok) throw new Error(`backend "tensorflow" needs ${TFJS_NODE}: ${node.why}`);
    return { name: 'tensorflow', reason: '--backend tensorflow' };
  }
  if (requested) return { name: requested, reason: `--backend ${requested}` };
  const node = await loadTfjsNode(importer);
  if (node.ok) return { name: 'tensorflow', reason: `${TFJS_NODE} found` };
  return { name: 'wasm', reason: node.why };
}

/**
 * Activates a tfjs backend: the one asked for, or tfjs-node when it loads, otherwise wasm; returns
 * it with the reason. Registers the wasm-friendly conv gradients when the backend lacks
 * Conv2DBackpropFilter.
 */
export async function chooseBackend(requested?: BackendName, importer: ModuleImporter = importModule): Promise<BackendChoice> {
  const choice = await pickBackend(requested, importer);
  if (choice.name === 'wasm') await setupWasm();
  const ok = await tf.setBackend(choice.name);
  if (!ok) throw new Error(`tfjs backend "${choice.name}" failed to initialise`);
  await tf.ready();
  registerConvGradientsIfNeeded();
  return choice;
}

/** `chooseBackend` for callers that need only the name. */
export async function initBackend(requested?: BackendName): Promise<BackendName> {
  return (await chooseBackend(requested)).name;
}

/** One line for a log: `tensorflow (@tensorflow/tfjs-node found)`. */
export function describeBackend(choice: BackendChoice): string {
  return `${choice.name} (${choice.reason})`;
}
