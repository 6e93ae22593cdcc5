//! Our bonds program's bonds, read from their bytes: one per (bonds config, vote account), at
//! `["bond", bonds config, vote]`; the bond is the account's lamports above its rent, plus what of
//! its stake account no settlement has pledged yet. What a validator has asked to withdraw is
//! already leaving: the steward counts only the rest.
//!
//! Layout (Anchor, zero-copy): 8-byte discriminator, bonds config (32), vote account (32),
//! lamports requested for withdrawal (u64), the stake account's lamports (u64), what of them is
//! owed to the pool (u64), then fields the steward does not read. A test checks these offsets
//! against the bonds crate.

use {
    crate::{
        constants::{BONDS_CONFIG_SEED, BONDS_PROGRAM_ID, BOND_DISCRIMINATOR, BOND_LEN, BOND_SEED},
        errors::StewardError,
    },
    anchor_lang::prelude::*,
};

/// The bonds config of the steward `config`.
pub fn bonds_config(config: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[BONDS_CONFIG_SEED, config.as_ref()], &BONDS_PROGRAM_ID).0
}

/// What `vote`'s bond under `bonds_config` holds above its rent, with its stake not yet pledged, and
/// beyond what is requested for withdrawal, from `account`: 0 when the validator has none.
///
/// An account the bonds program owns, with the bond's discriminator and `bonds_config` and `vote`
/// in its fields, is that bond wherever it lies: the program creates bonds only at their address.
/// Anything else proves absence only at the address itself, so only then is the address derived
/// (`BondMismatch` otherwise).
pub fn available(account: &AccountInfo, bonds_config: &Pubkey, vote: &Pubkey, rent: &Rent) -> Result<u64> {
    if account.owner == &BONDS_PROGRAM_ID {
        let data = account.try_borrow_data()?;
        let word = |at: usize| {
            data.get(at..at.checked_add(8)?).and_then(|b| <[u8; 8]>::try_from(b).ok()).map(u64::from_le_bytes)
        };
        if let (true, Some(requested), Some(stake), Some(owed)) = (
            data.len() == BOND_LEN
                && data.get(..8) == Some(&BOND_DISCRIMINATOR[..])
                && data.get(8..40) == Some(bonds_config.as_ref())
                && data.get(40..72) == Some(vote.as_ref()),
            word(72),
            word(80),
            word(88),
        ) {
            let above_rent = account.lamports().saturating_sub(rent.minimum_balance(data.len()));
            return Ok(above_rent.saturating_add(stake.saturating_sub(owed)).saturating_sub(requested));
        }
    }
    let address =
        Pubkey::find_program_address(&[BOND_SEED, bonds_config.as_ref(), vote.as_ref()], &BONDS_PROGRAM_ID).0;
    if &address != account.key {
        return err!(StewardError::BondMismatch);
    }
    Ok(0)
}

/// The bond a validator needs: `minimum_bond_bps` of its target stake, the cycle's pool lamports
/// over the number of validators the steward delegates to.
pub fn required(cycle_base_lamports: u64, num_delegation_validators: u32, minimum_bond_bps: u16) -> u64 {
    let target = u128::from(cycle_base_lamports)
        .checked_div(u128::from(num_delegation_validators.max(1)))
        .unwrap_or(0);
    let required =
        target.saturating_mul(u128::from(minimum_bond_bps)).checked_div(u128::from(crate::constants::BPS));
    u64::try_from(required.unwrap_or(0)).unwrap_or(u64::MAX)
}

/// The bond filter of the steward `config` in a cycle whose pool held `cycle_base_lamports`: the
/// bonds config and the bond each validator needs; `None` when `minimum_bond_bps` is 0 (off).
pub fn filter(
    config: &Pubkey,
    params: &crate::state::Parameters,
    cycle_base_lamports: u64,
) -> Option<(Pubkey, u64)> {
    (params.minimum_bond_bps > 0).then(|| {
        let needed = required(cycle_base_lamports, params.num_delegation_validators, params.minimum_bond_bps);
        (bonds_config(config), needed)
    })
}
