import { Buffer } from "buffer";
(globalThis as unknown as { Buffer: typeof Buffer }).Buffer ??= Buffer;

import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";

async function start() {
  if (import.meta.env.LST_TEST_WALLET) {
    const { registerTestWallet } = await import("./wallet/testWallet");
    await registerTestWallet();
  }
  createRoot(document.getElementById("root")!).render(<App />);
}
start();
