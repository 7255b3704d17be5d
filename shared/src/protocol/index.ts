export * from './version.js';
export * from './handshake.js';
export * from './viewportState.js';
export * from './media.js';
export * from './messages.js';
export * from './sessionDocument.js';
