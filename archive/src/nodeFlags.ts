/**
 * Node options the archive process starts with (scripts/start.mjs, the test
 * and bench launcher startArchiveProcess; the Dockerfile and `npm start -w
 * archive` spell them out too). V8 options cannot be set once the process runs.
 *
 * `--initial-heap-size`: V8 (11.3, Node 20) counts external memory allocated
 * since the last full GC against the old generation's limit. A C-STORE of a
 * 512x512 CT brings ~0.6 MB of socket read buffers; with the archive's ~30 MB
 * old generation and its default limit that started a Mark-Compact every ~16
 * instances, for good, in about one run in two: 70-130 of them while storescu
 * sent 1,200 instances, and the rate fell from ~220 to ~120 instances/s. With
 * an initial heap of 64 MB: 1 Mark-Compact and 210-287 instances/s in each of
 * four runs here (the process then holds ~1 GB resident instead of ~0.6 GB).
 */
export const ARCHIVE_NODE_FLAGS: readonly string[] = ['--initial-heap-size=64'];
