import path from "node:path";
import { loadConfig } from "../config.ts";
import { discoverModelFolders } from "../services/model-registry.ts";
import { fitAudioHead } from "../train/backbone-head.ts";

export interface FitHeadCliOptions {
  /** folder to write (default: <models dir>/<backbone folder>-head) */
  out?: string;
  ridge: number;
}

/**
 * A projection head on a frozen backbone from `models/`, fitted on captioned data sets: the path
 * behind both `tunelens models fit-head NAME DATA…` and `tunelens train --backbone NAME --data DATA…`.
 */
export async function fitHeadOnBackbone(name: string, datasets: string[], opts: FitHeadCliOptions): Promise<void> {
  const cfg = loadConfig();
  // no database needed: the backbone is a folder of the models directory
  const hit = (await discoverModelFolders(cfg.modelsDir)).find((d) => d.folder === name || (d.ok && (d.manifest.name === name || d.manifest.version === name)));
  if (!hit) throw new Error(`unknown model ${JSON.stringify(name)} in ${cfg.modelsDir}`);
  if (!hit.ok) throw new Error(hit.error);
  const backboneDir = hit.dir;
  const outDir = path.resolve(opts.out ?? path.join(cfg.modelsDir, `${path.basename(backboneDir)}-head`));
  const r = await fitAudioHead({
    backboneDir,
    datasets: datasets.map((d) => path.resolve(d)),
    outDir,
    ridge: opts.ridge,
    openai: cfg.openaiEmbeddings,
    onProgress: (done, total) => done % 10 === 0 && process.stderr.write(`${done}/${total} tracks\n`),
  });
  process.stdout.write(
    `wrote ${outDir} (${r.manifest.name}, ${r.manifest.version}) from ${r.pairs} captioned tracks; audio↔caption cosine ${r.cosineBefore.toFixed(3)} → ${r.cosineAfter.toFixed(3)}\n` +
      `next: npx tunelens models embed ${r.manifest.name}\n`,
  );
}
