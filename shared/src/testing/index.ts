/** Test support (`@consilium/shared/testing`): Node only, never imported by app code or browser bundles. */
export { type MintOptions, TestTokenIssuer } from './TestTokenIssuer.js';
