import os from "node:os";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  /** 1-minute load average sampled during the run: other work on the machine shows here */
  loadAverage: { min: number; max: number; mean: number; samples: number };
}

/** Samples the 1-minute load average every few seconds while a run lasts. */
export class LoadAverageSampler {
  private readonly samples: number[] = [os.loadavg()[0]];
  private readonly timer = setInterval(() => this.samples.push(os.loadavg()[0]), 5_000).unref();

  stop(): MachineInfo {
    clearInterval(this.timer);
    this.samples.push(os.loadavg()[0]);
    const s = this.samples;
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      loadAverage: { min: round(Math.min(...s)), max: round(Math.max(...s)), mean: round(s.reduce((a, b) => a + b, 0) / s.length), samples: s.length },
    };
  }
}
