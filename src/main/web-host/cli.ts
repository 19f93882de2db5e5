// `npm run web`: the softphone's main-process services with the UI in a browser.
//   --port N | WEB_HOST_PORT        (default 0 = a free port)
//   --host H | WEB_HOST_HOST        (default 127.0.0.1; the page needs a secure context: loopback or HTTPS)
//   --companion URL | COMPANION_URL (default http://127.0.0.1:7400, the port `npm start` gives the companion)
//   --static DIR                    (default dist/renderer)
//   --data-dir DIR | SOFTPHONE_DATA_DIR  (desktop settings and agent options such as auto-answer persist here; none = memory only)
//   --sip-fallback URL (repeatable) | SOFTPHONE_SIP_FALLBACKS (comma-separated)  SIP servers tried after the companion's
//   --sip-outbound-proxy URI | SOFTPHONE_SIP_OUTBOUND_PROXY                       every SIP request goes through it
// Prints exactly `listening <url>` when ready; SIGTERM/SIGINT un-REGISTER (bounded) and exit 0.
import { parseArgs } from 'node:util';
import { parseSipOverrides, sipOverridesFromEnv } from '../services/sip/sip-config.js';
import { startWebHost } from './host.js';

export const DEFAULT_COMPANION_URL = 'http://127.0.0.1:7400';
const SHUTDOWN_TIMEOUT_MS = 8_000;

function fail(message: string): never {
  process.stderr.write(`web host: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { port?: string; host?: string; companion?: string; static?: string; 'data-dir'?: string; 'sip-fallback'?: string[]; 'sip-outbound-proxy'?: string };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, host: { type: 'string' }, companion: { type: 'string' }, static: { type: 'string' }, 'data-dir': { type: 'string' }, 'sip-fallback': { type: 'string', multiple: true }, 'sip-outbound-proxy': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const portText = values.port ?? process.env.WEB_HOST_PORT ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) fail(`invalid port "${portText}"`);
  const companionUrl = values.companion ?? process.env.COMPANION_URL ?? DEFAULT_COMPANION_URL;
  try {
    new URL(companionUrl);
  } catch {
    fail(`invalid companion URL "${companionUrl}"`);
  }

  const fromEnv = sipOverridesFromEnv(process.env);
  const flagged = parseSipOverrides({
    ...(values['sip-fallback']?.length ? { fallbackWsUrls: values['sip-fallback'] } : {}),
    ...(values['sip-outbound-proxy'] ? { outboundProxy: values['sip-outbound-proxy'] } : {}),
  });
  if (!fromEnv.ok) fail(fromEnv.error);
  if (!flagged.ok) fail(flagged.error);
  // Flags win over the environment, field by field.
  const sip = { ...fromEnv.overrides, ...flagged.overrides };

  const host = await startWebHost({
    sip,
    port,
    host: values.host ?? process.env.WEB_HOST_HOST ?? '127.0.0.1',
    companionUrl,
    ...(values.static ? { staticDir: values.static } : {}),
    ...((values['data-dir'] ?? process.env.SOFTPHONE_DATA_DIR) ? { dataDir: values['data-dir'] ?? process.env.SOFTPHONE_DATA_DIR } : {}),
    ...(process.env.SOFTPHONE_RECORDING_DIR ? { recordingDir: process.env.SOFTPHONE_RECORDING_DIR } : {}),
  });
  process.stdout.write(`listening ${host.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`web host: ${signal}, signing out\n`);
    const force = setTimeout(() => {
      process.stderr.write('web host: shutdown timed out\n');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    host.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`web host: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`web host: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
