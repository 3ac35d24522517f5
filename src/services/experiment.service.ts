import type { Database } from "../db/database.ts";
import {
  ExperimentRepository,
  type ExperimentKind,
  type ExperimentRecord,
  type ExperimentStatus,
  type StoredRanking,
  type StoredVariant,
} from "../db/repositories/experiment.repository.ts";
import { ExposureRepository, type ExposureRow } from "../db/repositories/exposure.repository.ts";
import { InteractionRepository } from "../db/repositories/interaction.repository.ts";
import { assignVariant } from "./experiments/assignment.ts";
import { ExperimentInputError } from "./experiments/errors.ts";
import { validateExperimentVariants } from "./experiments/ranking-config.ts";
import { buildAbReport, buildInterleavingReport, type AbReport, type InterleavingReport } from "./experiments/report.ts";
import type { Team } from "./experiments/interleaving.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import type { ExposureLog } from "./exposure-log.ts";

/** `experiment: {unitId, experimentKey, forceVariant}` of a search request. */
export interface ExperimentRequest {
  unitId: string;
  experimentKey: string;
  /** serve this variant regardless of assignment (QA previews); such answers are not logged */
  forceVariant?: string | null;
}

/** Whom an exposure is logged for. */
export interface ExposureTarget {
  experimentId: number;
  unitId: string;
  variant: string;
}

/** How the search service should rank one request. */
export type ServingPlan =
  /** not enrolled (outside coverage) or the experiment is not running: the request's own ranking */
  | { kind: "default" }
  | { kind: "single"; variant: string; ranking: StoredRanking; log: ExposureTarget | null }
  /** team-draft interleaving of two variants; `seed` makes the coin flips reproducible per query */
  | { kind: "interleaved"; a: StoredVariant; b: StoredVariant; variant: string; seed: string; log: ExposureTarget };

export interface NewExperiment {
  key: string;
  kind: ExperimentKind;
  variants: StoredVariant[];
  coverage: number;
  description?: string | null;
}

export interface ExperimentPatch {
  variants?: StoredVariant[] | null;
  coverage?: number | null;
  description?: string | null;
}

export interface ExperimentReportResult {
  experiment: ExperimentRecord;
  ab: AbReport | null;
  interleaving: InterleavingReport | null;
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** How long a served experiment definition is reused before it is read again (other processes' edits). */
const CACHE_MS = 5_000;

/**
 * Experiments: definitions (create, update, stop/resume/archive), deterministic serving plans for
 * search requests, exposure logging through the batched `ExposureLog`, and reports read from the
 * database and computed by the pure core in ./experiments.
 */
export class ExperimentService {
  private readonly repo: ExperimentRepository;
  private readonly exposures: ExposureRepository;
  private readonly interactions: InteractionRepository;
  private readonly cache = new Map<string, { record: ExperimentRecord | null; at: number }>();

  constructor(
    private readonly db: Database,
    private readonly log: ExposureLog,
    /** checks that a model a variant names exists and is embedded (src/services/model-registry.ts) */
    private readonly models: { resolve(name: string): Promise<unknown> } | null = null,
  ) {
    this.repo = new ExperimentRepository(db);
    this.exposures = new ExposureRepository(db);
    this.interactions = new InteractionRepository(db);
  }

  async create(input: NewExperiment): Promise<ExperimentRecord> {
    const key = checkKey(input.key);
    if (input.kind !== "ab" && input.kind !== "interleaving") throw new InvalidInputError(`unknown experiment kind ${input.kind}`);
    const variants = validate(() => validateExperimentVariants(input.kind, input.variants));
    const coverage = checkCoverage(input.coverage);
    await this.checkModels(variants);
    const created = await this.repo.insert({ key, kind: input.kind, coverage, variants, description: checkDescription(input.description) });
    if (!created) throw new InvalidInputError(`an experiment with key "${key}" already exists`);
    this.cache.delete(key);
    return created;
  }

  /**
   * Changes coverage, description or the variants' weights and rankings. Variant names and their
   * order are fixed once created: reports compare them by name, with the first as control.
   * Raising coverage keeps enrolled units in their variant; changing weights moves some units.
   */
  async update(key: string, patch: ExperimentPatch): Promise<ExperimentRecord> {
    if (patch.variants) await this.checkModels(patch.variants);
    return this.modify(key, (e) => {
      if (e.status === "archived") throw new InvalidInputError(`experiment "${e.key}" is archived`);
      let variants = e.variants;
      if (patch.variants) {
        const names = patch.variants.map((v) => v.name).join(",");
        if (names !== e.variants.map((v) => v.name).join(",")) {
          throw new InvalidInputError(`variant names and order are fixed (${e.variants.map((v) => v.name).join(", ")}); create a new experiment instead`);
        }
        variants = validate(() => validateExperimentVariants(e.kind, patch.variants!));
      }
      return {
        status: e.status,
        coverage: patch.coverage != null ? checkCoverage(patch.coverage) : e.coverage,
        variants,
        description: patch.description !== undefined ? checkDescription(patch.description) : e.description,
      };
    });
  }

  /**
   * A variant ranking in a model that does not exist, or has no embeddings yet, would answer its
   * users with errors: refuse it when the experiment is defined, not when users arrive.
   */
  private async checkModels(variants: readonly StoredVariant[]): Promise<void> {
    if (!this.models) return;
    for (const v of variants) {
      if (v.ranking.model == null) continue;
      try {
        await this.models.resolve(v.ranking.model);
      } catch (err) {
        throw new InvalidInputError(`variant "${v.name}": ${(err as Error).message}`);
      }
    }
  }

  /** running ⇄ stopped; anything → archived (final). A stopped experiment serves no variant. */
  async setStatus(key: string, status: ExperimentStatus): Promise<ExperimentRecord> {
    return this.modify(key, (e) => {
      if (e.status === "archived" && status !== "archived") throw new InvalidInputError(`experiment "${e.key}" is archived`);
      return { status, coverage: e.coverage, variants: e.variants, description: e.description };
    });
  }

  async get(key: string): Promise<ExperimentRecord> {
    const e = await this.repo.findByKey(key);
    if (!e) throw new NotFoundError(`no experiment "${key.slice(0, 100)}"`);
    return e;
  }

  list(includeArchived = false): Promise<ExperimentRecord[]> {
    return this.repo.list(includeArchived);
  }

  /** Decides how a search request is ranked under `req`: assignment by hashing (key, unit). */
  async plan(req: ExperimentRequest): Promise<ServingPlan> {
    const unitId = req.unitId?.trim() ?? "";
    if (unitId.length === 0 || unitId.length > 200) throw new InvalidInputError("experiment.unitId must be 1–200 characters");
    const e = await this.cached(req.experimentKey);
    if (!e) throw new NotFoundError(`no experiment "${req.experimentKey.slice(0, 100)}"`);
    if (req.forceVariant != null) {
      const v = e.variants.find((x) => x.name === req.forceVariant);
      if (!v) throw new InvalidInputError(`experiment "${e.key}" has no variant "${req.forceVariant}"`);
      return { kind: "single", variant: v.name, ranking: v.ranking, log: null };
    }
    if (e.status !== "running") return { kind: "default" };
    const { variant } = assignVariant(e.key, unitId, e.variants, e.coverage);
    if (variant === null) return { kind: "default" };
    if (e.kind === "interleaving") {
      const [a, b] = e.variants;
      const name = `${a.name}+${b.name}`;
      return { kind: "interleaved", a, b, variant: name, seed: `${e.key}:${unitId}`, log: { experimentId: e.id, unitId, variant: name } };
    }
    const v = e.variants.find((x) => x.name === variant)!;
    return { kind: "single", variant: v.name, ranking: v.ranking, log: { experimentId: e.id, unitId, variant: v.name } };
  }

  /** Queues an exposure for the batched writer (never waits for the database). */
  logExposure(target: ExposureTarget, answer: { queryId: string; surface: ExposureRow["surface"]; firstRank: number; trackIds: string[]; teams: Team[] | null }): void {
    this.log.record({ ...target, ...answer, servedAt: new Date() });
  }

  /** Reads every exposure and interaction of the experiment and builds its report. */
  async report(key: string): Promise<ExperimentReportResult> {
    const experiment = await this.get(key);
    // Exposures this process served but has not yet written would be missing otherwise.
    await this.log.flush();
    const [exposures, interactions] = await Promise.all([
      this.exposures.forExperiment(experiment.id),
      this.interactions.forExperiment(experiment.id),
    ]);
    const variants = experiment.variants.map((v) => ({ name: v.name, weight: v.weight }));
    const clicks = interactions.map((i) => ({ queryId: i.queryId, trackId: i.trackId ?? undefined, type: i.type, position: i.position }));
    if (experiment.kind === "interleaving") {
      const interleaved = exposures
        .filter((x) => x.teams !== null)
        .map((x) => ({ queryId: x.queryId, unitId: x.unitId, teams: x.teams as Team[] }));
      return { experiment, ab: null, interleaving: buildInterleavingReport({ variants, exposures: interleaved, interactions: clicks }) };
    }
    const ab = buildAbReport({ variants, exposures: exposures.map((x) => ({ queryId: x.queryId, unitId: x.unitId, variant: x.variant })), interactions: clicks });
    return { experiment, ab, interleaving: null };
  }

  private async cached(key: string): Promise<ExperimentRecord | null> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.record;
    const record = KEY_RE.test(key) ? await this.repo.findByKey(key) : null;
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, { record, at: Date.now() });
    return record;
  }

  private async modify(key: string, change: (e: ExperimentRecord) => Parameters<ExperimentRepository["update"]>[1]): Promise<ExperimentRecord> {
    const updated = await this.db.transaction(async (tx) => {
      const repo = new ExperimentRepository(tx);
      const e = await repo.findByKeyForUpdate(key);
      if (!e) throw new NotFoundError(`no experiment "${key.slice(0, 100)}"`);
      return repo.update(e.id, change(e));
    });
    this.cache.delete(key);
    return updated;
  }
}

function validate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ExperimentInputError) throw new InvalidInputError(err.message);
    throw err;
  }
}

function checkKey(key: string): string {
  if (!KEY_RE.test(key)) throw new InvalidInputError("experiment key: 1–100 letters, digits, _ . - starting with a letter or digit");
  return key;
}

function checkCoverage(c: number): number {
  if (!(Number.isFinite(c) && c >= 0 && c <= 1)) throw new InvalidInputError(`coverage must be in [0, 1], got ${c}`);
  return c;
}

function checkDescription(d: string | null | undefined): string | null {
  if (d == null) return null;
  if (d.length > 2000) throw new InvalidInputError("description: at most 2000 characters");
  return d;
}
