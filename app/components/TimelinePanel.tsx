'use client';
/**
 * "Watch it learn": the training timeline of the room's model. The host opens it and plays,
 * pauses or scrubs it for the whole room (every cursor is then decoded by that snapshot's
 * decoder); the loss curve shows where training is. With the host's leave, a student can move
 * their own view along the timeline: their scatter and loss curve follow them, while the digits
 * stay those of the room's snapshot (the server decodes one snapshot per room). With `compare`,
 * the AE's and the VAE's scatters form side by side. `large` is the projector's size.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ModelKind } from '../../shared/constants';
import { TIMELINE_SPEED } from '../../shared/protocol';
import { selectIsHost } from '../stores/roomStore';
import { createThrottle } from '../lib/throttle';
import { shownPosition, snapshotAt, type TimelineLoad } from '../lib/timelineData';
import { SettingSwitch } from './LeadControls';
import { LossCurve } from './LossCurve';
import { useRoom, useRoomServices, useView } from './RoomServices';
import { TimelineScatter } from './TimelineScatter';

const SPEEDS = [0.5, 1, TIMELINE_SPEED.default, 3, 6];
/** Scrub requests while dragging: a few a second is smooth enough and stays under the request limit. */
const SEEK_MS = 250;
const POSITION_MS = 100;

function useTimelineLoad(model: ModelKind | null): TimelineLoad | null {
  const { timelines } = useRoomServices();
  return useSyncExternalStore(timelines.subscribe, () => (model ? timelines.get(model) : null), () => null);
}

/**
 * The position this page shows, moved on 10 times a second while the room plays: enough for the
 * slider and the loss curve's marker, and cheap on a slow phone (the plane morphs on its own).
 */
function useShownPosition(): number {
  const t = useRoom((s) => s.timeline);
  const at = useRoom((s) => s.timelineAt);
  const isHost = useRoom(selectIsHost);
  const own = useView((s) => s.ownTimeline);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!t?.playing) return;
    const timer = setInterval(() => setNow(performance.now()), POSITION_MS);
    return () => clearInterval(timer);
  }, [t]);
  return t ? shownPosition(t, at, Math.max(now, at), own, isHost) : 0;
}

function HostTimelineControls({ count }: { count: number }) {
  const { actions } = useRoomServices();
  const t = useRoom((s) => s.timeline)!;
  const position = useShownPosition();
  const seek = useMemo(() => createThrottle<number>((p) => void actions.request('timeline', { action: 'seek', position: p }), SEEK_MS), [actions]);
  useEffect(() => () => seek.cancel(), [seek]);
  return (
    <div className="timeline-controls">
      <button type="button" onClick={() => actions.request('timeline', { action: 'play', playing: !t.playing })} data-testid="timeline-play">
        {t.playing ? '⏸ Pause' : '▶ Play'}
      </button>
      <input type="range" min={0} max={count - 1} step={0.01} value={position} aria-label="Training timeline position"
        onChange={(e) => seek.push(Number(e.target.value))} data-testid="timeline-scrub" />
      <label>
        Speed{' '}
        <select value={t.speed} onChange={(e) => actions.request('timeline', { action: 'speed', speed: Number(e.target.value) })}>
          {SPEEDS.map((s) => <option key={s} value={s}>{s} / s</option>)}
        </select>
      </label>
      {/* Shown at once, as the teacher's other switches: the room's state confirms or rolls back. */}
      <SettingSwitch value={t.compare} label="AE and VAE side by side" testId="timeline-compare"
        request={(compare) => actions.request('timeline', { action: 'compare', compare })} />
      <SettingSwitch value={t.studentsScrub} label="Students may scrub on their own"
        request={(allowed) => actions.request('timeline', { action: 'studentScrub', allowed })} />
      <button type="button" onClick={() => actions.request('timeline', { action: 'open', open: false })}>Close timeline</button>
    </div>
  );
}

function StudentScrub({ count }: { count: number }) {
  const { viewStore } = useRoomServices();
  const own = useView((s) => s.ownTimeline);
  const position = useShownPosition();
  return (
    <div className="timeline-controls">
      <input type="range" min={0} max={count - 1} step={0.01} value={position} aria-label="Your place on the training timeline"
        onChange={(e) => viewStore.getState().setOwnTimeline(Number(e.target.value))} data-testid="timeline-own-scrub" />
      {own !== null && <button type="button" onClick={() => viewStore.getState().setOwnTimeline(null)}>Follow the class</button>}
    </div>
  );
}

function Compare({ position, size }: { position: number; size: number }) {
  const ae = useTimelineLoad('ae');
  const vae = useTimelineLoad('vae');
  const ready = [ae, vae].flatMap((l) => (l?.state === 'ready' ? [l.timeline] : []));
  return (
    <div className="timeline-compare">
      {ready.map((t) => <TimelineScatter key={t.model} timeline={t} position={Math.min(position, t.snapshots.length - 1)} size={size} />)}
    </div>
  );
}

export function TimelinePanel({ large = false }: { large?: boolean }) {
  const { actions } = useRoomServices();
  const isHost = useRoom(selectIsHost);
  const model = useRoom((s) => s.room?.model ?? null);
  const t = useRoom((s) => s.timeline);
  const open = Boolean(t?.open && t.model === model);
  // The snapshots' embeddings (a few MB) are fetched once the timeline is opened, not with the page.
  const load = useTimelineLoad(open ? model : null);
  const position = useShownPosition();
  if (!model || (!open && (!isHost || large))) return null;
  if (!open) {
    return (
      <section className="panel timeline" aria-label="Training timeline">
        <button type="button" onClick={() => actions.request('timeline', { action: 'open', open: true })} data-testid="timeline-open">
          Watch it learn: show the {model.toUpperCase()}&apos;s training
        </button>
      </section>
    );
  }
  if (load?.state !== 'ready') return null;
  const { snapshots } = load.timeline;
  const shown = snapshots[snapshotAt(position, snapshots.length)];
  const room = snapshots[t!.snapshot];
  return (
    <section className={`panel timeline ${large ? 'timeline-large' : ''}`} aria-labelledby="timeline-title" data-testid="timeline-panel"
      data-snapshot={t!.snapshot} data-step={t!.step} data-playing={t!.playing ? 'true' : 'false'}>
      <h2 id="timeline-title">Watch it learn</h2>
      <p className="timeline-status" data-testid="timeline-status">
        Step <strong>{shown.step}</strong> · epoch {shown.epoch.toFixed(2)} · {shown.imagesSeen.toLocaleString('en')} images seen · test loss{' '}
        <strong>{shown.testLoss.toFixed(1)}</strong> nats
        {shown !== room && <> (the class is at step {room.step})</>}
      </p>
      <LossCurve snapshots={snapshots} position={position} />
      <p className="loss-legend"><span className="key-train" /> train loss <span className="key-test" /> test loss</p>
      {isHost && <HostTimelineControls count={snapshots.length} />}
      {!isHost && t!.studentsScrub && <StudentScrub count={snapshots.length} />}
      {t!.compare && <Compare position={position} size={large ? 300 : 150} />}
    </section>
  );
}
