/**
 * Pointer, wheel and keyboard input on the plane, as DOM listeners on its host element (no Pixi
 * involved, so it is testable in jsdom). One pointer pressed steers your cursor; a modifier key
 * (Shift, Ctrl, Alt or Cmd) or the middle button pans; two fingers pan and pinch-zoom; the wheel
 * zooms about the pointer. Arrow keys step the cursor (Shift: five times further), + and - zoom,
 * 0 resets the view.
 */
import { panBy, screenToWorld, zoomAt, type Point, type View } from '../viewTransform';

export interface PlaneInputTarget {
  getView(): View;
  setView(view: View): void;
  canSteer(): boolean;
  steer(z: Point): void;
  /** Moves your cursor by (dx, dy) in z units. */
  step(dx: number, dy: number): void;
  reset(): void;
}

/** Arrow-key step in screen pixels, so it feels the same at every zoom. */
export const KEY_STEP_PX = 8;
export const KEY_STEP_SHIFT_PX = 40;
const WHEEL_ZOOM_PER_PIXEL = 0.0015;

type Mode = 'steer' | 'pan' | 'gesture';

export function attachPlaneInput(el: HTMLElement, t: PlaneInputTarget): () => void {
  const pointers = new Map<number, Point>();
  let mode: Mode | null = null;

  const local = (e: { clientX: number; clientY: number }): Point => {
    const r = el.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const steerAt = (p: Point) => {
    if (t.canSteer()) t.steer(screenToWorld(t.getView(), p[0], p[1]));
  };
  const centroid = (): Point => {
    const ps = [...pointers.values()];
    return [ps.reduce((s, p) => s + p[0], 0) / ps.length, ps.reduce((s, p) => s + p[1], 0) / ps.length];
  };
  const spread = (): number => {
    const [a, b] = [...pointers.values()];
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  };

  function down(e: PointerEvent) {
    if (e.button !== 0 && e.button !== 1) return;
    el.setPointerCapture?.(e.pointerId);
    // preventDefault below also stops the browser focusing the plane; focus it for the arrow keys.
    el.focus({ preventScroll: true });
    pointers.set(e.pointerId, local(e));
    if (pointers.size >= 2) mode = 'gesture';
    else mode = e.button === 1 || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey ? 'pan' : 'steer';
    if (mode === 'steer') steerAt(local(e));
    e.preventDefault();
  }

  function move(e: PointerEvent) {
    const prev = pointers.get(e.pointerId);
    if (!prev || !mode) return;
    const p = local(e);
    if (mode === 'gesture' && pointers.size >= 2) {
      const [c0, d0] = [centroid(), spread()];
      pointers.set(e.pointerId, p);
      const [c1, d1] = [centroid(), spread()];
      const zoomed = d0 > 0 ? zoomAt(t.getView(), c1[0], c1[1], d1 / d0) : t.getView();
      t.setView(panBy(zoomed, c1[0] - c0[0], c1[1] - c0[1]));
      return;
    }
    pointers.set(e.pointerId, p);
    if (mode === 'pan') t.setView(panBy(t.getView(), p[0] - prev[0], p[1] - prev[1]));
    else if (mode === 'steer') steerAt(p);
  }

  function up(e: PointerEvent) {
    pointers.delete(e.pointerId);
    // Lifting one finger of two ends the gesture without turning the other into steering.
    if (pointers.size === 0) mode = null;
  }

  function wheel(e: WheelEvent) {
    e.preventDefault();
    const [x, y] = local(e);
    const pixels = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    t.setView(zoomAt(t.getView(), x, y, Math.exp(-pixels * WHEEL_ZOOM_PER_PIXEL * (e.ctrlKey ? 4 : 1))));
  }

  function key(e: KeyboardEvent) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const v = t.getView();
    const stepPx = e.shiftKey ? KEY_STEP_SHIFT_PX : KEY_STEP_PX;
    const arrows: Record<string, Point> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const dir = arrows[e.key];
    if (dir) {
      if (t.canSteer()) t.step((dir[0] * stepPx) / v.scale, (dir[1] * stepPx) / v.scale);
    } else if (e.key === '+' || e.key === '=') t.setView(zoomAt(v, v.width / 2, v.height / 2, 1.25));
    else if (e.key === '-' || e.key === '_') t.setView(zoomAt(v, v.width / 2, v.height / 2, 0.8));
    else if (e.key === '0') t.reset();
    else return;
    e.preventDefault();
  }

  const noMenu = (e: Event) => mode && e.preventDefault();
  el.addEventListener('pointerdown', down);
  el.addEventListener('pointermove', move);
  el.addEventListener('pointerup', up);
  el.addEventListener('pointercancel', up);
  el.addEventListener('wheel', wheel, { passive: false });
  el.addEventListener('keydown', key);
  el.addEventListener('contextmenu', noMenu);
  return () => {
    el.removeEventListener('pointerdown', down);
    el.removeEventListener('pointermove', move);
    el.removeEventListener('pointerup', up);
    el.removeEventListener('pointercancel', up);
    el.removeEventListener('wheel', wheel);
    el.removeEventListener('keydown', key);
    el.removeEventListener('contextmenu', noMenu);
  };
}
