import { describe, expect, it } from "vitest";
import stakePoolIdl from "../../idl/stake_pool.json";
import stewardIdl from "../../idl/steward.json";
import bondsIdl from "../../idl/bonds.json";
import layout from "../src/generated/layout.json";
import { describeFailure, describeTransactionError, instructionFailure, programError } from "../src/chain/programErrors";
import { clusterOf, explorerLinks } from "../src/chain/explorer";
import { plainError, TransactionFailed } from "../src/errors";

const SYSTEM = "11111111111111111111111111111111";
const TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";

describe("program errors by program id and code", () => {
  it("every error of each IDL, under its program's id", () => {
    for (const [idl, id] of [[stakePoolIdl, layout.stakePoolProgram], [stewardIdl, layout.stewardProgram], [bondsIdl, layout.bonds.program]] as const) {
      expect(idl.errors.length).toBeGreaterThan(10);
      for (const e of idl.errors) expect(programError(id, e.code)).toMatchObject({ code: e.code, name: e.name, msg: e.msg });
    }
    // The SPL program speaks the same interface, codes included.
    expect(programError("SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy", 17)?.name).toBe("StakeListAndPoolOutOfDate");
    // The same code of another program is another error.
    expect(programError(layout.stewardProgram, 17)).toBeNull();
    expect(programError(layout.stewardProgram, 6000)?.name).toBe("Paused");
    expect(programError(SYSTEM, 1)?.name).toBe("ResultWithNegativeLamports");
    expect(programError(TOKEN, 1)?.name).toBe("InsufficientFunds");
    expect(programError("Vote111111111111111111111111111111111111111", 0)).toBeNull();
  });

  it("the failing instruction, from RPC's error or a wallet's text", () => {
    expect(instructionFailure({ InstructionError: [1, { Custom: 39 }] })).toEqual({ index: 1, code: 39, builtin: null });
    expect(instructionFailure({ InstructionError: [0, "InsufficientFunds"] })).toEqual({ index: 0, code: null, builtin: "InsufficientFunds" });
    expect(instructionFailure(new Error("Transaction simulation failed: Error processing Instruction 1: custom program error: 0x11"))).toEqual({ index: 1, code: 17, builtin: null });
    expect(instructionFailure("InsufficientFundsForFee")).toBeNull();
  });

  it("in words: the instruction's program decides which table the code is read in", () => {
    const ids = [layout.stakePoolProgram, layout.stewardProgram];
    expect(describeFailure({ InstructionError: [0, { Custom: 39 }] }, ids)).toBe(
      "The rate moved past your slippage limit. Nothing changed; quote again. (the stake pool: error 39, ExceededSlippage)");
    expect(describeFailure({ InstructionError: [0, { Custom: 17 }] }, ids)).toMatch(/^The pool needs its epoch update.*error 17, StakeListAndPoolOutOfDate/);
    const steward = stewardIdl.errors.find((e) => e.code === 6001)!;
    expect(describeFailure({ InstructionError: [1, { Custom: 6001 }] }, ids)).toBe(
      `${steward.msg}. (the steward: error 6001, ${steward.name})`);
    expect(describeFailure({ InstructionError: [1, { Custom: 6001 }] }, [SYSTEM, TOKEN])).toMatch(/error 6001 of program Tokenkeg/);
    expect(describeFailure({ InstructionError: [0, { Custom: 1 }] }, [SYSTEM])).toBe(
      "Not enough SOL for this transaction and its fee. (the system program: error 1, ResultWithNegativeLamports)");
    expect(describeTransactionError("InsufficientFundsForFee")).toMatch(/^Not enough SOL for this transaction's fee/);
    expect(describeFailure({ InsufficientFundsForRent: { account_index: 0 } }, [])).toMatch(/rent exemption/);
  });

  it("plainError: a failed transaction by its code, a rejection, the network", () => {
    expect(plainError(new TransactionFailed({ InstructionError: [0, { Custom: 41 }] }, [layout.stakePoolProgram]))).toMatch(/ReserveDepleted/);
    expect(plainError(new Error("User rejected the request."))).toMatch(/^You rejected the signature/);
    expect(plainError(new TypeError("Failed to fetch"))).toMatch(/cannot be reached/);
    expect(plainError(new Error("failed to send transaction: Transaction simulation failed: Error processing Instruction 0: custom program error: 0x27"), [layout.stakePoolProgram])).toMatch(/ExceededSlippage/);
  });
});

describe("explorer links", () => {
  it("by genesis hash, else by host; a local cluster through Explorer's custom URL", () => {
    expect(clusterOf("5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d", "http://127.0.0.1:8899")).toBe("mainnet-beta");
    expect(clusterOf(null, "https://api.devnet.solana.com")).toBe("devnet");
    expect(clusterOf("other", "https://api.devnet.solana.com")).toBe("custom");
    expect(explorerLinks("tx", "SIG", "custom", "http://127.0.0.1:8899")).toEqual([
      { name: "Solana Explorer", href: "https://explorer.solana.com/tx/SIG?cluster=custom&customUrl=http%3A%2F%2F127.0.0.1%3A8899" },
    ]);
    expect(explorerLinks("tx", "SIG", "devnet", "x").map((l) => l.href)).toEqual([
      "https://explorer.solana.com/tx/SIG?cluster=devnet", "https://solscan.io/tx/SIG?cluster=devnet",
    ]);
    expect(explorerLinks("address", "A", "mainnet-beta", "x").map((l) => l.href)).toEqual([
      "https://explorer.solana.com/address/A", "https://solscan.io/account/A",
    ]);
  });
});

describe("an error raised by a program the instruction called", () => {
  it("is read in the table of the program the logs say failed", () => {
    const logs = [
      `Program ${layout.stakePoolProgram} invoke [1]`,
      "Program Stake11111111111111111111111111111111111111 invoke [2]",
      "Program Stake11111111111111111111111111111111111111 failed: custom program error: 0xc",
      `Program ${layout.stakePoolProgram} failed: custom program error: 0xc`,
    ];
    const e = new TransactionFailed({ InstructionError: [1, { Custom: 12 }] }, [SYSTEM, layout.stakePoolProgram], logs);
    expect(e.message).toMatch(/\(the stake program: error 12, InsufficientDelegation\)$/);
    // Without logs, the instruction's own program.
    expect(describeFailure({ InstructionError: [1, { Custom: 12 }] }, [SYSTEM, layout.stakePoolProgram])).toMatch(/the stake pool: error 12, UserStakeNotActive/);
  });
});
