// Browser end-to-end test: the built app (test mode, with the Wallet Standard test wallet) in headless
// Chromium, driven by playwright-core, against the local cluster holding the demo's pool. At a desktop
// (1280x800) and a phone (390x844) width, light and dark: axe-core finds no serious or critical
// accessibility violation and the page is never wider than the window.
//   node e2e/run.mjs <app url> <rpc url> <pool> <lst binary>
// Screenshots go to ../target/app-e2e/.
import { chromium } from "playwright-core";
import axe from "axe-core";
import { Keypair, Connection, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [appUrl, rpcUrl, pool, lst] = process.argv.slice(2);
const shots = path.resolve(import.meta.dirname, "../../target/app-e2e");
fs.mkdirSync(shots, { recursive: true });

const cli = (...args) => JSON.parse(execFileSync(lst, ["--url", rpcUrl, "--keypair", "/dev/null", "--pool", pool, "--output", "json", ...args], { encoding: "utf8" }));
// lst signing with `keypair` (`pool` null: no --pool).
const cliAs = (keypair, poolAddress, ...args) =>
  JSON.parse(execFileSync(lst, ["--url", rpcUrl, "--keypair", keypair, ...(poolAddress ? ["--pool", poolAddress] : []), "--output", "json", ...args], { encoding: "utf8" }));
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

// axe-core in the page (injected once per document): every violation printed with its impact, help
// and the elements it names; any serious or critical one fails the test.
const accessible = async (page, what) => {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axe.source });
  const { violations, incomplete } = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations", "incomplete"] }));
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of violations) {
    const print = blocking.includes(v) ? console.error : console.log;
    print(`${blocking.includes(v) ? "not ok" : "note"} - axe ${v.id} (${v.impact}, ${v.nodes.length}): ${v.help}`);
    for (const node of v.nodes) print(`    ${node.target.join(" ")}`);
  }
  // What axe could not decide (text over an image, cells scrolled out of their box): counted, not failed.
  const review = incomplete.map((v) => `${v.id} ${v.nodes.length}`).join(", ");
  const notes = [
    blocking.length > 0 && `found: ${blocking.map((v) => v.id).join(", ")}`,
    `${violations.length - blocking.length} minor`,
    review && `left for review: ${review}`,
  ].filter(Boolean).join("; ");
  check(blocking.length === 0, `axe: no serious or critical violation ${what} (${notes})`);
};
// The sizes the app is checked at; the rest of the test runs at `roomy`.
const sizes = [{ name: "desktop", width: 1280, height: 800 }, { name: "phone", width: 390, height: 844 }];
const roomy = { width: 1280, height: 1600 };
// At each size: no horizontal overflow, and axe in the light and dark schemes. With `shoot`, screenshots
// of those views as <size>-<view><suffix>.png and, with `page`, of the whole page, light and dark
// (<size>-page<suffix>.png, <size>-page<suffix>-dark.png).
const atEachSize = async (page, what, shoot = null) => {
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const [wide, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    check(wide <= inner, `at ${size.name} width, ${what}: the page fits the window (${wide} px wide in ${inner})`);
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      await accessible(page, `at ${size.name} width, ${colorScheme}, ${what}`);
      if (shoot?.page) await page.screenshot({ path: path.join(shots, `${size.name}-page${shoot.suffix}${colorScheme === "dark" ? "-dark" : ""}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: null });
    for (const view of shoot?.views ?? []) {
      await page.locator(`section[aria-label=${view}]`).screenshot({ path: path.join(shots, `${size.name}-${view}${shoot.suffix}.png`) });
    }
  }
  await page.setViewportSize(roomy);
};

const connection = new Connection(rpcUrl, "confirmed");
// The governance program's id, account types and seeds, as sdk/src/governance.rs has them.
const layout = JSON.parse(fs.readFileSync(new URL("../src/generated/layout.json", import.meta.url), "utf8"));
const GOVERNANCE = new PublicKey(layout.governance.program);
const realmsUrl = (realm, proposal) => `https://app.realms.today/dao/${realm}${proposal ? `/proposal/${proposal}` : ""}`;

// The realm whose governance's native treasury holds `authority` (every GovernanceV2 account; the
// realm is bytes 1..33).
const realmHolding = async (authority) => {
  const governanceV2 = Buffer.from([layout.governance.accountTypes.governanceV2]).toString("base64");
  const governances = await connection.getProgramAccounts(GOVERNANCE, { filters: [{ memcmp: { offset: 0, bytes: governanceV2, encoding: "base64" } }] });
  const treasurySeed = Buffer.from(layout.governance.seeds.nativeTreasury);
  const holder = governances.find(({ pubkey }) =>
    PublicKey.findProgramAddressSync([treasurySeed, pubkey.toBuffer()], GOVERNANCE)[0].toBase58() === authority);
  return holder ? { realm: new PublicKey(holder.account.data.subarray(1, 33)).toBase58(), governance: holder.pubkey.toBase58() } : null;
};

// The local cluster's clock past a 0-second hold-up: surfpool's unix time moves 1 s per 1000 slots.
const rpc = async (method, params) => {
  const response = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = await response.json();
  if (body.error) throw new Error(`e2e: ${method}: ${JSON.stringify(body.error)}`);
  return body.result;
};
const passHoldUp = async () => {
  const target = (await connection.getSlot("confirmed")) + 2000;
  await rpc("surfnet_timeTravel", [{ absoluteSlot: target }]);
  for (let i = 0; i < 400 && (await connection.getSlot("confirmed")) < target; i++) await new Promise((r) => setTimeout(r, 50));
  if ((await connection.getSlot("confirmed")) < target) throw new Error(`e2e: the cluster did not reach slot ${target}`);
};

// Each parameter row of the DAO panel: its value and what last changed it.
const parameterRows = async (page) => {
  await page.getByTestId("parameters").waitFor({ timeout: 30_000 });
  return page.locator("tr[data-testid^=param-]").evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [
      r.dataset.testid.slice("param-".length),
      {
        value: r.querySelector("[data-testid=param-value]").textContent,
        change: r.querySelector("[data-testid=param-change]")?.textContent ?? null,
        link: r.querySelector("[data-testid=param-change] a")?.getAttribute("href") ?? null,
      },
    ])));
};

const wallet = Keypair.generate();
const airdrop = await connection.requestAirdrop(wallet.publicKey, 20 * LAMPORTS_PER_SOL);
await connection.confirmTransaction(airdrop, "confirmed");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: roomy });
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

  // The DAO panel on the demo's pool: "Demo LST DAO", whose takeover moved the authorities and
  // changed no parameter; every parameter equal to the chain's; nothing open.
  const demoParams = cli("params", "show");
  const demoDao = await realmHolding(demoParams.authorities.parameters);
  check(demoDao !== null, `the demo's parameters authority ${demoParams.authorities.parameters} is a DAO treasury`);
  const realmLink = page.getByTestId("realm-link");
  await realmLink.waitFor({ timeout: 30_000 });
  check((await realmLink.innerText()) === "Demo LST DAO", `the DAO panel names the realm: ${await realmLink.innerText()}`);
  check((await realmLink.getAttribute("href")) === realmsUrl(demoDao.realm), `the realm links to Realms: ${await realmLink.getAttribute("href")}`);
  check((await page.getByTestId("dao-treasury").getAttribute("title")) === demoParams.authorities.parameters, "the panel's treasury holds the parameters");
  const demoRows = await parameterRows(page);
  const names = Object.keys(demoParams.parameters);
  check(names.length === 18 && names.every((n) => demoRows[n]?.value === String(demoParams.parameters[n])), `the panel shows all ${names.length} parameters as params show does`);
  check(names.every((n) => demoRows[n].change === "set at creation"), "no demo proposal changed a parameter: each set at creation");
  check((await page.getByTestId("no-open-proposals").count()) === 1, "the demo DAO has no open proposal (its takeover executed)");
  await page.locator("section[aria-label=dao]").screenshot({ path: path.join(shots, "dao-demo.png") });
  await atEachSize(page, "before a wallet connects");

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
  // Every view with data, a connected wallet, a quote and a result.
  await atEachSize(page, "after a stake and an unstake", { views: ["dashboard", "stake", "scoreboard", "dao"], suffix: "", page: true });

  // The DAO changes a parameter by vote. The demo's operator key (holder of its community tokens) is
  // not kept, so a pool of our own, with its DAO made the way migrations/deploy.sh makes one: this
  // key holds every community token, votes pass at once, the hold-up is 0.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lst-app-e2e-"));
  const operatorKey = Keypair.generate();
  const operator = path.join(dir, "operator.json");
  fs.writeFileSync(operator, JSON.stringify(Array.from(operatorKey.secretKey)), { mode: 0o600 });
  await connection.confirmTransaction(await connection.requestAirdrop(operatorKey.publicKey, 100 * LAMPORTS_PER_SOL), "confirmed");
  const paramsFile = path.join(dir, "steward-params.json");
  fs.writeFileSync(paramsFile, JSON.stringify({ num_delegation_validators: 10, minimum_stake_lamports: 0 }));
  const ours = cliAs(operator, null, "create-pool", "--steward-params", paramsFile).pool;
  // Realm addresses come from their names: one of its own on a cluster that kept an earlier run's. Strict
  // tipping: the operator holds every token, so its yes passes a vote at once.
  const dao = cliAs(operator, ours, "dao", "init", "--name", `App e2e DAO ${operatorKey.publicKey.toBase58().slice(0, 8)}`, "--hold-up", "0", "--tipping", "strict");
  await passHoldUp();
  cliAs(operator, ours, "dao", "execute", dao.proposal);
  check(cliAs(operator, ours, "params", "show").authorities.parameters === dao.treasury, "our DAO's treasury holds the parameters");

  const executedName = "Delegate to 11 validators";
  const executed = cliAs(operator, ours, "dao", "--realm", dao.realm, "propose", "--name", executedName,
    "params", "set", "--num-delegation-validators", "11").proposal;
  const voted = cliAs(operator, ours, "dao", "vote", executed, "yes");
  check(voted.state === "succeeded", `the yes vote passes the proposal: ${voted.state}`);
  await passHoldUp();
  cliAs(operator, ours, "dao", "execute", executed);
  const changedParams = cliAs(operator, ours, "params", "show");
  check(changedParams.parameters.num_delegation_validators === 11, "executed: num_delegation_validators is 11 on chain");
  const openName = "Delegate to 12 validators";
  const open = cliAs(operator, ours, "dao", "--realm", dao.realm, "propose", "--name", openName,
    "params", "set", "--num-delegation-validators", "12").proposal;
  const listed = cliAs(operator, ours, "dao", "--realm", dao.realm, "proposals").proposals;
  check(listed.find((p) => p.proposal === open)?.state === "voting", "the second proposal is open for votes");

  await page.goto(`${appUrl}/?rpc=${encodeURIComponent(rpcUrl)}&pool=${ours}`);
  await page.getByTestId("realm-link").waitFor({ timeout: 30_000 });
  check((await page.getByTestId("realm-link").getAttribute("href")) === realmsUrl(dao.realm), "our realm links to Realms");
  const ourRows = await parameterRows(page);
  const changed = ourRows.num_delegation_validators;
  check(changed.value === "11" && changed.change.startsWith(executedName) && changed.link === realmsUrl(dao.realm, executed),
    `num_delegation_validators shows 11, changed by "${executedName}" linked to Realms: ${JSON.stringify(changed)}`);
  check(Object.entries(ourRows).every(([n, r]) => n === "num_delegation_validators" || r.change === "set at creation"), "every other parameter: set at creation");
  const openItems = page.getByTestId("open-proposal");
  check((await openItems.count()) === 1, `one open proposal: ${(await openItems.allInnerTexts()).join(" | ")}`);
  const item = openItems.first();
  const itemText = await item.innerText();
  check(itemText.startsWith(openName) && (await item.getByTestId("proposal-state").innerText()) === "voting", `the open proposal, voting: ${itemText}`);
  check((await item.getByRole("link").getAttribute("href")) === realmsUrl(dao.realm, open), `it links to its Realms page: ${await item.getByRole("link").getAttribute("href")}`);
  check(/^2d 23h left to vote$|^3d 0h left to vote$/.test(await item.getByTestId("proposal-time-left").innerText()), `time left: ${await item.getByTestId("proposal-time-left").innerText()}`);
  check(/yes 0 \(0\.0 %\), no 0 \(0\.0 %\)/.test(itemText), `no votes yet: ${itemText}`);
  await page.locator("section[aria-label=dao]").screenshot({ path: path.join(shots, "dao.png") });
  await atEachSize(page, "with an executed and an open proposal", { views: ["dao"], suffix: "-proposals" });
  fs.rmSync(dir, { recursive: true, force: true });
} finally {
  await browser.close();
}
console.log(`screenshots in ${shots}`);
