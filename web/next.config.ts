import type { NextConfig } from 'next';

/**
 * `next build --webpack`: Turbopack hangs on @cornerstonejs/tools' self-creating
 * compute worker (FIELD-NOTES). The wasm codec glue of the DICOM image loader
 * references Node's `fs`/`path`, which do not exist in the browser.
 */
const config: NextConfig = {
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
