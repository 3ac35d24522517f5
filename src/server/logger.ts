import { pino, type Logger } from "pino";

/** Structured JSON logs on stderr (stdout stays free for CLI output). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { service: "tunelens" } }, pino.destination(2));
}
