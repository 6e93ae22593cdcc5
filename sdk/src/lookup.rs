//! The crank's address lookup tables: per pool, owned by the crank's payer, the first address of each
//! the stake pool's (so a payer cranking several pools finds each pool's own). They hold the pool's
//! and the steward's fixed accounts, then each validator's vote, validator stake, transient stake
//! and history accounts. Created once, extended when validators join (or a transient seed moves),
//! reused every epoch: a validator then costs its transactions one byte per account instead of 32.

#![allow(clippy::arithmetic_side_effects, reason = "address counts, bounded by the validator list")]

use {
    crate::{
        crank::{Chain, CrankReport, ListEntry, Sender, Step},
        steward::{ids, StewardAddresses},
        transaction::{self, AddressLookupTableAccount, PACKET_DATA_SIZE},
    },
    anchor_lang::prelude::Pubkey,
    solana_address_lookup_table_interface::{
        instruction::{create_lookup_table, extend_lookup_table},
        program::ID as LOOKUP_TABLE_PROGRAM_ID,
        state::AddressLookupTable,
    },
    stake_pool::state::StakePool,
    std::collections::HashSet,
};

/// Addresses one table holds.
pub const TABLE_CAPACITY: usize = 256;

/// Every address the crank's transactions for this pool name: fixed accounts first (the pool
/// first of all), then four per validator.
pub fn wanted(a: &StewardAddresses, pool: &StakePool, list: &[ListEntry]) -> Vec<Pubkey> {
    let mut addresses = vec![
        a.stake_pool,
        a.validator_list,
        a.reserve,
        a.withdraw_authority,
        a.config,
        a.state,
        a.staker,
        a.cluster_history,
        pool.manager_fee_account,
        pool.pool_mint,
        pool.token_program_id,
        ids::CLOCK,
        ids::RENT,
        ids::STAKE_HISTORY,
        ids::STAKE_CONFIG_ID,
        ids::STAKE_PROGRAM_ID,
        anchor_lang::system_program::ID,
        a.pool_program,
    ];
    for e in list {
        addresses.extend([
            e.vote,
            a.validator_stake(&e.vote, e.validator_seed),
            a.transient_stake(&e.vote, e.transient_seed),
            a.history(&e.vote),
        ]);
    }
    addresses
}

/// A table as read from the chain.
struct Table {
    account: AddressLookupTableAccount,
    /// Slot of its last extension (its newest addresses are usable from the next slot).
    last_extended_slot: u64,
}

/// The payer's live tables for `pool`, in the order they were created.
async fn read_tables(chain: &mut impl Chain, pool: &Pubkey) -> Result<Vec<Table>, String> {
    let payer = chain.payer();
    let mut tables = Vec::new();
    for key in chain.lookup_tables(&payer).await? {
        let Some(account) = chain.account(&key).await? else { continue };
        if account.owner != LOOKUP_TABLE_PROGRAM_ID {
            continue;
        }
        let Ok(table) = AddressLookupTable::deserialize(&account.data) else { continue };
        let live = table.meta.deactivation_slot == u64::MAX && table.meta.authority == Some(payer);
        // A table created but never extended is ours to fill only if nothing else claimed it.
        if live && table.addresses.first().is_none_or(|first| first == pool) {
            tables.push(Table {
                account: AddressLookupTableAccount { key, addresses: table.addresses.to_vec() },
                last_extended_slot: table.meta.last_extended_slot,
            });
        }
    }
    Ok(tables)
}

/// The recent slots the slot-hashes sysvar lists, newest first (a table is derived from one).
async fn recent_slots(chain: &mut impl Chain) -> Result<Vec<u64>, String> {
    let account = chain.account(&ids::SLOT_HASHES).await?.ok_or("slot-hashes sysvar not found")?;
    // A u64 count, then (slot, hash) entries of 40 bytes.
    Ok(account
        .data
        .get(8..)
        .unwrap_or_default()
        .chunks_exact(40)
        .filter_map(|e| e.get(..8)?.try_into().ok().map(u64::from_le_bytes))
        .collect())
}

/// The payer's tables for this pool, holding every address in `wanted` (created or extended as
/// needed, and usable: the crank waits out the slot of the last extension). Transactions reported
/// under "lookup tables".
pub(crate) async fn ensure(
    chain: &mut impl Chain,
    report: &mut CrankReport,
    sender: &Sender,
    wanted: &[Pubkey],
) -> Result<Vec<AddressLookupTableAccount>, String> {
    let Some(pool) = wanted.first().copied() else { return Ok(Vec::new()) };
    let payer = chain.payer();
    let mut tables = read_tables(chain, &pool).await?;
    let present: HashSet<Pubkey> = tables.iter().flat_map(|t| t.account.addresses.iter().copied()).collect();
    let mut seen = HashSet::new();
    let mut missing: Vec<Pubkey> =
        wanted.iter().copied().filter(|k| !present.contains(k) && seen.insert(*k)).collect();
    let mut step = Step::start(report, "lookup tables");
    let mut extended = false;
    while !missing.is_empty() {
        // The last table with room, or a new one (whose first address is the pool).
        let index = match tables.iter().position(|t| t.account.addresses.len() < TABLE_CAPACITY) {
            Some(i) => i,
            None => {
                // A table's address comes from a recent slot: one slot, one table (the sysvar lists
                // up to 512; when every one is taken, wait for the next).
                let (create, key) = loop {
                    let fresh = recent_slots(chain)
                        .await?
                        .into_iter()
                        .map(|slot| create_lookup_table(payer, payer, slot))
                        .find(|(_, key)| !tables.iter().any(|t| t.account.key == *key));
                    if let Some(found) = fresh {
                        break found;
                    }
                    let now = chain.clock().await?.slot;
                    chain.wait_past(now).await?;
                };
                step.send(chain, sender, vec![create], 0).await?;
                tables.push(Table {
                    account: AddressLookupTableAccount { key, addresses: Vec::new() },
                    last_extended_slot: 0,
                });
                tables.len() - 1
            }
        };
        let table = &mut tables[index];
        if table.account.addresses.is_empty() && missing.first() != Some(&pool) {
            missing.insert(0, pool);
        }
        let room = TABLE_CAPACITY - table.account.addresses.len();
        // As many as one transaction carries.
        let mut take = room.min(missing.len());
        loop {
            let ix = extend_lookup_table(table.account.key, payer, Some(payer), missing[..take].to_vec());
            let mut ixs = transaction::budget(0, sender.price);
            ixs.push(ix);
            if transaction::shape(&payer, &ixs, &[])?.bytes <= PACKET_DATA_SIZE || take == 1 {
                break;
            }
            take -= 1;
        }
        let added: Vec<Pubkey> = missing.drain(..take).collect();
        let ix = extend_lookup_table(table.account.key, payer, Some(payer), added.clone());
        step.send(chain, sender, vec![ix], 0).await?;
        table.account.addresses.extend(added);
        table.last_extended_slot = chain.clock().await?.slot;
        extended = true;
    }
    if let Some(last) = tables.iter().map(|t| t.last_extended_slot).max().filter(|_| extended) {
        chain.wait_past(last).await?;
    }
    Ok(tables.into_iter().map(|t| t.account).collect())
}
