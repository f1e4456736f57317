// Generates, at every start, a throw-away CA and a leaf certificate for the loopback names and the
// Azure-shaped blob host names: the client trusts the CA through tlsOptions.ca (or REQUESTS_CA_BUNDLE),
// so nothing secret is ever stored in the repository.
import { isIP } from "node:net";
import { generate } from "selfsigned";

export interface ServerCertificate {
  /** PEM of the CA to trust. */
  caPem: string;
  /** PEM of the leaf certificate followed by the CA, as the TLS server presents it. */
  certChainPem: string;
  keyPem: string;
}

const loopbackNames = ["localhost", "127.0.0.1", "::1"];

/** `extraNames`: the bound host if not a loopback name, and the blob host names (a wildcard is allowed). */
export async function generateServerCertificate(
  extraNames: string | readonly string[] = [],
): Promise<ServerCertificate> {
  const names = [...new Set([...loopbackNames, ...(typeof extraNames === "string" ? [extraNames] : extraNames)])];
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600_000);
  // EC keys: generating two RSA keys would cost a noticeable part of a test run.
  const ca = await generate([{ name: "commonName", value: "acr-tasks emulator CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: names.map((name) =>
          isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
        ),
      },
    ],
  });
  return { caPem: ca.cert, certChainPem: `${leaf.cert.trim()}\n${ca.cert.trim()}\n`, keyPem: leaf.private };
}
