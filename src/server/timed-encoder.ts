import type { Histogram } from "prom-client";
import type { DecodedAudio, Encoder } from "../embedding/encoder.ts";

/** The same encoder, with the time spent in each tower recorded in `histogram`. */
export function timedEncoder(encoder: Encoder, histogram: Histogram<"tower">): Encoder {
  return {
    get modelVersion() {
      return encoder.modelVersion;
    },
    get dimensions() {
      return encoder.dimensions;
    },
    async embedAudio(audio: DecodedAudio) {
      const stop = histogram.startTimer({ tower: "audio" });
      try {
        return await encoder.embedAudio(audio);
      } finally {
        stop();
      }
    },
    async embedTexts(texts: string[]) {
      const stop = histogram.startTimer({ tower: "text" });
      try {
        return await encoder.embedTexts(texts);
      } finally {
        stop();
      }
    },
    close: () => encoder.close(),
  };
}
