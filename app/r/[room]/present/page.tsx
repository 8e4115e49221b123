import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { RoomGate } from '../../../components/RoomGate';
import { canonicalRoom, queryOf } from '../../../lib/roomAddress';
import { PresenterView } from '../../../components/PresenterView';

interface Props {
  params: Promise<{ room: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { room } = await params;
  return { title: `Room ${canonicalRoom(room) ?? room} on the projector · Latent playground` };
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
