'use client';
/**
 * Everything a room page shares, made once per page by factories and handed down by context:
 * the stores, the frame store, your cursor, and the connection (created per mount, so React
 * StrictMode's mount-unmount-mount gets a fresh socket instead of a stopped one).
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Detail } from '../../shared/latent';
import { createBrowserStorage } from '../lib/browserStorage';
import { createFrameStore, type FrameStore } from '../lib/frameStore';
import { parsePointHash } from '../lib/hashLink';
import { createLocalCursor, type LocalCursor } from '../lib/localCursor';
import { createRoomConnection, type RoomConnection, type RoomRequests } from '../lib/roomConnection';
import { createTimelineData, type TimelineData } from '../lib/timelineData';
import { createRoomStore, type RoomActions, type RoomState, type RoomStore } from '../stores/roomStore';
import { createViewStore, type ViewState, type ViewStore } from '../stores/viewStore';

export interface RoomServices {
  room: string;
  roomStore: RoomStore;
  viewStore: ViewStore;
  frameStore: FrameStore;
  localCursor: LocalCursor;
  /** The training timelines' snapshots and embeddings, loaded on demand. */
  timelines: TimelineData;
  /** The live connection's requests; calls made while there is none resolve false. */
  actions: RoomRequests;
}

/** Exported for tests, which provide hand-made services without a socket. */
export const RoomContext = createContext<RoomServices | null>(null);

export type { RoomRequests };

/** Requests that go to whichever connection is current; refused as offline while there is none. */
function delegateTo(current: { c: RoomConnection | null }): RoomRequests {
  const none = Promise.resolve(false);
  return {
    request: (event, payload) =>
      current.c?.request(event, payload) ?? Promise.resolve({ ok: false, error: { code: 'offline', message: 'not connected' } }),
    rename: (name) => current.c?.rename(name) ?? none,
    recordStart: () => current.c?.recordStart() ?? none,
    recordStop: (name) => current.c?.recordStop(name) ?? none,
  };
}

interface ProviderProps {
  room: string;
  detail: Detail;
  /** Join under this name instead of the remembered one (the projector view). */
  name?: string;
  children: ReactNode;
}

export function RoomProvider({ room, detail, name, children }: ProviderProps) {
  const [current] = useState(() => ({ c: null as RoomConnection | null }));
  const [services] = useState<RoomServices>(() => ({
    room,
    roomStore: createRoomStore(),
    viewStore: createViewStore(),
    frameStore: createFrameStore(),
    localCursor: createLocalCursor(),
    timelines: createTimelineData(),
    actions: delegateTo(current),
  }));

  useEffect(() => {
    const point = parsePointHash(window.location.hash);
    if (point) services.localCursor.set(point);
    // Storage only exists in the browser, so it is made here and not while rendering.
    const connection = createRoomConnection({ ...services, storage: createBrowserStorage(), room, detail, name });
    current.c = connection;
    void connection.start();
    return () => {
      connection.stop();
      if (current.c === connection) current.c = null;
    };
  }, [services, current, room, detail, name]);

  return <RoomContext.Provider value={services}>{children}</RoomContext.Provider>;
}

export function useRoomServices(): RoomServices {
  const services = useContext(RoomContext);
  if (!services) throw new Error('useRoomServices needs a <RoomProvider> around it');
  return services;
}

/** Subscribes to a slice of the room store; return primitives or wrap in useShallow. */
export function useRoom<T>(selector: (s: RoomState & RoomActions) => T): T {
  return useStore(useRoomServices().roomStore, selector);
}

export function useView<T>(selector: (s: ViewState) => T): T {
  return useStore(useRoomServices().viewStore, selector);
}
