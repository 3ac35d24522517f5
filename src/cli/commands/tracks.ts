import { AudioQueryService } from "../../services/audio-query.service.ts";
import { AudioUploadStore, uploadsDir } from "../../services/audio-upload-store.ts";
import type { Command } from "commander";
import { loadConfig, type Config } from "../../config.ts";
import { descriptionPlan } from "../../jobs/create-handlers.ts";
import { descriptionJobs } from "../../jobs/description-plan.ts";
import { TrackLifecycleService } from "../../services/track-lifecycle.service.ts";
import { graphqlRequest } from "../graphql-client.ts";
import { openRuntime } from "../../runtime/open-runtime.ts";
import { readServerHandle } from "../../runtime/server-handle.ts";

/**
 * Runs a lifecycle operation on the database, or through a running server that owns the
 * embedded database (as `ingest` does): no command needs the server stopped.
 */
async function withLifecycle<T>(cfg: Config, local: (svc: TrackLifecycleService) => Promise<T>, remote: (url: string, token: string) => Promise<T>): Promise<T> {
  const handle = cfg.databaseUrl ? null : await readServerHandle(cfg.dataDir);
  if (handle) {
    process.stderr.write(`a tunelens server is running at ${handle.url}; working through it\n`);
    return remote(handle.url, handle.token);
  }
  const opened = await openRuntime(cfg);
  try {
    // a clip stored by ingestUpload goes with its track; without a server the store needs no decoder settings
    const uploads = new AudioUploadStore(new AudioQueryService(cfg.audioQuery), uploadsDir(cfg.dataDir));
    return await local(new TrackLifecycleService(opened.db, opened.runtime, (id, round) => descriptionJobs(descriptionPlan(cfg), id, round), uploads));
  } finally {
    await opened.close();
  }
}

/** `--set key=value`: the value is parsed as JSON when it is JSON (numbers, lists, null), else kept as text. */
function parseSet(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const i = value.indexOf("=");
  if (i < 1) throw new Error(`--set expects key=value, got ${value}`);
  const raw = value.slice(i + 1);
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // plain text
  }
  return { ...previous, [value.slice(0, i)]: parsed };
}

export function registerTracksCommand(program: Command): void {
  const tracks = program.command("tracks").description("delete and correct stored tracks (works while `serve` runs)");
  const CATALOG = ["--catalog <name>", "the track's catalog (needed when several catalogs use the externalId)"] as const;
  const scopeOf = (catalog: string | undefined) => (catalog ? [catalog] : null);

  tracks
    .command("delete")
    .description("delete a track with its vectors, descriptions, jobs and cached LLM answers (idempotent)")
    .argument("<id>", "Track.id or externalId")
    .option(...CATALOG)
    .action(async (id: string, opts: { catalog?: string }) => {
      const cfg = loadConfig();
      const r = await withLifecycle(
        cfg,
        async (svc) => {
          const d = await svc.delete(id, scopeOf(opts.catalog));
          return { deleted: d.deleted, trackId: d.trackId };
        },
        async (url, token) =>
          (
            await graphqlRequest<{ deleteTrack: { deleted: boolean; trackId: string | null } }>(url, token, `mutation($id: ID!, $c: String) { deleteTrack(id: $id, catalog: $c) { deleted trackId } }`, {
              id,
              c: opts.catalog ?? null,
            })
          ).deleteTrack,
      );
      process.stdout.write(r.deleted ? `deleted track ${r.trackId}\n` : `no track ${id} (already deleted?)\n`);
    });

  tracks
    .command("correct")
    .description("correct a track's title, artist, album or metadata keys; searches see it at once")
    .argument("<id>", "Track.id or externalId")
    .option("--title <title>")
    .option("--artist <artist>")
    .option("--album <album>")
    .option("--set <key=value>", "set a metadata key (repeatable; value as JSON or text; null removes)", parseSet, {})
    .option(...CATALOG)
    .action(async (id: string, opts: { title?: string; artist?: string; album?: string; set: Record<string, unknown>; catalog?: string }) => {
      const cfg = loadConfig();
      const input = {
        ...(opts.title !== undefined ? { title: opts.title } : {}),
        ...(opts.artist !== undefined ? { artist: opts.artist } : {}),
        ...(opts.album !== undefined ? { album: opts.album } : {}),
        ...(Object.keys(opts.set).length ? { metadata: opts.set } : {}),
      };
      const r = await withLifecycle(
        cfg,
        async (svc) => ({ id: (await svc.correct(id, input, scopeOf(opts.catalog))).id }),
        async (url, token) =>
          (
            await graphqlRequest<{ correctTrack: { id: string } }>(url, token, `mutation($id: ID!, $in: TrackCorrectionInput!, $c: String) { correctTrack(id: $id, input: $in, catalog: $c) { id } }`, {
              id,
              in: input,
              c: opts.catalog ?? null,
            })
          ).correctTrack,
      );
      process.stdout.write(`corrected track ${r.id}\n`);
    });

  tracks
    .command("describe")
    .description("add (or with --remove take back) a USER description of a track and re-embed its description vector")
    .argument("<id>", "Track.id or externalId")
    .argument("<text>")
    .option("--remove", "remove this USER description instead of adding it")
    .option(...CATALOG)
    .action(async (id: string, text: string, opts: { remove?: boolean; catalog?: string }) => {
      const cfg = loadConfig();
      if (opts.remove) {
        const removed = await withLifecycle(
          cfg,
          (svc) => svc.removeDescription(id, text, scopeOf(opts.catalog)),
          async (url, token) =>
            (
              await graphqlRequest<{ removeTrackDescription: boolean }>(url, token, `mutation($id: ID!, $t: String!, $c: String) { removeTrackDescription(id: $id, text: $t, catalog: $c) }`, {
                id,
                t: text,
                c: opts.catalog ?? null,
              })
            ).removeTrackDescription,
        );
        process.stdout.write(removed ? `removed the description of track ${id}\n` : `track ${id} had no such USER description\n`);
        return;
      }
      const r = await withLifecycle(
        cfg,
        async (svc) => ({ id: (await svc.addDescription(id, text, "cli", scopeOf(opts.catalog))).id }),
        async (url, token) =>
          (
            await graphqlRequest<{ addTrackDescription: { id: string } }>(url, token, `mutation($id: ID!, $t: String!, $c: String) { addTrackDescription(id: $id, text: $t, catalog: $c) { id } }`, {
              id,
              t: text,
              c: opts.catalog ?? null,
            })
          ).addTrackDescription,
      );
      process.stdout.write(`described track ${r.id}\n`);
    });
}
