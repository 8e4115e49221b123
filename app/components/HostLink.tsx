'use client';
/**
 * The teacher's host link: the room at the address the class uses, with the host key. Opening it
 * in another browser (or on the LAN address) makes that browser a host too, so it is shown only
 * in the teacher's panel, with a warning, and never on the projected page.
 */
import { useEffect, useState } from 'react';
import { createBrowserStorage } from '../lib/browserStorage';
import { copyText } from '../lib/clipboard';
import { hostLinkUrl } from '../lib/hostLink';
import { useRoomServices } from './RoomServices';
import { useJoinBase } from './useJoinBase';

export function HostLink() {
  const { room } = useRoomServices();
  const base = useJoinBase();
  const [key, setKey] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => setKey(createBrowserStorage().hostKey(room)), [room]);
  if (!key || !base) return null;
  const url = hostLinkUrl(base.origin, room, key);

  async function copy() {
    if (await copyText(url)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } else window.prompt('Copy your host link:', url);
  }

  return (
    <details className="host-link">
      <summary>Host link (keep it private)</summary>
      <p className="muted">Open this on another device or address to be the host there too. Anyone who has it can lead the room.</p>
      <code className="host-link-url" data-testid="host-link">{url}</code>
      <button type="button" onClick={copy} data-testid="copy-host-link">
        {copied ? 'Copied' : 'Copy host link'}
      </button>
    </details>
  );
}
