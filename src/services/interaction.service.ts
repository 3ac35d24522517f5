import type { Database } from "../db/database.ts";
import { InteractionRepository, type InteractionRow } from "../db/repositories/interaction.repository.ts";
import { isUuid } from "../db/repositories/track.repository.ts";
import { INTERACTION_TYPES, type InteractionType } from "./experiments/types.ts";
import { InvalidInputError } from "./errors.ts";
import { MAX_PAGE_SIZE, MAX_RANK_OFFSET } from "./limits.ts";
import type { QueryIdSigner } from "./query-ids.ts";

export interface InteractionInput {
  queryId: string;
  trackId: string | null;
  type: InteractionType;
  /** 1-based rank as shown (the edge's `rank`) */
  position: number;
  dwellMs?: number | null;
}

const MAX_DWELL_MS = 24 * 3600 * 1000;

/**
 * Interactions with a ranked answer, written at once (one INSERT; the client asked and waits).
 * With a QueryIdSigner the query id must be one this service (or another process sharing its
 * secret) served: invented ids would skew experiment reports. It is not looked up among stored
 * exposures, which may still sit in the batched exposure log.
 */
export class InteractionService {
  private readonly repo: InteractionRepository;

  constructor(
    db: Database,
    private readonly queryIds: QueryIdSigner | null = null,
  ) {
    this.repo = new InteractionRepository(db);
  }

  record(input: InteractionInput): Promise<InteractionRow> {
    if (!isUuid(input.queryId)) throw new InvalidInputError("queryId must be the queryId of a ranked answer (a UUID)");
    if (this.queryIds && !this.queryIds.served(input.queryId)) throw new InvalidInputError("queryId was not served by this service: use the queryId of a ranked answer");
    if (input.trackId !== null && !isUuid(input.trackId)) throw new InvalidInputError("trackId must be a track id (Track.id)");
    if (!INTERACTION_TYPES.includes(input.type)) throw new InvalidInputError(`unknown interaction type ${input.type}`);
    if (!Number.isInteger(input.position) || input.position < 1 || input.position > MAX_RANK_OFFSET + MAX_PAGE_SIZE) {
      throw new InvalidInputError(`position must be the 1-based rank shown (1–${MAX_RANK_OFFSET + MAX_PAGE_SIZE})`);
    }
    const dwell = input.dwellMs ?? null;
    if (dwell !== null && !(Number.isInteger(dwell) && dwell >= 0 && dwell <= MAX_DWELL_MS)) {
      throw new InvalidInputError("dwellMs must be a whole number of milliseconds between 0 and 24 h");
    }
    return this.repo.insert({ queryId: input.queryId.toLowerCase(), trackId: input.trackId, type: input.type, position: input.position, dwellMs: dwell });
  }
}
