import cliProgress from "cli-progress";

/** A progress bar on stderr; on a non-TTY (CI, pipes) it stays quiet and callers print a summary. */
export function createProgressBar(label: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} | {eta_formatted} left | ok {ingested} skipped {skipped} failed {failed}`,
      stream: process.stderr,
      noTTYOutput: false,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
}
