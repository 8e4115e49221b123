/**
 * Who counts as a classmate: people in lists, counts, tiles and the spotlight menu are the
 * students. The teacher (a host) and the projector (a watching screen) are in the room but are
 * not participants of the class. And the names shown: animal names while the host hides names.
 */
import { anonymousName } from '../../shared/names';
import type { ParticipantInfo, RoomSnapshot } from '../../shared/protocol';

export function isClassmate(p: ParticipantInfo): boolean {
  return p.connected && !p.host && !p.viewer;
}

/** The connected students of a room, in joining order. */
export function classmates(room: RoomSnapshot | null): ParticipantInfo[] {
  return (room?.participants ?? []).filter(isClassmate);
}

/** The name to show for a cursor: its person's, or an animal name while names are hidden. */
export function shownName(room: RoomSnapshot | null, p: { id: number; name: string }): string {
  return room?.namesHidden ? anonymousName(p.id) : p.name;
}
