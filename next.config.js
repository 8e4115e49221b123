// ESM like the rest of the package ("type": "module" in package.json).
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Type-check only the web app's own sources during `next build`; the server, training and
  // tests are checked by `tsc` and vitest, and may be mid-change by others while the app builds.
  typescript: { tsconfigPath: 'tsconfig.app.json' },
  // Metadata always rendered into <head>, for every client: Next may otherwise stream a slow
  // generateMetadata's tags after the head for user agents not on its crawler list (Telegram's
  // link crawler is not), which read only the head. Ours reads request headers only, so the
  // blocking render costs nothing.
  htmlLimitedBots: /.*/,
  experimental: {
    // shared/ is also run by Node (via tsx), so its modules import each other as './x.js'.
    // Webpack maps those to the .ts sources; Turbopack cannot yet (vercel/next.js#82945), which
    // is why `npm run build` passes --webpack and a dev server must use webpack too.
    extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
  },
};

export default nextConfig;
