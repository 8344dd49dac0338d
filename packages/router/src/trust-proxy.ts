import type ProxyAddr from 'proxy-addr';
import { lazyRequire } from './lazy-require.js';

// Loaded by the first address list compiled or the first req.ip behind a trusted proxy.
const proxyAddr = lazyRequire<typeof ProxyAddr>('proxy-addr');

/**
 * Which proxies to believe, as Express's 'trust proxy' setting takes it: true or false, a hop
 * count, addresses, CIDRs and the names 'loopback', 'linklocal', 'uniquelocal' (a
 * comma-separated string or an array), or a function of the address and its hop.
 */
export type TrustProxy =
  | boolean
  | number
  | string
  | readonly string[]
  | ((address: string, hop: number) => boolean);

/** Says whether the address `hop` steps from the server (0: the socket's peer) is a proxy to believe. */
export type TrustFunction = (address: string, hop: number) => boolean;

/** Believes no proxy: the default. */
export const trustNone: TrustFunction = () => false;

const trustAll: TrustFunction = () => true;

/**
 * Compiles a 'trust proxy' value once, when it is set, as Express's `compileTrust`: the address
 * forms go to proxy-addr, Express's own parser, so a CIDR or an IPv4-mapped peer is judged the
 * same. Throws a TypeError for an address it cannot read, as Express does.
 */
export function compileTrust(value: unknown): TrustFunction {
  if (typeof value === 'function') return value as TrustFunction;
  if (value === true) return trustAll;
  if (typeof value === 'number') return (_address, hop) => hop < value;
  // As proxy-addr's compile([]), without loading it for the default.
  if (value === false || value === undefined || value === null) return trustNone;
  const list = typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
  // false, 0-like and undefined trust none; anything else proxy-addr checks (and refuses if it must).
  return proxyAddr().compile((list || []) as string[]);
}

/** What proxy-addr reads from a request: the X-Forwarded-For header and the socket's peer. */
interface ForwardedSource {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly socket: { readonly remoteAddress?: string | undefined };
}

/**
 * The addresses of a request, from the socket's peer outwards, up to the first proxy not
 * trusted (proxy-addr's `all`): the peer is first, the client as far as trusted is last.
 */
export function forwardedAddresses(req: ForwardedSource, trust: TrustFunction): string[] {
  // proxy-addr only reads `headers` and `socket.remoteAddress`, which Skiff's request has.
  return proxyAddr().all(req as unknown as Parameters<typeof ProxyAddr.all>[0], trust);
}
