// A throw-away CA and a loopback leaf certificate, generated at every start by the same code as the
// emulator's (no key is stored anywhere). Clients trust the CA only: the SDK through
// `tlsOptions: { ca }`, the raw baseline through the `ca` of its https.Agent.
import { generateServerCertificate } from "../../emulator/src/net/cert.js";

export interface BenchCertificate {
  ca: string;
  cert: string;
  key: string;
}

export async function generateCertificate(): Promise<BenchCertificate> {
  const { caPem, certChainPem, keyPem } = await generateServerCertificate();
  return { ca: caPem, cert: certChainPem, key: keyPem };
}
