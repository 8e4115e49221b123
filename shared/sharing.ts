/**
 * What a shared room link carries: the web app manifest (so a phone can put the room on its home
 * screen) and the preview picture chat apps show under the link. The server serves both; the
 * room page links them, with what the server tells it about the room in request headers.
 */
import type { ModelKind } from './constants.js';

export const APP_NAME = 'Latent playground';
export const APP_DESCRIPTION = 'Steer together through the 2-D latent space of an MNIST autoencoder and VAE.';
/** The page background, also the manifest's theme and splash colour. */
export const THEME_COLOR = '#fbfbf8';

/** The preview picture's size: the 1.91:1 Open Graph size chat apps crop least. */
export const PREVIEW_SIZE = { width: 1200, height: 630 } as const;

export const MODEL_TITLES: Record<ModelKind, string> = {
  ae: 'autoencoder (AE)',
  vae: 'variational autoencoder (VAE)',
};

/** The room's manifest, served by the server (a static file cannot know the room). */
export function roomManifestPath(room: string): string {
  return `/api/rooms/${room}/manifest.webmanifest`;
}

/** The room's preview PNG (the plane of its model, its code and the model's name). */
export function roomPreviewPath(room: string): string {
  return `/api/rooms/${room}/preview.png`;
}

/**
 * Headers the server sets on page requests for Next (and strips from what clients send): the
 * room's model when the room exists, and the absolute address pages are shared under.
 */
export const PAGE_HEADERS = {
  roomModel: 'x-playground-room-model',
  publicBase: 'x-playground-public-base',
} as const;

/** The icons every manifest lists (files in public/, made by `npm run icons`). */
export const MANIFEST_ICONS = [
  { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: '/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
  { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
] as const;

/**
 * A web app manifest: the start page's (public/manifest.webmanifest) without a room, or a room's,
 * which opens that room from the home screen. Each room gets its own `id`, so a phone can keep
 * several rooms as separate apps.
 */
export function webManifest(room?: string) {
  const start = room ? `/r/${room}` : '/';
  return {
    id: start,
    name: room ? `Room ${room} · ${APP_NAME}` : APP_NAME,
    short_name: room ?? 'Latent',
    description: APP_DESCRIPTION,
    start_url: start,
    scope: start,
    display: 'standalone',
    background_color: THEME_COLOR,
    theme_color: THEME_COLOR,
    icons: MANIFEST_ICONS,
  };
}
