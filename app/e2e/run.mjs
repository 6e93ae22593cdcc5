// Browser end-to-end test: the built app (test mode, with the Wallet Standard test wallet) in headless
// Chromium, driven by playwright-core, against the local cluster holding the demo's pool.
//   node e2e/run.mjs <app url> <rpc url> <pool> <lst binary>
// Screenshots go to ../target/app-e2e/.
import { chromium } from "playwright-core";
import { Keypair, Connection, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const [appUrl, rpcUrl, pool, lst] = process.argv.slice(2);
const shots = path.resolve(import.meta.dirname, "../../target/app-e2e");
fs.mkdirSync(shots, { recursive: true });

const cli = (...args) => JSON.parse(execFileSync(lst, ["--url", rpcUrl, "--keypair", "/dev/null", "--pool", pool, "--output", "json", ...args], { encoding: "utf8" }));
const check = (ok, what) => {
  if (!ok) throw new Error(`e2e: ${what}`);
  console.log(`ok - ${what}`);
};
// Waits for the panel's answer to an action: its result, or the error it shows instead (printed).
const outcome = async (page, action) => {
  const result = page.getByTestId("result");
  const alert = page.locator("section[aria-label=stake] [role=alert]");
  await result.or(alert).first().waitFor({ timeout: 90_000 });
  if (await alert.count()) throw new Error(`e2e: ${action} failed: ${await alert.innerText()}`);
};

const connection = new Connection(rpcUrl, "confirmed");
const wallet = Keypair.generate();
const airdrop = await connection.requestAirdrop(wallet.publicKey, 20 * LAMPORTS_PER_SOL);
await connection.confirmTransaction(airdrop, "confirmed");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.addInitScript((secret) => { window.__LST_TEST_WALLET__ = secret; }, Array.from(wallet.secretKey));
  await page.goto(`${appUrl}/?rpc=${encodeURIComponent(rpcUrl)}&pool=${pool}`);

  // A link to an account of another program is refused before anything can be signed.
  const foreign = await browser.newPage();
  await foreign.goto(`${appUrl}/?rpc=${encodeURIComponent(rpcUrl)}&pool=SysvarC1ock11111111111111111111111111111111`);
  await foreign.getByText("is not a stake pool of a known program").waitFor({ timeout: 15_000 });
  check(true, "a pool owned by another program is refused");
  await foreign.close();

  // Dashboard and scoreboard show the chain's numbers.
  const onChain = cli("pool");
  await page.getByTestId("tvl").waitFor();
  const tvl = await page.getByTestId("tvl").innerText();
  const expected = (Math.floor(onChain.total_lamports / 1e6) / 1e3).toString();
  check(tvl.startsWith(expected.replace(/\.?0+$/, "")), `dashboard TVL ${tvl} equals the pool's ${onChain.total_lamports} lamports`);
  const rate = Number((await page.getByTestId("rate").innerText()).split(" ")[0]);
  check(Math.abs(rate - onChain.rate) < 1e-9, `dashboard rate ${rate} equals the pool's ${onChain.rate}`);
  await page.getByTestId("validator-row").first().waitFor();
  const rows = await page.getByTestId("validator-row").count();
  check(rows === onChain.validators, `scoreboard lists all ${onChain.validators} validators`);
  check((await page.getByText("excluded: MEV client").count()) > 0, "scoreboard explains an MEV-client exclusion");
  const bonded = await page.getByTestId("bond").allInnerTexts();
  check(bonded.filter((t) => /^20( |$)/.test(t)).length === 10, `ten validators show their 20 SOL bond: ${bonded.join(" | ")}`);
  const insurance = await page.getByTestId("insurance").innerText();
  check(Number(insurance.split(" LST")[0]) > 0, `the insurance fund holds the fees' share: ${insurance}`);
  await page.screenshot({ path: path.join(shots, "dashboard.png"), fullPage: true });

  // Connect the test wallet through the Wallet Standard.
  await page.getByRole("button", { name: "Connect LST Test Wallet" }).click();
  await page.getByTestId("wallet-address").waitFor();
  check((await page.getByTestId("wallet-address").innerText()) === wallet.publicKey.toBase58(), "test wallet connected");

  // Stake 2 SOL: a live quote, then the confirmed result.
  await page.getByLabel("SOL to stake").fill("2");
  const quote = await page.getByTestId("stake-quote").innerText();
  check(/You receive [\d.]+ LST/.test(quote), `stake quote shown: ${quote}`);
  await page.getByTestId("balances").waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Stake", exact: true }).click();
  await outcome(page, "stake");
  check((await page.getByTestId("result").innerText()).startsWith("Staked 2 SOL"), "stake confirmed");
  const balance = cli("balance", "--owner", wallet.publicKey.toBase58());
  check(balance.pool_tokens > 0, `the wallet holds ${balance.pool_tokens} pool tokens on chain`);
  await page.waitForFunction((t) => document.querySelector('[data-testid="lst-balance"]')?.textContent === t, (balance.pool_tokens / 1e9).toString().replace(/\.?0+$/, ""), { timeout: 15_000 });
  await page.screenshot({ path: path.join(shots, "staked.png"), fullPage: true });

  // A rejected signature: a plain message, nothing sent.
  await page.evaluate(() => { window.__LST_TEST_WALLET_REJECT__ = true; });
  await page.getByLabel("SOL to stake").fill("1");
  await page.getByRole("button", { name: "Stake", exact: true }).click();
  await page.getByText("You rejected the signature").waitFor({ timeout: 15_000 });
  check(cli("balance", "--owner", wallet.publicKey.toBase58()).pool_tokens === balance.pool_tokens, "rejected: nothing sent");
  await page.evaluate(() => { window.__LST_TEST_WALLET_REJECT__ = false; });

  // Unstake 0.5 LST: instant from the reserve.
  await page.getByLabel("LST to unstake").fill("0.5");
  const unstakeQuote = await page.getByTestId("unstake-quote").innerText();
  check(unstakeQuote.startsWith("Instant, from the reserve"), `unstake quote: ${unstakeQuote}`);
  await page.getByRole("button", { name: "Unstake", exact: true }).click();
  await page.getByText(/^Unstaked 0.5 LST/).waitFor({ timeout: 30_000 });
  const after = cli("balance", "--owner", wallet.publicKey.toBase58());
  check(after.pool_tokens === balance.pool_tokens - 500_000_000, "unstake confirmed on chain");
  await page.screenshot({ path: path.join(shots, "unstaked.png"), fullPage: true });
  await page.locator("section[aria-label=scoreboard]").screenshot({ path: path.join(shots, "scoreboard.png") });
} finally {
  await browser.close();
}
console.log(`screenshots in ${shots}`);
