// `labels align` on both back ends with the shipped model's text tower: stored clusters,
// idempotent re-runs, a user vocabulary joining the shipped ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { DEFAULT_VOCABULARY_FILES, readVocabulary, type Vocabulary } from "../../src/labels/vocabulary.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { LabelAlignmentService } from "../../src/services/label-alignment.service.ts";
import { MoodService } from "../../src/services/mood.service.ts";
import { seededRandom } from "../../src/util/random.ts";
import { randomUnit } from "../experiments/vector-catalog.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { backends } from "../helpers/databases.ts";
import { shippedModelRuntime } from "../helpers/runtime.ts";

describe.each(backends())("label alignment on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let service: LabelAlignmentService;
  const shipped = DEFAULT_VOCABULARY_FILES.map(readVocabulary);
  const user: Vocabulary = { name: "user", kind: "mood", labels: ["sad", "calm", "jubilant"] };

  beforeAll(async () => {
    db = await backend.open();
    runtime = await shippedModelRuntime(db);
    service = new LabelAlignmentService(db, runtime);
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  const snapshot = async () => (await service.clusters()).map((c) => ({ name: c.name, members: c.members }));

  it("stores every label of every vocabulary in exactly one cluster; the same word in two vocabularies shares one", async () => {
    await service.align([...shipped, user]);
    const clusters = await service.clusters();
    const members = clusters.flatMap((c) => c.members.map((m) => `${m.vocabulary}:${m.label}`));
    const expected = [...shipped, user].flatMap((v) => v.labels.map((l) => `${v.name}:${l}`));
    expect(members.sort()).toEqual(expected.sort());
    const clusterOf = (vocabulary: string, label: string) => clusters.find((c) => c.members.some((m) => m.vocabulary === vocabulary && m.label === label))!.clusterId;
    expect(clusterOf("user", "sad")).toBe(clusterOf("moods", "sad"));
    expect(clusterOf("valence-arousal", "calm")).toBe(clusterOf("moods", "calm"));
    // moods and genres are clustered apart, and not everything is one cluster
    expect(clusterOf("moods", "calm")).not.toBe(clusterOf("genres", "ambient"));
    expect(clusters.length).toBeGreaterThan(10);
    for (const c of clusters) expect(c.centroid).toHaveLength(runtime.model.dimensions);
  }, 120_000);

  it("is idempotent: aligning again replaces the model's clusters with the same ones", async () => {
    const before = await snapshot();
    await service.align([...shipped, user]);
    expect(await snapshot()).toEqual(before);
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM label_members WHERE model_id = $1`, [runtime.model.id]);
    expect(n).toBe([...shipped, user].reduce((a, v) => a + v.labels.length, 0));
  }, 120_000);

  it("a different threshold replaces the clusters (a tiny one leaves only identical words together)", async () => {
    await service.align(shipped, 0.0001);
    const clusters = await service.clusters();
    for (const c of clusters) expect(new Set(c.members.map((m) => m.label)).size).toBe(1);
    expect(clusters.every((c) => c.threshold < 0.001)).toBe(true);
    await service.align(shipped);
    expect((await service.clusters()).length).toBeLessThan(clusters.length);
  }, 120_000);

  it("once aligned, a word in a cluster is scored by its centroid and the default list names each cluster once", async () => {
    await service.align(shipped);
    const clusters = await service.clusters();
    const shared = clusters.find((c) => new Set(c.members.filter((m) => m.vocabulary !== "genres").map((m) => m.label)).size > 1)!;
    const [w1, w2] = [...new Set(shared.members.map((m) => m.label))];
    const { record } = await new TrackRepository(db).insert({
      catalog: "t", externalId: "x", title: null, artist: null, album: null, durationSeconds: 1, sourceFile: null, contentHash: "align-mood", metadata: {},
    });
    await new EmbeddingRepository(db).upsert(record.id, runtime.model.id, "audio", randomUnit(seededRandom("align"), runtime.model.dimensions));
    const moods = new MoodService(db, runtime);
    const [[a, b]] = await moods.moodsFor([record.id], [w1, w2], 2);
    expect(a.score).toBeCloseTo(b.score, 6);
    const [list] = await moods.moodsFor([record.id], null, 50);
    const clusterOf = new Map(clusters.flatMap((c) => c.members.map((m) => [m.label, c.clusterId] as const)));
    const ids = list.map((l) => clusterOf.get(l.label));
    expect(new Set(ids).size).toBe(ids.length);
    expect(list.map((l) => l.label)).toContain(shared.name);
  }, 120_000);
});
