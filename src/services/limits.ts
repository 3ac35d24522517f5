import { InvalidInputError } from "./errors.ts";

export const MAX_PAGE_SIZE = 100;
export const MAX_QUERY_TEXT = 1000;
/** deepest rank a client may page to; keeps ANN candidate lists bounded */
export const MAX_RANK_OFFSET = 1000;

export function checkPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`first must be an integer between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return first;
}

export function checkQueryText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new InvalidInputError("text must not be empty");
  if (trimmed.length > MAX_QUERY_TEXT) {
    throw new InvalidInputError(`text is ${trimmed.length} characters; the limit is ${MAX_QUERY_TEXT}`);
  }
  return trimmed;
}

export function checkOffset(offset: number): number {
  if (offset > MAX_RANK_OFFSET) throw new InvalidInputError(`cannot page past rank ${MAX_RANK_OFFSET}`);
  return offset;
}
