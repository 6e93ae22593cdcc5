//! Versioned (v0) transactions as the crank builds them: their exact size and account count before
//! anything is signed, the compute-budget instructions, and what they cost in fees.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "sizes and counts of one transaction, far below usize::MAX"
)]

pub use solana_message::AddressLookupTableAccount;
use {
    anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction},
    solana_compute_budget_interface::ComputeBudgetInstruction,
    solana_hash::Hash,
    solana_message::v0,
};

/// Largest serialized transaction the cluster accepts.
pub const PACKET_DATA_SIZE: usize = 1_232;
/// Compute units one transaction may use.
pub const MAX_COMPUTE_UNITS: u32 = 1_400_000;
/// Base fee per signature.
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;
/// Accounts a transaction may lock (the runtime's limit with `increase_tx_account_lock_limit`).
pub const MAX_ACCOUNT_LOCKS: usize = 128;
/// Accounts a transaction may lock where that feature is not active.
pub const LEGACY_ACCOUNT_LOCKS: usize = 64;

/// What a transaction would look like on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Serialized size with its signatures.
    pub bytes: usize,
    /// Accounts it locks (its own keys and those its lookup tables load).
    pub accounts: usize,
    /// Signatures it needs.
    pub signatures: usize,
}

/// Bytes of a compact-u16 length prefix.
fn short_vec(len: usize) -> usize {
    match len {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        _ => 3,
    }
}

/// The shape of a v0 transaction paid by `payer` with `instructions`, loading what it can from
/// `tables` (program ids and signers always stay in the message itself).
pub fn shape(
    payer: &Pubkey,
    instructions: &[Instruction],
    tables: &[AddressLookupTableAccount],
) -> Result<Shape, String> {
    let message = v0::Message::try_compile(payer, instructions, tables, Hash::default())
        .map_err(|e| format!("compiling the transaction: {e}"))?;
    let signatures = usize::from(message.header.num_required_signatures);
    let instructions: usize = message
        .instructions
        .iter()
        .map(|ix| {
            1 + short_vec(ix.accounts.len()) + ix.accounts.len() + short_vec(ix.data.len()) + ix.data.len()
        })
        .sum();
    let lookups: usize = message
        .address_table_lookups
        .iter()
        .map(|l| {
            32 + short_vec(l.writable_indexes.len())
                + l.writable_indexes.len()
                + short_vec(l.readonly_indexes.len())
                + l.readonly_indexes.len()
        })
        .sum();
    let loaded: usize = message
        .address_table_lookups
        .iter()
        .map(|l| l.writable_indexes.len() + l.readonly_indexes.len())
        .sum();
    let keys = message.account_keys.len();
    let bytes = short_vec(signatures)
        + 64 * signatures
        + 1 // version prefix
        + 3 // header
        + short_vec(keys)
        + 32 * keys
        + 32 // blockhash
        + short_vec(message.instructions.len())
        + instructions
        + short_vec(message.address_table_lookups.len())
        + lookups;
    Ok(Shape { bytes, accounts: keys + loaded, signatures })
}

/// The compute-budget instructions a transaction starts with: its unit limit, and its price in
/// micro-lamports per unit when one is set.
pub fn budget(limit: u32, micro_lamports_per_unit: u64) -> Vec<Instruction> {
    let mut ixs = vec![ComputeBudgetInstruction::set_compute_unit_limit(limit)];
    if micro_lamports_per_unit > 0 {
        ixs.push(ComputeBudgetInstruction::set_compute_unit_price(micro_lamports_per_unit));
    }
    ixs
}

/// The unit limit to ask for after a simulation used `units`: a tenth more and a little, within
/// the transaction maximum.
pub fn limit_after(units: u64) -> u32 {
    let padded = units.saturating_add(units / 10).saturating_add(1_000);
    u32::try_from(padded).unwrap_or(MAX_COMPUTE_UNITS).min(MAX_COMPUTE_UNITS)
}

/// The fee of a transaction with `signatures` and unit `limit` at `micro_lamports_per_unit`.
pub fn fee(signatures: usize, limit: u32, micro_lamports_per_unit: u64) -> u64 {
    let priority = u128::from(limit).saturating_mul(u128::from(micro_lamports_per_unit)).div_ceil(1_000_000);
    (signatures as u64)
        .saturating_mul(LAMPORTS_PER_SIGNATURE)
        .saturating_add(u64::try_from(priority).unwrap_or(u64::MAX))
}

/// Compute units the programs that the transaction's top-level instructions called consumed (each
/// call with whatever it called in turn), from its logs.
pub fn callee_units(logs: &[String]) -> u64 {
    let mut depth = 0usize;
    let mut total = 0u64;
    for line in logs {
        let Some(rest) = line.strip_prefix("Program ") else { continue };
        let mut words = rest.split(' ');
        let (Some(_), Some(verb)) = (words.next(), words.next()) else { continue };
        match verb {
            "invoke" => {
                depth =
                    words.next().and_then(|d| d.trim_matches(['[', ']']).parse().ok()).unwrap_or(depth + 1)
            }
            "consumed" if depth == 2 => {
                total = total.saturating_add(words.next().and_then(|u| u.parse().ok()).unwrap_or(0));
            }
            "success" | "failed:" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use {super::*, anchor_lang::prelude::AccountMeta};

    /// The size a v0 transaction of `ixs` really serializes to.
    fn serialized(payer: &Pubkey, ixs: &[Instruction], tables: &[AddressLookupTableAccount]) -> usize {
        let message = v0::Message::try_compile(payer, ixs, tables, Hash::default()).unwrap();
        let signatures =
            vec![solana_signature::Signature::default(); usize::from(message.header.num_required_signatures)];
        let tx = solana_transaction::versioned::VersionedTransaction {
            signatures,
            message: solana_message::VersionedMessage::V0(message),
        };
        bincode::serialize(&tx).unwrap().len()
    }

    #[test]
    fn the_shape_is_the_serialized_size() {
        let payer = Pubkey::new_unique();
        let looked_up: Vec<Pubkey> = (0..200).map(|_| Pubkey::new_unique()).collect();
        let tables: Vec<_> = looked_up
            .chunks(150)
            .map(|c| AddressLookupTableAccount { key: Pubkey::new_unique(), addresses: c.to_vec() })
            .collect();
        let program = Pubkey::new_unique();
        for (accounts, data, signer) in [(0, 0, false), (40, 200, false), (130, 5, true), (200, 300, false)] {
            let mut metas: Vec<_> =
                looked_up[..accounts].iter().map(|k| AccountMeta::new(*k, false)).collect();
            if signer {
                metas.push(AccountMeta::new_readonly(Pubkey::new_unique(), true));
            }
            let ix = Instruction { program_id: program, accounts: metas, data: vec![7; data] };
            let mut ixs = budget(200_000, 1);
            ixs.push(ix);
            for tables in [&tables[..], &[]] {
                let shape = shape(&payer, &ixs, tables).unwrap();
                assert_eq!(
                    shape.bytes,
                    serialized(&payer, &ixs, tables),
                    "{accounts} accounts, {data} bytes"
                );
                assert_eq!(shape.accounts, 3 + accounts + usize::from(signer));
                assert_eq!(shape.signatures, 1 + usize::from(signer));
            }
        }
    }

    #[test]
    fn callee_units_counts_direct_calls_only() {
        let logs: Vec<String> = [
            "Program A invoke [1]",
            "Program B invoke [2]",
            "Program C invoke [3]",
            "Program C consumed 100 of 900 compute units",
            "Program C success",
            "Program B consumed 400 of 1000 compute units",
            "Program B success",
            "Program 11111111111111111111111111111111 invoke [2]",
            "Program 11111111111111111111111111111111 success",
            "Program A consumed 1000 of 2000 compute units",
            "Program A success",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(callee_units(&logs), 400);
    }

    #[test]
    fn fees_count_signatures_and_priority() {
        assert_eq!(fee(1, 200_000, 0), 5_000);
        assert_eq!(fee(2, 200_000, 1_000), 10_000 + 200);
        assert_eq!(fee(1, 1, 1), 5_001, "a started micro-lamport rounds up");
    }
}
