import { Fragment, useEffect, useState } from "react";
import { Chain } from "../chain/rpc";
import { RPC_URL } from "../config";
import type { PoolView } from "../chain/pool";
import { unwrapOption } from "@solana/kit";
import { formatWeight, loadDao, realmsUrl, stateName, thresholdText, type DaoView } from "../chain/dao";
import { plainError } from "../errors";
import { TableScroll } from "./TableScroll";

const utc = (unix: bigint) => new Date(Number(unix) * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";
const share = (weight: bigint, supply: bigint) => (supply > 0n ? ` (${((Number(weight) * 100) / Number(supply)).toFixed(1)} %)` : "");
// A read, not a transaction: the cluster unreachable in plainError's words, anything else as it is.
const readError = (e: unknown) => {
  const plain = plainError(e);
  return plain.startsWith("The cluster cannot be reached") ? plain : e instanceof Error ? e.message : String(e);
};

/** The DAO that owns the steward's parameters: each parameter with the proposal that last changed
 * it, and the proposals open now (links to Realms). Read on its own, every 10 s: a DAO that cannot
 * be read leaves the rest of the page alone. */
export function DaoPanel({ pool }: { pool: PoolView }) {
  // undefined while the first read is on its way; null: no steward config.
  const [view, setView] = useState<DaoView | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setView(undefined);
    const load = async () => {
      try {
        const v = await loadDao(new Chain(RPC_URL), pool.address);
        if (live) { setView(v); setError(null); }
      } catch (e) {
        if (live) setError(readError(e));
      }
    };
    load();
    const timer = setInterval(load, 10_000);
    return () => { live = false; clearInterval(timer); };
  }, [pool.address]); // the pool's address, not each refresh of its numbers

  if (!pool.steward) return null;
  return (
    <section aria-label="dao">
      <h2>DAO</h2>
      {error && <p role="alert" className="error">The DAO could not be read: {error}</p>}
      {view === undefined && !error && <p>Reading the DAO…</p>}
      {view === null && <p>This pool has no steward config.</p>}
      {view && <DaoBody view={view} />}
    </section>
  );
}

function DaoBody({ view }: { view: DaoView }) {
  const dao = view.dao;
  return (
    <>
      {!dao ? (
        <p data-testid="dao-none">
          No DAO governs this steward: its parameters are held by a key,{" "}
          <code data-testid="parameters-authority">{view.parametersAuthority}</code>.
        </p>
      ) : (
        <>
          <p data-testid="dao-realm">
            Realm <a href={realmsUrl(dao.realm)} target="_blank" rel="noreferrer" data-testid="realm-link">{dao.realmName}</a>{" "}
            (SPL Governance): its governance <code title={dao.governance}>{dao.governance.slice(0, 8)}…</code>{" "}
            governs the steward config, and its treasury{" "}
            <code data-testid="dao-treasury" title={dao.treasury}>{dao.treasury.slice(0, 8)}…</code>{" "}
            {dao.holdsParameters ? "holds the parameters" : "is not the parameters authority"}. A proposal passes with {thresholdText(dao.config.communityVoteThreshold)} voting yes; votes run{" "}
            {formatSeconds(dao.config.votingBaseTime)}, then {formatSeconds(dao.config.minTransactionHoldUpTime)} of hold-up before
            it executes. {dao.proposalCount} proposal{dao.proposalCount === 1 ? "" : "s"} to date.
          </p>
          {!dao.holdsParameters && (
            <p role="status" className="warning" data-testid="dao-not-holder">
              Its treasury does not hold the parameters yet: they are held by the key{" "}
              <code data-testid="parameters-authority">{view.parametersAuthority}</code>.
            </p>
          )}
        </>
      )}
      <h3>Parameters</h3>
      <TableScroll label="parameters table">
        <table className="data" data-testid="parameters">
          <thead>
            <tr>
              <th>parameter</th>
              <th>value</th>
              {dao && <th>last changed by</th>}
            </tr>
          </thead>
          <tbody>
            {view.parameters.map((p) => (
              <tr key={p.name} data-testid={`param-${p.name}`}>
                <td title={p.docs}>{breakable(p.name)}</td>
                <td data-testid="param-value">{p.value.toString()}</td>
                {dao && (
                  <td data-testid="param-change">
                    {p.change ? (
                      <>
                        <a href={realmsUrl(dao.realm, p.change.proposal)} target="_blank" rel="noreferrer">{p.change.name}</a>{" "}
                        <small>(executed {utc(p.change.executedAt)})</small>
                      </>
                    ) : (
                      "set at creation"
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {dao && (
        <>
          <h3>Open proposals</h3>
          {dao.open.length === 0 ? (
            <p data-testid="no-open-proposals">None: nothing is being voted on or waiting to execute.</p>
          ) : (
            <ul data-testid="open-proposals">
              {dao.open.map(({ address, proposal, timeLeft }) => {
                const yes = proposal.options[0]?.voteWeight ?? 0n;
                const no = unwrapOption(proposal.denyVoteWeight) ?? 0n;
                return (
                  <li key={address} data-testid="open-proposal">
                    <a href={realmsUrl(dao.realm, address)} target="_blank" rel="noreferrer">{proposal.name}</a> —{" "}
                    <span data-testid="proposal-state">{stateName(proposal.state)}</span>; yes{" "}
                    {formatWeight(yes, dao.mintDecimals)}{share(yes, dao.mintSupply)}, no {formatWeight(no, dao.mintDecimals)}
                    {share(no, dao.mintSupply)}
                    {timeLeft && <>; <span data-testid="proposal-time-left">{timeLeft}</span></>}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </>
  );
}

/** A parameter's name that may wrap after each underscore on a narrow screen (same text). */
function breakable(name: string) {
  return name.split("_").map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <>_<wbr /></>}
      {part}
    </Fragment>
  ));
}

function formatSeconds(s: number): string {
  if (s === 0) return "0 s";
  if (s % 86_400 === 0) return `${s / 86_400} day${s === 86_400 ? "" : "s"}`;
  if (s % 3_600 === 0) return `${s / 3_600} h`;
  return `${s} s`;
}
