/** A row of `models` and the embedding kinds every model stores (own file: model and catalog-index repositories both need them). */

export type EmbeddingKind = "audio" | "description";
export const EMBEDDING_KINDS: readonly EmbeddingKind[] = ["audio", "description"];

export interface ModelRecord {
  id: number;
  version: string;
  name: string;
  dimensions: number;
  active: boolean;
  metrics: Record<string, unknown>;
}
