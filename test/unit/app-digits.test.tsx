// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DigitCanvas } from '../../app/components/DigitCanvas';
import { QrCode } from '../../app/components/QrCode';
import { pixelChecksum, writeDigitRgba } from '../../app/lib/digitPixels';
import { describeError, describeHttpFailure } from '../../app/lib/userMessages';
import { decodeFrames, encodeFrames, FrameKind } from '../../shared/frameCodec';
import { renderInRoom, testServices } from './appTestServices';

afterEach(cleanup);

const nextFrame = () => act(async () => new Promise((r) => requestAnimationFrame(() => r(undefined))));

describe('digit pixels', () => {
  it('upscales with nearest neighbour: each decoded pixel becomes a solid square', () => {
    const pixels = new Uint8Array([0, 255, 255, 0]);
    const out = new Uint8ClampedArray(4 * 4 * 4);
    writeDigitRgba(pixels, 2, out, 4);
    const red = (x: number, y: number) => out[(y * 4 + x) * 4];
    const [paper, ink] = [red(0, 0), red(2, 0)];
    expect(paper).toBeGreaterThan(ink);
    expect([red(1, 1), red(3, 1), red(0, 2), red(1, 3), red(3, 3)]).toEqual([paper, ink, ink, ink, paper]);
  });
});

describe('a digit canvas', () => {
  it('shows the latest frame of its cursor and exposes its z and checksum', async () => {
    const s = testServices();
    renderInRoom(<DigitCanvas id={4} label="Digit of Ada" />, s);
    const pixels = new Uint8Array(784).map((_, i) => i % 251);
    s.frameStore.apply(decodeFrames(encodeFrames({ tick: 1, entries: [{ id: 4, kind: FrameKind.full, ghost: false, seq: 1, z: [0.5, -1.25], pixels }] })));
    await nextFrame();
    await nextFrame();
    const canvas = screen.getByRole('img', { name: 'Digit of Ada' });
    expect(canvas.dataset.z).toBe('0.500,-1.250');
    expect(canvas.dataset.checksum).toBe(pixelChecksum(pixels));
  });
});

describe('the QR code', () => {
  it('carries the text it encodes and the size of its grid', async () => {
    render(<QrCode text="http://192.168.1.5:3000/r/calm-otter-42" />);
    const qr = screen.getByTestId('qr-code');
    // The QR code is drawn once its module has loaded: wait for it, however busy the machine.
    await waitFor(() => expect(qr.dataset.qrModules).toBeDefined(), { timeout: 5000 });
    expect(qr.dataset.qrText).toBe('http://192.168.1.5:3000/r/calm-otter-42');
    expect(Number(qr.dataset.qrModules)).toBeGreaterThanOrEqual(21);
    expect(qr.getAttribute('aria-label')).toContain('calm-otter-42');
  });
});

describe('errors in words', () => {
  it('tells a student what to do when the room is full or the page is outdated', () => {
    expect(describeError({ code: 'room_full', message: 'full' })).toMatch(/room is full/i);
    expect(describeError({ code: 'protocol_mismatch', message: 'x' })).toMatch(/reload/i);
    expect(describeError({ code: 'limit', message: 'at most 8 replays per room' })).toBe('at most 8 replays per room');
  });

  it('words HTTP failures: unreachable, model loading, and the server’s own error', () => {
    expect(describeHttpFailure(null)).toMatch(/cannot reach the server/i);
    expect(describeHttpFailure(503)).toMatch(/still loading/i);
    expect(describeHttpFailure(400, { error: { code: 'bad_request', message: 'model must be ae or vae' } })).toBe('model must be ae or vae');
  });
});
