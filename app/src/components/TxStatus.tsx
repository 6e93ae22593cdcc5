import type { ExplorerLink } from "../chain/explorer";

export type TxPhase = "simulating" | "signing" | "confirming" | "confirmed" | "failed";

export interface TxState {
  phase: TxPhase;
  /** What the transaction does, e.g. "Stake 2 SOL". */
  label: string;
  signature: string | null;
  links: ExplorerLink[];
}

const WORDS: Record<TxPhase, string> = {
  simulating: "Checking it against the chain (simulation)…",
  signing: "Waiting for your wallet's signature…",
  confirming: "Sent; waiting for the cluster to confirm it…",
  confirmed: "Confirmed.",
  failed: "Failed.",
};

const STEPS: TxPhase[] = ["simulating", "signing", "confirming", "confirmed"];

/** Where a transaction is: checked, signed, sent, confirmed (or failed), with explorer links once it
 * has a signature. */
export function TxStatus({ tx }: { tx: TxState }) {
  const reached = tx.phase === "failed" ? -1 : STEPS.indexOf(tx.phase);
  return (
    <div className="tx-status" role="status" aria-live="polite" data-testid="tx-status" data-phase={tx.phase}>
      <p>
        <strong>{tx.label}</strong>: {WORDS[tx.phase]}
      </p>
      {tx.phase !== "failed" && (
        <ol className="tx-steps" aria-label="transaction steps">
          {STEPS.map((s, i) => (
            <li key={s} className={i < reached || tx.phase === "confirmed" ? "done" : i === reached ? "current" : ""} aria-current={i === reached ? "step" : undefined}>
              {s === "simulating" ? "checked" : s === "signing" ? "signed" : s === "confirming" ? "sent" : "confirmed"}
            </li>
          ))}
        </ol>
      )}
      {tx.signature && (
        <p className="wrap">
          Signature <code data-testid="tx-signature">{tx.signature}</code>
          {tx.links.map((l) => (
            <span key={l.name}>
              {" · "}
              <a href={l.href} target="_blank" rel="noreferrer" data-testid="explorer-link">
                {l.name}
              </a>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
