//! `set_fee_shares`: the bonds authority (the DAO) names who the pool's fees go to and in what
//! shares (the treasury, the insurance fund's pool-token account, anything else), 1 to 8 recipients
//! adding up to 10,000 bps (`initialize_bonds` created the account, with none).

use {
    crate::{
        constants::{FEE_SHARES_SEED, MAX_FEE_RECIPIENTS},
        errors::BondsError,
        events::FeeSharesChanged,
        loss::BPS,
        state::{BondsConfig, FeeRecipient, FeeShare, FeeShares},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `set_fee_shares`.
#[derive(Accounts)]
pub struct SetFeeShares<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// Its authority.
    #[account(address = config.load()?.authority @ BondsError::Unauthorized)]
    pub authority: Signer<'info>,
    /// The shares.
    #[account(mut, seeds = [FEE_SHARES_SEED, config.key().as_ref()], bump = fee_shares.load()?.bump)]
    pub fee_shares: AccountLoader<'info, FeeShares>,
}

/// 1 to 8 recipients, each share positive, adding up to 10,000 bps.
fn validate(shares: &[FeeShare]) -> Result<()> {
    let total = shares.iter().try_fold(0u64, |sum, s| {
        (s.share_bps > 0).then(|| sum.checked_add(u64::from(s.share_bps))).flatten()
    });
    if shares.is_empty() || shares.len() > MAX_FEE_RECIPIENTS || total != Some(BPS) {
        return err!(BondsError::InvalidFeeShares);
    }
    Ok(())
}

/// Replaces the shares.
pub fn process_set_fee_shares(ctx: Context<SetFeeShares>, shares: Vec<FeeShare>) -> Result<()> {
    validate(&shares)?;
    let mut fee_shares = ctx.accounts.fee_shares.load_mut()?;
    let old = fee_shares.shares();
    fee_shares.recipients = [FeeRecipient { token_account: Pubkey::default(), share_bps: 0, padding: [0; 6] };
        MAX_FEE_RECIPIENTS];
    for (slot, share) in fee_shares.recipients.iter_mut().zip(&shares) {
        slot.token_account = share.token_account;
        slot.share_bps = share.share_bps;
    }
    fee_shares.count = u8::try_from(shares.len()).map_err(|_| BondsError::InvalidFeeShares)?;
    emit!(FeeSharesChanged { fee_shares: ctx.accounts.fee_shares.key(), old, new: shares });
    Ok(())
}
