import { describe, expect, it } from 'vitest';
import { optionsFromEnv, resolveOptions } from '../../server/config.js';
import { defaultDecoderThreads } from '../../server/decoder/decoderThreads.js';

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe('the number of decoder threads', () => {
  it('is one per core on one or two cores, and leaves a core to the socket thread above, at most 8', () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => defaultDecoderThreads(cores))).toEqual([1, 2, 2, 3, 7, 8]);
  });

  it('is read from DECODER_THREADS, and refused unless 1-64', () => {
    expect(resolveOptions(optionsFromEnv(env({ DECODER_THREADS: '3' }))).decoderThreads).toBe(3);
    expect(resolveOptions(optionsFromEnv(env({}))).decoderThreads).toBe(defaultDecoderThreads());
    expect(() => resolveOptions(optionsFromEnv(env({ DECODER_THREADS: '0' })))).toThrow(/DECODER_THREADS.*1-64/);
    expect(() => optionsFromEnv(env({ DECODER_THREADS: 'two' }))).toThrow(/DECODER_THREADS must be a non-negative integer/);
  });
});
