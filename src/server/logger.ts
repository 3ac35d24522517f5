import { pino, type DestinationStream, type Logger } from "pino";
import { credentialHeaderPaths, processSecrets, REDACTED } from "../util/secret-redaction.ts";

/**
 * Structured JSON logs on stderr (stdout stays free for CLI output). Credential headers are
 * removed by name and every line is scrubbed of known and token-shaped secrets before it is
 * written (util/secret-redaction.ts), so no log level can leak a key.
 */
export function createLogger(level: string = "info", destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "tunelens" },
      redact: { paths: credentialHeaderPaths(), censor: REDACTED },
      hooks: { streamWrite: (line) => processSecrets.redact(line) },
    },
    destination ?? pino.destination(2),
  );
}
