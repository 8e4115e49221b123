// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionBanner, ConnectionIndicator, Messages } from '../../app/components/ConnectionStatus';
import { DigitGallery } from '../../app/components/DigitGallery';
import { HostControls } from '../../app/components/HostControls';
import { PathsPanel, canEditPath, sortPaths } from '../../app/components/PathsPanel';
import { PeoplePanel } from '../../app/components/PeoplePanel';
import { RecordPanel } from '../../app/components/RecordPanel';
import { RoundPodium } from '../../app/components/RoundPodium';
import { CONTROL_ERROR_MS } from '../../app/components/useControlAction';
import type { PathSummary, RoundState } from '../../shared/protocol';
import { participant, snapshot } from './appFixtures';
import { renderInRoom, testServices } from './appTestServices';

afterEach(cleanup);
vi.stubGlobal('confirm', () => true);

const me = participant(1, { name: 'Ada' });
const other = participant(2, { name: 'Grace' });

function path(id: string, extra: Partial<PathSummary> = {}): PathSummary {
  return { id, room: 'calm-otter', name: id, author: 'Ada', authorId: 1, createdAt: '2024-01-01T00:00:00Z', durationMs: 3000, sampleCount: 60, preset: false, ...extra };
}

function joined(extra: Parameters<typeof snapshot>[0] = {}, you = me) {
  const room = snapshot({ participants: [you, other], ...extra });
  return testServices({ status: 'connected', you, room });
}

describe('host controls', () => {
  it('are not shown to someone who is not the host', () => {
    renderInRoom(<HostControls />, joined());
    expect(screen.queryByTestId('host-controls')).toBeNull();
  });

  it('let the host switch model, freeze steering and spotlight a cursor', () => {
    const host = { ...me, host: true };
    const s = joined({}, host);
    renderInRoom(<HostControls />, s);
    fireEvent.click(screen.getByLabelText('VAE'));
    expect(s.actions.request).toHaveBeenCalledWith('host', { action: 'model', model: 'vae' });
    fireEvent.click(screen.getByTestId('freeze'));
    expect(s.actions.request).toHaveBeenCalledWith('host', { action: 'freeze', frozen: true });
    fireEvent.change(screen.getByTestId('spotlight'), { target: { value: '2' } });
    expect(s.actions.request).toHaveBeenCalledWith('host', { action: 'spotlight', cursor: 2 });
  });

  it('tell the host when the room runs slower than its tick rate, and only then', () => {
    const host = { ...me, host: true };
    renderInRoom(<HostControls />, joined({ tickRate: 20, loopRate: 12 }, host));
    expect(screen.getByTestId('tick-slowed').textContent).toContain('runs at 12');
    cleanup();
    renderInRoom(<HostControls />, joined({ tickRate: 20, loopRate: 20 }, host));
    expect(screen.queryByTestId('tick-slowed')).toBeNull();
  });

  it('turn the freeze switch at once, and roll it back with the reason beside it when refused', async () => {
    const host = { ...me, host: true };
    const s = joined({}, host);
    let answer: (ok: boolean) => void = () => {};
    s.actions.request.mockImplementation(() => new Promise((r) => (answer = (ok) => r(ok ? { ok: true, result: {} } : { ok: false, error: { code: 'timeout', message: 'x' } }))));
    renderInRoom(<HostControls />, s);
    const freeze = screen.getByTestId('freeze') as HTMLInputElement;
    fireEvent.click(freeze);
    expect(freeze.checked).toBe(true);
    await act(async () => {
      s.roomStore.getState().say('error', 'The server did not answer in time. Try again.');
      answer(false);
    });
    expect(freeze.checked).toBe(false);
    const error = freeze.closest('.control')!.querySelector('[data-testid=control-error]');
    expect(error?.textContent).toBe('The server did not answer in time. Try again.');
    // Said beside the switch, so not in the room's message list as well.
    expect(s.roomStore.getState().messages).toEqual([]);
  });

  it('keep the switch turned once the room reports it, and the error goes after a while', async () => {
    vi.useFakeTimers();
    try {
      const host = { ...me, host: true };
      const s = joined({}, host);
      s.actions.request.mockResolvedValueOnce({ ok: false, error: { code: 'offline', message: 'x' } }).mockResolvedValue({ ok: true, result: {} });
      renderInRoom(<HostControls />, s);
      await act(async () => void fireEvent.click(screen.getByTestId('freeze')));
      expect(screen.getByTestId('control-error').textContent).toMatch(/Not connected/);
      await act(async () => void vi.advanceTimersByTime(CONTROL_ERROR_MS + 10));
      expect(screen.queryByTestId('control-error')).toBeNull();
      await act(async () => void fireEvent.click(screen.getByTestId('freeze')));
      act(() => s.roomStore.getState().setSnapshot(snapshot({ participants: [host, other], frozen: true })));
      expect((screen.getByTestId('freeze') as HTMLInputElement).checked).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the record panel', () => {
  it('starts and stops recording with the R key, but not while typing in a field', async () => {
    const s = joined();
    renderInRoom(
      <>
        <input aria-label="elsewhere" />
        <RecordPanel />
      </>,
      s,
    );
    fireEvent.keyDown(screen.getByLabelText('elsewhere'), { key: 'r' });
    expect(s.actions.recordStart).not.toHaveBeenCalled();
    await act(async () => void fireEvent.keyDown(window, { key: 'r' }));
    expect(s.actions.recordStart).toHaveBeenCalledTimes(1);
    act(() => s.roomStore.getState().setRecording(Date.now() - 65_000));
    expect(screen.getByTestId('record-timer').textContent).toBe('1:05');
    await act(async () => void fireEvent.keyDown(window, { key: 'R' }));
    expect(s.actions.recordStop).toHaveBeenCalledTimes(1);
  });
});

describe('paths', () => {
  it('lists presets first, then yours, then others', () => {
    const sorted = sortPaths([path('theirs', { authorId: 2 }), path('mine'), path('preset-line', { preset: true, authorId: null })], 1);
    expect(sorted.map((p) => p.id)).toEqual(['preset-line', 'mine', 'theirs']);
  });

  it('lets you edit your own paths, the host any path, and nobody the presets', () => {
    expect(canEditPath(path('mine'), me)).toBe(true);
    expect(canEditPath(path('theirs', { authorId: 2 }), me)).toBe(false);
    expect(canEditPath(path('theirs', { authorId: 2 }), { ...me, host: true })).toBe(true);
    expect(canEditPath(path('preset-line', { preset: true }), { ...me, host: true })).toBe(false);
  });

  it('offers a student the GIF of a path but not a replay for the room, which is the host’s', () => {
    const s = joined();
    s.roomStore.getState().setPaths([path('preset-circle', { preset: true, authorId: null, name: 'circle' })]);
    renderInRoom(<PathsPanel />, s);
    expect(screen.queryByRole('button', { name: 'Replay circle' })).toBeNull();
    expect(screen.queryByLabelText('Speed')).toBeNull();
    expect(screen.getByRole('link', { name: 'Download circle as GIF' })).toBeTruthy();
  });

  it('lets the host replay a path at the chosen speed and offers its GIF', () => {
    const s = joined({}, { ...me, host: true });
    s.roomStore.getState().setPaths([path('preset-circle', { preset: true, authorId: null, name: 'circle' })]);
    renderInRoom(<PathsPanel />, s);
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Replay circle' }));
    expect(s.actions.request).toHaveBeenCalledWith('replay:start', { pathId: 'preset-circle', speed: 2, loop: false });
    expect(screen.getByRole('link', { name: 'Download circle as GIF' }).getAttribute('href')).toBe('/api/rooms/calm-otter/paths/preset-circle.gif?model=ae');
    expect(screen.queryByRole('button', { name: 'Delete circle' })).toBeNull();
  });

  it('renames your path', async () => {
    const s = joined();
    s.roomStore.getState().setPaths([path('p1', { name: 'wiggle' })]);
    renderInRoom(<PathsPanel />, s);
    fireEvent.click(screen.getByRole('button', { name: 'Rename wiggle' }));
    fireEvent.change(screen.getByLabelText('New name for wiggle'), { target: { value: 'loop-de-loop' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(s.actions.request).toHaveBeenCalledWith('path:rename', { id: 'p1', name: 'loop-de-loop' });
  });
});

describe('people and the gallery', () => {
  it('lists who is here and renames you', async () => {
    const s = joined();
    renderInRoom(<PeoplePanel />, s);
    expect(screen.getAllByTestId('person')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Ada L.' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(s.actions.rename).toHaveBeenCalledWith('Ada L.');
  });

  it('shows a tile per connected person and replay without re-rendering in a loop', () => {
    const s = joined({
      participants: [me, other, participant(3, { connected: false })],
      replays: [{ id: 9, pathId: 'preset-line', pathName: 'line', color: '#000', speed: 1, loop: false, paused: false, startedBy: 1 }],
    });
    renderInRoom(<DigitGallery />, s);
    const tiles = screen.getAllByTestId('gallery-tile');
    expect(tiles.map((t) => t.dataset.name)).toEqual(['Ada', 'Grace', 'line']);
    expect(tiles[0].textContent).toContain('(you)');
  });
});

describe('connection state', () => {
  it('shows a reconnecting banner, then the round-trip time once connected', () => {
    const s = testServices();
    renderInRoom(
      <>
        <ConnectionIndicator />
        <ConnectionBanner />
      </>,
      s,
    );
    act(() => s.roomStore.getState().setStatus('reconnecting', 'Connection lost. Reconnecting…'));
    expect(screen.getByTestId('connection-banner').textContent).toContain('Reconnecting');
    act(() => {
      s.roomStore.getState().setStatus('connected');
      s.roomStore.getState().setRtt(42);
    });
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    expect(screen.getByTestId('connection').textContent).toContain('42 ms');
  });

  it('says why joining failed and links back to the start page', () => {
    const s = testServices({ status: 'failed', problem: 'This room is full. Ask the host to open a second room, or create your own.' });
    renderInRoom(<ConnectionBanner />, s);
    expect(screen.getByRole('alert').textContent).toMatch(/room is full/);
    expect(screen.getByRole('link', { name: /start page/ })).toBeTruthy();
  });
});

describe('messages', () => {
  it('lets info messages go by themselves and keeps errors until dismissed', () => {
    vi.useFakeTimers();
    const s = testServices();
    renderInRoom(<Messages />, s);
    act(() => {
      s.roomStore.getState().say('info', 'Saved “wiggle”');
      s.roomStore.getState().say('error', 'Only the host of this room can do that.');
    });
    act(() => void vi.advanceTimersByTime(7000));
    expect(screen.queryByText('Saved “wiggle”')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss message' }));
    expect(screen.queryByText(/only the host/i)).toBeNull();
    vi.useRealTimers();
  });
});

describe('the round podium on the projector', () => {
  const round = (extra: Partial<RoundState>): RoundState => ({
    id: null, kind: 'find', target: 7, looksLike: null, phase: 'done', durationMs: 0, remainingMs: 0, paused: false, players: [], winners: [], candidates: [], ended: null,
    leaderboard: [], ...extra,
  });

  it('shows the room’s stored leaderboard before its first round since a restart, and nothing without one', () => {
    const leaderboard = [{ name: 'Ada', points: 970, last: 970, id: null }, { name: 'Grace', points: 0, last: 0, id: null }];
    renderInRoom(<RoundPodium />, joined({}, me));
    expect(screen.queryByTestId('room-leaderboard')).toBeNull();
    cleanup();
    const s = testServices({ status: 'connected', you: me, room: snapshot({ participants: [me, other] }), round: round({ leaderboard }) });
    renderInRoom(<RoundPodium />, s);
    const board = screen.getByTestId('room-leaderboard');
    expect(board.textContent).toContain('Ada: 970');
    expect(board.textContent).not.toContain('won');
    act(() => s.roomStore.getState().setRound(round({ leaderboard: [] })));
    expect(screen.queryByTestId('room-leaderboard')).toBeNull();
  });
});
