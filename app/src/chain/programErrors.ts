// A failed instruction's error, by the program that raised it and its custom code: our programs'
// from their IDLs' `errors` (idl/*.json, written from the programs), the SPL stake-pool program's
// from ours (it speaks the same interface, codes included), the system and token programs' from
// their published error enums.
import stakePoolIdl from "../../../idl/stake_pool.json";
import stewardIdl from "../../../idl/steward.json";
import bondsIdl from "../../../idl/bonds.json";
import layout from "../generated/layout.json";
import { STAKE_POOL_PROGRAM_ID } from "@solana/spl-stake-pool";
import { isSolanaError, SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM } from "@solana/kit";

export interface ProgramError {
  /** The program's name in words. */
  program: string;
  code: number;
  name: string;
  msg: string;
}

interface IdlErrors { address: string; errors: Array<{ code: number; name: string; msg?: string }> }

const SYSTEM = layout.spl.ids.systemProgram;
const TOKEN = layout.spl.ids.tokenProgram;
const TOKEN_2022 = layout.spl.ids.token2022Program;
const SPL_STAKE_POOL = STAKE_POOL_PROGRAM_ID.toBase58();
const STAKE = layout.spl.ids.stakeProgram;

/** The stake program's `StakeError` (solana-stake-interface), in its order: the pool calls it. */
const STAKE_ERRORS: Array<[string, string]> = [
  ["NoCreditsToRedeem", "not enough credits to redeem"],
  ["LockupInForce", "the lockup has not yet expired"],
  ["AlreadyDeactivated", "the stake is already deactivated"],
  ["TooSoonToRedelegate", "one re-delegation is permitted per epoch"],
  ["InsufficientStake", "the split amount is more than is staked"],
  ["MergeTransientStake", "a stake account with transient stake cannot be merged"],
  ["MergeMismatch", "the stake accounts' authorities, lockups or states differ: they cannot be merged"],
  ["CustodianMissing", "the custodian address is not present"],
  ["CustodianSignatureMissing", "the custodian's signature is not present"],
  ["InsufficientReferenceVotes", "not enough reference votes to deactivate a delinquent stake"],
  ["VoteAddressMismatch", "the vote account is not the one the stake is delegated to"],
  ["MinimumDelinquentEpochsForDeactivationNotMet", "the vote account has not been delinquent long enough"],
  ["InsufficientDelegation", "the stake would be less than the cluster's minimum delegation"],
  ["RedelegateTransientOrInactiveStake", "transient or inactive stake cannot be redelegated"],
  ["RedelegateToSameVoteAccount", "stake cannot be redelegated to the same vote account"],
  ["RedelegatedStakeMustFullyActivateBeforeDeactivationIsPermitted", "redelegated stake must fully activate before it is deactivated"],
  ["EpochRewardsActive", "stake accounts cannot change while epoch rewards are paid"],
];

/** The system program's `SystemError` (solana-system-interface), in its order. */
const SYSTEM_ERRORS: Array<[string, string]> = [
  ["AccountAlreadyInUse", "an account with the same address already exists"],
  ["ResultWithNegativeLamports", "the account does not hold enough SOL for this"],
  ["InvalidProgramId", "cannot assign the account to this program id"],
  ["InvalidAccountDataLength", "cannot allocate account data of this length"],
  ["MaxSeedLengthExceeded", "the seed is longer than the maximum"],
  ["AddressWithSeedMismatch", "the address does not match the derived seed"],
  ["NonceNoRecentBlockhashes", "the nonce account has no recent blockhashes"],
  ["NonceBlockhashNotExpired", "the stored nonce is still in recent blockhashes"],
  ["NonceUnexpectedBlockhashValue", "the specified nonce does not match the stored nonce"],
];

/** SPL Token's `TokenError` (Token-2022 keeps these codes), in its order. */
const TOKEN_ERRORS: Array<[string, string]> = [
  ["NotRentExempt", "the account's lamports are below its rent exemption"],
  ["InsufficientFunds", "not enough tokens in the account"],
  ["InvalidMint", "invalid mint"],
  ["MintMismatch", "the account is not of this mint"],
  ["OwnerMismatch", "the owner does not match"],
  ["FixedSupply", "this token's supply is fixed"],
  ["AlreadyInUse", "the account is already in use"],
  ["InvalidNumberOfProvidedSigners", "invalid number of provided signers"],
  ["InvalidNumberOfRequiredSigners", "invalid number of required signers"],
  ["UninitializedState", "the token account is not initialized"],
  ["NativeNotSupported", "not supported for native (wrapped SOL) tokens"],
  ["NonNativeHasBalance", "a non-native account can be closed only with a zero balance"],
  ["InvalidInstruction", "invalid instruction"],
  ["InvalidState", "the account is in an invalid state"],
  ["Overflow", "the operation overflowed"],
  ["AuthorityTypeNotSupported", "the account does not support this authority type"],
  ["MintCannotFreeze", "this token mint cannot freeze accounts"],
  ["AccountFrozen", "the account is frozen"],
  ["MintDecimalsMismatch", "the mint's decimals do not match the amount's"],
  ["NonNativeNotSupported", "not supported for non-native tokens"],
];

const table = new Map<string, { program: string; errors: Map<number, { name: string; msg: string }> }>();
const fromIdl = (program: string, idl: IdlErrors, address = idl.address) =>
  table.set(address, { program, errors: new Map(idl.errors.map((e) => [e.code, { name: e.name, msg: e.msg ?? e.name }])) });
const fromList = (program: string, address: string, list: Array<[string, string]>) =>
  table.set(address, { program, errors: new Map(list.map(([name, msg], code) => [code, { name, msg }])) });

fromIdl("the stake pool", stakePoolIdl as IdlErrors, layout.stakePoolProgram);
fromIdl("the SPL stake pool", stakePoolIdl as IdlErrors, SPL_STAKE_POOL);
fromIdl("the steward", stewardIdl as IdlErrors, layout.stewardProgram);
fromIdl("the bonds program", bondsIdl as IdlErrors, layout.bonds.program);
fromList("the system program", SYSTEM, SYSTEM_ERRORS);
fromList("the stake program", STAKE, STAKE_ERRORS);
fromList("the token program", TOKEN, TOKEN_ERRORS);
fromList("the Token-2022 program", TOKEN_2022, TOKEN_ERRORS);

/** The error `code` of `programId`, when known. */
export function programError(programId: string, code: number): ProgramError | null {
  const p = table.get(programId);
  const e = p?.errors.get(code);
  return p && e ? { program: p.program, code, name: e.name, msg: e.msg } : null;
}

/** Where an instruction failed: its index and the custom code (null for a built-in error, named). */
export interface InstructionFailure {
  index: number;
  code: number | null;
  /** The runtime's name of a built-in instruction error (e.g. "InsufficientFunds"). */
  builtin: string | null;
}

/** The failing instruction of a transaction error, as RPC returns it (`{ InstructionError: [i, { Custom:
 * n }] }`), or as web3.js and wallets print it ("Error processing Instruction i: custom program error:
 * 0x…"). */
export function instructionFailure(err: unknown): InstructionFailure | null {
  if (err && typeof err === "object" && "InstructionError" in err) {
    const [index, inner] = (err as { InstructionError: [number, unknown] }).InstructionError;
    if (inner && typeof inner === "object" && "Custom" in inner) return { index, code: Number((inner as { Custom: number }).Custom), builtin: null };
    return { index, code: null, builtin: typeof inner === "string" ? inner : JSON.stringify(inner) };
  }
  // @solana/kit's RPC errors (a send's preflight failure): the instruction's custom error in the causes.
  for (let cause: unknown = err; cause instanceof Error; cause = cause.cause) {
    if (isSolanaError(cause, SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM)) return { index: cause.context.index, code: Number(cause.context.code), builtin: null };
  }
  const text = err instanceof Error ? err.message : typeof err === "string" ? err : "";
  const custom = /Error processing Instruction (\d+): custom program error: 0x([0-9a-f]+)/i.exec(text);
  if (custom) return { index: Number(custom[1]), code: parseInt(custom[2], 16), builtin: null };
  return null;
}

/** The innermost program the logs say failed with custom error `code`. */
export function failingProgram(logs: string[], code: number): string | null {
  for (const line of logs) {
    const m = /^Program (\w+) failed: custom program error: 0x([0-9a-f]+)$/i.exec(line.trim());
    if (m && parseInt(m[2], 16) === code) return m[1];
  }
  return null;
}

/** Plain words for some errors a staker meets, by name; the IDL's message otherwise. */
const HINTS: Record<string, string> = {
  StakeListAndPoolOutOfDate: "The pool needs its epoch update before it accepts this. Try again after the crank runs.",
  StakeListOutOfDate: "The pool needs its epoch update before it accepts this. Try again after the crank runs.",
  ExceededSlippage: "The rate moved past your slippage limit. Nothing changed; quote again.",
  ReserveDepleted: "The reserve cannot pay this now: unstake into a stake account, or less.",
  ResultWithNegativeLamports: "Not enough SOL for this transaction and its fee.",
  InsufficientFunds: "You hold fewer tokens than that.",
  InsufficientDelegation: "Too little for a stake account: the cluster's minimum delegation is more. Unstake more, or take SOL from the reserve.",
};

/** Built-in errors (the runtime's `InstructionError` and `TransactionError` variants), by name. */
const RUNTIME: Record<string, string> = {
  InsufficientFunds: "Not enough SOL for this.",
  InsufficientFundsForFee: "Not enough SOL for this transaction's fee.",
  InsufficientFundsForRent: "Not enough SOL: an account would fall below its rent exemption.",
  AccountNotFound: "Not enough SOL for this transaction and its fee (the paying account does not exist yet).",
  BlockhashNotFound: "The transaction's blockhash expired before it landed. Nothing changed; try again.",
  AlreadyProcessed: "This transaction was already processed.",
};

/** A transaction error that is not an instruction's (`"InsufficientFundsForFee"`, …), in words. */
export function describeTransactionError(err: unknown): string | null {
  const name = typeof err === "string" ? err : err && typeof err === "object" ? Object.keys(err)[0] : null;
  return name && RUNTIME[name] ? `${RUNTIME[name]} (${name})` : null;
}

/** The error of a failed transaction in words, from the program that raised it and its code, when the
 * instruction's program is known (`programIds[i]` is instruction i's). */
export function describeFailure(err: unknown, programIds: string[], logs: string[] = []): string | null {
  const failure = instructionFailure(err);
  if (!failure) return describeTransactionError(err);
  // A program the instruction called (a CPI) may have raised the code: the logs name the program
  // that failed first, innermost, with the same code.
  const raisedBy = failure.code === null ? null : failingProgram(logs, failure.code);
  const programId = raisedBy ?? programIds[failure.index];
  if (failure.code === null) {
    const hint = failure.builtin ? RUNTIME[failure.builtin] : undefined;
    return `${hint ?? `Instruction ${failure.index + 1} failed`} (${failure.builtin ?? "a runtime error"}).`;
  }
  const known = programId ? programError(programId, failure.code) : null;
  if (!known) return `Instruction ${failure.index + 1} failed with error ${failure.code} of program ${programId ?? "unknown"}.`;
  const hint = HINTS[known.name];
  return `${hint ?? `${known.msg[0].toUpperCase()}${known.msg.slice(1)}.`} (${known.program}: error ${known.code}, ${known.name})`;
}
