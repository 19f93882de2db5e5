// Typings for the untyped npm `sip` package (kirm/sip.js 0.0.6): only what the companion uses.
declare module 'sip' {
  export interface Uri {
    schema: string;
    user?: string;
    password?: string;
    host: string;
    port?: number;
    params: Record<string, string | null>;
    headers?: Record<string, string>;
  }
  export interface NameAddr { name?: string; uri: string | Uri; params: Record<string, string | null> }
  export interface Via { version?: string; protocol: string; host: string; port?: number; params: Record<string, string | null> }
  export interface Flow { protocol: string; address: string; port: number; local: { address: string; port: number } }
  /** Parsed Authorization / Proxy-Authorization / *-Authenticate header; values keep their quotes. */
  export type AuthHeader = Record<string, string | undefined> & { scheme?: string };
  export interface Headers {
    via: Via[];
    to: NameAddr;
    from: NameAddr;
    'call-id': string;
    cseq: { seq: number; method: string };
    contact?: NameAddr[] | '*';
    route?: NameAddr[];
    'record-route'?: NameAddr[];
    authorization?: AuthHeader[];
    'proxy-authorization'?: AuthHeader[];
    'www-authenticate'?: AuthHeader[];
    'proxy-authenticate'?: AuthHeader[];
    'max-forwards'?: string | number;
    expires?: string | number;
    [name: string]: unknown;
  }
  export interface Message {
    method?: string;
    uri?: string | Uri;
    status?: number;
    reason?: string;
    version?: string;
    headers: Headers;
    content?: string;
  }
  export interface CreateOptions {
    address?: string;
    port?: number;
    publicAddress?: string;
    hostname?: string;
    udp?: boolean;
    tcp?: boolean;
    /** Any truthy value enables the WebSocket transport (a port, or our capture key). */
    ws_port?: number | string;
    logger?: { send?: (m: Message, target: unknown) => void; recv?: (m: Message, remote: Flow) => void; error?: (e: unknown) => void };
    maxBytesHeaders?: number;
    maxContentLength?: number;
  }
  export interface Stack {
    send(m: Message, callback?: (rs: Message, remote?: Flow) => void): void;
    encodeFlowUri(flow: Flow): Uri;
    decodeFlowUri(uri: string | Uri): Flow | undefined;
    hostname(): string;
    destroy(): void;
  }
  export function create(options: CreateOptions, onRequest: (rq: Message, remote: Flow) => void): Stack;
  export function parseUri(s: string | Uri): Uri | undefined;
  export function stringifyUri(u: string | Uri): string;
  export function makeResponse(rq: Message, status: number, reason?: string, extension?: { headers?: Record<string, unknown>; content?: string }): Message;
  export function copyMessage(m: Message, deep?: boolean): Message;
  export function stringify(m: Message): string;
  export function parse(s: string): Message | undefined;
  export function generateBranch(): string;
}
