// An optional HTTP CONNECT proxy in front of the two listeners, so a tool can reach the Azure-shaped
// blob host names ({account}.blob.{suffix}) without anyone editing /etc/hosts: point HTTPS_PROXY at it.
// It tunnels to the emulator only (its ARM and blob listeners, by address or by the blob names) and
// refuses every other destination, so it never becomes an open proxy. TLS stays end to end: the tunnel
// carries the client's handshake with the listener, whose certificate holds the blob names.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import type { BlobAddressing } from "../blob/blobAddress.js";

export interface ProxyTargets {
  /** host:port pairs of the listeners as clients name them (127.0.0.1:P, localhost:P), to the port they reach. */
  readonly direct: ReadonlyMap<string, number>;
  readonly blob: BlobAddressing;
  /** Where the listeners accept connections. */
  readonly listenHost: string;
  readonly blobPort: number;
  log(line: string): void;
}

/** The listener port a CONNECT authority (`host:port`) tunnels to, or undefined when it is not the emulator. */
export function tunnelPort(authority: string, targets: ProxyTargets): number | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority);
  if (!match) return undefined;
  const host = match[1]!.replace(/^\[|\]$/g, "").toLowerCase();
  if (targets.blob.hostKind(host) === "account") return targets.blobPort;
  return targets.direct.get(`${host}:${match[2]}`);
}

export interface ConnectProxy {
  readonly server: Server;
  /** Ends every open tunnel (the http server does not track sockets it handed to a CONNECT handler). */
  closeTunnels(): void;
}

export function createConnectProxy(targets: ProxyTargets): ConnectProxy {
  const tunnels = new Set<Socket>();
  const server = createServer((request, response) => {
    // Plain-HTTP proxying (absolute-form requests) is not offered: everything the emulator serves is HTTPS.
    response.writeHead(405, { "Content-Type": "text/plain", Connection: "close" });
    response.end("This proxy only tunnels HTTPS to the emulator (CONNECT host:port).\n");
  });
  server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = request.url ?? "";
    const port = tunnelPort(authority, targets);
    if (port === undefined) {
      targets.log(`proxy: CONNECT ${authority} refused (not the emulator)`);
      client.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nThe emulator's proxy only reaches the emulator, not '${authority}'.\n`,
      );
      return;
    }
    const upstream = connect(port, targets.listenHost, () => {
      tunnels.add(client).add(upstream);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const close = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on("error", close);
    client.on("error", close);
    upstream.on("close", () => {
      tunnels.delete(upstream);
      client.destroy();
    });
    client.on("close", () => {
      tunnels.delete(client);
      upstream.destroy();
    });
  });
  return {
    server,
    closeTunnels: () => {
      for (const socket of tunnels) socket.destroy();
      tunnels.clear();
    },
  };
}
