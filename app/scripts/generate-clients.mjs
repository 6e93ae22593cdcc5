// Writes the @solana/kit clients of our programs (src/generated/clients/<program>/) from their IDLs
// (../idl/*.json) with Codama: accounts, instructions, types, errors and program ids.
//   node scripts/generate-clients.mjs [out folder]   (default: src/generated/clients)
// test/clients.test.ts generates into a temporary folder and fails when the committed clients differ.
import { createFromRoot, updateDefinedTypesVisitor } from "codama";
import { rootNodeFromAnchor } from "@codama/nodes-from-anchor";
import { renderVisitor } from "@codama/renderers-js";
import fs from "node:fs";
import path from "node:path";

export const PROGRAMS = [
  ["steward", "steward.json"],
  ["bonds", "bonds.json"],
  ["stakePool", "stake_pool.json"],
  ["splGovernance", "spl_governance.json"],
];

export async function generate(out) {
  const idlDir = path.resolve(import.meta.dirname, "../../idl");
  for (const [name, file] of PROGRAMS) {
    const idl = JSON.parse(fs.readFileSync(path.join(idlDir, file), "utf8"));
    const codama = createFromRoot(rootNodeFromAnchor(idl));
    // The steward's `Parameters` would shadow TypeScript's `Parameters<T>`, which the clients use.
    if (name === "steward") codama.update(updateDefinedTypesVisitor({ parameters: { name: "stewardParameters" } }));
    await codama.accept(
      renderVisitor(out, {
        generatedFolder: name,
        syncPackageJson: false,
        deleteFolderBeforeRendering: true,
        kitImportStrategy: "rootOnly",
      }),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "../src/generated/clients"));
  await generate(out);
  console.log(`clients written to ${out}`);
}
