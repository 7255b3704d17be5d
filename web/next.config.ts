import type { NextConfig } from 'next';

/**
 * `next build --webpack`: Turbopack hangs on @cornerstonejs/tools' self-creating
 * compute worker (FIELD-NOTES). The wasm codec glue of the DICOM image loader
 * references Node's `fs`/`path`, which do not exist in the browser.
 */
const config: NextConfig = {
  // NEXT_DIST_DIR lets parallel builds (several developers' checks on one machine) keep apart; default .next.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  webpack(webpackConfig, { isServer }) {
    webpackConfig.experiments = { ...webpackConfig.experiments, asyncWebAssembly: true };
    if (!isServer) {
      webpackConfig.resolve.fallback = { ...webpackConfig.resolve.fallback, fs: false, path: false };
    }
    return webpackConfig;
  },
};

export default config;
