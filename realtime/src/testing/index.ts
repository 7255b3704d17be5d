/**
 * Test support for other workspaces (the web app's session client is tested
 * against a real realtime server): `@consilium/realtime/testing`, resolved to
 * source by vitest and TypeScript, never part of a build.
 */
export { type TestDatabase, createScratchDatabase, openTestDatabase, testBackends } from './testDatabase.js';
export { type TestRealtime, startTestRealtime } from './testRealtime.js';
export { newSession, STUDY_UID } from './testSession.js';
export { useTestRealtime } from './useTestRealtime.js';
