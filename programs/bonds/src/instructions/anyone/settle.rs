//! `settle`: anyone settles a validator's loss for one ended epoch, once. The loss is computed from
//! what the chain recorded (see [`crate::loss`]): the pool's stake with the validator, its credits
//! and commission (the steward's validator history), the blocks the cluster produced and the
//! epoch's inflation (the steward's cluster history, from the slot-history and epoch-rewards
//! sysvars), the epoch's MEV tips and commission (the validator's tip-distribution account), and the
//! steward's parameters. The commission is the one the runtime applied to the
//! epoch's rewards: held at the epoch's end, or — once SIMD-0249's feature is active — at the end of
//! the epoch two before (the runtime delays commission changes by a full epoch). The bond pays `min(loss, bond)`: its SOL into the pool's
//! reserve first, so the pool's next balance update raises the rate for every holder, then the rest
//! pledged from its stake account, which is paid in when the account is collected (`unstake_bond`,
//! `collect_bond_stake`).

use {
    crate::{
        checks::pool_reserve,
        constants::{DELAY_COMMISSION_UPDATES_FEATURE, SETTLEMENT_SEED},
        errors::BondsError,
        events::LossSettled,
        loss::{self, Inputs, Limits, Payment},
        record,
        state::{len, Bond, BondsConfig, Settlement},
    },
    anchor_lang::prelude::*,
    steward::state::{ClusterHistory, Config as StewardConfig, ValidatorHistory},
};

/// Accounts of `settle`.
#[derive(Accounts)]
#[instruction(epoch: u64)]
pub struct Settle<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// The bond.
    #[account(mut, constraint = bond.load()?.config == config.key() @ BondsError::BondMismatch)]
    pub bond: AccountLoader<'info, Bond>,
    /// The steward config.
    #[account(address = config.load()?.steward_config @ BondsError::StewardConfigMismatch)]
    pub steward_config: AccountLoader<'info, StewardConfig>,
    /// The bond's validator's history under the steward.
    #[account(constraint = history.load()?.config == steward_config.key()
        && history.load()?.vote_account == bond.load()?.vote_account @ BondsError::HistoryMismatch)]
    pub history: AccountLoader<'info, ValidatorHistory>,
    /// The steward's cluster history.
    #[account(constraint = cluster_history.load()?.config == steward_config.key() @ BondsError::ClusterHistoryMismatch)]
    pub cluster_history: AccountLoader<'info, ClusterHistory>,
    /// CHECK: the steward's pool (owner and layout checked in the handler).
    #[account(address = config.load()?.stake_pool @ BondsError::StakePoolMismatch)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: the pool's reserve (checked against the pool in the handler).
    #[account(mut)]
    pub reserve: UncheckedAccount<'info>,
    /// CHECK: the validator's tip-distribution account for the epoch, or its address when it has
    /// none (checked in the handler).
    pub tip_distribution_account: UncheckedAccount<'info>,
    /// CHECK: SIMD-0249's feature account (it may not exist: the feature is then inactive).
    #[account(address = DELAY_COMMISSION_UPDATES_FEATURE @ BondsError::InvalidFeatureAccount)]
    pub commission_feature: UncheckedAccount<'info>,
    /// The record that this (bond, epoch) is settled.
    #[account(
        init,
        payer = payer,
        space = len::SETTLEMENT,
        seeds = [SETTLEMENT_SEED, bond.key().as_ref(), &epoch.to_le_bytes()],
        bump,
    )]
    pub settlement: AccountLoader<'info, Settlement>,
    /// Pays the record's rent.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

impl Settle<'_> {
    /// The reserve is the steward's pool's.
    fn validate(&self, steward: &StewardConfig) -> Result<()> {
        pool_reserve(&self.stake_pool, &steward.pool_program, &self.reserve)
    }

    /// What the chain recorded of `epoch`, which has ended after the bond was opened.
    fn inputs(&self, epoch: u64) -> Result<Inputs> {
        let history = self.history.load()?;
        let tips = record::tips(&self.tip_distribution_account, &history.vote_account, epoch, &Rent::get()?)?;
        if epoch >= Clock::get()?.epoch {
            return err!(BondsError::EpochNotEnded);
        }
        if epoch < self.bond.load()?.opened_epoch {
            return err!(BondsError::EpochBeforeBond);
        }
        record::recorded(&history, &*self.cluster_history.load()?, &self.commission_feature, epoch, tips)
    }
}

/// Computes the loss and pays it.
pub fn process_settle(ctx: Context<Settle>, epoch: u64) -> Result<()> {
    let accounts = &ctx.accounts;
    let steward = accounts.steward_config.load()?;
    accounts.validate(&steward)?;
    let inputs = accounts.inputs(epoch)?;
    let limits = Limits::of(&steward.parameters);
    let computed = loss::loss(&inputs, &limits)?;
    if computed.loss == 0 {
        return err!(BondsError::NoLoss);
    }
    let bond_info = accounts.bond.to_account_info();
    let sol = Bond::available(bond_info.lamports(), &Rent::get()?);
    let payment = Payment::of(computed.loss, sol, accounts.bond.load()?.stake_unpledged());
    let Payment { in_sol, from_stake, shortfall } = payment;
    let paid = payment.paid();
    bond_info.sub_lamports(in_sol)?;
    accounts.reserve.add_lamports(in_sol)?;
    let vote_account = {
        let mut bond = accounts.bond.load_mut()?;
        bond.owed_lamports = bond.owed_lamports.checked_add(from_stake).ok_or(BondsError::Overflow)?;
        bond.settled_lamports = bond.settled_lamports.checked_add(paid).ok_or(BondsError::Overflow)?;
        bond.shortfall_lamports =
            bond.shortfall_lamports.checked_add(shortfall).ok_or(BondsError::Overflow)?;
        bond.vote_account
    };
    let mut settlement = accounts.settlement.load_init()?;
    settlement.bond = accounts.bond.key();
    settlement.epoch = epoch;
    settlement.loss_lamports = computed.loss;
    settlement.paid_lamports = paid;
    settlement.shortfall_lamports = shortfall;
    settlement.bump = ctx.bumps.settlement;
    emit!(LossSettled {
        bond: accounts.bond.key(),
        vote_account,
        epoch,
        inputs,
        limits,
        loss: computed,
        paid,
        from_stake,
        shortfall,
        reserve: accounts.reserve.key(),
        settler: accounts.payer.key(),
    });
    Ok(())
}
