/**
 * The training-timeline part of the wire protocol ("watch it learn"): the host opens the timeline
 * of the room's model and plays, pauses or scrubs it; every cursor is then decoded by the decoder
 * of the snapshot the room is at, and every client morphs its scatter between the snapshots'
 * embeddings. Re-exported by protocol.ts; docs/protocol.md "Training timeline" describes it in prose.
 */
import { z } from 'zod';
import type { ModelKind } from './constants.js';

/** Playing speed in snapshots per second. */
export const TIMELINE_SPEED = { min: 0.25, max: 8, default: 1.5 } as const;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** Schemas of the timeline events, merged into protocol.ts's `clientSchemas`. */
export const timelineSchemas = {
  timeline: z.discriminatedUnion('action', [
    /** Shows (or hides) the timeline of the room's model; `compare` also shows the other model's beside it. */
    z.object({ action: z.literal('open'), open: z.boolean(), compare: z.boolean().optional() }),
    /** Moves to a position: a snapshot index, fractional between two snapshots (clamped to the timeline). */
    z.object({ action: z.literal('seek'), position: finite.min(0) }),
    z.object({ action: z.literal('play'), playing: z.boolean() }),
    z.object({ action: z.literal('speed'), speed: z.number().min(TIMELINE_SPEED.min).max(TIMELINE_SPEED.max) }),
    z.object({ action: z.literal('compare'), compare: z.boolean() }),
    /** Lets students move their own view along the timeline (their scatter and loss curve only). */
    z.object({ action: z.literal('studentScrub'), allowed: z.boolean() }),
  ]),
};

/**
 * Payload of the `timeline` event and of its ack: the room's place on its model's timeline. While
 * `playing`, the position advances by `speed` snapshots a second from `position` (its value when
 * the message was made); the server sends the state again at least whenever `snapshot` changes.
 */
export interface TimelineState {
  /** The timeline is shown; while false, cursors are decoded by the shipped decoder. */
  open: boolean;
  /** Whose timeline `position` indexes (the room's model). */
  model: ModelKind;
  /** Snapshots in that timeline (0 when the model has none). */
  count: number;
  /** Fractional snapshot index, 0 .. count - 1. */
  position: number;
  /** The snapshot whose decoder decodes every cursor: the position rounded. */
  snapshot: number;
  /** That snapshot's training step. */
  step: number;
  playing: boolean;
  /** Snapshots per second while playing. */
  speed: number;
  /** The other model's timeline is shown beside, at the same snapshot index (clamped to its length). */
  compare: boolean;
  /** Students may move their own view along the timeline. */
  studentsScrub: boolean;
}

/** The snapshot a position decodes with. */
export function snapshotAt(position: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.round(position)));
}
