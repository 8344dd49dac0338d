import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { App, Request } from '@skiff/router';
import { type RawData, WebSocket, WebSocketServer } from 'ws';

/** Where the chat listens and what it accepts. */
export interface ChatOptions {
  /** The path of the WebSocket endpoint (default `/ws`). */
  path?: string;
  /** Largest message in bytes (default 4096); a larger one closes the socket with 1009. */
  maxPayload?: number;
}

/**
 * The part of node:http's IncomingMessage that ws's `handleUpgrade` reads (ws 8,
 * lib/websocket-server.js: the method, the URL and the Sec-WebSocket-* headers; the socket
 * only for `verifyClient`, unused here). Skiff's request has all of it, which the compiler
 * checks when a Skiff request is passed here.
 */
interface UpgradeRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

/** Narrows to IncomingMessage for ws's types; the fields ws reads were checked through UpgradeRequest. */
function forWs(req: UpgradeRequest): IncomingMessage {
  return req as IncomingMessage;
}

/** Answers an upgrade that is not ours over the raw socket (no HTTP response object exists any more) and closes it. */
function refuse(socket: Duplex, status: string): void {
  // Skiff leaves no error listener on a socket it hands over: a reset here must not crash the process.
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Sends `text` to every open socket, the sender's own included, so every page shows the same list. */
function broadcast(wss: WebSocketServer, text: string): void {
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN) client.send(text);
  }
}

/**
 * A broadcast chat on `path`: each text message goes to every connected client. Upgrade
 * requests for other paths get 404. Returns the WebSocketServer, to close its clients on
 * shutdown (`app.close()` does not: an upgraded socket has left the HTTP server).
 */
export function attachChat(app: App, { path = '/ws', maxPayload = 4096 }: ChatOptions = {}): WebSocketServer {
  // noServer: the app, not ws, owns the listening socket; ws only takes over upgraded ones.
  const wss = new WebSocketServer({ noServer: true, maxPayload });

  wss.on('connection', (socket: WebSocket) => {
    // ws reports a client's protocol fault (a message over maxPayload, a bad frame) as an
    // 'error' and closes the socket itself; without a listener the error would end the process.
    socket.on('error', () => undefined);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      // The page sends text; anything else is a client this chat does not know.
      if (isBinary) socket.close(1003, 'text messages only');
      else broadcast(wss, data.toString());
    });
  });

  app.on('upgrade', (req: Request, socket: Duplex, head: Buffer) => {
    if (req.path !== path) {
      refuse(socket, '404 Not Found');
      return;
    }
    wss.handleUpgrade(forWs(req), socket, head, (client) => wss.emit('connection', client, req));
  });

  return wss;
}

/**
 * Closes every chat socket with 1001 (Going Away) and the server; sockets whose client does not
 * answer the close within `graceMs` are cut, so shutdown is bounded.
 */
export function closeChat(wss: WebSocketServer, graceMs = 1000): Promise<void> {
  for (const client of wss.clients) client.close(1001, 'server shutting down');
  const cut = setTimeout(() => {
    for (const client of wss.clients) client.terminate();
  }, graceMs);
  // wss.close() calls back once every client socket is gone.
  return new Promise<void>((resolve) => wss.close(() => resolve())).finally(() => clearTimeout(cut));
}
