'use client';
/**
 * One cursor's decoded digit on a canvas, redrawn from the frame store on animation frames when
 * a new frame arrived: React renders it once, the pixels never pass through React state.
 * data-z and data-checksum expose what is shown, for tests.
 */
import { useEffect, useRef } from 'react';
import { drawDigit } from '../lib/digitPixels';
import { useRoomServices } from './RoomServices';

export interface DigitCanvasProps {
  /** Cursor id whose frames to show; null shows an empty canvas. */
  id: number | null;
  label: string;
  className?: string;
  testId?: string;
}

export function DigitCanvas({ id, label, className, testId }: DigitCanvasProps) {
  const { frameStore } = useRoomServices();
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (id === null) return;
    let raf = 0;
    let version = -1;
    let zx = NaN;
    let zy = NaN;
    const loop = () => {
      const c = frameStore.cursors.get(id);
      const el = ref.current;
      if (c && el) {
        if (c.pixels && c.version !== version) {
          version = c.version;
          drawDigit(el, c.pixels);
          el.dataset.checksum = frameStore.checksum(id) ?? '';
          delete el.dataset.empty;
        }
        if (c.z[0] !== zx || c.z[1] !== zy) {
          [zx, zy] = c.z;
          el.dataset.z = `${zx.toFixed(3)},${zy.toFixed(3)}`;
        }
      }
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [id, frameStore]);

  // data-empty until the first frame: the style shows "no digit yet" rather than a blank square.
  return <canvas ref={ref} width={28} height={28} className={`digit ${className ?? ''}`} role="img" aria-label={label} data-testid={testId} data-empty />;
}
