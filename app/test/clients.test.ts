// The committed clients (src/generated/clients/) are what `npm run generate` makes of ../idl/*.json:
// generated again into a temporary folder, every file must be equal.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const app = path.resolve(import.meta.dirname, "..");
const committed = path.join(app, "src/generated/clients");

function files(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
}

describe("generated clients", () => {
  it("equal what the IDLs generate (run `npm run generate` after an IDL changes)", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "lst-clients-"));
    try {
      execFileSync(process.execPath, [path.join(app, "scripts/generate-clients.mjs"), out], { cwd: app, stdio: "pipe" });
      const fresh = files(out);
      expect(files(committed)).toEqual(fresh);
      const differing = fresh.filter((f) => fs.readFileSync(path.join(out, f), "utf8") !== fs.readFileSync(path.join(committed, f), "utf8"));
      expect(differing).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
