import {
  AUTH_HEADER,
  ECHO_PATH,
  SCALE_ROUTE_COUNTS,
  scaleTarget,
  TEXT_PATH,
  UPLOAD_PATH,
  UPLOAD_SIZE,
  USER_PATH,
} from './payloads.js';
import { SERVER_WORKERS } from './processes.js';

/** The scenarios that put load on a server and measure its throughput. */
export type LoadScenarioId =
  | 'echo'
  | 'pipelined'
  | 'middleware'
  | 'upload'
  | 'gzip'
  | `routes-${number}`
  | 'echo-cores';
/** Every scenario, the memory one included. */
export type ScenarioId = LoadScenarioId | 'memory';

/** One kind of request, sent over and over by the load generator. */
export interface LoadScenario {
  id: LoadScenarioId;
  /** The number it has in the README and RESULTS.md. */
  number: number;
  title: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Readonly<Record<string, string>>;
  /** Bytes of body sent with each request; 0 for none. */
  bodySize: number;
  connections: number;
  /** Requests sent per write on each connection; 1 is no pipelining. */
  pipelining: number;
  /** Routes the server registers besides its own (`scaleRoutes`); 0 for none. */
  routes: number;
  /** Worker processes under node:cluster sharing the port; 0 runs the server in one process. */
  workers: number;
}

/** The load scenarios, in the order they run and are reported. */
export const LOAD_SCENARIOS: readonly LoadScenario[] = [
  {
    id: 'echo',
    number: 1,
    title: 'GET /echo/hello, keep-alive, 64 connections',
    method: 'GET',
    path: ECHO_PATH,
    headers: {},
    bodySize: 0,
    connections: 64,
    pipelining: 1,
    routes: 0,
    workers: 0,
  },
  {
    id: 'pipelined',
    number: 2,
    title: 'GET /echo/hello, 16 pipelined per write, 64 connections',
    method: 'GET',
    path: ECHO_PATH,
    headers: {},
    bodySize: 0,
    connections: 64,
    pipelining: 16,
    routes: 0,
    workers: 0,
  },
  {
    id: 'middleware',
    number: 3,
    title: 'GET /users/:id, small JSON behind three middleware among 50 routes, 64 connections',
    method: 'GET',
    path: USER_PATH,
    headers: { Authorization: AUTH_HEADER },
    bodySize: 0,
    connections: 64,
    pipelining: 1,
    routes: 0,
    workers: 0,
  },
  {
    id: 'upload',
    number: 4,
    title: 'POST /upload, 1 MiB body read and counted, 8 connections',
    method: 'POST',
    path: UPLOAD_PATH,
    headers: { 'Content-Type': 'application/octet-stream' },
    bodySize: UPLOAD_SIZE,
    connections: 8,
    pipelining: 1,
    routes: 0,
    workers: 0,
  },
  {
    id: 'gzip',
    number: 5,
    title: 'GET /text, 10 KiB gzip-compressed, 64 connections',
    method: 'GET',
    path: TEXT_PATH,
    headers: { 'Accept-Encoding': 'gzip' },
    bodySize: 0,
    connections: 64,
    pipelining: 1,
    routes: 0,
    workers: 0,
  },
  // 7, 8, 9: the same app grown to 10, 1,000 and 10,000 routes, the last one hit.
  ...SCALE_ROUTE_COUNTS.map(
    (count, index): LoadScenario => ({
      id: `routes-${count}`,
      number: 7 + index,
      title: `GET the last of ${count.toLocaleString('en-US')} routes (static, param, optional, splat), 64 connections`,
      method: 'GET',
      path: scaleTarget(count),
      headers: {},
      bodySize: 0,
      connections: 64,
      pipelining: 1,
      routes: count,
      workers: 0,
    }),
  ),
  {
    id: 'echo-cores',
    number: 10,
    title: `GET /echo/hello on ${SERVER_WORKERS} worker${SERVER_WORKERS === 1 ? '' : 's'} (node:cluster, every core but the load generator's), keep-alive, 64 connections`,
    method: 'GET',
    path: ECHO_PATH,
    headers: {},
    bodySize: 0,
    connections: 64,
    pipelining: 1,
    routes: 0,
    workers: SERVER_WORKERS,
  },
];

/** Scenario 10, for the servers that can run it (node:http and Skiff, both under plain node:cluster). */
export const MULTI_CORE_ID = 'echo-cores';

/** Idle keep-alive connections opened for the memory scenario. */
export const IDLE_CONNECTIONS = 5000;
