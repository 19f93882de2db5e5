// SIPp playing the carrier behind the companion's SIP trunk (test/fixtures/sipp/trunk-uas.xml): answers one
// INVITE, takes ACK and BYE, exits 0. `invite()` is the INVITE exactly as the carrier received it, to check
// the caller ID (From / P-Asserted-Identity) the companion presented.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const HAS_SIPP = existsSync('/usr/bin/sipp');
const TRUNK_SCENARIO = path.resolve('test/fixtures/sipp/trunk-uas.xml');
/** Answers with a WebRTC-shaped SDP, for browser agents (see the scenario's comment). */
export const TRUNK_SCENARIO_WEBRTC = path.resolve('test/fixtures/sipp/trunk-uas-webrtc.xml');
/** Answers 486 Busy Here. */
export const TRUNK_SCENARIO_BUSY = path.resolve('test/fixtures/sipp/trunk-busy.xml');
/** Rings until CANCELled (then 487). */
export const TRUNK_SCENARIO_RINGING = path.resolve('test/fixtures/sipp/trunk-ringing.xml');

export interface SippCarrier {
  exited: Promise<number | null>;
  kill(): void;
  /** stdout and the error log, for assertion messages. */
  output(): string;
  invite(): string;
}

export function sippCarrier(port: number, mediaPort: number, scenario = TRUNK_SCENARIO): SippCarrier {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipp-carrier-'));
  const log = path.join(dir, 'messages.log');
  const errors = path.join(dir, 'err.log');
  const sipp = spawn('sipp', ['-sf', scenario, '-i', '127.0.0.1', '-p', String(port), '-mp', String(mediaPort),
    '-t', 'u1', '-m', '1', '-nostdin', '-timeout', '30s', '-trace_msg', '-message_file', log, '-trace_err', '-error_file', errors], { cwd: dir });
  let out = '';
  sipp.stdout.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => sipp.on('exit', resolve));
  return {
    exited,
    kill: () => sipp.kill(),
    output: () => `${out}\n${existsSync(errors) ? readFileSync(errors, 'utf8') : ''}`,
    invite: () => {
      const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
      return /INVITE sip:[^\n]*\n[\s\S]*?\r?\n\r?\n/.exec(text)?.[0] ?? '';
    },
  };
}
