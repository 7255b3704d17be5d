import { loadConfig } from './config.js';
import { createArchive } from './createArchive.js';
import { seedDemo } from './demo/seedDemo.js';
import { createLogger } from './logger.js';
import { ARCHIVE_NODE_FLAGS } from './nodeFlags.js';

/**
 * The archive service: opens the index, blob store and bus from configuration,
 * seeds the demo studies into an empty archive, then serves DICOMweb.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const missingFlags = ARCHIVE_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missingFlags.length > 0) logger.warn({ missingFlags }, 'started without the archive\'s Node options: C-STORE rates may halve under garbage collection (see nodeFlags.ts)');
  const archive = await createArchive(config, logger);
  if (config.seedDemo) {
    let lastPercent = -1;
    const result = await seedDemo(archive, (done, total) => {
      const percent = Math.floor((done / total) * 10) * 10;
      if (percent !== lastPercent) logger.info({ done, total }, `seeding demo studies: ${percent}%`);
      lastPercent = percent;
    });
    if (result.seeded) logger.info({ instances: result.instances }, 'demo studies seeded');
  }
  const { httpUrl, dicomwebUrl, dimsePort, dimseTlsPort } = await archive.listen();
  logger.info({ httpUrl, dicomwebUrl, dimsePort, dimseTlsPort, database: archive.database.kind, bus: archive.bus.kind }, 'archive ready');
  process.stdout.write(
    `\nConsilium archive ready\n  DICOMweb: ${dicomwebUrl}\n  QIDO-RS:  ${dicomwebUrl}/studies\n` +
      `  DIMSE:    ${config.dimse.aeTitle}@${config.host}:${dimsePort}\n` +
      (dimseTlsPort === undefined ? '' : `  DIMSE TLS: ${config.dimse.aeTitle}@${config.host}:${dimseTlsPort}\n`) +
      `  data:     ${config.dataDir}\n\n`,
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    archive.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`archive failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
