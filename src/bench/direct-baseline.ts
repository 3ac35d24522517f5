import type { Database } from "../db/database.ts";
import { SearchRepository } from "../db/repositories/search.repository.ts";
import type { ModelRecord } from "../db/repositories/model.repository.ts";
import { CANDIDATE_DEPTHS } from "../services/ranking/tiered-ranking.ts";
import { postGraphql, textBody, trackBody } from "./graphql-queries.ts";
import { sampleLatency } from "./latency-sampler.ts";
import type { LatencySummary } from "./percentiles.ts";

export interface DirectBaseline {
  /** GraphQL over HTTP, one request at a time */
  graphql: { text: LatencySummary; track: LatencySummary };
  /** the served search statement through SearchRepository, no HTTP/GraphQL; text includes encoding */
  sql: { text: LatencySummary; track: LatencySummary };
  /** GraphQL p50 ÷ SQL p50, per kind */
  ratio: { text: number; track: number };
}

/**
 * The load's own searches timed one at a time, through GraphQL over HTTP and as the served SQL
 * statement directly, in the same run and on the same server: the GraphQL ÷ SQL ratio the issue
 * asks for, free of the queueing a load adds. Text is encoded on both sides (the server encodes
 * each sentence too); the track side passes the stored vectors (GraphQL also looks the track up).
 */
export async function directBaseline(opts: {
  db: Database;
  model: ModelRecord;
  encoder: { embedTexts(texts: string[]): Promise<Float32Array[]> };
  url: string;
  sentences: readonly string[];
  tracks: ReadonlyArray<{ id: string; externalId: string; audio: Float32Array; description: Float32Array }>;
  /** the index of the track the load sends for sentence i (the same mix as the load) */
  trackIndex: (i: number) => number;
}): Promise<DirectBaseline> {
  const search = new SearchRepository(opts.db);
  const n = opts.sentences.length;
  // the first candidate pool a first page is cut from (tiered-ranking.ts), as the service runs it
  const pool = (audioVector: Float32Array, descriptionVector: Float32Array, exclude: string[]) =>
    search.pool({
      model: opts.model,
      source: { kind: "vectors", audioVector, descriptionVector },
      signal: "fused",
      alpha: 0.5,
      depth: CANDIDATE_DEPTHS[0],
      filter: exclude.length ? { excludeTrackIds: exclude } : null,
    });
  const track = (i: number) => opts.tracks[opts.trackIndex(i)];
  const sqlText = await sampleLatency(n, async (i) => {
    const [v] = await opts.encoder.embedTexts([opts.sentences[i]]);
    return pool(v, v, []);
  });
  const sqlTrack = await sampleLatency(n, (i) => pool(track(i).audio, track(i).description, [track(i).id]));
  const gqlText = await sampleLatency(n, (i) => postGraphql(opts.url, textBody(opts.sentences[i])));
  const gqlTrack = await sampleLatency(n, (i) => postGraphql(opts.url, trackBody(track(i).externalId)));
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    graphql: { text: gqlText, track: gqlTrack },
    sql: { text: sqlText, track: sqlTrack },
    ratio: { text: ratio(gqlText.p50Ms, sqlText.p50Ms), track: ratio(gqlTrack.p50Ms, sqlTrack.p50Ms) },
  };
}
