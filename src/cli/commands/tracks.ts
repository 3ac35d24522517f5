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
    return await local(new TrackLifecycleService(opened.db, opened.runtime, (id, round) => descriptionJobs(descriptionPlan(cfg), id, round)));
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

  tracks
    .command("delete")
    .description("delete a track with its vectors, descriptions, jobs and cached LLM answers (idempotent)")
    .argument("<id>", "Track.id or externalId")
    .action(async (id: string) => {
      const cfg = loadConfig();
      const r = await withLifecycle(
        cfg,
        async (svc) => {
          const d = await svc.delete(id);
          return { deleted: d.deleted, trackId: d.trackId };
        },
        async (url, token) =>
          (await graphqlRequest<{ deleteTrack: { deleted: boolean; trackId: string | null } }>(url, token, `mutation($id: ID!) { deleteTrack(id: $id) { deleted trackId } }`, { id })).deleteTrack,
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
    .action(async (id: string, opts: { title?: string; artist?: string; album?: string; set: Record<string, unknown> }) => {
      const cfg = loadConfig();
      const input = {
        ...(opts.title !== undefined ? { title: opts.title } : {}),
        ...(opts.artist !== undefined ? { artist: opts.artist } : {}),
        ...(opts.album !== undefined ? { album: opts.album } : {}),
        ...(Object.keys(opts.set).length ? { metadata: opts.set } : {}),
      };
      const r = await withLifecycle(
        cfg,
        async (svc) => ({ id: (await svc.correct(id, input)).id }),
        async (url, token) =>
          (await graphqlRequest<{ correctTrack: { id: string } }>(url, token, `mutation($id: ID!, $in: TrackCorrectionInput!) { correctTrack(id: $id, input: $in) { id } }`, { id, in: input })).correctTrack,
      );
      process.stdout.write(`corrected track ${r.id}\n`);
    });

  tracks
    .command("describe")
    .description("add a USER description to a track and re-embed its description vector")
    .argument("<id>", "Track.id or externalId")
    .argument("<text>")
    .action(async (id: string, text: string) => {
      const cfg = loadConfig();
      const r = await withLifecycle(
        cfg,
        async (svc) => ({ id: (await svc.addDescription(id, text, "cli")).id }),
        async (url, token) =>
          (await graphqlRequest<{ addTrackDescription: { id: string } }>(url, token, `mutation($id: ID!, $t: String!) { addTrackDescription(id: $id, text: $t) { id } }`, { id, t: text })).addTrackDescription,
      );
      process.stdout.write(`described track ${r.id}\n`);
    });
}
