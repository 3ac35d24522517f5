import path from "node:path";
import type { Command } from "commander";
import { loadConfigOverriding } from "../../config.ts";
import { createLogger } from "../../server/logger.ts";
import type { RunningServer } from "../../server/start-server.ts";

/** `./data` for a folder under the working directory, else the absolute path. */
function displayPath(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? dir : `./${rel}`;
}

/** What a person starting the server needs: that it is ready, how long it took, and where to go. */
export function startBanner(url: string, database: string, model: string, seconds = process.uptime()): string {
  return [
    `tunelens ready in ${seconds.toFixed(1)} s (${database}, model ${model})`,
    `  search page       ${url}/`,
    `  GraphQL explorer  ${url}/explorer`,
    `  GraphQL API       ${url}/graphql`,
    "",
  ].join("\n");
}

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("serve the GraphQL API (embedded database in ./data unless DATABASE_URL is set)")
    .option("-p, --port <port>", "port (env PORT, default 4000)")
    .option("--host <host>", "interface to listen on (env HOST, default 127.0.0.1)")
    .action(async (opts: { port?: string; host?: string }) => {
      const cfg = loadConfigOverriding({ ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
      const logger = createLogger(cfg.logLevel);
      // Installed before the server starts: /readyz answers as soon as it listens, so a signal may
      // come before startServer has returned; without a handler then, the default action killed the
      // process (exit 130/143) with server.json written and the database not closed. A signal
      // during start-up stops the server as soon as it is up.
      // `on`, not `once`: libraries that handle a signal and then re-raise it at the process
      // (Apollo did until stopOnTerminationSignals: false; signal-exit v3, under proper-lockfile,
      // does when it counts no other listener) must find this handler still installed, or the
      // default action kills the process mid-shutdown (exit 143/130, server.json left behind,
      // exposures not flushed: issue #16). A re-raised signal lands here and changes nothing.
      let signalled: string | null = null;
      let running: RunningServer | null = null;
      const shutdown = (server: RunningServer, signal: string) => {
        logger.info({ signal }, "shutting down");
        server.stop().then(
          () => process.exit(0),
          (err) => {
            logger.error({ err }, "shutdown failed");
            process.exit(1);
          },
        );
      };
      const onSignal = (signal: string) => {
        if (signalled) return;
        signalled = signal;
        if (running) shutdown(running, signal);
      };
      process.on("SIGINT", () => onSignal("SIGINT"));
      process.on("SIGTERM", () => onSignal("SIGTERM"));
      // A warm start is mostly three things: opening the embedded database (WASM), loading the ONNX
      // model and loading the server's modules. The first two start now and run while the third
      // loads (WASM compilation, file reads and ONNX session creation are off the main thread).
      const { openRuntime } = await import("../../runtime/open-runtime.ts");
      const opening = openRuntime(cfg);
      opening.catch(() => {}); // startServer receives it and reports a failure; not unhandled meanwhile
      const { startServer } = await import("../../server/start-server.ts");
      running = await startServer(cfg, logger, { opening });
      if (signalled) return shutdown(running, signalled);
      process.stdout.write(startBanner(running.url, running.opened.db.kind === "pglite" ? `embedded database in ${displayPath(cfg.dataDir)}` : "PostgreSQL at DATABASE_URL", running.opened.runtime.model.version));
    });
}
