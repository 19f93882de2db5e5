// A port free for both UDP and TCP on a host (the `sip` package cannot bind port 0 itself).
import dgram from 'node:dgram';
import net from 'node:net';

const tryTcp = (port: number, host: string) => new Promise<number | undefined>((resolve) => {
  const srv = net.createServer();
  srv.once('error', () => resolve(undefined));
  srv.listen(port, host, () => {
    const p = (srv.address() as net.AddressInfo).port;
    srv.close(() => resolve(p));
  });
});

const tryUdp = (port: number, host: string) => new Promise<boolean>((resolve) => {
  const sock = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  sock.once('error', () => { sock.close(); resolve(false); });
  sock.bind(port, host, () => sock.close(() => resolve(true)));
});

export async function portFreeForUdpAndTcp(port: number, host: string): Promise<boolean> {
  return (await tryTcp(port, host)) !== undefined && tryUdp(port, host);
}

export async function freeUdpTcpPort(host: string): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await tryTcp(0, host);
    if (p !== undefined && (await tryUdp(p, host))) return p;
  }
  throw new Error(`No port free for both UDP and TCP on ${host}.`);
}
