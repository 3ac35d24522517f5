import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { createModelRegistry, openRuntime, type OpenRuntime } from "../runtime/open-runtime.ts";
import { ModelAdminService } from "../services/model-admin.service.ts";
import { removeServerHandle, writeServerHandle } from "../runtime/server-handle.ts";
import { IngestJobsService } from "../services/ingest-jobs.service.ts";
import { ModelFollowingWorker } from "../jobs/model-following-worker.ts";
import { ExperimentService } from "../services/experiment.service.ts";
import { ExposureLog } from "../services/exposure-log.ts";
import { InteractionService } from "../services/interaction.service.ts";
import { QueryIdSigner } from "../services/query-ids.ts";
import { SearchService } from "../services/search.service.ts";
import { AudioQueryService } from "../services/audio-query.service.ts";
import { AudioUploadStore, uploadsDir } from "../services/audio-upload-store.ts";
import { GenreService } from "../services/genre.service.ts";
import { MoodService } from "../services/mood.service.ts";
import { InstrumentService } from "../services/instrument.service.ts";
import { TrackService } from "../services/track.service.ts";
import { TrackLifecycleService } from "../services/track-lifecycle.service.ts";
import { AdminTasksService } from "../services/admin-tasks.service.ts";
import { CatalogIndexService } from "../services/catalog-index.service.ts";
import { LabelAlignmentService } from "../services/label-alignment.service.ts";
import { descriptionJobs } from "../jobs/description-plan.ts";
import { descriptionPlan } from "../jobs/create-handlers.ts";
import { openReadReplica } from "../db/read-replica.ts";
import { createApp } from "./app.ts";
import { ServerMetrics } from "./metrics.ts";
import { timedEncoder } from "./timed-encoder.ts";

export interface RunningServer {
  url: string;
  /** the operator's token (configured or generated): /metrics and every scope */
  adminToken: string;
  opened: OpenRuntime;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** throw-away embedded database (tests, benchmarks) */
  inMemory?: boolean;
  /**
   * The database and model, already being opened (`openRuntime(cfg)`): `serve` starts opening them
   * before it loads this module's graph (GraphQL, Apollo, the resolvers), so the two overlap.
   */
  opening?: Promise<OpenRuntime>;
}

/** Opens the database and model, mounts the API and listens; `stop()` undoes all of it. */
export async function startServer(cfg: Config, logger: Logger, opts: StartOptions = {}): Promise<RunningServer> {
  const opened = await (opts.opening ?? openRuntime(cfg, { inMemory: opts.inMemory }));
  const { db } = opened;
  if (opened.reembeddingQueued > 0) {
    logger.warn(
      { model: opened.runtime.model.version, tracks: opened.reembeddingQueued },
      "the served model has no vectors for some tracks (a new model version): re-embedding them in the background; searches miss them until done",
    );
  }
  // DATABASE_READ_URL: every read of a search answer (ANN, tracks, descriptions, moods, genres)
  // goes to a read replica; writes (ingest, jobs, experiments, exposures, keys) stay on the primary
  const readDb = cfg.databaseReadUrl ? await openReadReplica(cfg.databaseReadUrl, cfg.vectorIndex) : db;
  const metrics = new ServerMetrics();
  // Everything this process encodes (queries and ingested audio) is timed for /metrics.
  const runtime = { ...opened.runtime, encoder: timedEncoder(opened.runtime.encoder, metrics.encoderSeconds) };
  // Other models (models/ folders) serve searches that name them, and the active one by default.
  const models = createModelRegistry(cfg, opened, { served: runtime, wrapEncoder: (e) => timedEncoder(e, metrics.encoderSeconds) });
  const ingestJobs = new IngestJobsService(db);
  // The embedded database admits one process, so the server runs the jobs itself; against
  // DATABASE_URL, `tunelens worker` processes do (unless TUNELENS_IN_PROCESS_WORKER=on).
  const runWorker = cfg.inProcessWorker === "on" || (cfg.inProcessWorker === "auto" && db.kind === "pglite");
  const worker = runWorker
    ? new ModelFollowingWorker(db, cfg, runtime, models, {
        concurrency: cfg.workerConcurrency,
        leaseSeconds: cfg.jobLeaseSeconds,
        backoffSeconds: cfg.jobBackoffSeconds,
        log: (msg, fields) => logger.warn(fields ?? {}, msg),
      })
    : null;
  worker?.start();
  const exposureLog = new ExposureLog(db, {
    onError: (err, pending) => logger.error({ err, pending }, "exposure log write failed; retrying"),
    onRejected: (count, reason) => logger.warn({ count, reason }, "exposures that cannot be stored were dropped"),
  });
  const experiments = new ExperimentService(db, exposureLog, models);
  const adminToken = cfg.adminToken ?? randomBytes(24).toString("base64url");
  // Query ids carry a MAC under the admin token: recordInteraction accepts only served ones.
  const queryIds = new QueryIdSigner(adminToken);
  // one instance each for Track.moods / Track.instruments and for search's mood and instrument terms
  const moods = new MoodService(readDb, runtime);
  const instruments = new InstrumentService(readDb, runtime);
  const audioQueries = new AudioQueryService(cfg.audioQuery);
  // clips a client asks to keep (ingestUpload); a deleted track takes its stored clip with it
  const uploads = new AudioUploadStore(audioQueries, uploadsDir(cfg.dataDir));
  const services = {
    search: new SearchService(readDb, runtime, experiments, models, { queryConstraints: cfg.queryConstraints, queryIds, hybridFusion: cfg.hybridFusion }, { moods, instruments }),
    audioQueries,
    uploads,
    models: new ModelAdminService(db, models),
    tracks: new TrackService(readDb),
    ingestJobs,
    experiments,
    interactions: new InteractionService(db, queryIds),
    moods,
    instruments,
    // the server only reads genres (Track.genres); the soft-genre job computes them on the primary
    genres: new GenreService(readDb, runtime),
    // writes go to the primary; a correction asks the web page and the LLM again
    lifecycle: new TrackLifecycleService(db, runtime, (trackId, round) => descriptionJobs(descriptionPlan(cfg), trackId, round), uploads),
    // impute, labels align|genres, index builds: queued here, run by the worker (issue #19 item 4)
    adminTasks: new AdminTasksService(db),
    // `labels show`, `index list` through the server; the primary, so a task's result shows at once
    labelClusters: new LabelAlignmentService(db, runtime),
    catalogIndexes: new CatalogIndexService(db),
  };
  const app = await createApp({
    db,
    readDb,
    runtime,
    services,
    logger,
    adminToken,
    development: cfg.development,
    anonymousSearch: cfg.anonymousSearch,
    limits: cfg.queryLimits,
    rateLimitPerMinute: cfg.rateLimitPerMinute,
    libraryRoots: cfg.libraryRoots,
    metrics,
    explorer: cfg.explorer,
    authFailuresPerMinute: cfg.authFailuresPerMinute,
    publicMetrics: cfg.publicMetrics,
  });

  const server = http.createServer(app.express);
  // Longer than common client/proxy idle timeouts, so a client never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.port, cfg.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`;
  if (!opts.inMemory) await writeServerHandle(cfg.dataDir, { pid: process.pid, url, token: adminToken });
  logger.info({ url, database: db.kind, model: runtime.model.version }, "tunelens serving");

  let stopping: Promise<void> | null = null;
  return {
    url,
    adminToken,
    opened,
    stop() {
      stopping ??= (async () => {
        const step = (name: string) => logger.debug({ step: name }, "shutdown");
        step("http");
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        step("apollo");
        await app.apollo.stop();
        // Exposures are written in batches; write what the last requests left before closing.
        step("exposures");
        await exposureLog.close().catch((err) => logger.error({ err }, "exposure log: final write failed"));
        step("worker");
        await worker?.stop();
        step("server.json");
        if (!opts.inMemory) await removeServerHandle(cfg.dataDir);
        step("models");
        await models.close();
        if (readDb !== db) await readDb.close();
        step("database");
        await opened.close();
        step("done");
      })();
      return stopping;
    },
  };
}
