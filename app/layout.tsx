import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { APP_DESCRIPTION, APP_NAME, THEME_COLOR } from '../shared/sharing';
import './globals.css';

export const metadata: Metadata = {
  title: APP_NAME,
  description: APP_DESCRIPTION,
  // The start page's manifest; a room page links its own, which opens that room.
  manifest: '/manifest.webmanifest',
  // Files in public/, drawn from public/icon.svg by `npm run icons`.
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: '/apple-touch-icon.png',
  },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: THEME_COLOR,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
