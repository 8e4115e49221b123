import { describe, expect, it } from 'vitest';
import type { JoinResult } from '../../shared/protocol';
import { participant, snapshot } from './appFixtures';
import { createRoomStore, selectIsHost } from '../../app/stores/roomStore';
import { createViewStore } from '../../app/stores/viewStore';

function joinResult(room = snapshot()): JoinResult {
  return { you: room.participants[0], session: 'session-token-0123456789', room, paths: [] };
}

describe('the room store', () => {
  it('makes independent stores from its factory', () => {
    const a = createRoomStore();
    const b = createRoomStore();
    a.getState().setRtt(12);
    expect(b.getState().rtt).toBeNull();
  });

  it('takes your host flag from the latest snapshot', () => {
    const store = createRoomStore();
    store.getState().joined(joinResult());
    expect(selectIsHost(store.getState())).toBe(false);
    store.getState().setSnapshot(snapshot({ participants: [participant(1, { host: true })] }));
    expect(selectIsHost(store.getState())).toBe(true);
  });

  it('ends a recording the server no longer reports', () => {
    const store = createRoomStore();
    store.getState().joined(joinResult());
    store.getState().setRecording(1000);
    store.getState().setSnapshot(snapshot({ participants: [participant(1, { recording: true })] }));
    expect(store.getState().recordingSince).toBe(1000);
    store.getState().setSnapshot(snapshot());
    expect(store.getState().recordingSince).toBeNull();
  });

  it('keeps only the last few messages', () => {
    const store = createRoomStore();
    for (let i = 0; i < 10; i++) store.getState().say('info', `m${i}`);
    expect(store.getState().messages.map((m) => m.text)).toEqual(['m6', 'm7', 'm8', 'm9']);
    store.getState().dismiss(store.getState().messages[0].id);
    expect(store.getState().messages).toHaveLength(3);
  });
});

describe('the view store', () => {
  it('counts reset requests and carries zoom requests', () => {
    const store = createViewStore();
    store.getState().requestReset();
    store.getState().requestZoom(1.25);
    expect(store.getState().resetRequest).toBe(1);
    expect(store.getState().zoomRequest?.factor).toBe(1.25);
    store.getState().setBackground('both');
    expect(store.getState().background).toBe('both');
  });
});
