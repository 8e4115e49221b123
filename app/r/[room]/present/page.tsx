import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ROOM_ID_PATTERN } from '../../../../shared/protocol';
import { PresenterView } from '../../../components/PresenterView';

interface Props {
  params: Promise<{ room: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { room } = await params;
  return { title: `Room ${room} on the projector · Latent playground` };
}

export default async function PresentPage({ params }: Props) {
  const { room } = await params;
  if (!ROOM_ID_PATTERN.test(room)) notFound();
  return <PresenterView room={room} />;
}
