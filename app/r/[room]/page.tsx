import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { RoomGate } from '../../components/RoomGate';
import { canonicalRoom, queryOf } from '../../lib/roomAddress';
import { roomMetadata } from '../../lib/roomMetadata';
import { RoomApp } from '../../components/RoomApp';

interface Props {
  params: Promise<{ room: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { room } = await params;
  const id = canonicalRoom(room);
  if (!id) return { title: `Room ${room} · Latent playground` };
  return roomMetadata(id, await headers(), `Room ${id} · Latent playground`);
}

export default async function RoomPage({ params, searchParams }: Props) {
  const { room } = await params;
  const id = canonicalRoom(room);
  if (!id) notFound();
  // The same room whatever the case it was typed in; the query (a host link) comes along.
  if (id !== room) redirect(`/r/${id}${queryOf(await searchParams)}`);
  return (
    <RoomGate room={id}>
      <RoomApp room={id} />
    </RoomGate>
  );
}
