'use client';
/**
 * The Pixi latent plane. Pixi is imported dynamically inside the effect, so it never runs on the
 * server. React StrictMode mounts, unmounts and mounts again: the first start may still be
 * awaiting `app.init()` when its cleanup runs, so cleanup only flags it, and it destroys itself
 * once init has finished. Each mount owns its own canvas.
 */
import { useEffect, useRef, useState } from 'react';
import { DigitCanvas } from './DigitCanvas';
import { useRoom, useRoomServices } from './RoomServices';
import type { PlaneHandle } from '../lib/plane/startPlane';

export interface LatentPlaneProps {
  /** Accessible description of what the plane does, read by screen readers. */
  label?: string;
  className?: string;
  /** Size of other people's cursors and labels on the plane. */
  cursorScale?: number;
  /** For tests: replaces the dynamic import of the Pixi scene. */
  load?: () => Promise<{ startPlane: typeof import('../lib/plane/startPlane').startPlane }>;
}

const DEFAULT_LABEL =
  'Latent plane. Press and drag to steer your cursor; arrow keys move it, Shift for bigger steps; + and - zoom, 0 resets the view.';

export function LatentPlane({ label = DEFAULT_LABEL, className, cursorScale = 1, load }: LatentPlaneProps) {
  const services = useRoomServices();
  const hostRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const youId = useRoom((s) => s.you?.id ?? null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let cancelled = false;
    let handle: PlaneHandle | null = null;
    (async () => {
      try {
        const { startPlane } = await (load ?? (() => import('../lib/plane/startPlane')))();
        if (cancelled) return;
        const h = await startPlane({ ...services, host, cursorScale, onStatus: (t) => !cancelled && setStatus(t) });
        // Unmounted while init was running: finish, then clean up here rather than mid-init.
        if (cancelled) h.destroy();
        else handle = h;
      } catch (e) {
        if (!cancelled) setFailed(`The plane could not start its graphics (WebGL): ${(e as Error).message}`);
      }
    })();
    return () => {
      cancelled = true;
      handle?.destroy();
      handle = null;
    };
  }, [services, load, cursorScale]);

  return (
    <div className={`plane ${className ?? ''}`}>
      <div
        ref={hostRef}
        className="plane-host"
        data-testid="latent-plane"
        role="application"
        aria-label={label}
        tabIndex={0}
      />
      {/* On small screens the digit panel is below the fold: keep your digit in sight here. */}
      <DigitCanvas id={youId} label="Your digit" className="plane-mini-digit" />
      {(status || failed) && (
        <p className="plane-status" role="status">
          {failed ?? status}
        </p>
      )}
    </div>
  );
}
