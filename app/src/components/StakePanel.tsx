import { useRef, useState } from "react";
import { generateKeyPairSigner, type Instruction, type KeyPairSigner } from "@solana/kit";
import { RPC_URL } from "../config";
import { useWalletStandard, walletChain } from "../wallet/standard";
import type { PoolView } from "../chain/pool";
import { largestValidator, needsUpdate } from "../chain/pool";
import { depositSol, validatorStake, withdrawSol, withdrawStake } from "../chain/instructions";
import { formatAmount, parseAmount, slippageFloor, splitDeposit, splitWithdrawal } from "../chain/quote";
import { plainError, TransactionFailed } from "../errors";
import { confirmByPolling } from "../chain/confirm";
import { explorerLinks, useCluster } from "../chain/explorer";
import { compile, forWallet, programsOf, refusedInPreflight, signatureOf } from "../chain/transaction";
import { Chain } from "../chain/rpc";
import { TxStatus, type TxState } from "./TxStatus";

const SLIPPAGE_BPS = 50;
const FEE_BUFFER = 10_000_000n;

export function StakePanel({ pool, onDone }: { pool: PoolView; onDone: () => void }) {
  const { publicKey, signTransaction } = useWalletStandard();
  const [stakeText, setStakeText] = useState("");
  const [unstakeText, setUnstakeText] = useState("");
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [tx, setTx] = useState<TxState | null>(null);
  const cluster = useCluster(RPC_URL);
  const inFlight = useRef(false);
  const s = pool.state;

  const lamports = parseAmount(stakeText);
  const deposit = lamports ? splitDeposit(s.totalLamports, s.poolTokenSupply, lamports, s.solDepositFee, s.solReferralFee) : null;
  const tokens = parseAmount(unstakeText);
  const withdrawal = tokens ? splitWithdrawal(s.totalLamports, s.poolTokenSupply, tokens, s.solWithdrawalFee) : null;
  const stakeWithdrawal = tokens ? splitWithdrawal(s.totalLamports, s.poolTokenSupply, tokens, s.stakeWithdrawalFee) : null;
  // SOL from the reserve when it can pay, unless the staker asks for a stake account (no wait for the
  // reserve, the stake keeps earning until they deactivate it).
  const [toStakeAccount, setToStakeAccount] = useState(false);
  const reserveCan = withdrawal !== null && withdrawal.lamports <= pool.reserveAvailable;
  const instant = reserveCan && !toStakeAccount;
  const fromReserve = withdrawal === null ? !toStakeAccount : instant;
  const tooSmall = !instant && stakeWithdrawal !== null && stakeWithdrawal.lamports < pool.minimumDelegation;
  const fromValidator = largestValidator(pool);

  // Balances of the connected wallet, never of a previous one or of a view not loaded yet.
  const mine = pool.user && publicKey && pool.user.owner === publicKey ? pool.user : null;

  // `done` words the result, given the signature and the app's own signers `build` made.
  const send = async (
    label: string,
    build: () => Promise<{ instructions: Instruction[]; signers: KeyPairSigner[] }>,
    done: (sig: string, signers: KeyPairSigner[]) => string,
  ) => {
    if (inFlight.current) return; // never send twice
    inFlight.current = true;
    setPending(true);
    setError(null);
    setResult(null);
    let signature: string | null = null;
    let programIds: string[] = [];
    const status = (phase: TxState["phase"]) =>
      setTx({ phase, label, signature, links: signature ? explorerLinks("tx", signature, cluster, RPC_URL) : [] });
    try {
      const { instructions, signers } = await build();
      programIds = programsOf(instructions);
      const chain = new Chain(RPC_URL);
      const latest = await chain.latestBlockhash();
      // A version-0 transaction built and compiled by @solana/kit.
      const bytes = compile(publicKey!, instructions, latest);
      // Simulated first, unsigned: a program's refusal is read by its program id and code and
      // shown before the wallet asks for anything.
      status("simulating");
      const simulation = await chain.simulate(bytes).catch(() => null); // a cluster that cannot simulate: the send's preflight still runs
      if (simulation?.err) throw new TransactionFailed(simulation.err, programIds, simulation.logs);
      status("signing");
      // The app's own key (a new stake account) signs first, then the wallet, over the Wallet Standard.
      const signed = await signTransaction(await forWallet(bytes, signers), walletChain(cluster));
      const sent = signatureOf(signed);
      try {
        await chain.send(signed);
      } catch (e) {
        // Refused in preflight: the cluster did not take it. Anything else (a timeout, a dropped
        // connection) may have delivered it: name it, so nobody sends it twice unknowingly.
        if (!refusedInPreflight(e)) signature = sent;
        throw e;
      }
      signature = sent;
      status("confirming");
      const err = await confirmByPolling(chain, signature, latest);
      if (err) throw new TransactionFailed(err, programIds);
      status("confirmed");
      setResult(done(signature, signers));
      onDone();
    } catch (e) {
      status("failed");
      // Once sent, never say "nothing was sent" unless the cluster said it failed: then it changed nothing.
      const words = plainError(e, programIds);
      setError(
        !signature
          ? /Nothing was sent/.test(words) ? words : `${words} Nothing was sent.`
          : e instanceof TransactionFailed ? `It failed on chain and changed nothing: ${words}` : `Sent as ${signature}, but not confirmed: check it before trying again. (${words})`,
      );
      if (signature) onDone();
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  };

  const stake = () => {
    if (!publicKey || !lamports || !deposit) return;
    if (!mine) {
      setError("Your balance is still loading; try again in a moment.");
      return;
    }
    if (mine.lamports < lamports + FEE_BUFFER) {
      setError("Not enough SOL for this deposit and its fee.");
      return;
    }
    const minimum = slippageFloor(deposit.user, SLIPPAGE_BPS);
    send(
      `Stake ${formatAmount(lamports)} SOL`,
      async () => ({ instructions: await depositSol({ program: pool.program, address: pool.address, state: s }, publicKey, lamports, minimum), signers: [] }),
      (sig) => `Staked ${formatAmount(lamports)} SOL for about ${formatAmount(deposit.user)} LST. Signature ${sig}`,
    );
  };

  const unstake = () => {
    if (!publicKey || !tokens || !withdrawal || !stakeWithdrawal) return;
    if (!mine) {
      setError("Your balance is still loading; try again in a moment.");
      return;
    }
    if (mine.poolTokens < tokens) {
      setError("You hold fewer LST than that.");
      return;
    }
    const ref = { program: pool.program, address: pool.address, state: s };
    if (instant) {
      const minimum = slippageFloor(withdrawal.lamports, SLIPPAGE_BPS);
      send(
        `Unstake ${formatAmount(tokens)} LST from the reserve`,
        async () => ({ instructions: [await withdrawSol(ref, publicKey, tokens, minimum)], signers: [] }),
        (sig) => `Unstaked ${formatAmount(tokens)} LST for ${formatAmount(withdrawal.lamports)} SOL from the reserve. Signature ${sig}`,
      );
    } else if (!fromValidator) {
      setError("The reserve cannot pay this now and the pool has no active validator to split stake from.");
    } else {
      send(
        `Unstake ${formatAmount(tokens)} LST into a stake account`,
        async () => {
          // The new stake account: a fresh key, which signs its creation.
          const receiver = await generateKeyPairSigner();
          const from = await validatorStake(pool.program, fromValidator.vote, pool.address, fromValidator.validatorSeed);
          return {
            instructions: await withdrawStake(ref, publicKey, from, receiver, pool.stakeRent, tokens, stakeWithdrawal.lamports),
            signers: [receiver],
          };
        },
        (sig, [receiver]) => `Unstaked ${formatAmount(tokens)} LST into stake account ${receiver.address} (${formatAmount(stakeWithdrawal.lamports)} SOL). Signature ${sig}`,
      );
    }
  };

  const stale = needsUpdate(pool);
  return (
    <section aria-label="stake">
      <h2>Stake and unstake</h2>
      {mine && (
        <p data-testid="balances">
          You hold {formatAmount(mine.lamports, 4)} SOL and <span data-testid="lst-balance">{formatAmount(mine.poolTokens)}</span> LST.
        </p>
      )}
      {publicKey && !mine && <p>Loading your balances…</p>}
      <div className="amounts">
        <div>
          <label>
            SOL to stake <input aria-label="SOL to stake" value={stakeText} onChange={(e) => setStakeText(e.target.value)} />
          </label>
          {stakeText && !deposit && <p>Enter an amount of SOL (up to 9 decimals).</p>}
          {deposit && (
            <p data-testid="stake-quote">
              You receive {formatAmount(deposit.user)} LST (fee {formatAmount(deposit.manager + deposit.referrer)} LST); at least{" "}
              {formatAmount(slippageFloor(deposit.user, SLIPPAGE_BPS))} LST with {SLIPPAGE_BPS / 100} % slippage.
            </p>
          )}
          <button disabled={!mine || !deposit || pending || stale} onClick={stake}>
            {pending ? "Sending…" : "Stake"}
          </button>
        </div>
        <div>
          <label>
            LST to unstake <input aria-label="LST to unstake" value={unstakeText} onChange={(e) => setUnstakeText(e.target.value)} />
          </label>
          {withdrawal && stakeWithdrawal && (
            <p className="wrap" data-testid="unstake-quote">
              {instant
                ? `Instant, from the reserve: you receive ${formatAmount(withdrawal.lamports)} SOL (fee ${formatAmount(withdrawal.fee)} LST; at least ${formatAmount(slippageFloor(withdrawal.lamports, SLIPPAGE_BPS))} SOL).`
                : tooSmall
                  ? `A stake account must hold at least ${formatAmount(pool.minimumDelegation)} SOL of stake (the cluster's minimum delegation): unstake more${reserveCan ? ", or take SOL from the reserve" : ""}.`
                  : `${reserveCan ? "You receive" : `The reserve holds ${formatAmount(pool.reserveAvailable)} SOL, not enough: you receive`} a stake account of ${formatAmount(stakeWithdrawal.lamports)} SOL (fee ${formatAmount(stakeWithdrawal.fee)} LST) delegated to ${fromValidator?.vote ?? "a validator"}, to deactivate and withdraw yourself.`}
            </p>
          )}
          <fieldset className="receive">
            <legend>Receive</legend>
            <label>
              <input type="radio" name="receive" checked={fromReserve} disabled={withdrawal !== null && !reserveCan} onChange={() => setToStakeAccount(false)} /> SOL now, from the reserve
            </label>
            <label>
              <input type="radio" name="receive" checked={!fromReserve} onChange={() => setToStakeAccount(true)} /> a stake account, to deactivate and withdraw yourself
            </label>
          </fieldset>
          <button disabled={!mine || !withdrawal || pending || stale || tooSmall} onClick={unstake}>
            {pending ? "Sending…" : "Unstake"}
          </button>
        </div>
      </div>
      {!publicKey && <p>Connect a wallet to stake.</p>}
      {tx && <TxStatus tx={tx} />}
      {result && <p className="wrap" data-testid="result">{result}</p>}
      {error && <p role="alert" className="error wrap">{error}</p>}
    </section>
  );
}
