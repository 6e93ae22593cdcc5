//! The crank's lookup tables: they end up holding every address the crank names, are reused (not
//! extended) while nothing changes, and only the payer's own live tables are used — a table someone
//! else created with the pool as its first address is left alone.

use {
    lst_sdk::{
        accounts::decode_stake_pool,
        crank::{list_entries, CrankReport},
        lookup,
    },
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{many_validators, test_parameters, StewardPool},
    },
    solana_address_lookup_table_interface::{instruction::create_lookup_table, state::AddressLookupTable},
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    std::collections::HashSet,
};

const SOL: u64 = 1_000_000_000;

fn table_transactions(report: &CrankReport) -> usize {
    report.step("lookup tables").map_or(0, |s| s.transactions)
}

/// Every address of the payer's live tables for the pool.
async fn payer_addresses(fx: &mut TestFixture, pool: &Pubkey) -> HashSet<Pubkey> {
    let payer = fx.payer().pubkey();
    let mut all = HashSet::new();
    for key in fx.lookup_tables.clone() {
        let data = fx.data(&key).await;
        let table = AddressLookupTable::deserialize(&data).expect("table");
        if table.meta.authority == Some(payer) && table.addresses.first() == Some(pool) {
            all.extend(table.addresses.iter().copied());
        }
    }
    all
}

#[tokio::test]
async fn tables_hold_every_address_and_only_the_payers_own_are_used() {
    let mut fx = TestFixture::new().await;
    // Someone else's empty table, listed where the crank looks, before the crank's own exist (an
    // empty table is one a crank may still fill, were it the payer's).
    let stranger = Pubkey::new_unique();
    // A recent slot: the slot-hashes sysvar's newest (after its u64 count).
    let hashes = fx.data(&solana_sdk_ids::sysvar::slot_hashes::ID).await;
    let slot = u64::from_le_bytes(hashes[8..16].try_into().expect("a recent slot"));
    let (create, theirs) = create_lookup_table(stranger, fx.payer().pubkey(), slot);
    fx.process_v0(&[create], &[]).await.expect("a stranger's table");

    let validators = many_validators(&mut fx, 6).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let sp = StewardPool::new(&mut fx, stake_pool_program_id(), &votes, 60 * SOL, test_parameters()).await;
    let pool_address = sp.addresses.stake_pool;

    // The tables were made for the pool's validators before the steward existed: the first crank
    // adds the steward's own accounts, and then they hold every address the crank names.
    let first = sp.crank(&mut fx).await.expect("crank");
    assert_eq!(table_transactions(&first), 1);
    let pool = decode_stake_pool(&fx.data(&pool_address).await).expect("pool");
    let list = list_entries(&fx.data(&sp.addresses.validator_list).await).expect("list");
    let held = payer_addresses(&mut fx, &pool_address).await;
    for address in lookup::wanted(&sp.addresses, &pool, &list) {
        assert!(held.contains(&address), "{address} is in the payer's tables");
    }
    // The stranger's table was neither used nor extended.
    let table = fx.data(&theirs).await;
    assert!(AddressLookupTable::deserialize(&table).expect("table").addresses.is_empty());

    // Nothing changed: the tables are reused as they are.
    let again = sp.crank(&mut fx).await.expect("crank");
    assert_eq!(table_transactions(&again), 0);
}
