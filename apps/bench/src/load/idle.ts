import { fileURLToPath } from 'node:url';
import { LOAD_CORE, spawnPinned, stopProcess, waitForLine } from '../processes.js';
import { IDLE_OPEN, IDLE_READY } from './idle-connections.js';

/** Idle connections held open by a process of their own, pinned to the load core. */
export interface IdleConnections {
  /** How many were open and idle when they were all set up. */
  opened: number;
  /** Closes them all and resolves with how many were still open just before. */
  close(): Promise<number>;
}

const script = fileURLToPath(new URL('./idle-connections.js', import.meta.url));

/** Opens `count` idle keep-alive connections to the server on `port`; bounded to 60 s. */
export async function openIdleConnections(port: number, count: number): Promise<IdleConnections> {
  const child = spawnPinned(process.execPath, [script, String(port), String(count)], LOAD_CORE);
  try {
    const opened = Number(await waitForLine(child, IDLE_READY, 60_000));
    return {
      opened,
      close: async () => {
        const stillOpen = waitForLine(child, IDLE_OPEN, 10_000);
        child.stdin?.end();
        const open = Number(await stillOpen);
        await stopProcess(child);
        return open;
      },
    };
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}
