'use client';
/**
 * The room bar: which room and model, the connection, an invite link (at the address phones can
 * reach) and, for the host, the presenter view.
 */
import { useState } from 'react';
import { copyText } from '../lib/clipboard';
import { selectIsHost } from '../stores/roomStore';
import { ConnectionIndicator } from './ConnectionStatus';
import { PresenceAvatars } from './PresenceAvatars';
import { useRoom, useRoomServices } from './RoomServices';
import { useJoinBase } from './useJoinBase';

export function RoomHeader() {
  const { room } = useRoomServices();
  const model = useRoom((s) => s.room?.model);
  const isHost = useRoom(selectIsHost);
  const base = useJoinBase();
  const [copied, setCopied] = useState(false);

  async function invite() {
    const url = `${base?.origin ?? window.location.origin}/r/${room}`;
    if (await copyText(url)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } else window.prompt('Copy this link to invite people:', url);
  }

  return (
    <header className="room-header">
      {/* A plain link: a prefetching one would also fetch the start page's pictures. */}
      <a href="/" className="home-link" aria-label="Latent playground start page">
        <span aria-hidden="true">◧</span>
        <span className="home-name">Latent playground</span>
      </a>
      <h1>
        <span className="room-word">Room </span>
        <code data-testid="room-code">{room}</code>
        {model && <span className="badge model" data-testid="model-badge">{model.toUpperCase()}</span>}
      </h1>
      <PresenceAvatars />
      <ConnectionIndicator />
      <div className="button-row header-actions">
        <button type="button" onClick={invite} data-testid="invite">
          {copied ? 'Link copied' : 'Invite'}
        </button>
        {isHost && (
          <a className="button" href={`/r/${room}/present`} target="_blank" rel="noopener" data-testid="presenter-link">
            Presenter view
          </a>
        )}
      </div>
    </header>
  );
}
