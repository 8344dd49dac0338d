import type { StartServer } from '../bench-server.js';
import { LOAD_SCENARIOS, MULTI_CORE_ID, type ScenarioId } from '../scenarios.js';

/** A bench server: its module, and the scenarios it can take part in. */
export interface ServerEntry {
  name: string;
  /** How the report names it. */
  label: string;
  scenarios: readonly ScenarioId[];
  /** Imports the module in this process (the smoke test starts servers in-process). */
  load(): Promise<{ start: StartServer }>;
}

const EVERY: readonly ScenarioId[] = [...LOAD_SCENARIOS.map((scenario) => scenario.id), 'memory'];
/** Every scenario but the multi-core one, which compares Skiff with node:http only. */
const ALL: readonly ScenarioId[] = EVERY.filter((id) => id !== MULTI_CORE_ID);

/** Every bench server, in report order. node-http and ceiling are the references. */
export const SERVERS: readonly ServerEntry[] = [
  {
    name: 'ceiling',
    label: 'ceiling (node:net, canned)',
    // It frames no bodies, so it cannot take uploads.
    scenarios: ALL.filter((id) => id !== 'upload'),
    load: () => import('./ceiling.js'),
  },
  { name: 'node-http', label: 'node:http', scenarios: EVERY, load: () => import('./node-http.js') },
  { name: 'express', label: 'express 5', scenarios: ALL, load: () => import('./express.js') },
  { name: 'fastify', label: 'fastify 5', scenarios: ALL, load: () => import('./fastify.js') },
  { name: 'hono', label: 'hono 4 (node-server)', scenarios: ALL, load: () => import('./hono.js') },
  { name: 'koa', label: 'koa 3', scenarios: ALL, load: () => import('./koa.js') },
  { name: 'skiff', label: 'skiff', scenarios: EVERY, load: () => import('./skiff.js') },
  { name: 'skiff-demo', label: 'skiff demo app', scenarios: ['echo'], load: () => import('./skiff-demo.js') },
];
