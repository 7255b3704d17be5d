import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * One runner for unit and integration tests. Unit tests sit beside their source
 * (`foo.test.ts`); integration tests (`*.int.test.ts`) start real servers on port 0.
 * `@consilium/shared` resolves to its source so tests never see a stale build.
 */
const alias = [
  { find: '@consilium/shared/testing', replacement: fileURLToPath(new URL('./shared/src/testing/index.ts', import.meta.url)) },
  { find: '@consilium/shared', replacement: fileURLToPath(new URL('./shared/src/index.ts', import.meta.url)) },
  // The web app's own `@/` paths (web/tsconfig.json).
  { find: /^@\/(.*)$/, replacement: fileURLToPath(new URL('./web/src/$1', import.meta.url)) },
];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['{shared,archive,web,realtime}/src/**/*.test.ts', 'e2e/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['{shared,archive,realtime,web}/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
