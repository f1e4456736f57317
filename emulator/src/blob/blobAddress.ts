// The two shapes of a blob URL the blob listener answers, and which one the emulator hands out:
//   loopback: https://127.0.0.1:PORT/{account}/{container}/{blob}?{sas}   (path-style, reachable as is)
//   Azure:    https://{account}.blob.{suffix}:PORT/{container}/{blob}?{sas}   (virtual-host style, the shape
//             tools such as the Azure CLI parse; the name reaches the listener through the emulator's
//             CONNECT proxy, or directly where a resolver maps *.localhost to loopback)
import { blobAccountName } from "./sas.js";

export const defaultBlobSuffix = "acr-emulator.localhost";

export class BlobAddressing {
  /** `{account}.blob.{suffix}`: the virtual host of the emulated account. */
  readonly virtualHost: string;
  readonly loopbackBase: string;
  readonly azureBase: string;

  constructor(
    loopbackEndpoint: string,
    readonly suffix: string,
    port: number,
    private readonly azureShaped: boolean,
  ) {
    this.virtualHost = `${blobAccountName}.blob.${suffix}`;
    this.loopbackBase = `${loopbackEndpoint}/${blobAccountName}`;
    this.azureBase = `https://${this.virtualHost}:${port}`;
  }

  /** The URL handed out for a blob path (`container/blob`) and a SAS query. */
  url(blobPath: string, sas: string): string {
    return `${this.azureShaped ? this.azureBase : this.loopbackBase}/${blobPath}?${sas}`;
  }

  /** Whether a host name (without port) is one of the account's virtual-host names, or another account's. */
  hostKind(hostname: string): "account" | "other-account" | "not-virtual" {
    const host = hostname.toLowerCase();
    if (host === this.virtualHost) return "account";
    return host.endsWith(`.blob.${this.suffix}`) ? "other-account" : "not-virtual";
  }

  /**
   * The blob path (`container/blob`) a request designates, from its host name and path: virtual-host
   * style when the host is the account's name, path-style (`/{account}/...`) otherwise.
   */
  blobPath(hostname: string, pathname: string): string | undefined {
    const kind = this.hostKind(hostname);
    if (kind === "other-account") return undefined;
    const prefix = kind === "account" ? "/" : `/${blobAccountName}/`;
    if (!pathname.startsWith(prefix) || pathname.length === prefix.length) return undefined;
    return decodeURIComponent(pathname.slice(prefix.length));
  }

  /** The blob path of a URL the emulator handed out (either shape, any of its listener's ports), if it is one. */
  pathOfUrl(url: URL, loopbackOrigin: string): string | undefined {
    if (this.hostKind(url.hostname) === "not-virtual" && url.origin !== loopbackOrigin) return undefined;
    return this.blobPath(url.hostname, url.pathname);
  }
}
