'use client';
/** The room bar: which room and model, the connection, an invite link and the presenter view. */
import Link from 'next/link';
import { useState } from 'react';
import { copyText } from '../lib/clipboard';
import { ConnectionIndicator } from './ConnectionStatus';
import { useRoom, useRoomServices } from './RoomServices';

export function RoomHeader() {
  const { room } = useRoomServices();
  const model = useRoom((s) => s.room?.model);
  const [copied, setCopied] = useState(false);

  async function invite() {
    const url = `${window.location.origin}/r/${room}`;
    if (await copyText(url)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } else window.prompt('Copy this link to invite people:', url);
  }

  return (
    <header className="room-header">
      <Link href="/" className="home-link" aria-label="Latent playground start page">
        Latent playground
      </Link>
      <h1>
        Room <code data-testid="room-code">{room}</code>
        {model && <span className="badge model">{model.toUpperCase()}</span>}
      </h1>
      <ConnectionIndicator />
      <div className="button-row">
        <button type="button" onClick={invite}>
          {copied ? 'Link copied' : 'Copy invite link'}
        </button>
        <Link className="button" href={`/r/${room}/present`} target="_blank" rel="noopener">
          Presenter view
        </Link>
      </div>
    </header>
  );
}
