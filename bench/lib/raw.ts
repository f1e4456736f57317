// The baseline: what a careful hand-written client does with node:https alone — one keep-alive agent,
// the bearer header, the body collected and JSON.parse'd. No validation, no date conversion.
import { Agent, request } from "node:https";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export class RawClient {
  readonly agent: Agent;
  private readonly authorization = "Bearer bench-token";

  constructor(
    ca: string,
    private readonly host: string,
    private readonly port: number,
  ) {
    this.agent = new Agent({ keepAlive: true, ca });
  }

  /** Sends one request; `path` includes the query string. */
  send(method: string, path: string, body?: string): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: "application/json", authorization: this.authorization };
      if (body !== undefined) headers["content-type"] = "application/json";
      const req = request({ host: this.host, port: this.port, method, path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          try {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
          } catch (e) {
            reject(e);
          }
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  /** The path and query of an absolute URL returned by the service (nextLink, Azure-AsyncOperation). */
  static pathOf(url: string): string {
    const u = new URL(url);
    return u.pathname + u.search;
  }

  close(): void {
    this.agent.destroy();
  }
}
