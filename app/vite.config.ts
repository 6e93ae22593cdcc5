import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `--mode test` builds register a Wallet Standard test wallet (src/wallet/testWallet.ts); other builds
// never include it. The app imports the steward's IDL from ../idl (the dev server may serve it).
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  define: { "import.meta.env.LST_TEST_WALLET": JSON.stringify(mode === "test") },
  resolve: { alias: { buffer: "buffer/" } },
  build: { chunkSizeWarningLimit: 2000 },
  server: { fs: { allow: [".", "../idl"] } },
  test: { include: ["test/**/*.test.ts"] },
}));
