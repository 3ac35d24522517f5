// Types of scripts/build.mjs (plain JavaScript so that it runs before anything is compiled).
export declare const ROOT: string;
export declare const DIST_STAMP: string;
export declare function newestMtime(dir: string, skip?: Set<string>): number;
export declare function distIsStale(): boolean;
export declare function webIsStale(): boolean;
export declare function buildDist(opts?: { clean?: boolean }): void;
export declare function buildWeb(): void;
export declare function build(opts?: { force?: boolean }): { name: string; seconds: number }[];
export declare function trainingPackagesInstalled(): boolean;
