//! Program-derived addresses, in SPL's seed order.

use {
    crate::constants::{
        AUTHORITY_DEPOSIT, AUTHORITY_WITHDRAW, EPHEMERAL_STAKE_SEED_PREFIX, METADATA_PROGRAM_ID,
        METADATA_SEED, TRANSIENT_STAKE_SEED_PREFIX,
    },
    anchor_lang::prelude::Pubkey,
};

/// The pool's withdraw authority (mint authority, stake authority of every pool stake account).
pub fn find_withdraw_authority(program_id: &Pubkey, stake_pool: &Pubkey) -> (Pubkey, u8) {
    find(&[stake_pool.as_ref(), AUTHORITY_WITHDRAW], program_id)
}

/// The pool's default stake-deposit authority.
pub fn find_deposit_authority(program_id: &Pubkey, stake_pool: &Pubkey) -> (Pubkey, u8) {
    find(&[stake_pool.as_ref(), AUTHORITY_DEPOSIT], program_id)
}

/// A validator's stake account: `[vote, pool, seed]`, the seed omitted when 0.
pub fn find_validator_stake(
    program_id: &Pubkey,
    vote: &Pubkey,
    stake_pool: &Pubkey,
    seed: u32,
) -> (Pubkey, u8) {
    let seed_bytes = seed.to_le_bytes();
    let seed: &[u8] = if seed == 0 { &[] } else { &seed_bytes };
    find(&[vote.as_ref(), stake_pool.as_ref(), seed], program_id)
}

/// A validator's transient stake account: `["transient", vote, pool, seed]`.
pub fn find_transient_stake(
    program_id: &Pubkey,
    vote: &Pubkey,
    stake_pool: &Pubkey,
    seed: u64,
) -> (Pubkey, u8) {
    find(&[TRANSIENT_STAKE_SEED_PREFIX, vote.as_ref(), stake_pool.as_ref(), &seed.to_le_bytes()], program_id)
}

/// An ephemeral stake account: `["ephemeral", pool, seed]`.
pub fn find_ephemeral_stake(program_id: &Pubkey, stake_pool: &Pubkey, seed: u64) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[EPHEMERAL_STAKE_SEED_PREFIX, stake_pool.as_ref(), &seed.to_le_bytes()],
        program_id,
    )
}

/// Metaplex's metadata account of `mint`: `["metadata", metadata program, mint]` under Metaplex.
pub fn find_metadata_account(mint: &Pubkey) -> (Pubkey, u8) {
    find(&[METADATA_SEED, METADATA_PROGRAM_ID.as_ref(), mint.as_ref()], &METADATA_PROGRAM_ID)
}

/// `find_program_address`, on chain at a fraction of its cost: each bump costs one `sol_sha256` and one
/// `sol_curve_validate_point` (about 260 CU) instead of a `create_program_address` (1,500 CU). The
/// result is the same canonical address and bump (tested against the SDK's derivation).
pub fn find(seeds: &[&[u8]], program_id: &Pubkey) -> (Pubkey, u8) {
    #[cfg(target_os = "solana")]
    if seeds.len() <= 5 {
        unsafe extern "C" {
            fn sol_curve_validate_point(curve_id: u64, point: *const u8, result: *mut u8) -> u64;
        }
        const CURVE25519_EDWARDS: u64 = 0;
        let count = seeds.len();
        let used = count.saturating_add(3);
        for bump in (0..=u8::MAX).rev() {
            let bump_seed = [bump];
            let mut parts: [&[u8]; 8] = [&[]; 8];
            parts[..count].copy_from_slice(seeds);
            parts[count] = &bump_seed;
            parts[count.saturating_add(1)] = program_id.as_ref();
            parts[count.saturating_add(2)] = PDA_MARKER;
            let hash = solana_sha256_hasher::hashv(&parts[..used]).to_bytes();
            let mut on_curve = 0u8;
            // SAFETY: `hash` is 32 readable bytes and `on_curve` one writable byte, as the syscall needs.
            let status =
                unsafe { sol_curve_validate_point(CURVE25519_EDWARDS, hash.as_ptr(), &mut on_curve) };
            if status != 0 {
                return (Pubkey::new_from_array(hash), bump);
            }
        }
    }
    // Host builds, more seeds than we ever use, or (with probability 2^-256) no off-curve bump.
    Pubkey::find_program_address(seeds, program_id)
}

/// Seed that `create_program_address` appends after the program id.
const PDA_MARKER: &[u8] = b"ProgramDerivedAddress";

/// Whether `address` is the program address of `seeds` (the bump included) under `program_id`.
///
/// Only for seeds already known to give an off-curve address, such as a bump found by
/// `find_program_address` and stored at initialization: then the address is exactly the hash, and one
/// `sol_sha256` (about 100 CU) replaces `create_program_address` (1,500 CU).
pub fn is_program_address(address: &Pubkey, seeds: &[&[u8]], program_id: &Pubkey) -> bool {
    let mut parts: [&[u8]; 6] = [&[]; 6];
    let Some(slots) = parts.get_mut(..seeds.len()) else {
        return false;
    };
    slots.copy_from_slice(seeds);
    let tail = &mut parts[seeds.len()..];
    let [program, marker, ..] = tail else {
        return false;
    };
    *program = program_id.as_ref();
    *marker = PDA_MARKER;
    let used = seeds.len().saturating_add(2);
    solana_sha256_hasher::hashv(&parts[..used]).to_bytes() == address.to_bytes()
}

#[cfg(test)]
mod tests {
    use {super::*, proptest::prelude::*};

    proptest! {
        #[test]
        fn the_hash_is_the_program_address(pool: [u8; 32], program: [u8; 32]) {
            let (pool, program) = (Pubkey::new_from_array(pool), Pubkey::new_from_array(program));
            let (address, bump) = find_withdraw_authority(&program, &pool);
            let seeds: [&[u8]; 3] = [pool.as_ref(), AUTHORITY_WITHDRAW, &[bump]];
            prop_assert!(is_program_address(&address, &seeds, &program));
            prop_assert!(!is_program_address(&pool, &seeds, &program));
            let other_bump = [bump.wrapping_sub(1)];
            prop_assert!(!is_program_address(&address, &[pool.as_ref(), AUTHORITY_WITHDRAW, &other_bump], &program));
        }
    }
}
