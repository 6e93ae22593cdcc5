//! `distribute`: anyone shares out the pool tokens in the fee vault (the pool's manager fee account,
//! owned by the `["fee-vault", bonds config]` PDA) by the DAO's fee shares; the last recipient gets
//! what rounding leaves, so the vault is emptied. Recipients come as remaining accounts, in the
//! shares' order.

use {
    crate::{
        checks::{pool_token_account, pool_with_token},
        constants::{FEE_SHARES_SEED, FEE_VAULT_SEED, TOKEN_TRANSFER_CHECKED_TAG},
        errors::BondsError,
        events::FeesDistributed,
        loss::BPS,
        state::{BondsConfig, FeeShares},
    },
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
    steward::state::Config as StewardConfig,
};

/// Accounts of `distribute`; remaining accounts: the recipients' pool-token accounts (writable).
#[derive(Accounts)]
pub struct Distribute<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// The fee shares.
    #[account(seeds = [FEE_SHARES_SEED, config.key().as_ref()], bump = fee_shares.load()?.bump)]
    pub fee_shares: AccountLoader<'info, FeeShares>,
    /// CHECK: the fee vault's owner, a PDA of this program (seeds checked).
    #[account(seeds = [FEE_VAULT_SEED, config.key().as_ref()], bump = fee_shares.load()?.vault_bump)]
    pub vault_authority: UncheckedAccount<'info>,
    /// CHECK: the fee vault: a pool-token account the vault PDA owns (checked in `validate`).
    #[account(mut)]
    pub vault: UncheckedAccount<'info>,
    /// The steward config (the pool's program).
    #[account(address = config.load()?.steward_config @ BondsError::StewardConfigMismatch)]
    pub steward_config: AccountLoader<'info, StewardConfig>,
    /// CHECK: the steward's pool (owner and layout checked in `validate`).
    #[account(address = config.load()?.stake_pool @ BondsError::StakePoolMismatch)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: the pool's mint (checked against the pool in `validate`).
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: the pool's token program (checked against the pool in `validate`).
    pub token_program: UncheckedAccount<'info>,
}

impl<'info> Distribute<'info> {
    /// The mint and token program are the pool's and the vault is the vault PDA's pool-token
    /// account; returns the vault's balance and the mint's decimals.
    fn validate(&self) -> Result<(u64, u8)> {
        let steward = self.steward_config.load()?;
        let pool =
            pool_with_token(&self.stake_pool, &steward.pool_program, &self.pool_mint, &self.token_program)?;
        // SPL mint: decimals at 44.
        let decimals = *self.pool_mint.try_borrow_data()?.get(44).ok_or(BondsError::PoolTokenMismatch)?;
        Ok((pool_token_account(&self.vault, &pool, self.vault_authority.key)?, decimals))
    }

    /// Moves `amount` pool tokens from the vault to `to`, the vault PDA signing.
    fn transfer(&self, to: &AccountInfo<'info>, amount: u64, decimals: u8, bump: u8) -> Result<()> {
        let config = self.config.key();
        let bump = [bump];
        let seeds: &[&[u8]] = &[FEE_VAULT_SEED, config.as_ref(), &bump];
        let mut data = vec![TOKEN_TRANSFER_CHECKED_TAG];
        data.extend_from_slice(&amount.to_le_bytes());
        data.push(decimals);
        let ix = Instruction {
            program_id: self.token_program.key(),
            accounts: vec![
                AccountMeta::new(self.vault.key(), false),
                AccountMeta::new_readonly(self.pool_mint.key(), false),
                AccountMeta::new(to.key(), false),
                AccountMeta::new_readonly(self.vault_authority.key(), true),
            ],
            data,
        };
        let accounts = [
            self.vault.to_account_info(),
            self.pool_mint.to_account_info(),
            to.to_account_info(),
            self.vault_authority.to_account_info(),
        ];
        invoke_signed(&ix, &accounts, &[seeds])?;
        Ok(())
    }
}

/// Each recipient's part of `balance`: its share rounded down, the last one the rest.
pub fn split(balance: u64, shares_bps: &[u16]) -> Result<Vec<u64>> {
    let mut left = balance;
    let mut parts = Vec::with_capacity(shares_bps.len());
    for (i, bps) in shares_bps.iter().enumerate() {
        let part = if i.checked_add(1) == Some(shares_bps.len()) {
            left
        } else {
            let part = u128::from(balance)
                .checked_mul(u128::from(*bps))
                .and_then(|p| p.checked_div(u128::from(BPS)))
                .ok_or(BondsError::Overflow)?;
            u64::try_from(part).map_err(|_| BondsError::Overflow)?
        };
        left = left.checked_sub(part).ok_or(BondsError::Overflow)?;
        parts.push(part);
    }
    Ok(parts)
}

/// Shares the vault out.
pub fn process_distribute<'info>(ctx: Context<'info, Distribute<'info>>) -> Result<()> {
    let (balance, decimals) = ctx.accounts.validate()?;
    if balance == 0 {
        return err!(BondsError::NoFees);
    }
    let (shares, vault_bump) = {
        let fee_shares = ctx.accounts.fee_shares.load()?;
        (fee_shares.shares(), fee_shares.vault_bump)
    };
    if shares.is_empty() {
        return err!(BondsError::InvalidFeeShares);
    }
    if ctx.remaining_accounts.len() != shares.len() {
        return err!(BondsError::FeeRecipientMismatch);
    }
    let bps: Vec<u16> = shares.iter().map(|s| s.share_bps).collect();
    let parts = split(balance, &bps)?;
    for ((share, to), part) in shares.iter().zip(ctx.remaining_accounts).zip(&parts) {
        if to.key != &share.token_account {
            return err!(BondsError::FeeRecipientMismatch);
        }
        if *part > 0 {
            ctx.accounts.transfer(to, *part, decimals, vault_bump)?;
        }
    }
    emit!(FeesDistributed {
        vault: ctx.accounts.vault.key(),
        recipients: shares.iter().map(|s| s.token_account).collect(),
        pool_tokens: parts,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_recipient_takes_what_rounding_leaves() {
        assert_eq!(split(1_001, &[5_000, 5_000]).unwrap(), [500, 501]);
        assert_eq!(split(10, &[3_333, 3_333, 3_334]).unwrap(), [3, 3, 4]);
        assert_eq!(split(7, &[10_000]).unwrap(), [7]);
        assert_eq!(
            split(u64::MAX, &[1, 9_999]).unwrap().iter().map(|p| u128::from(*p)).sum::<u128>(),
            u128::from(u64::MAX)
        );
    }
}
