'use client';
/** Who is in the room, and a form to change your own name. */
import { useState, type FormEvent } from 'react';
import { NAME_MAX } from '../../shared/protocol';
import { classmates, shownName } from '../lib/classmates';
import { useRoom, useRoomServices } from './RoomServices';
import { ControlError, useControlAction } from './useControlAction';

function RenameForm({ current }: { current: string }) {
  const { actions } = useRoomServices();
  const [name, setName] = useState<string | null>(null);
  const { run, error } = useControlAction();
  const value = name ?? current;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = value.trim();
    if (!trimmed || trimmed === current) return;
    if (await run(() => actions.rename(trimmed))) setName(null);
  }

  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor="your-name">Your name</label>
      <input id="your-name" value={value} maxLength={NAME_MAX} onChange={(e) => setName(e.target.value)} autoComplete="nickname" />
      <button type="submit" disabled={!value.trim() || value.trim() === current}>
        Save
      </button>
      <ControlError error={error} />
    </form>
  );
}

export function PeoplePanel() {
  const room = useRoom((s) => s.room);
  const you = useRoom((s) => s.you);
  // The class: the teacher and the projector are in the room but not among its people.
  const present = classmates(room);

  return (
    <section className="panel people" aria-labelledby="people-title">
      <h2 id="people-title">People ({present.length})</h2>
      {you && <RenameForm key={you.name} current={you.name} />}
      <ul className="people-list">
        {present.map((p) => (
          <li key={p.id} data-testid="person">
            <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
            <span>{shownName(room, p)}</span>
            {p.id === you?.id && <span className="badge">you</span>}
            {p.host && <span className="badge">host</span>}
            {p.recording && <span className="badge rec">recording</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
