export async function writePerformanceReport(_r: unknown, _f: string): Promise<void> {}
