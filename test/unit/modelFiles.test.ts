import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertModelFolder, defaultModelsDir, loadEmbedding, loadModelCard, modelDir, modelFile } from '../../server/models/modelFiles.js';

describe('model files', () => {
  let modelsDir: string;

  beforeEach(() => {
    modelsDir = mkdtempSync(path.join(tmpdir(), 'model-files-'));
  });
  afterEach(() => rmSync(modelsDir, { recursive: true, force: true }));

  function writeFolder(kind: 'ae' | 'vae', files: Record<string, string>): void {
    mkdirSync(modelDir(modelsDir, kind), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(modelDir(modelsDir, kind), name), text);
  }

  const whole = {
    'encoder.onnx': 'x',
    'decoder.onnx': 'x',
    'embedding.json': JSON.stringify({ count: 2, z: [0.5, -1, 2.25, 3], labels: [7, 2] }),
    'card.json': JSON.stringify({ kind: 'vae', title: 'a card' }),
  };

  it('puts each model kind in its own folder', () => {
    expect(modelDir('/m', 'ae')).toBe(path.join('/m', 'ae'));
  });

  it('reads models from MODELS_DIR when it is set, else from the repo\'s models folder', () => {
    const saved = process.env.MODELS_DIR;
    try {
      process.env.MODELS_DIR = '/elsewhere/models';
      expect(defaultModelsDir()).toBe('/elsewhere/models');
      delete process.env.MODELS_DIR;
      expect(defaultModelsDir()).toBe(path.resolve(__dirname, '../../models'));
    } finally {
      if (saved === undefined) delete process.env.MODELS_DIR;
      else process.env.MODELS_DIR = saved;
    }
  });

  it('names the missing file and the commands that make it', () => {
    writeFolder('ae', { 'encoder.onnx': 'x', 'embedding.json': whole['embedding.json'], 'card.json': whole['card.json'] });
    expect(() => assertModelFolder(modelsDir, 'ae')).toThrow(path.join(modelsDir, 'ae', 'decoder.onnx'));
    expect(() => assertModelFolder(modelsDir, 'ae')).toThrow(/npm run train -- --model ae.*then.*npm run export -- --model ae/);
  });

  it('does not blame files that are present', () => {
    writeFolder('vae', { 'encoder.onnx': 'x', 'decoder.onnx': 'x', 'card.json': '{}' });
    expect(() => assertModelFolder(modelsDir, 'vae')).toThrow(/missing [^ ]*embedding\.json\. /);
  });

  it('finds one model file, or names it and its commands when it is missing', () => {
    writeFolder('ae', { 'decoder.onnx': 'x' });
    expect(modelFile(modelsDir, 'ae', 'decoder.onnx')).toBe(path.join(modelsDir, 'ae', 'decoder.onnx'));
    expect(() => modelFile(modelsDir, 'ae', 'encoder.onnx')).toThrow(/missing [^ ]*encoder\.onnx\. Make it with: npm run train -- --model ae/);
  });

  it('accepts a folder that holds every file', () => {
    writeFolder('vae', whole);
    expect(() => assertModelFolder(modelsDir, 'vae')).not.toThrow();
  });

  it('loads the embedding as typed arrays', () => {
    writeFolder('vae', whole);
    const e = loadEmbedding(modelsDir, 'vae');
    expect(e.count).toBe(2);
    expect(e.z).toBeInstanceOf(Float32Array);
    expect(Array.from(e.z)).toEqual([0.5, -1, 2.25, 3]);
    expect(e.labels).toBeInstanceOf(Uint8Array);
    expect(Array.from(e.labels)).toEqual([7, 2]);
  });

  it('refuses an embedding whose count disagrees with its arrays', () => {
    writeFolder('ae', { ...whole, 'embedding.json': JSON.stringify({ count: 3, z: [0, 0], labels: [1] }) });
    expect(() => loadEmbedding(modelsDir, 'ae')).toThrow(/count 3/);
  });

  it('loads the model card', () => {
    writeFolder('vae', whole);
    expect(loadModelCard(modelsDir, 'vae')).toMatchObject({ kind: 'vae', title: 'a card' });
  });
});
