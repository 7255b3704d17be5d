import path from 'node:path';
import type { NextConfig } from 'next';

/**
 * `next build --webpack`: Turbopack hangs on @cornerstonejs/tools' self-creating
 * compute worker (FIELD-NOTES). The wasm codec glue of the DICOM image loader
 * references Node's `fs`/`path`, which do not exist in the browser.
 * Security headers go on every response (see headers()); the Content-Security-Policy,
 * which names the realtime origin of the installation, is set at run time by src/proxy.ts.
 */
const config: NextConfig = {
  // NEXT_DIST_DIR lets parallel builds (several developers' checks on one machine) keep apart; default .next.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite finds its wasm and data files beside its own module: it must load from node_modules, not a bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(self), microphone=(self), display-capture=(self), geolocation=()' },
        ],
      },
    ];
  },
  webpack(webpackConfig, { isServer, webpack }) {
    webpackConfig.experiments = { ...webpackConfig.experiments, asyncWebAssembly: true };
    // `import text from './x.sql?raw'`: the file's text (the web database's migrations, see embeddedMigrations.ts).
    webpackConfig.module.rules.push({ resourceQuery: /raw/, type: 'asset/source' });
    if (!isServer) {
      webpackConfig.resolve.fallback = { ...webpackConfig.resolve.fallback, fs: false, path: false };
      // vtk.js's norm16 linear-filtering probe repeats one Cornerstone has already run (see the replacement's comment).
      webpackConfig.plugins.push(
        new webpack.NormalModuleReplacementPlugin(
          /[\\/]Texture[\\/]supportsNorm16Linear\.js$/,
          path.resolve(import.meta.dirname, 'src/features/viewer/cornerstone/norm16LinearFromCornerstone.ts'),
        ),
      );
    }
    return webpackConfig;
  },
};

export default config;
