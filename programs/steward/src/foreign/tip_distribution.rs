//! Jito's tip-distribution accounts, read from their bytes: one per (vote account, epoch), created by
//! the validator itself (its vote account's node identity signs) when it runs an MEV-enabled client,
//! carrying the MEV commission it charges that epoch.
//!
//! Layout (Anchor, borsh): 8-byte discriminator, validator vote account (32), merkle-root upload
//! authority (32), `Option<MerkleRoot>` (tag 1 + 64 when present), epoch created at (u64),
//! validator commission bps (u16), expires at (u64), bump (u8).

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
    if let Some(commission) = mev_commission(account, vote, epoch) {
        return Ok(Some(commission));
    }
    if address(vote, epoch) != *account.key {
        return err!(crate::errors::StewardError::TipDistributionMismatch);
    }
    Ok(None)
}

/// The MEV commission `account` holds, if it is `vote`'s tip-distribution account for `epoch`.
fn mev_commission(account: &AccountInfo, vote: &Pubkey, epoch: u64) -> Option<u16> {
    if account.owner != &TIP_DISTRIBUTION_PROGRAM_ID {
        return None;
    }
    let data = account.try_borrow_data().ok()?;
    if data.get(..8)? != DISCRIMINATOR || data.get(8..40)? != vote.as_ref() {
        return None;
    }
    let at = match data.get(72)? {
        0 => 73usize,
        1 => 137,
        _ => return None,
    };
    let created = u64::from_le_bytes(data.get(at..at.checked_add(8)?)?.try_into().ok()?);
    let commission_at = at.checked_add(8)?;
    let commission =
        u16::from_le_bytes(data.get(commission_at..commission_at.checked_add(2)?)?.try_into().ok()?);
    (created == epoch).then_some(commission)
}
