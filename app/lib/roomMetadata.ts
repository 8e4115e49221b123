/**
 * A room page's metadata for shared links: the room's manifest (home screen), and Open Graph and
 * Twitter tags with the preview picture, built from what the server put in the request's headers
 * (PAGE_HEADERS). A room nobody has made yet gets the start page's manifest and no picture.
 */
import type { Metadata } from 'next';
import { isModelKind } from '../../shared/constants';
import { APP_NAME, MODEL_TITLES, PAGE_HEADERS, PREVIEW_SIZE, roomManifestPath, roomPreviewPath } from '../../shared/sharing';

/** Reads one request header (Next's `headers()` has this shape). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Metadata of `/r/<room>` (and its presenter page, which shares the room's link and picture). */
export function roomMetadata(room: string, headers: HeaderReader, title: string): Metadata {
  const rawModel = headers.get(PAGE_HEADERS.roomModel);
  const model = isModelKind(rawModel) ? rawModel : undefined;
  const base = headers.get(PAGE_HEADERS.publicBase) ?? undefined;
  if (!model) return { title };
  const shareTitle = `Room ${room} · ${MODEL_TITLES[model]}`;
  const description = `Join room ${room} of the ${APP_NAME} and steer a digit across the latent plane of an MNIST ${MODEL_TITLES[model]}, together.`;
  const image = base ? { url: `${base}${roomPreviewPath(room)}`, width: PREVIEW_SIZE.width, height: PREVIEW_SIZE.height, alt: `The latent plane of the ${MODEL_TITLES[model]}, room ${room}` } : undefined;
  return {
    title,
    description,
    manifest: roomManifestPath(room),
    ...(base ? { metadataBase: new URL(base) } : {}),
    openGraph: {
      type: 'website',
      siteName: APP_NAME,
      title: shareTitle,
      description,
      ...(base ? { url: `${base}/r/${room}` } : {}),
      ...(image ? { images: [image] } : {}),
    },
    twitter: { card: image ? 'summary_large_image' : 'summary', title: shareTitle, description, ...(image ? { images: [image.url] } : {}) },
  };
}
