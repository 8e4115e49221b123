'use client';
/**
 * Signs on the plane about who leads it: "Following the teacher" (with a way out, and a way back
 * while the teacher still leads), "Following <name>" after a click on someone's avatar, and the
 * teacher's pause, said on every screen; on a phone, the running round.
 */
import { shownName } from '../lib/classmates';
import { useRoom, useRoomServices, useView } from './RoomServices';
import { useCountdown } from './RoundBanner';

function FollowTag() {
  const { viewStore } = useRoomServices();
  const leads = useRoom((s) => s.room?.follow === true && s.you?.host !== true && !s.you?.viewer);
  const on = useView((s) => s.followTeacher);
  if (!leads) return null;
  return on ? (
    <div className="follow-tag" role="status" data-testid="follow-tag">
      <span>Following the teacher</span>
      <button type="button" onClick={() => viewStore.getState().setFollowTeacher(false)} data-testid="stop-following">
        Look around myself
      </button>
    </div>
  ) : (
    <div className="follow-tag off" data-testid="follow-tag-off">
      <button type="button" onClick={() => viewStore.getState().setFollowTeacher(true)} data-testid="follow-teacher">
        Follow the teacher
      </button>
    </div>
  );
}

function FollowCursorTag() {
  const { viewStore } = useRoomServices();
  const id = useView((s) => s.followCursor);
  const name = useRoom((s) => {
    const p = s.room?.participants.find((x) => x.id === id);
    return p ? shownName(s.room, p) : null;
  });
  if (id === null || name === null) return null;
  return (
    <div className="follow-tag" role="status" data-testid="follow-cursor-tag">
      <span>Following {name}</span>
      <button type="button" onClick={() => viewStore.getState().setFollowCursor(null)}>
        Stop
      </button>
    </div>
  );
}

export function PauseSign() {
  const paused = useRoom((s) => s.room?.paused === true);
  if (!paused) return null;
  return (
    <div className="pause-sign" role="alert" data-testid="pause-sign">
      <strong>⏸ Paused</strong>
      <span>The teacher paused the class. Eyes on the front.</span>
    </div>
  );
}

/**
 * A running round in one line on the plane, for phones: there the round's panel sits below the
 * plane, out of sight while you steer (CSS shows the strip on narrow screens only).
 */
function RoundStrip() {
  const round = useRoom((s) => s.round);
  const me = useRoom((s) => s.round?.players.find((p) => p.id === s.you?.id) ?? null);
  const left = useCountdown(round);
  if (!round || round.id === null || round.phase !== 'running') return null;
  const goal = round.kind === 'ambiguous' ? 'Most ambiguous digit' : round.kind === 'lookalike' ? `Called ${round.target}` : `Find a ${round.target}`;
  return (
    <div className="round-strip" role="status" data-testid="round-strip">
      <strong>{goal}</strong>
      <span>{left} s{round.paused ? ' (paused)' : ''}</span>
      {me && <span>{me.reachedMs !== null ? `found, +${me.points}` : me.value === null ? '…' : `${Math.round(me.value * 100)} %`}</span>}
    </div>
  );
}

export function ClassSigns() {
  return (
    <>
      <div className="class-tags">
        <FollowTag />
        <FollowCursorTag />
      </div>
      <RoundStrip />
      <PauseSign />
    </>
  );
}
