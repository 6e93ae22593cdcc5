//! Checks more than one instruction makes, written once.

use {
    crate::{
        constants::{MAX_WITHDRAW_LOCKUP_EPOCHS, MIN_WITHDRAW_LOCKUP_EPOCHS},
        errors::BondsError,
    },
    anchor_lang::prelude::*,
    steward::foreign::{pool::PoolView, vote::VoteFacts},
};

/// `stake_pool` is a pool of `pool_program` whose token is `mint` under `token_program`.
pub fn pool_with_token(
    stake_pool: &AccountInfo,
    pool_program: &Pubkey,
    mint: &AccountInfo,
    token_program: &AccountInfo,
) -> Result<PoolView> {
    let pool = PoolView::read(stake_pool, pool_program).map_err(|_| BondsError::StakePoolMismatch)?;
    if &pool.pool_mint != mint.key || &pool.token_program != token_program.key {
        return err!(BondsError::PoolTokenMismatch);
    }
    Ok(pool)
}

/// `reserve` is the reserve of `stake_pool`, a pool of `pool_program`.
pub fn pool_reserve(stake_pool: &AccountInfo, pool_program: &Pubkey, reserve: &AccountInfo) -> Result<()> {
    let pool = PoolView::read(stake_pool, pool_program).map_err(|_| BondsError::StakePoolMismatch)?;
    if reserve.key != &pool.reserve {
        return err!(BondsError::ReserveMismatch);
    }
    Ok(())
}

/// `account` is a token account of `pool`'s token that `owner` owns; its balance.
pub fn pool_token_account(account: &AccountInfo, pool: &PoolView, owner: &Pubkey) -> Result<u64> {
    // SPL token account: mint (32), owner (32), amount (u64).
    let data = account.try_borrow_data()?;
    let amount = data.get(64..72).and_then(|b| <[u8; 8]>::try_from(b).ok()).map(u64::from_le_bytes);
    match amount {
        Some(amount)
            if account.owner == &pool.token_program
                && data.get(..32) == Some(pool.pool_mint.as_ref())
                && data.get(32..64) == Some(owner.as_ref()) =>
        {
            Ok(amount)
        }
        _ => err!(BondsError::InvalidFundAccount),
    }
}

/// `signer` is `vote`'s withdraw authority.
pub fn vote_withdrawer(vote: &AccountInfo, signer: &Pubkey) -> Result<()> {
    let data = vote.try_borrow_data()?;
    let withdrawer = VoteFacts::withdrawer(vote, &data).ok_or(BondsError::InvalidVoteAccount)?;
    if &withdrawer != signer {
        return err!(BondsError::NotVoteWithdrawer);
    }
    Ok(())
}

/// The lock-up is within its bounds.
pub fn validate_lockup(epochs: u16) -> Result<()> {
    if !(MIN_WITHDRAW_LOCKUP_EPOCHS..=MAX_WITHDRAW_LOCKUP_EPOCHS).contains(&epochs) {
        msg!(
            "withdraw_lockup_epochs {} must be within {}..={}",
            epochs,
            MIN_WITHDRAW_LOCKUP_EPOCHS,
            MAX_WITHDRAW_LOCKUP_EPOCHS
        );
        return err!(BondsError::LockupOutOfBounds);
    }
    Ok(())
}
