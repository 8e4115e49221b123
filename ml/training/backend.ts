import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerConvGradientsIfNeeded } from './convGradients.js';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Checks a `--backend` option; undefined means "choose for me". */
export function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined) return undefined;
  if (!(BACKENDS as readonly string[]).includes(value)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
  return value as BackendName;
}

async function tryTfjsNode(): Promise<boolean> {
  try {
    // Optional: it cannot be installed without internet access, so it is used only when present.
    const name = '@tensorflow/tfjs-node';
    await import(/* webpackIgnore: true */ name);
    return tf.findBackend('tensorflow') != null || tf.engine().registryFactory.tensorflow != null;
  } catch {
    return false;
  }
}

async function setupWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  wasm.setWasmPaths(path.join(dist, 'dist') + path.sep);
}

/**
 * Activates a tfjs backend: the one asked for, or tfjs-node when installed, otherwise wasm.
 * Registers the wasm-friendly conv gradients when the backend lacks Conv2DBackpropFilter.
 */
export async function initBackend(requested?: BackendName): Promise<BackendName> {
  let name: BackendName;
  if (requested === 'tensorflow' || (!requested && (await tryTfjsNode()))) {
    if (requested && !(await tryTfjsNode())) {
      throw new Error('backend "tensorflow" needs @tensorflow/tfjs-node, which is not installed');
    }
    name = 'tensorflow';
  } else {
    name = requested ?? 'wasm';
    if (name === 'wasm') await setupWasm();
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend "${name}" failed to initialise`);
  await tf.ready();
  registerConvGradientsIfNeeded();
  return name;
}
