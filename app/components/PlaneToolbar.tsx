'use client';
/** Controls by the plane: background, zoom, reset view, and a link to your current point. */
import { useState } from 'react';
import { copyText } from '../lib/clipboard';
import { pointLink } from '../lib/hashLink';
import { BACKGROUNDS, type Background } from '../stores/viewStore';
import type { ViewLock } from '../../shared/protocol';
import { useRoom, useRoomServices, useView } from './RoomServices';

const LOCK_WORDS: Record<ViewLock, string> = { scatter: 'the scatter', manifold: 'the decoded grid', both: 'the scatter on the grid', blind: 'no map: explore by your digit' };
const BACKGROUND_LABELS: Record<Background, string> = { scatter: 'Scatter', manifold: 'Decoded grid', both: 'Both', regions: 'Regions' };

/** Zoom in, zoom out and back to the whole model; the presenter view has them too. */
export function ZoomButtons({ className }: { className?: string }) {
  const { viewStore } = useRoomServices();
  return (
    <div className={`zoom-buttons ${className ?? ''}`} role="group" aria-label="Zoom">
      <button type="button" onClick={() => viewStore.getState().requestZoom(1.25)} aria-label="Zoom in" data-testid="zoom-in">
        +
      </button>
      <button type="button" onClick={() => viewStore.getState().requestZoom(0.8)} aria-label="Zoom out" data-testid="zoom-out">
        −
      </button>
      <button type="button" onClick={() => viewStore.getState().requestReset()} data-testid="reset-view">
        Reset view
      </button>
    </div>
  );
}

/** Which background the plane shows (a choice of this page only). */
export function BackgroundSwitch() {
  const { viewStore } = useRoomServices();
  const background = useView((s) => s.background);
  const lock = useRoom((s) => (s.you?.host ? null : (s.room?.lock ?? null)));
  // A student whose view the teacher locked has nothing to choose: say what the teacher chose.
  if (lock) {
    return (
      <p className="locked-view" data-testid="locked-view">
        🔒 The teacher shows {LOCK_WORDS[lock]}
      </p>
    );
  }
  return (
    <div className="segmented" role="radiogroup" aria-label="Background">
      {BACKGROUNDS.map((b) => (
        <label key={b} className={background === b ? 'on' : ''}>
          <input type="radio" name="background" value={b} checked={background === b} onChange={() => viewStore.getState().setBackground(b)} />
          {BACKGROUND_LABELS[b]}
        </label>
      ))}
    </div>
  );
}

export function PlaneToolbar() {
  const { localCursor } = useRoomServices();
  const [copied, setCopied] = useState<string | null>(null);

  async function copyPoint() {
    const z = localCursor.z ?? [0, 0];
    const link = pointLink(window.location.href, z);
    const ok = await copyText(link);
    // Where copying is refused, show the link so it can be copied by hand.
    setCopied(ok ? 'Link copied' : link);
    setTimeout(() => setCopied(null), ok ? 2000 : 15000);
  }

  return (
    <div className="toolbar" role="toolbar" aria-label="Plane controls">
      <BackgroundSwitch />
      <div className="button-row">
        <ZoomButtons />
        <button type="button" onClick={copyPoint} data-testid="copy-point-link">
          Link to this point
        </button>
      </div>
      {copied && (
        <output className="copied" aria-live="polite">
          {copied}
        </output>
      )}
    </div>
  );
}
