// SIP throughput benchmark (issue 9): registrations/s and calls/s sustained through the companion's SIP edge
// with SIPp over UDP on loopback, and the same SIPp runs against Debian's Kamailio in the same run (ratio).
//  1. REGISTER: N agents (digest auth on both servers: Kamailio's interop config WITH_AUTH, its user table
//     generated with the same N logins), at most LIMIT in flight, as fast as the server answers.
//  2. Calls: one SIPp UAS (on the port the agents registered from) answers for every agent; a SIPp UAC places
//     CALLS calls (INVITE/200/ACK, HOLD_MS, BYE), at most LIMIT in flight, target RATE per second.
//     On the companion a call goes to the `support` queue (the product's path: ACD choice among the N
//     Available agents, conversation, presence); on Kamailio straight to a registered agent (plain proxying),
//     so the ratio is conservative. Wrap-up is off so agents are eligible again right after BYE.
// Bounded: SIPp stops after CALLS calls or TIMEOUT; failed calls/registrations are reported, not hidden.
// udpReceiveBufferDrops: datagrams the kernel dropped meanwhile (RcvbufErrors, system-wide: other processes count
// too) — where lost ACKs/BYEs come from. agentsLeftInCall: agents the companion still counts as in a call/ringing 35 s after the last call (a lost
// ACK/BYE on UDP; SIPp's UAS never sends its own BYE as a real phone would).
// Prints ONE JSON line. `npm run bench -- sip-throughput` (BENCH_AGENTS, BENCH_CALLS, BENCH_RATE, BENCH_LIMIT;
// BENCH_SIP_TRACE=<file> writes the companion's SIP trace there).
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, login } from '../../test/support/companion-api.js';
import { startKamailio } from '../../test/support/kamailio.js';
import { freePort } from '../../test/support/ports.js';
import { startCompanionProcess, tempDir, waitFor } from '../../test/support/processes.js';
import { agentLogin, agentSipPassword, seedAgents } from '../support/seed-agents.js';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 1_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 2_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const LIMIT = Number(process.env.BENCH_LIMIT ?? 50);
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 0);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 180);
const here = path.dirname(fileURLToPath(import.meta.url));
const work = tempDir('bench-sipp');

/** Datagrams the kernel dropped because a UDP receive buffer was full (system-wide, Linux). */
function udpDrops(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const [names, values] = lines.map((l) => l.trim().split(/\s+/));
  const i = names?.indexOf('RcvbufErrors') ?? -1;
  return i > 0 ? Number(values?.[i] ?? 0) : 0;
}

interface SippRun { ok: number; failed: number; seconds: number; perSecond: number; exit: number | null; errors?: string }

/** Runs one SIPp client to completion and reads its final counters (the cumulative column). */
async function sipp(args: string[], name: string): Promise<SippRun> {
  const started = performance.now();
  const child = spawn('sipp', [...args, '-nostdin', '-timeout', `${TIMEOUT_S}s`, '-recv_timeout', '10000', '-trace_err', '-error_file', path.join(work, `${name}-err.log`)], { cwd: work });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exit = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  const count = (label: string) => Number([...out.matchAll(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`, 'g'))].at(-1)?.[1] ?? 0);
  const ok = count('Successful call'); const failed = count('Failed call');
  return { ok, failed, seconds: +seconds.toFixed(2), perSecond: Math.round(ok / seconds), exit, ...(failed || exit !== 0 ? { errors: out.slice(-600) } : {}) };
}

/** A SIPp UAS answering for every agent on `port`; resolves once it holds the port. */
async function startUas(port: number): Promise<{ stop(): Promise<void> }> {
  const child = spawn('sipp', ['-sf', path.join(here, 'uas.xml'), '-i', '127.0.0.1', '-p', String(port), '-mp', String(await freePort()), '-t', 'u1', '-nostdin'], { cwd: work });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await waitFor(() => new Promise<boolean>((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => resolve(true)); // in use: SIPp has it
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(false)));
  }), 'the SIPp UAS', 15_000, 50);
  return { async stop() { if (child.exitCode === null) { child.kill('SIGTERM'); const t = setTimeout(() => child.kill('SIGKILL'), 5_000); await exited; clearTimeout(t); } } };
}

/** Registrations, then calls, against one server's UDP port; `callee` is the Request-URI user of each call. */
async function measure(name: string, serverPort: number, callee: (i: number) => string): Promise<{ registrations: SippRun; calls: SippRun; udpDrops: number }> {
  const drops0 = udpDrops();
  const users = path.join(work, `${name}-users.csv`);
  writeFileSync(users, ['SEQUENTIAL', ...Array.from({ length: AGENTS }, (_, i) => `${agentLogin(i)};[authentication username=${agentLogin(i)} password=${agentSipPassword(i)}];`)].join('\n') + '\n');
  const callees = path.join(work, `${name}-callees.csv`);
  writeFileSync(callees, ['SEQUENTIAL', ...Array.from({ length: CALLS }, (_, i) => `${callee(i)};`)].join('\n') + '\n');
  const target = `127.0.0.1:${serverPort}`;
  // The agents register FROM the port the UAS will listen on: the companion sends calls back along the
  // registration's flow (its source address), Kamailio to the Contact; both are this port.
  const agentPort = await freePort();
  const registrations = await sipp([target, '-sf', path.join(here, 'register.xml'), '-inf', users, '-key', 'uas_port', String(agentPort),
    '-i', '127.0.0.1', '-p', String(agentPort), '-t', 'u1', '-m', String(AGENTS), '-r', String(RATE), '-l', String(LIMIT)], `${name}-register`);
  const uas = await startUas(agentPort);
  try {
    const calls = await sipp([target, '-sf', path.join(here, 'uac.xml'), '-inf', callees, '-i', '127.0.0.1', '-p', String(await freePort()),
      '-mp', String(await freePort()), '-t', 'u1', '-m', String(CALLS), '-r', String(RATE), '-l', String(LIMIT), '-d', String(HOLD_MS)], `${name}-calls`);
    return { registrations, calls, udpDrops: udpDrops() - drops0 };
  } finally {
    await uas.stop();
  }
}

const dataDir = tempDir('bench-sip-throughput');
await seedAgents(dataDir, AGENTS, { status: 'Available', queue: 'support' });
const companionSipPort = await freePort();
// Flood protection off: one SIPp socket is a single source, and the reference (Kamailio without pike) has none.
const companion = await startCompanionProcess(dataDir, ['--sip-port', String(companionSipPort), '--sip-rate-limit', 'off', ...(process.env.BENCH_SIP_TRACE ? ['--log-level', 'debug', '--sip-trace'] : ['--log-level', 'error'])]);
if (process.env.BENCH_SIP_TRACE) for (const s of [companion.child.stdout, companion.child.stderr]) s.on('data', (d) => appendFileSync(process.env.BENCH_SIP_TRACE!, d));
let result: Record<string, unknown>;
try {
  const sam = await login(companion.url, 'sam');
  await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: false, seconds: 30, allowExtension: false });
  const ours = await measure('companion', companionSipPort, () => 'support');
  // Every call has ended (BYE answered or timed out). An agent still in a call or ringing once the ring
  // timeout (30 s) has passed would be lost to the queue: that is a leak, reported as agentsLeftInCall.
  const busy = async () => {
    const { body } = await api<{ agents: { inCall: boolean; ringing: boolean }[] }>(companion.url, 'GET', '/api/agents', sam);
    return body.agents.filter((a) => a.inCall || a.ringing).length;
  };
  const busyAtEnd = await busy();
  const settleUntil = Date.now() + 35_000;
  let stuckInCall = busyAtEnd;
  while (stuckInCall > 0 && Date.now() < settleUntil) { await new Promise((r) => setTimeout(r, 500)); stuckInCall = await busy(); }
  if (ours.calls.failed || stuckInCall) process.stderr.write(`companion log (tail):\n${companion.output().slice(-4000)}\n`);
  await companion.stop();

  const users = Array.from({ length: AGENTS }, (_, i) => `\t$sht(users=>${agentLogin(i)}) = "${agentSipPassword(i)}";`).join('\n');
  const kam = await startKamailio({
    auth: true, sharedMemoryMb: 128,
    configure: (cfg) => cfg.replace('users=>size=4;', 'users=>size=12;').replace(/(event_route\[htable:mod-init\] \{\n)/, `$1${users}\n`),
  });
  try {
    const ref = await measure('kamailio', kam.sipPort, (i) => agentLogin(i % AGENTS));
    result = {
      transport: 'udp', agents: AGENTS, calls: CALLS, inFlight: LIMIT, targetRate: RATE, holdMs: HOLD_MS,
      registrationsPerSecond: ours.registrations.perSecond, registrationFailures: ours.registrations.failed + (AGENTS - ours.registrations.ok - ours.registrations.failed),
      callsPerSecond: ours.calls.perSecond, callsOk: ours.calls.ok, failedCalls: ours.calls.failed + (CALLS - ours.calls.ok - ours.calls.failed), agentsBusyAtEnd: busyAtEnd, agentsLeftInCall: stuckInCall, udpReceiveBufferDrops: ours.udpDrops,
      reference: {
        server: 'kamailio 5.6 (digest REGISTER, direct calls to agents)',
        registrationsPerSecond: ref.registrations.perSecond, registrationFailures: AGENTS - ref.registrations.ok,
        callsPerSecond: ref.calls.perSecond, failedCalls: CALLS - ref.calls.ok, udpReceiveBufferDrops: ref.udpDrops,
      },
      ratioRegistrations: +(ours.registrations.perSecond / Math.max(1, ref.registrations.perSecond)).toFixed(2),
      ratioCalls: +(ours.calls.perSecond / Math.max(1, ref.calls.perSecond)).toFixed(2),
      ...(ours.calls.errors || ours.registrations.errors ? { sippTail: (ours.registrations.errors ?? '') + (ours.calls.errors ?? '') } : {}),
    };
  } finally {
    await kam.stop();
  }
} finally {
  await companion.stop();
}
console.log(JSON.stringify(result));
