//! `withdraw`: once the lock-up has passed, the validator takes what it requested (or what is left
//! of the bond, if settlements took more) — but not before every epoch from the one before its
//! request to the last one ended is settled or shown to have cost the stakers nothing: the last
//! epoch's loss is settleable only once the epoch has ended, and a withdrawal in the next epoch's
//! first slot must not outrun it. The remaining accounts are, for each of those epochs in order,
//! the bond's settlement record and the validator's tip-distribution account.

// The glob brings `BondOwner` with the client modules Anchor generates beside it.
use {
    super::request_withdraw::*,
    crate::{
        constants::{DELAY_COMMISSION_UPDATES_FEATURE, NO_EPOCH, SETTLEMENT_SEED},
        errors::BondsError,
        events::BondWithdrawn,
        loss::{self, Limits},
        record,
        state::Bond,
    },
    anchor_lang::prelude::*,
    steward::state::{history::unset, ClusterHistory, Config as StewardConfig, ValidatorHistory},
};

/// Accounts of `withdraw`; remaining accounts: `(settlement record, tip-distribution account)` for
/// each epoch from the one before the request to the last one ended.
#[derive(Accounts)]
pub struct Withdraw<'info> {
    /// The bond and its owner.
    pub owner: BondOwner<'info>,
    /// CHECK: receives the lamports; any writable account.
    #[account(mut)]
    pub destination: UncheckedAccount<'info>,
    /// The steward config (its limits).
    #[account(address = owner.config.load()?.steward_config @ BondsError::StewardConfigMismatch)]
    pub steward_config: AccountLoader<'info, StewardConfig>,
    /// The validator's history under the steward.
    #[account(constraint = history.load()?.config == steward_config.key()
        && history.load()?.vote_account == owner.bond.load()?.vote_account @ BondsError::HistoryMismatch)]
    pub history: AccountLoader<'info, ValidatorHistory>,
    /// The steward's cluster history.
    #[account(constraint = cluster_history.load()?.config == steward_config.key() @ BondsError::ClusterHistoryMismatch)]
    pub cluster_history: AccountLoader<'info, ClusterHistory>,
    /// CHECK: SIMD-0249's feature account (it may not exist).
    #[account(address = DELAY_COMMISSION_UPDATES_FEATURE @ BondsError::InvalidFeatureAccount)]
    pub commission_feature: UncheckedAccount<'info>,
}

impl<'info> Withdraw<'info> {
    /// Every epoch in `first..now` is settled, or its records show the stakers lost nothing (or
    /// can never show a loss: the pool held no stake with the validator, or the epoch's rewards
    /// were not read in the only epoch they could be).
    fn nothing_left_to_settle(
        &self,
        first: u64,
        now: u64,
        accounts: &'info [AccountInfo<'info>],
    ) -> Result<()> {
        let count = usize::try_from(now.saturating_sub(first)).map_err(|_| BondsError::Overflow)?;
        if accounts.len() != count.saturating_mul(2) {
            return err!(BondsError::SettlementsMissing);
        }
        let bond_key = self.owner.bond.key();
        let history = self.history.load()?;
        let cluster = self.cluster_history.load()?;
        let limits = Limits::of(&self.steward_config.load()?.parameters);
        let rent = Rent::get()?;
        let feature = &self.commission_feature;
        for (epoch, pair) in (first..now).zip(accounts.chunks_exact(2)) {
            let (settlement, tip_account) = (&pair[0], &pair[1]);
            let address = Pubkey::find_program_address(
                &[SETTLEMENT_SEED, bond_key.as_ref(), &epoch.to_le_bytes()],
                &crate::ID,
            )
            .0;
            if settlement.key != &address {
                return err!(BondsError::SettlementsMissing);
            }
            if settlement.owner == &crate::ID && !settlement.data_is_empty() {
                continue;
            }
            let tips = record::tips(tip_account, &history.vote_account, epoch, &rent)?;
            let no_stake = history
                .entry(u16::try_from(epoch).unwrap_or(unset::U16))
                .is_none_or(|e| e.pool_stake_lamports == unset::U64 || e.pool_stake_lamports == 0);
            match record::recorded(&history, &cluster, feature, epoch, tips) {
                Ok(inputs) if loss::loss(&inputs, &limits)?.loss == 0 => {}
                Ok(_) => return err!(BondsError::UnsettledLoss),
                Err(_) if no_stake => {}
                // The rewards are read only in the epoch after: missed then, never settleable.
                Err(e)
                    if e == BondsError::ClusterEpochNotRecorded.into() && now > epoch.saturating_add(1) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl<'info> Withdraw<'info> {
    /// The owner signed, a request's lock-up has passed, and every epoch since the one before the
    /// request is settled or cost nothing (`remaining`: the pairs of [`Self::nothing_left_to_settle`]).
    pub fn unlocked(&self, remaining: &'info [AccountInfo<'info>]) -> Result<()> {
        let owner = &self.owner;
        owner.validate()?;
        let epoch = Clock::get()?.epoch;
        let lockup = u64::from(owner.config.load()?.withdraw_lockup_epochs);
        let (requested_in, opened) = {
            let bond = owner.bond.load()?;
            (bond.withdraw_request_epoch, bond.opened_epoch)
        };
        if requested_in == NO_EPOCH {
            return err!(BondsError::NoWithdrawRequest);
        }
        if epoch < requested_in.saturating_add(lockup) {
            return err!(BondsError::WithdrawLocked);
        }
        self.nothing_left_to_settle(requested_in.saturating_sub(1).max(opened), epoch, remaining)
    }
}

/// Pays the request out.
pub fn process_withdraw<'info>(ctx: Context<'info, Withdraw<'info>>) -> Result<()> {
    let accounts = &ctx.accounts;
    let owner = &accounts.owner;
    accounts.unlocked(ctx.remaining_accounts)?;
    let bond_info = owner.bond.to_account_info();
    let lamports = {
        let mut bond = owner.bond.load_mut()?;
        let available = Bond::available(bond_info.lamports(), &Rent::get()?);
        let lamports = bond.withdraw_request_lamports.min(available);
        bond.withdraw_request_lamports = 0;
        bond.withdraw_request_epoch = NO_EPOCH;
        lamports
    };
    bond_info.sub_lamports(lamports)?;
    accounts.destination.add_lamports(lamports)?;
    emit!(BondWithdrawn {
        bond: bond_info.key(),
        lamports,
        destination: accounts.destination.key(),
        available: Bond::available(bond_info.lamports(), &Rent::get()?),
    });
    Ok(())
}
