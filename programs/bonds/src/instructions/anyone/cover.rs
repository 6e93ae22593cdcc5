//! `cover`: anyone has the insurance fund cover a settlement's shortfall (what the bond could not
//! pay), up to the fund's per-epoch cap, by burning the fund's pool tokens: their value goes to
//! every other holder, so the rate rises by what was covered (Lido's cover). The bonds authority
//! covers beyond the cap with `cover_beyond_cap`.

use {
    crate::{
        checks::{pool_token_account, pool_with_token},
        constants::{INSURANCE_SEED, SETTLEMENT_SEED, TOKEN_BURN_TAG},
        errors::BondsError,
        events::InsuranceCovered,
        state::{Bond, BondsConfig, Insurance, Settlement},
    },
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
    steward::state::Config as StewardConfig,
};

/// Accounts of `cover` and `cover_beyond_cap`.
#[derive(Accounts)]
#[instruction(epoch: u64)]
pub struct Cover<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// The insurance fund.
    #[account(mut, seeds = [INSURANCE_SEED, config.key().as_ref()], bump = insurance.load()?.bump)]
    pub insurance: AccountLoader<'info, Insurance>,
    /// The bond whose settlement is covered.
    #[account(constraint = bond.load()?.config == config.key() @ BondsError::BondMismatch)]
    pub bond: AccountLoader<'info, Bond>,
    /// Its settlement of `epoch`.
    #[account(
        mut,
        seeds = [SETTLEMENT_SEED, bond.key().as_ref(), &epoch.to_le_bytes()],
        bump = settlement.load()?.bump,
    )]
    pub settlement: AccountLoader<'info, Settlement>,
    /// The steward config (the pool's program).
    #[account(address = config.load()?.steward_config @ BondsError::StewardConfigMismatch)]
    pub steward_config: AccountLoader<'info, StewardConfig>,
    /// CHECK: the steward's pool (owner and layout checked in `validate`).
    #[account(address = config.load()?.stake_pool @ BondsError::StakePoolMismatch)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: the pool's mint (checked against the pool in `validate`).
    #[account(mut)]
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: a pool-token account the insurance PDA owns (checked in `validate`).
    #[account(mut)]
    pub fund: UncheckedAccount<'info>,
    /// CHECK: the pool's token program (checked against the pool in `validate`).
    pub token_program: UncheckedAccount<'info>,
    /// The bonds authority: `cover_beyond_cap` only (`cover` takes none).
    pub authority: Option<Signer<'info>>,
}

/// The pool's numbers a cover is priced at.
struct Price {
    total_lamports: u64,
    pool_token_supply: u64,
    fund_tokens: u64,
}

impl Cover<'_> {
    /// The mint and token program are the pool's, the pool is updated this epoch (its rate is
    /// current), and the fund account is a pool-token account of the insurance PDA.
    fn validate(&self, epoch_now: u64) -> Result<Price> {
        let steward = self.steward_config.load()?;
        let pool =
            pool_with_token(&self.stake_pool, &steward.pool_program, &self.pool_mint, &self.token_program)?;
        if pool.last_update_epoch != epoch_now {
            return err!(BondsError::PoolNotUpdated);
        }
        let fund_tokens = pool_token_account(&self.fund, &pool, &self.insurance.key())?;
        Ok(Price {
            total_lamports: pool.total_lamports,
            pool_token_supply: pool.pool_token_supply,
            fund_tokens,
        })
    }

    /// Covers up to `room` lamports of the settlement's shortfall; returns what it covered.
    pub fn cover(&self, epoch: u64, room: Option<u64>) -> Result<u64> {
        let now = Clock::get()?.epoch;
        let price = self.validate(now)?;
        let remaining = {
            let s = self.settlement.load()?;
            s.shortfall_lamports.saturating_sub(s.covered_lamports)
        };
        if remaining == 0 {
            return err!(BondsError::NothingToCover);
        }
        let by_authority = room.is_some();
        let room = match room {
            Some(room) => room,
            None => {
                let mut insurance = self.insurance.load_mut()?;
                if insurance.cap_epoch != now {
                    insurance.cap_epoch = now;
                    insurance.covered_in_epoch = 0;
                }
                insurance.cap_lamports_per_epoch.saturating_sub(insurance.covered_in_epoch)
            }
        };
        let wanted = remaining.min(room);
        if wanted == 0 {
            return err!(BondsError::CoverCapReached);
        }
        let (lamports, tokens) = price_cover(wanted, &price)?;
        if tokens == 0 {
            return err!(BondsError::InsuranceEmpty);
        }
        self.burn(tokens)?;
        {
            let mut settlement = self.settlement.load_mut()?;
            settlement.covered_lamports =
                settlement.covered_lamports.checked_add(lamports).ok_or(BondsError::Overflow)?;
        }
        let mut insurance = self.insurance.load_mut()?;
        insurance.covered_lamports =
            insurance.covered_lamports.checked_add(lamports).ok_or(BondsError::Overflow)?;
        if !by_authority {
            insurance.covered_in_epoch =
                insurance.covered_in_epoch.checked_add(lamports).ok_or(BondsError::Overflow)?;
        }
        emit!(InsuranceCovered {
            settlement: self.settlement.key(),
            bond: self.bond.key(),
            epoch,
            lamports,
            pool_tokens: tokens,
            by_authority,
        });
        Ok(lamports)
    }

    /// Burns `tokens` of the fund, the insurance PDA signing.
    fn burn(&self, tokens: u64) -> Result<()> {
        let config = self.config.key();
        let bump = [self.insurance.load()?.bump];
        let seeds: &[&[u8]] = &[INSURANCE_SEED, config.as_ref(), &bump];
        let mut data = [0u8; 9];
        data[0] = TOKEN_BURN_TAG;
        data[1..].copy_from_slice(&tokens.to_le_bytes());
        let ix = Instruction {
            program_id: self.token_program.key(),
            accounts: vec![
                AccountMeta::new(self.fund.key(), false),
                AccountMeta::new(self.pool_mint.key(), false),
                AccountMeta::new_readonly(self.insurance.key(), true),
            ],
            data: data.to_vec(),
        };
        let accounts =
            [self.fund.to_account_info(), self.pool_mint.to_account_info(), self.insurance.to_account_info()];
        invoke_signed(&ix, &accounts, &[seeds])?;
        Ok(())
    }
}

/// The pool tokens to burn so that the holders outside the fund gain at least `wanted` lamports, and
/// the value covered: `wanted`, or, when the fund holds too little, what burning all of it gives them.
///
/// Burning t of N tokens over T lamports gives the other holders' N − f tokens (f: the fund's, t
/// included) `(N − f)·T·t / (N·(N − t))`; at least `wanted` (w) when
/// `t ≥ w·N² / ((N − f)·T + w·N)`, rounded up. All f burned gives them `f·T / N`, rounded down.
fn price_cover(wanted: u64, price: &Price) -> Result<(u64, u64)> {
    let (total, supply, fund) = (
        u128::from(price.total_lamports),
        u128::from(price.pool_token_supply),
        u128::from(price.fund_tokens),
    );
    if total == 0 || supply == 0 || fund == 0 || fund > supply {
        return Ok((0, 0));
    }
    let w = u128::from(wanted);
    let overflow = || error!(BondsError::Overflow);
    let numerator = w.checked_mul(supply).and_then(|n| n.checked_mul(supply)).ok_or_else(overflow)?;
    let denominator = supply
        .checked_sub(fund)
        .and_then(|others| others.checked_mul(total))
        .and_then(|d| d.checked_add(w.checked_mul(supply)?))
        .ok_or_else(overflow)?;
    let tokens = numerator
        .checked_add(denominator.checked_sub(1).ok_or_else(overflow)?)
        .and_then(|n| n.checked_div(denominator))
        .ok_or_else(overflow)?;
    if tokens <= fund {
        return Ok((wanted, u64::try_from(tokens).map_err(|_| overflow())?));
    }
    let value = fund.checked_mul(total).and_then(|v| v.checked_div(supply)).ok_or_else(overflow)?;
    Ok((u64::try_from(value).map_err(|_| overflow())?, price.fund_tokens))
}

/// Covers within the epoch's cap.
pub fn process_cover(ctx: Context<Cover>, epoch: u64) -> Result<()> {
    ctx.accounts.cover(epoch, None).map(|_| ())
}

/// The bonds authority (the DAO, by vote) covers up to `lamports` more than the epoch's cap allows.
pub fn process_cover_beyond_cap(ctx: Context<Cover>, epoch: u64, lamports: u64) -> Result<()> {
    let authority = ctx.accounts.config.load()?.authority;
    if ctx.accounts.authority.as_ref().map(|a| a.key()) != Some(authority) {
        return err!(BondsError::Unauthorized);
    }
    ctx.accounts.cover(epoch, Some(lamports)).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_give_the_other_holders_at_least_what_they_cover() {
        // 3,000 lamports over 2,000 tokens, 1,000 of them the fund's.
        let price = Price { total_lamports: 3_000, pool_token_supply: 2_000, fund_tokens: 1_000 };
        // 100 lamports: t ≥ 100·2000² / (1000·3000 + 100·2000) = 125 tokens.
        assert_eq!(price_cover(100, &price).unwrap(), (100, 125));
        let gain = |t: u128| 1_000u128 * 3_000 * t / (2_000 * (2_000 - t));
        assert!(gain(125) >= 100 && gain(124) < 100);
        // More than the fund can give: all 1,000 tokens, worth 1,500 lamports to the others.
        assert_eq!(price_cover(2_000, &price).unwrap(), (1_500, 1_000));
        let empty = Price { fund_tokens: 0, ..price };
        assert_eq!(price_cover(100, &empty).unwrap(), (0, 0));
    }
}
