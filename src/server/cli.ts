// `npm run server`: starts the companion, prints exactly one line `listening <url>` on stdout once ready
// (everything else goes to stderr) and exits cleanly on SIGTERM/SIGINT.
import { startCompanion } from './app.js';
import { HelpRequested, parseConfig } from './config.js';

// Some libraries print diagnostics with console.log; keep stdout for the one machine-readable line.
console.log = console.error;
console.info = console.error;

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseConfig(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof HelpRequested ? 0 : 2);
  }
  const companion = await startCompanion(opts);
  process.stdout.write(`listening ${companion.url}\n`);
  process.stderr.write(`SIP over WebSocket: ${companion.sipWebSocketUrl} (domain ${companion.sipDomain})${companion.sipPort ? `, UDP/TCP port ${companion.sipPort}` : ''}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    // Connections the SIP library keeps open must not hold the process: exit once our side is closed.
    const force = setTimeout(() => process.exit(0), 5_000);
    force.unref();
    companion.close().then(() => process.exit(0), (e) => {
      process.stderr.write(`shutdown failed: ${String(e)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e) => {
  process.stderr.write(`companion server failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
