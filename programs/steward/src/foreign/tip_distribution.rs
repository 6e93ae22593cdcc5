//! Jito's tip-distribution accounts, read from their bytes: one per (vote account, epoch), created by
//! the validator itself (its vote account's node identity signs) when it runs an MEV-enabled client,
//! carrying the MEV commission it charges that epoch.
//!
//! Layout (Anchor, borsh): 8-byte discriminator, validator vote account (32), merkle-root upload
//! authority (32), `Option<MerkleRoot>` (tag 1 + 64 when present: root (32), max total claim, max
//! nodes, total funds claimed, nodes claimed (u64 each)), epoch created at (u64), validator
//! commission bps (u16), expires at (u64), bump (u8). Tips land in the account's lamports.

use {
    crate::constants::{TIP_DISTRIBUTION_PROGRAM_ID, TIP_DISTRIBUTION_SEED},
    anchor_lang::prelude::*,
};

/// `sha256("account:TipDistributionAccount")[..8]`, Anchor's discriminator of the account.
pub const DISCRIMINATOR: [u8; 8] = [85, 64, 113, 198, 234, 94, 120, 123];

/// The address of `vote`'s tip-distribution account for `epoch`.
pub fn address(vote: &Pubkey, epoch: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[TIP_DISTRIBUTION_SEED, vote.as_ref(), &epoch.to_le_bytes()],
        &TIP_DISTRIBUTION_PROGRAM_ID,
    )
    .0
}

/// `vote`'s MEV commission for `epoch`, from `account`, its tip-distribution account: `Ok(None)`
/// when the validator has none (never created, or closed after it expired).
///
/// An account the tip-distribution program owns, with its discriminator, `vote` and `epoch` in its
/// fields, is that account wherever it lies: the program creates these accounts only at their
/// address. Anything else proves absence only at the address itself, so only then is the address
/// derived (`TipDistributionMismatch` otherwise).
pub fn read(account: &AccountInfo, vote: &Pubkey, epoch: u64) -> Result<Option<u16>> {
    Ok(found(account, vote, epoch, None)?.map(|t| t.commission_bps))
}

/// What a validator's tip-distribution account says of an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tips {
    /// The MEV commission it charges (bps).
    pub commission_bps: u16,
    /// Everything it has held above its rent: its lamports less the rent, plus what was claimed
    /// out of it (the merkle root's `total_funds_claimed`). Once the epoch has ended, the epoch's
    /// tips.
    pub received_lamports: u64,
}

/// [`read`], with the tips the account received (its rent at `rent`).
pub fn read_with_tips(account: &AccountInfo, vote: &Pubkey, epoch: u64, rent: &Rent) -> Result<Option<Tips>> {
    found(account, vote, epoch, Some(rent))
}

/// The account's contents, `None` when the validator has none; tips counted only given `rent`.
fn found(account: &AccountInfo, vote: &Pubkey, epoch: u64, rent: Option<&Rent>) -> Result<Option<Tips>> {
    if let Some(tips) = parse(account, vote, epoch, rent) {
        return Ok(Some(tips));
    }
    if address(vote, epoch) != *account.key {
        return err!(crate::errors::StewardError::TipDistributionMismatch);
    }
    Ok(None)
}

/// What `account` holds, if it is `vote`'s tip-distribution account for `epoch`.
fn parse(account: &AccountInfo, vote: &Pubkey, epoch: u64, rent: Option<&Rent>) -> Option<Tips> {
    if account.owner != &TIP_DISTRIBUTION_PROGRAM_ID {
        return None;
    }
    let data = account.try_borrow_data().ok()?;
    if data.get(..8)? != DISCRIMINATOR || data.get(8..40)? != vote.as_ref() {
        return None;
    }
    let u64_at =
        |at: usize| data.get(at..at.checked_add(8)?).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    // The merkle root, when uploaded: root (32), max_total_claim, max_num_nodes, total_funds_claimed,
    // num_nodes_claimed (u64 each).
    let (at, claimed) = match data.get(72)? {
        0 => (73usize, 0),
        1 => (137, u64_at(121)?),
        _ => return None,
    };
    let created = u64_at(at)?;
    let commission_at = at.checked_add(8)?;
    let commission_bps =
        u16::from_le_bytes(data.get(commission_at..commission_at.checked_add(2)?)?.try_into().ok()?);
    let received_lamports = rent.map_or(0, |rent| {
        account.lamports().saturating_sub(rent.minimum_balance(data.len())).saturating_add(claimed)
    });
    (created == epoch).then_some(Tips { commission_bps, received_lamports })
}
