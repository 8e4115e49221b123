import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { RoomGate } from '../../../components/RoomGate';
import { canonicalRoom, queryOf } from '../../../lib/roomAddress';
import { roomMetadata } from '../../../lib/roomMetadata';
import { PresenterView } from '../../../components/PresenterView';

interface Props {
  params: Promise<{ room: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { room } = await params;
  const id = canonicalRoom(room);
  if (!id) return { title: `Room ${room} on the projector · Latent playground` };
  return roomMetadata(id, await headers(), `Room ${id} on the projector · Latent playground`);
}

export default async function PresentPage({ params, searchParams }: Props) {
  const { room } = await params;
  const id = canonicalRoom(room);
  if (!id) notFound();
  if (id !== room) redirect(`/r/${id}/present${queryOf(await searchParams)}`);
  return (
    <RoomGate room={id}>
      <PresenterView room={id} />
    </RoomGate>
  );
}
