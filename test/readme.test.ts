import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * What can be checked of the README without running a server: its size, the two commands it
 * opens with, every relative link (and those of the docs/ pages it links), every `npm run`
 * script and `tunelens` command it names, every path it names, and that its source map lists
 * every src/ folder.
 */
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** `tunelens` subcommands registered with commander anywhere under src/cli. */
function cliCommands(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else for (const m of readFileSync(p, "utf8").matchAll(/\.command\("([a-z-]+)/g)) names.add(m[1]);
    }
  };
  walk(path.join(ROOT, "src", "cli"));
  return names;
}

function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l) && !l.startsWith("#"));
}

describe("README", () => {
  it("is at most 10 KB and opens with the install-and-start and test commands", () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(10 * 1024);
    const lines = README.split("\n");
    expect(lines[0]).toBe("```sh");
    expect(lines[1]).toMatch(/^npm ci && npm start\s+#/);
    expect(lines[2]).toMatch(/^npm test\s+#/);
  });

  it("links only to files that exist, and so do the docs pages it links", () => {
    const broken: string[] = [];
    const check = (file: string, seen: Set<string>) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const link of relativeLinks(readFileSync(file, "utf8"))) {
        const target = path.resolve(path.dirname(file), link.split("#")[0]);
        if (!existsSync(target)) broken.push(`${path.relative(ROOT, file)} → ${link}`);
        else if (target.endsWith(".md") && target.startsWith(path.join(ROOT, "docs"))) check(target, seen);
      }
    };
    check(path.join(ROOT, "README.md"), new Set());
    expect(broken).toEqual([]);
  });

  it("names only npm scripts, tunelens commands and repository paths that exist", () => {
    for (const [, script] of README.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, `npm run ${script}`).toHaveProperty([script]);
    const commands = cliCommands();
    for (const [, command] of README.matchAll(/npx tunelens ([a-z-]+)/g)) expect(commands, `tunelens ${command}`).toContain(command);
    for (const [, p] of README.matchAll(/`((?:src|scripts|test|sql|models|docs)\/[\w./-]*\w)`/g)) {
      expect(existsSync(path.join(ROOT, p)), p).toBe(true);
    }
  });

  it("maps every src/ folder", () => {
    const folders = readdirSync(path.join(ROOT, "src")).filter((f) => statSync(path.join(ROOT, "src", f)).isDirectory());
    for (const f of folders) expect(README, `src/${f}`).toMatch(new RegExp(`^src/${f}\\s`, "m"));
  });

  it("the example catalogue script exists and is the Quick start's", () => {
    expect(README).toContain('npx tunelens ingest "$(bash scripts/example-catalogue.sh)"');
    expect(existsSync(path.join(ROOT, "scripts", "example-catalogue.sh"))).toBe(true);
  });

  it("states the SQL statements per page that ingest-search pins", () => {
    const stated = /a page costs (\w+) SQL statements/.exec(README)?.[1] ?? "";
    const test = readFileSync(path.join(ROOT, "test/integration/ingest-search.test.ts"), "utf8");
    const pinned = /expect\(await run\(7, text, "searchTracks"\)\)\.toBe\((\d+)\)/.exec(test)?.[1];
    expect(pinned, "ingest-search no longer pins the statement count this test reads").toBeDefined();
    expect(["one", "two", "three", "four", "five", "six"].indexOf(stated) + 1, stated).toBe(Number(pinned));
  });
});
