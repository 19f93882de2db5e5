// A small fault-injecting TCP proxy for fault tests: forwards 127.0.0.1:<port> to a target, and can cut
// every connection (and refuse new ones) for a while, as a broken network path would, or blackhole them
// (bytes vanish, nothing is closed: a dead NAT/Wi-Fi path without FIN or RST). Optionally rewrites
// server→client bytes (same length only, so HTTP Content-Length and WebSocket frame lengths stay valid).
import net from 'node:net';

export interface FaultProxy {
  port: number;
  url: string;
  /** Destroys all open connections; new ones are reset until restore(). */
  cut(): void;
  /** Silently drops every byte both ways, closing nothing; new connections are accepted and starved too. */
  blackhole(): void;
  /** Ends a cut or a blackhole (blackholed connections are destroyed: their path is gone for good). */
  restore(): void;
  /** Replace `from` by `to` (same byte length) in everything the target sends from now on. */
  rewriteWith(from: string, to: string): void;
  /** Connections accepted so far (including refused ones while cut). */
  readonly accepted: number;
  /** Bytes forwarded from clients to the target so far. */
  readonly clientBytes: number;
  /** Once clients have sent `n` more bytes, cut every connection once (then forward again). */
  cutAfterClientBytes(n: number): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  targetHost?: string;
  targetPort: number;
  /** Replace bytes coming back from the target; must keep the length. */
  rewrite?: { from: string; to: string };
  /** Sees every chunk the target sends back (unmasked WebSocket frames: SIP responses are readable). */
  onDownstream?: (chunk: Buffer) => void;
}

export async function startFaultProxy(o: FaultProxyOptions): Promise<FaultProxy> {
  let swap = o.rewrite;
  const checkSwap = (r: { from: string; to: string } | undefined) => {
    if (r && Buffer.byteLength(r.from) !== Buffer.byteLength(r.to)) throw new Error(`fault proxy rewrite must keep the length: "${r.from}" → "${r.to}"`);
  };
  checkSwap(swap);
  const live = new Set<net.Socket>();
  let isCut = false;
  let holed = false;
  /** Connections that lived through a blackhole (both ends). */
  const starved = new Set<net.Socket>();
  let accepted = 0;
  let clientBytes = 0;
  let cutAt: number | null = null;
  const rewrite = (b: Buffer): Buffer => {
    if (!swap) return b;
    const s = b.toString('latin1');
    return s.includes(swap.from) ? Buffer.from(s.split(swap.from).join(swap.to), 'latin1') : b;
  };
  const server = net.createServer((client) => {
    accepted++;
    client.on('error', () => undefined);
    if (isCut) { client.resetAndDestroy(); return; }
    const upstream = net.connect(o.targetPort, o.targetHost ?? '127.0.0.1');
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    live.add(client); live.add(upstream);
    if (holed) { starved.add(client); starved.add(upstream); }
    const forget = () => { live.delete(client); live.delete(upstream); starved.delete(client); starved.delete(upstream); };
    client.on('close', () => { upstream.destroy(); forget(); });
    upstream.on('close', () => { client.destroy(); forget(); });
    client.on('data', (d: Buffer) => {
      if (starved.has(client)) return;
      if (cutAt !== null && clientBytes + d.length >= cutAt) {
        // Forward up to the cut point, then drop every connection, as a broken network path would.
        const keep = Math.max(0, cutAt - clientBytes);
        clientBytes += keep;
        cutAt = null;
        upstream.write(d.subarray(0, keep), () => { for (const s of [...live]) s.resetAndDestroy(); live.clear(); });
        return;
      }
      clientBytes += d.length;
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (starved.has(client)) return;
      o.onDownstream?.(d);
      client.write(rewrite(d));
    });
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cut() {
      isCut = true;
      for (const s of live) s.resetAndDestroy();
      live.clear();
    },
    blackhole() {
      holed = true;
      for (const s of live) starved.add(s);
    },
    restore() {
      isCut = false;
      holed = false;
      for (const s of starved) s.destroy();
      starved.clear();
    },
    rewriteWith(from, to) { const r = { from, to }; checkSwap(r); swap = r; },
    get accepted() { return accepted; },
    get clientBytes() { return clientBytes; },
    cutAfterClientBytes(n) { cutAt = clientBytes + n; },
    close: () => new Promise<void>((resolve) => {
      for (const s of live) s.destroy();
      server.close(() => resolve());
    }),
  };
}
