'use client';
/**
 * The Pixi latent plane. Pixi is imported dynamically inside the effect, so it never runs on the
 * server. React StrictMode mounts, unmounts and mounts again: the first start may still be
 * awaiting `app.init()` when its cleanup runs, so cleanup only flags it, and it destroys itself
 * once init has finished. Each mount owns its own canvas. Until the digits are drawn the plane
 * says what it is waiting for; the z rectangle in view is remembered for a reload.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createBrowserStorage } from '../lib/browserStorage';
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
  /** Drawn over the plane's corners (badges, zoom buttons). */
  children?: ReactNode;
}

const DEFAULT_LABEL =
  'Latent plane. Press and drag to steer your cursor; arrow keys move it, Shift for bigger steps; + and - zoom, 0 resets the view.';

/** What the plane is waiting for, in words. */
function useLoadingText(drawn: boolean): string | null {
  const status = useRoom((s) => s.status);
  const hasRoom = useRoom((s) => s.room !== null);
  if (drawn) return null;
  if (!hasRoom && (status === 'idle' || status === 'connecting')) return 'Joining the room…';
  return 'Loading the 10,000 encoded digits…';
}

export function LatentPlane({ label = DEFAULT_LABEL, className, cursorScale = 1, load, children }: LatentPlaneProps) {
  const services = useRoomServices();
  const hostRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);
  const loading = useLoadingText(drawn);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let cancelled = false;
    let handle: PlaneHandle | null = null;
    const storage = createBrowserStorage();
    const { room } = services;
    (async () => {
      try {
        const { startPlane } = await (load ?? (() => import('../lib/plane/startPlane')))();
        if (cancelled) return;
        const h = await startPlane({
          ...services,
          host,
          cursorScale,
          initialRegion: storage.plane(room).region,
          onRegion: (region) => storage.setPlane(room, { region }),
          onStatus: (t) => !cancelled && setStatus(t),
          onDrawn: () => !cancelled && setDrawn(true),
        });
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

  const problem = failed ?? status;
  return (
    <div className={`plane ${className ?? ''}`}>
      <div ref={hostRef} className="plane-host" data-testid="latent-plane" role="application" aria-label={label} aria-busy={!drawn} tabIndex={0} />
      {loading && !problem && (
        <div className="plane-loading" role="status" data-testid="plane-loading">
          <span className="spinner" aria-hidden="true" />
          {loading}
        </div>
      )}
      {children}
      {problem && (
        <p className="plane-status" role="status">
          {problem}
        </p>
      )}
    </div>
  );
}
