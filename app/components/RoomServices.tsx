'use client';
/**
 * Everything a room page shares, made once per page by factories and handed down by context:
 * the stores, the frame store, your cursor, and the connection (created per mount, so React
 * StrictMode's mount-unmount-mount gets a fresh socket instead of a stopped one).
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Detail, LatentBounds } from '../../shared/latent';
import { fetchRoomInfo } from '../lib/api';
import { createBrowserStorage, type BrowserStorage } from '../lib/browserStorage';
import { createEmbeddingLoader, type EmbeddingLoader } from '../lib/embeddingLoader';
import { createFrameStore, type FrameStore } from '../lib/frameStore';
import { parsePointHash } from '../lib/hashLink';
import { absorbHostLink } from '../lib/hostLink';
import { createLocalCursor, type LocalCursor } from '../lib/localCursor';
import { createRoomConnection, type RoomConnection, type RoomRequests } from '../lib/roomConnection';
import { createTimelineData, type TimelineData } from '../lib/timelineData';
import { createThrottle } from '../lib/throttle';
import { createRoomStore, type RoomActions, type RoomState, type RoomStore } from '../stores/roomStore';
import { BACKGROUNDS, createViewStore, type Background, type ViewState, type ViewStore } from '../stores/viewStore';

export interface RoomServices {
  room: string;
  roomStore: RoomStore;
  viewStore: ViewStore;
  frameStore: FrameStore;
  localCursor: LocalCursor;
  /** The training timelines' snapshots and embeddings, loaded on demand. */
  timelines: TimelineData;
  /** Embedding downloads shared by the page and the plane. */
  embeddings: EmbeddingLoader;
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

const isBackground = (b: string | null): b is Background => BACKGROUNDS.includes(b as Background);

/**
 * Puts back what this tab had in the room before a reload (your cursor, unless a `#z=` link says
 * otherwise; your background) and keeps remembering it. Returns the unsubscribe.
 */
function remember(room: string, storage: BrowserStorage, { localCursor, viewStore }: RoomServices): () => void {
  const point = parsePointHash(window.location.hash) ?? storage.plane(room).z;
  if (point) localCursor.set(point);
  const background = storage.background();
  if (isBackground(background)) viewStore.getState().setBackground(background);
  const saveZ = createThrottle<[number, number]>((z) => storage.setPlane(room, { z }), 250);
  const flush = () => localCursor.z && storage.setPlane(room, { z: localCursor.z });
  const stopZ = localCursor.subscribe((z) => saveZ.push(z));
  const stopView = viewStore.subscribe((s, prev) => s.background !== prev.background && storage.setBackground(s.background));
  window.addEventListener('pagehide', flush);
  return () => {
    flush();
    saveZ.cancel();
    stopZ();
    stopView();
    window.removeEventListener('pagehide', flush);
  };
}

/**
 * Starts the download of the room's digits as soon as its model is known: from a plain HTTP
 * lookup, which usually answers before the socket has joined and before Pixi has started.
 */
function prefetchEmbedding(room: string, { roomStore, embeddings }: RoomServices): () => void {
  let done = false;
  void fetchRoomInfo(room).then((r) => r.ok && !done && void embeddings.get(r.value.model));
  const stop = roomStore.subscribe((s) => s.room && void embeddings.get(s.room.model));
  return () => {
    done = true;
    stop();
  };
}

/**
 * While the host leads (the room follows the host), sends the host's view to the class a few
 * times a second at most, and once when leading starts. Returns the unsubscribe.
 */
function leadView({ roomStore, viewStore, actions }: RoomServices): () => void {
  const send = createThrottle<LatentBounds>((region) => void actions.request('view', { region }), 250);
  const leading = () => {
    const s = roomStore.getState();
    return s.you?.host === true && s.room?.follow === true;
  };
  const stopView = viewStore.subscribe((s, prev) => s.region !== prev.region && s.region && leading() && send.push(s.region));
  const stopRoom = roomStore.subscribe((s, prev) => {
    const region = viewStore.getState().region;
    if (s.room?.follow && !prev.room?.follow && region && leading()) send.push(region);
    // The teacher leads again: a student who stepped out follows once more.
    if (s.room?.follow && !prev.room?.follow) viewStore.getState().setFollowTeacher(true);
  });
  return () => {
    send.cancel();
    stopView();
    stopRoom();
  };
}

interface ProviderProps {
  room: string;
  detail: Detail;
  /** A screen that only watches (the projector). */
  viewer?: boolean;
  /** Join under this name instead of the remembered one (the projector view). */
  name?: string;
  children: ReactNode;
}

export function RoomProvider({ room, detail, viewer, name, children }: ProviderProps) {
  const [current] = useState(() => ({ c: null as RoomConnection | null }));
  const [services] = useState<RoomServices>(() => ({
    room,
    roomStore: createRoomStore(),
    viewStore: createViewStore(),
    frameStore: createFrameStore(),
    localCursor: createLocalCursor(),
    timelines: createTimelineData(),
    embeddings: createEmbeddingLoader(),
    actions: delegateTo(current),
  }));

  useEffect(() => {
    // Storage only exists in the browser, so it is made here and not while rendering.
    const storage = createBrowserStorage();
    // Before joining, so the join already carries the key of a host link.
    absorbHostLink(room, storage);
    const forget = [remember(room, storage, services), prefetchEmbedding(room, services), leadView(services)];
    const connection = createRoomConnection({ ...services, storage, room, detail, viewer, name });
    current.c = connection;
    void connection.start();
    return () => {
      connection.stop();
      forget.forEach((f) => f());
      if (current.c === connection) current.c = null;
    };
  }, [services, current, room, detail, viewer, name]);

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
