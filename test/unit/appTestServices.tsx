/** Hand-made room services (no socket) and a render helper for the web app's component tests. */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { RoomContext, type RoomRequests, type RoomServices } from '../../app/components/RoomServices';
import { createEmbeddingLoader } from '../../app/lib/embeddingLoader';
import { createFrameStore } from '../../app/lib/frameStore';
import { createLocalCursor } from '../../app/lib/localCursor';
import { createTimelineData } from '../../app/lib/timelineData';
import { createRoomStore, type RoomState } from '../../app/stores/roomStore';
import { createViewStore } from '../../app/stores/viewStore';

export function fakeRequests(): { [K in keyof RoomRequests]: ReturnType<typeof vi.fn> } & RoomRequests {
  const ok = () => vi.fn(async () => true);
  return { request: vi.fn(async () => ({ ok: true })), rename: ok(), recordStart: ok(), recordStop: ok() } as never;
}

export function testServices(state: Partial<RoomState> = {}) {
  const actions = fakeRequests();
  const services: RoomServices = {
    room: 'calm-otter',
    roomStore: createRoomStore(state),
    viewStore: createViewStore(),
    frameStore: createFrameStore(),
    localCursor: createLocalCursor(),
    timelines: createTimelineData(async () => new Response('{}', { status: 404 })),
    // No network in component tests: the digits never arrive.
    embeddings: createEmbeddingLoader(() => new Promise(() => {})),
    actions,
  };
  return { ...services, actions };
}

export function renderInRoom(ui: ReactElement, services: RoomServices) {
  return render(<RoomContext.Provider value={services}>{ui}</RoomContext.Provider>);
}
