'use client';
/**
 * The projector view, made to fit one screen (1280x720 up) without scrolling: the plane as large
 * as it gets, with the model and a frozen sign on it; beside it how to join (room code, a QR
 * code of an address phones can reach, how many joined) and everyone's digits, the spotlighted one
 * largest. The host's controls live in a teacher's panel that stays folded away unless opened.
 */
import { useEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { classmates } from '../lib/classmates';
import { fitTiles } from '../lib/tileFit';
import { selectIsHost } from '../stores/roomStore';
import { PauseSign } from './ClassSigns';
import { ConnectionBanner, ConnectionIndicator, Messages } from './ConnectionStatus';
import { DigitCanvas } from './DigitCanvas';
import { galleryItems } from './DigitGallery';
import { HostControls } from './HostControls';
import { RoundPodium } from './RoundPodium';
import { LatentPlane } from './LatentPlane';
import { Legend } from './Legend';
import { BackgroundSwitch, ZoomButtons } from './PlaneToolbar';
import { QrCode } from './QrCode';
import { RoomProvider, useRoom, useRoomServices } from './RoomServices';
import { TimelinePanel } from './TimelinePanel';
import { useJoinBase } from './useJoinBase';

function FullscreenButton() {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const sync = () => setOn(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }, []);
  const toggle = () => void (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => {});
  return (
    <button type="button" onClick={toggle} aria-pressed={on}>
      {on ? 'Exit full screen' : 'Full screen'}
    </button>
  );
}

/** The QR code's side in CSS pixels: a fifth of the width or a third of the height, whichever is less. */
function useQrSize(): number {
  const [size, setSize] = useState(200);
  useEffect(() => {
    const fit = () => setSize(Math.round(Math.max(140, Math.min(window.innerWidth * 0.2, window.innerHeight * 0.32))));
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, []);
  return size;
}

function JoinInfo() {
  const { room } = useRoomServices();
  const base = useJoinBase();
  const qrSize = useQrSize();
  const url = base ? `${base.origin}/r/${room}` : null;
  const joined = useRoom((s) => classmates(s.room).length);
  return (
    <section className="join-info" aria-label="How to join">
      <p className="join-code" aria-label={`Room code ${room}`}>{room}</p>
      <div className="qr-box" style={{ width: qrSize, height: qrSize }}>
        {url && <QrCode text={url} size={qrSize} label={`QR code to join: ${url}`} />}
      </div>
      <p className="join-url" data-testid="room-url">{url ?? `/r/${room}`}</p>
      {base?.note && (
        <p className={`join-note ${base.source === 'loopback' ? 'warning' : ''}`} data-testid="join-note" data-source={base.source}>
          {base.note}
        </p>
      )}
      <p className="joined-count" data-testid="joined-count">
        <strong>{joined}</strong> joined
      </p>
    </section>
  );
}

/** The size of a box, kept up to date (for layouts computed from the space left). */
function useBoxSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

function BigDigits() {
  const room = useRoom((s) => s.room);
  const youId = useRoom((s) => s.you?.id ?? null);
  const items = useMemo(() => galleryItems(room, youId).filter((it) => it.id !== youId), [room, youId]);
  const spot = items.find((it) => it.id === room?.spotlight) ?? null;
  const rest = items.filter((it) => it !== spot);
  const gridRef = useRef<HTMLUListElement>(null);
  const space = useBoxSize(gridRef);
  const fit = fitTiles(space.width, space.height, rest.length);
  const grid = { '--digit': `${fit.digit}px`, gridTemplateColumns: `repeat(${fit.columns}, minmax(0, 1fr))` } as CSSProperties;
  return (
    <section className="big-digits" aria-label="Everyone's digits">
      {spot && (
        <figure className="spotlight" data-testid="spotlight-digit" style={{ borderColor: spot.color }}>
          <DigitCanvas id={spot.id} label={`Spotlight: digit of ${spot.name}`} className="digit-huge" />
          <figcaption>{spot.name}</figcaption>
        </figure>
      )}
      <ul className="big-grid" ref={gridRef} style={grid} data-count={rest.length} data-shown={fit.shown}>
        {rest.slice(0, fit.shown).map((it) => (
          <li key={it.id} style={{ borderColor: it.color }} data-testid="gallery-tile" data-cursor-id={it.id} data-name={it.name}>
            <DigitCanvas id={it.id} label={`Digit of ${it.name}`} />
            <span>{it.ghost ? '▶ ' : ''}{it.name}</span>
          </li>
        ))}
        {fit.shown < rest.length && (
          <li className="more-tile" data-testid="more-digits">
            +{rest.length - fit.shown} more
          </li>
        )}
      </ul>
    </section>
  );
}

/** What is on the projected plane's corner: the model, and a sign while steering is frozen. */
function PlaneSigns() {
  const model = useRoom((s) => s.room?.model);
  const frozen = useRoom((s) => s.room?.frozen === true);
  return (
    <div className="plane-signs">
      {model && <span className="badge model present-model" data-testid="model-badge">{model.toUpperCase()}</span>}
      {frozen && (
        <span className="frozen-sign" role="status" data-testid="frozen-sign">
          ❄ Steering frozen
        </span>
      )}
    </div>
  );
}

function Presenter() {
  const isHost = useRoom(selectIsHost);
  const [panel, setPanel] = useState(false);
  return (
    <div className="present-page" data-testid="presenter">
      <div className="present-stage">
        <LatentPlane cursorScale={1.6} className="present-plane">
          <PlaneSigns />
          <PauseSign />
          <ZoomButtons className="plane-zoom" />
        </LatentPlane>
        <Legend />
      </div>
      <aside className="present-side">
        <JoinInfo />
        <RoundPodium />
        <TimelinePanel large />
        <BigDigits />
        <div className="present-tools">
          <ConnectionIndicator />
          <BackgroundSwitch />
          <FullscreenButton />
          {isHost && (
            <button type="button" onClick={() => setPanel((p) => !p)} aria-expanded={panel} aria-controls="teacher-panel" data-testid="teacher-panel-toggle">
              Teacher&apos;s panel
            </button>
          )}
        </div>
      </aside>
      <div className="present-overlay">
        <ConnectionBanner />
        <Messages />
      </div>
      {isHost && panel && (
        <div className="teacher-drawer" id="teacher-panel" role="dialog" aria-label="Teacher's panel">
          <button type="button" className="drawer-close" onClick={() => setPanel(false)} aria-label="Close the teacher's panel">
            ×
          </button>
          <HostControls compact />
        </div>
      )}
    </div>
  );
}

export function PresenterView({ room }: { room: string }) {
  return (
    <RoomProvider room={room} detail="full" name="Projector" viewer>
      <Presenter />
    </RoomProvider>
  );
}
