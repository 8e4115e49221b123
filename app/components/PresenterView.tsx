'use client';
/**
 * The projector view: a large plane, everyone's digits large (the spotlighted one largest), the
 * room's URL in large type with a QR code, and how many have joined. The host keeps the host
 * controls here, folded away, and can go full screen.
 */
import { useEffect, useMemo, useState } from 'react';
import { ConnectionBanner, ConnectionIndicator, Messages } from './ConnectionStatus';
import { DigitCanvas } from './DigitCanvas';
import { galleryItems } from './DigitGallery';
import { HostControls } from './HostControls';
import { PlaneToolbar } from './PlaneToolbar';
import { RoundPodium } from './RoundPodium';
import { LatentPlane } from './LatentPlane';
import { Legend } from './Legend';
import { QrCode } from './QrCode';
import { RoomProvider, useRoom, useRoomServices } from './RoomServices';
import { TimelinePanel } from './TimelinePanel';
import { selectIsHost } from '../stores/roomStore';

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

function JoinInfo() {
  const { room } = useRoomServices();
  const [url, setUrl] = useState<string | null>(null);
  // The origin is only known in the browser; set after mount so server and client HTML agree.
  useEffect(() => setUrl(`${window.location.origin}/r/${room}`), [room]);
  const youId = useRoom((s) => s.you?.id);
  const joined = useRoom((s) => (s.room?.participants ?? []).filter((p) => p.connected && p.id !== youId).length);
  return (
    <section className="join-info" aria-label="How to join">
      {url && <QrCode text={url} size={260} label={`QR code to join: ${url}`} />}
      <div>
        <p className="join-code" aria-label={`Room code ${room}`}>{room}</p>
        <p className="join-url" data-testid="room-url">{url ?? `/r/${room}`}</p>
        <p className="joined-count" data-testid="joined-count">
          <strong>{joined}</strong> joined
        </p>
      </div>
    </section>
  );
}

/** Tile size class for the projector grid: as large as the number of digits allows. */
function tileSize(count: number): 'xl' | 'l' | 'm' | 's' {
  return count <= 4 ? 'xl' : count <= 12 ? 'l' : count <= 30 ? 'm' : 's';
}

function BigDigits() {
  const room = useRoom((s) => s.room);
  const youId = useRoom((s) => s.you?.id ?? null);
  const items = useMemo(() => galleryItems(room, youId).filter((it) => it.id !== youId), [room, youId]);
  const spot = items.find((it) => it.id === room?.spotlight) ?? null;
  return (
    <section className="big-digits" aria-label="Everyone's digits">
      {spot && (
        <figure className="spotlight" data-testid="spotlight-digit" style={{ borderColor: spot.color }}>
          <DigitCanvas id={spot.id} label={`Spotlight: digit of ${spot.name}`} className="digit-huge" />
          <figcaption>{spot.name}</figcaption>
        </figure>
      )}
      <ul className="big-grid" data-count={items.length} data-size={tileSize(items.length)}>
        {items.filter((it) => it !== spot).map((it) => (
          <li key={it.id} style={{ borderColor: it.color }} data-testid="gallery-tile" data-cursor-id={it.id} data-name={it.name}>
            <DigitCanvas id={it.id} label={`Digit of ${it.name}`} />
            <span>{it.ghost ? '▶ ' : ''}{it.name}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Presenter() {
  const isHost = useRoom(selectIsHost);
  return (
    <div className="present-page">
      <header className="present-header">
        <JoinInfo />
        <div className="present-tools">
          <ConnectionIndicator />
          <FullscreenButton />
        </div>
      </header>
      <ConnectionBanner />
      <Messages />
      <main className="present-layout">
        <div className="present-plane">
          <PlaneToolbar />
          <LatentPlane cursorScale={1.6} />
          <Legend />
        </div>
        <div className="present-side">
          <RoundPodium />
          <TimelinePanel large />
          <BigDigits />
        </div>
      </main>
      {isHost && (
        <details className="present-host">
          <summary>Host controls</summary>
          <HostControls compact />
        </details>
      )}
    </div>
  );
}

export function PresenterView({ room }: { room: string }) {
  return (
    <RoomProvider room={room} detail="full" name="Projector">
      <Presenter />
    </RoomProvider>
  );
}
