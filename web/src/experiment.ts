import { h } from "./dom.ts";
import type { ExperimentInput } from "./generated/graphql.ts";

/**
 * `?unit=<id>&experiment=<key>[&variant=<name>]` ranks every search under an experiment (the same
 * unit always gets the same variant) and turns on a debug strip showing the variant and queryId
 * of each answer and result.
 */
export interface DebugSettings {
  unitId: string;
  experimentKey: string | null;
  forceVariant: string | null;
}

export function debugSettings(params: URLSearchParams): DebugSettings | null {
  const unitId = params.get("unit")?.trim();
  if (!unitId) return null;
  return {
    unitId,
    experimentKey: params.get("experiment")?.trim() || null,
    forceVariant: params.get("variant")?.trim() || null,
  };
}

/** The `experiment` argument of searchTracks / similarTracks, when the URL names one. */
export function experimentInput(debug: DebugSettings | null): ExperimentInput | null {
  if (!debug?.experimentKey) return null;
  return { unitId: debug.unitId, experimentKey: debug.experimentKey, forceVariant: debug.forceVariant };
}

export function renderDebugStrip(el: HTMLElement, debug: DebugSettings, answer: { queryId: string; variant: string | null } | null): void {
  const item = (label: string, value: string) => h("span", { class: "debug-item" }, h("span", { class: "debug-label" }, label), h("code", {}, value));
  el.hidden = false;
  el.replaceChildren(
    h(
      "div",
      { class: "wrap debug-inner", role: "region", "aria-label": "Experiment debug" },
      h("strong", {}, "Experiment debug"),
      item("unit", debug.unitId),
      debug.experimentKey
        ? item("experiment", debug.experimentKey)
        : h("span", { class: "debug-hint" }, "add &experiment=<key> to the URL to rank under an experiment"),
      debug.forceVariant && item("forced variant", debug.forceVariant),
      answer && item("served variant", answer.variant ?? "default ranking (not enrolled)"),
      answer && item("queryId", answer.queryId),
    ),
  );
}
