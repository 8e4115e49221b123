import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBackend, describeBackend, type ModuleImporter } from '../../ml/training/backend.js';

/** What Node throws for a package that is not in node_modules (as on a machine without internet at install). */
const notInstalled: ModuleImporter = async (name) => {
  throw Object.assign(new Error(`Cannot find package '${name}' imported from ${import.meta.url}\nRequire stack: ...`), { code: 'ERR_MODULE_NOT_FOUND' });
};

describe('choosing the training backend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('falls back to wasm when tfjs-node is not installed, and says so', async () => {
    await tf.setBackend('cpu');
    const choice = await chooseBackend(undefined, notInstalled);
    expect(choice).toEqual({ name: 'wasm', reason: '@tensorflow/tfjs-node is not installed' });
    // The wasm backend is really the one running now, not just named.
    expect(tf.getBackend()).toBe('wasm');
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
    expect(Array.from(sum)).toEqual([4, 6]);
    expect(describeBackend(choice)).toBe('wasm (@tensorflow/tfjs-node is not installed)');
  });

  it('falls back to wasm when tfjs-node is installed but cannot load, and names the error', async () => {
    await tf.setBackend('cpu');
    const broken: ModuleImporter = async () => {
      throw new Error('libtensorflow.so.2: cannot open shared object file');
    };
    const choice = await chooseBackend(undefined, broken);
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toBe('@tensorflow/tfjs-node failed to load: libtensorflow.so.2: cannot open shared object file');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('refuses --backend tensorflow without tfjs-node instead of running on something else', async () => {
    await expect(chooseBackend('tensorflow', notInstalled)).rejects.toThrow('backend "tensorflow" needs @tensorflow/tfjs-node: @tensorflow/tfjs-node is not installed');
  });

  it('uses the backend asked for and gives the option as the reason', async () => {
    const choice = await chooseBackend('cpu', notInstalled);
    expect(choice).toEqual({ name: 'cpu', reason: '--backend cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('says what the real import of tfjs-node found on this machine', async () => {
    // Either outcome is fine here (it depends on the install); the reason must match it.
    const choice = await chooseBackend();
    if (choice.name === 'tensorflow') expect(choice.reason).toBe('@tensorflow/tfjs-node found');
    else expect(choice.reason).toMatch(/^@tensorflow\/tfjs-node (is not installed|failed to load: )/);
    expect(tf.getBackend()).toBe(choice.name);
  });
});
