/**
 * Coarse room state for React: connection, who you are, the room snapshot, saved paths, messages.
 * Changes a few times a minute, never per frame (frames live in lib/frameStore).
 */
import { createStore } from 'zustand/vanilla';
import type { DrawingInfo, DrawingsUpdate, HeatmapUpdate, JoinResult, ParticipantInfo, PathSummary, RoomSnapshot, RoundState, TimelineState } from '../../shared/protocol';
import type { LatentBounds } from '../../shared/latent';
import { applyDrawingsUpdate } from '../lib/drawingList';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface UserMessage {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

export interface RoomState {
  status: ConnectionStatus;
  /** Why the connection is not (yet) working, in words; null when all is well. */
  problem: string | null;
  /** Round-trip time of the last ping in ms. */
  rtt: number | null;
  you: ParticipantInfo | null;
  room: RoomSnapshot | null;
  paths: PathSummary[];
  /** When your current recording started (client clock), or null. */
  recordingSince: number | null;
  messages: UserMessage[];
  /** The room's current or last challenge round (null before any). */
  round: RoundState | null;
  /** The class's heat map while the host shows it. */
  heatmap: HeatmapUpdate | null;
  /** The class's drawings pinned on the plane, and whether the host hid them. */
  drawings: DrawingInfo[];
  drawingsHidden: boolean;
  /** The host's view while the room follows the host; null otherwise. */
  hostView: LatentBounds | null;
  /** The drawing whose details are open (a pin was clicked), or null. */
  selectedDrawing: string | null;
  /** The room's place on the training timeline (null before the host first opened it). */
  timeline: TimelineState | null;
  /** performance.now() when it arrived (a playing timeline moves on from there). */
  timelineAt: number;
}

export interface RoomActions {
  setStatus(status: ConnectionStatus, problem?: string | null): void;
  joined(result: JoinResult): void;
  setSnapshot(room: RoomSnapshot): void;
  setPaths(paths: PathSummary[]): void;
  setRtt(ms: number): void;
  setRecording(since: number | null): void;
  say(level: UserMessage['level'], text: string): void;
  dismiss(id: number): void;
  setRound(round: RoundState): void;
  setHeatmap(update: HeatmapUpdate): void;
  applyDrawings(update: DrawingsUpdate): void;
  selectDrawing(id: string | null): void;
  setTimeline(state: TimelineState, at?: number): void;
  setHostView(region: LatentBounds | null): void;
}

export type RoomStore = ReturnType<typeof createRoomStore>;

const MESSAGES_MAX = 4;

const initialRoomState: RoomState = {
  status: 'idle',
  problem: null,
  rtt: null,
  you: null,
  room: null,
  paths: [],
  recordingSince: null,
  messages: [],
  round: null,
  heatmap: null,
  drawings: [],
  drawingsHidden: false,
  hostView: null,
  selectedDrawing: null,
  timeline: null,
  timelineAt: 0,
};

/** Your entry in a snapshot, which carries the fresh host and recording flags. */
function meIn(room: RoomSnapshot, you: ParticipantInfo | null): ParticipantInfo | null {
  if (!you) return null;
  return room.participants.find((p) => p.id === you.id) ?? you;
}

export function createRoomStore(init: Partial<RoomState> = {}) {
  let nextMessage = 1;
  return createStore<RoomState & RoomActions>()((set) => ({
    ...initialRoomState,
    ...init,
    setStatus: (status, problem = null) => set({ status, problem }),
    joined: (r) => set({ status: 'connected', problem: null, you: meIn(r.room, r.you), room: r.room, paths: r.paths }),
    setSnapshot: (room) =>
      set((s) => {
        const you = meIn(room, s.you);
        // A recording the server no longer reports (stopped by a reconnect or a limit) is over.
        const recordingSince = you?.recording ? (s.recordingSince ?? Date.now()) : null;
        return { room, you, recordingSince };
      }),
    setPaths: (paths) => set({ paths }),
    setRound: (round) => set({ round }),
    setHeatmap: (update) => set({ heatmap: update.shown ? update : null }),
    setRtt: (rtt) => set({ rtt }),
    setRecording: (recordingSince) => set({ recordingSince }),
    say: (level, text) =>
      set((s) => ({ messages: [...s.messages, { id: nextMessage++, level, text }].slice(-MESSAGES_MAX) })),
    dismiss: (id) => set((s) => ({ messages: s.messages.filter((m) => m.id !== id) })),
    applyDrawings: (u) => set((s) => ({ drawings: applyDrawingsUpdate(s.drawings, u), drawingsHidden: u.hidden })),
    selectDrawing: (selectedDrawing) => set({ selectedDrawing }),
    setTimeline: (timeline, at = performance.now()) => set({ timeline, timelineAt: at }),
    setHostView: (hostView) => set({ hostView }),
  }));
}

/** Selectors shared by components. */
export const selectIsHost = (s: RoomState) => s.you?.host === true;
/** Whether this page's plane follows the host's view right now (a student, the room following). */
export const selectFollowsHost = (s: RoomState) => s.room?.follow === true && s.you?.host !== true && s.hostView !== null;
