// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Point } from '../../app/lib/viewTransform';
import { attachPlaneInput, KEY_STEP_PX, KEY_STEP_SHIFT_PX } from '../../app/lib/plane/planeInput';
import { screenToWorld, type View } from '../../app/lib/viewTransform';

let el: HTMLDivElement;
let view: View;
let steered: Point[];
let steps: Point[];
let steerable: boolean;
let detach: () => void;

function pointer(type: string, x: number, y: number, extra: Record<string, unknown> = {}) {
  const e = new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0, ...extra });
  Object.defineProperty(e, 'pointerId', { value: extra.pointerId ?? 1 });
  el.dispatchEvent(e);
}

beforeEach(() => {
  el = document.createElement('div');
  document.body.appendChild(el);
  view = { cx: 0, cy: 0, scale: 50, width: 400, height: 400 };
  steered = [];
  steps = [];
  steerable = true;
  detach = attachPlaneInput(el, {
    getView: () => view,
    setView: (v) => (view = v),
    canSteer: () => steerable,
    steer: (z) => steered.push(z),
    step: (dx, dy) => steps.push([dx, dy]),
    reset: () => (view = { ...view, cx: 0, cy: 0, scale: 50 }),
  });
});

afterEach(() => {
  detach();
  el.remove();
});

describe('input on the plane', () => {
  it('steers your cursor to the z under a pressed pointer as it moves', () => {
    pointer('pointerdown', 200, 200);
    pointer('pointermove', 250, 150);
    pointer('pointerup', 250, 150);
    pointer('pointermove', 300, 300); // released: no longer steering
    expect(steered).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('pans instead of steering while a modifier key is held', () => {
    pointer('pointerdown', 200, 200, { shiftKey: true });
    pointer('pointermove', 250, 200, { shiftKey: true });
    expect(steered).toEqual([]);
    expect(view.cx).toBeCloseTo(-1);
  });

  it('zooms and pans with two fingers', () => {
    pointer('pointerdown', 150, 200, { pointerId: 1 });
    pointer('pointerdown', 250, 200, { pointerId: 2 });
    pointer('pointermove', 100, 200, { pointerId: 1 });
    pointer('pointermove', 300, 200, { pointerId: 2 });
    expect(view.scale).toBeCloseTo(100);
    expect(steered.length).toBe(1); // only the first finger's press, before the second landed
  });

  it('zooms about the pointer with the wheel', () => {
    const before = screenToWorld(view, 300, 100);
    el.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, clientX: 300, clientY: 100, cancelable: true }));
    expect(view.scale).toBeGreaterThan(50);
    const after = screenToWorld(view, 300, 100);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
  });

  it('steps the cursor with the arrow keys, further with Shift', () => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', cancelable: true }));
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', shiftKey: true, cancelable: true }));
    expect(steps).toEqual([
      [0, KEY_STEP_PX / 50],
      [-KEY_STEP_SHIFT_PX / 50, 0],
    ]);
  });

  it('zooms with + and - and resets with 0', () => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: '+' }));
    expect(view.scale).toBeCloseTo(62.5);
    el.dispatchEvent(new KeyboardEvent('keydown', { key: '0' }));
    expect(view.scale).toBe(50);
  });

  it('does not steer while the host has frozen steering', () => {
    steerable = false;
    pointer('pointerdown', 200, 200);
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp' }));
    expect(steered).toEqual([]);
    expect(steps).toEqual([]);
  });
});
