'use client';
/**
 * Saved paths: yours, the room's, and the article's two presets. Replay any of them (as a ghost
 * everyone sees), download it as a GIF, rename or delete it when it is yours (or you host).
 */
import { useMemo, useState } from 'react';
import { REPLAY_SPEED, type ParticipantInfo, type PathSummary } from '../../shared/protocol';
import { pathGifUrl } from '../lib/api';
import { selectIsHost } from '../stores/roomStore';
import { formatDuration } from './RecordPanel';
import { useRoom, useRoomServices } from './RoomServices';
import { ControlError, useControlAction } from './useControlAction';

export const SPEEDS = [0.25, 0.5, 1, 2, 4].filter((s) => s >= REPLAY_SPEED.min && s <= REPLAY_SPEED.max);

/** Presets first, then yours, then everyone else's, newest first within each. */
export function sortPaths(paths: PathSummary[], youId: number | null): PathSummary[] {
  const rank = (p: PathSummary) => (p.preset ? 0 : p.authorId === youId ? 1 : 2);
  return [...paths].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt));
}

export function canEditPath(p: PathSummary, you: ParticipantInfo | null): boolean {
  return !p.preset && you !== null && (you.host || p.authorId === you.id);
}

function PathRow({ path, speed, loop }: { path: PathSummary; speed: number; loop: boolean }) {
  const { actions, room } = useRoomServices();
  const you = useRoom((s) => s.you);
  const model = useRoom((s) => s.room?.model ?? 'ae');
  const isHost = useRoom(selectIsHost);
  const studentReplays = useRoom((s) => s.room?.studentReplays === true);
  // The host replays any path for the room; a student their own, when the host allows it.
  const canReplay = isHost || (studentReplays && !path.preset && you !== null && path.authorId === you.id);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(path.name);
  const editable = canEditPath(path, you);
  const { run, error } = useControlAction();

  async function rename() {
    const next = name.trim();
    if (!next) return;
    if (next === path.name || (await run(() => actions.request('path:rename', { id: path.id, name: next })))) setEditing(false);
  }

  return (
    <li className="path" data-testid="path" data-path-id={path.id}>
      {editing ? (
        <form onSubmit={(e) => (e.preventDefault(), void rename())} className="inline-form">
          <label className="sr-only" htmlFor={`name-${path.id}`}>New name for {path.name}</label>
          <input id={`name-${path.id}`} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setEditing(false)}>Cancel</button>
        </form>
      ) : (
        <div className="path-title">
          <strong>{path.name}</strong>
          <span className="muted">
            {path.preset ? 'preset' : path.author} · {formatDuration(path.durationMs)}
          </span>
        </div>
      )}
      <div className="button-row">
        {canReplay && (
          <button type="button" onClick={() => run(() => actions.request('replay:start', { pathId: path.id, speed, loop }))} aria-label={`Replay ${path.name}`} data-testid="replay-path">
            ▶ Replay
          </button>
        )}
        <a className="button" href={pathGifUrl(room, path.id, model)} download={`${path.name}.gif`} aria-label={`Download ${path.name} as GIF`}>
          GIF
        </a>
        {editable && !editing && (
          <button type="button" onClick={() => setEditing(true)} aria-label={`Rename ${path.name}`}>
            Rename
          </button>
        )}
        {editable && (
          <button type="button" className="danger" onClick={() => window.confirm(`Delete “${path.name}”?`) && run(() => actions.request('path:delete', { id: path.id }))} aria-label={`Delete ${path.name}`}>
            Delete
          </button>
        )}
      </div>
      <ControlError error={error} />
    </li>
  );
}

export function PathsPanel() {
  const paths = useRoom((s) => s.paths);
  const youId = useRoom((s) => s.you?.id ?? null);
  const sorted = useMemo(() => sortPaths(paths, youId), [paths, youId]);
  const [speed, setSpeed] = useState(1);
  const [loop, setLoop] = useState(false);
  const isHost = useRoom(selectIsHost);

  return (
    <section className="panel paths" aria-labelledby="paths-title">
      <h2 id="paths-title">Paths</h2>
      {isHost && <div className="replay-options">
        <label>
          Speed{' '}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>{s}×</option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={loop} onChange={(e) => setLoop(e.target.checked)} /> Loop
        </label>
      </div>}
      {sorted.length === 0 ? <p className="muted">No paths yet. Press Record, move, and stop.</p> : (
        <ul className="path-list">
          {sorted.map((p) => (
            <PathRow key={p.id} path={p} speed={speed} loop={loop} />
          ))}
        </ul>
      )}
    </section>
  );
}
