// Raw SIP clients for hostile-input tests and benchmarks: send exact bytes over UDP, TCP or WebSocket and
// collect whatever comes back (no SIP library in between, so malformed input reaches the server as written).
import dgram from 'node:dgram';
import * as fs from 'node:fs';
import net from 'node:net';
import { WebSocket } from 'ws';

export type Transport = 'UDP' | 'TCP' | 'WS';

export interface WireTarget { host: string; port: number; wsUrl: string }

/** Status codes of the SIP responses in `text` (one datagram/frame or a TCP byte stream). */
export function statusCodes(text: string): number[] {
  return [...text.matchAll(/(?:^|\r\n)SIP\/2\.0 (\d{3}) /g)].map((m) => Number(m[1]));
}

/**
 * Sends `msg` once over `transport` and waits up to `waitMs` for a final response (>= 200).
 * Resolves with all status codes seen (provisional ones included); an empty list means "dropped".
 */
export async function sendOnce(target: WireTarget, transport: Transport, msg: string | Buffer, waitMs: number): Promise<number[]> {
  const seen: number[] = [];
  const finalSeen = () => seen.some((s) => s >= 200);
  const settle = (onDone: () => void) => new Promise<number[]>((resolve) => {
    const t = setTimeout(finish, waitMs);
    let done = false;
    function finish() { if (done) return; done = true; clearTimeout(t); onDone(); resolve(seen); }
    poll = () => { if (finalSeen()) finish(); };
  });
  let poll = () => undefined as void;
  if (transport === 'UDP') {
    const sock = dgram.createSocket('udp4');
    sock.on('error', () => undefined);
    sock.on('message', (b) => { seen.push(...statusCodes(b.toString('latin1'))); poll(); });
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const p = settle(() => sock.close());
    sock.send(typeof msg === 'string' ? Buffer.from(msg, 'utf8') : msg, target.port, target.host);
    return p;
  }
  if (transport === 'TCP') {
    const sock = net.connect(target.port, target.host);
    sock.on('error', () => undefined);
    let buf = '';
    sock.on('data', (b) => { buf += b.toString('latin1'); seen.splice(0, seen.length, ...statusCodes(buf)); poll(); });
    const p = settle(() => sock.destroy());
    sock.write(msg);
    return p;
  }
  const ws = new WebSocket(target.wsUrl, 'sip');
  ws.on('error', () => undefined);
  ws.on('message', (d) => { seen.push(...statusCodes(d.toString())); poll(); });
  const p = settle(() => ws.terminate());
  await new Promise<void>((resolve) => { ws.once('open', () => resolve()); ws.once('error', () => resolve()); ws.once('close', () => resolve()); });
  if (ws.readyState === WebSocket.OPEN) ws.send(typeof msg === 'string' ? msg : msg.toString('utf8'));
  return p;
}

/** A fixed-seed PRNG (mulberry32) so fuzzing runs are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resident set size (bytes) of a process and its descendants, from /proc (Linux). */
export function treeRss(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      if (m) total += Number(m[1]) * 1024;
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        const kids = fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const k of kids ? kids.split(/\s+/) : []) visit(Number(k));
      }
    } catch { /* process gone */ }
  };
  visit(pid);
  return total;
}
