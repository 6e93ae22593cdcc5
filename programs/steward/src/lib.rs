//! The stake pool's staker: per-validator history, scoring on binary filters plus a tiered score,
//! and capped epoch rebalancing through the SPL stake-pool interface (so it runs our pool or the
//! upstream SPL program alike).
//!
//! Crank order, every epoch: pool update (`UpdateValidatorListBalance` chunks,
//! `UpdateStakePoolBalance`, `CleanupRemovedValidatorEntries`) → `epoch_maintenance` → at the scoring
//! progress point of a new cycle: `copy_vote_account` and `copy_tip_distribution` for every
//! validator, then `compute_scores` (batches) → `compute_delegations` → at the instant-unstake
//! progress point: `copy_cluster_info`, then `compute_instant_unstake` (batches) → `rebalance`
//! (batches). Every decision reads its inputs live or refuses copies made before its progress point.
//! Every step but the copies needs maintenance done this epoch and the steward not paused.
//!
//! Authorities: the admin (pause, resume, removals, proposing authorities), the parameters authority,
//! the blacklist authority and the oracle authority (stake rank, superminority, client; current
//! epoch only). Each changes hands in two steps (proposed by the admin, accepted by the successor).
//!
//! Layout: `instructions/{admin,oracle,crank}/<ix>.rs`, `state/` (zero-copy layouts),
//! `score.rs` and `delegation.rs` (pure math), `foreign/` (vote, slot-history and pool bytes, SPL
//! instructions), `guards.rs` (the one crank guard).
// Anchor's generated client modules carry no docs, so `missing_docs` cannot be denied here;
// every hand-written item is documented.
#![allow(missing_docs)]
#![allow(unexpected_cfgs)]

#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

// Built as a dependency of another program (bonds reads the steward's accounts through this crate,
// `no-entrypoint`), cargo still links this crate's cdylib, and the SBF std needs a panic hook to
// link it: the default one is defined here then. The program that depends on the steward takes
// this hook instead of defining its own (its `custom-panic` feature), so its binary holds one.
#[cfg(all(feature = "no-entrypoint", target_os = "solana"))]
anchor_lang::solana_program::entrypoint::custom_panic_default!();

pub mod constants;
pub mod delegation;
pub mod errors;
pub mod events;
pub mod foreign;
pub mod guards;
pub mod instructions;
pub mod score;
pub mod state;

use {
    anchor_lang::prelude::*,
    events::OracleData,
    instructions::*,
    state::{AuthorityKind, ParametersUpdate},
};

declare_id!("AXunvQs3bAxeEh6bFipwCB3q1Mk5BbB5QoXrBiRGrQSz");

/// Instruction routes. Each handler lives in `instructions/`.
#[program]
pub mod steward {
    use super::*;

    /// Creates the config, cluster history and state of a steward for one pool (pool staker or
    /// manager signs).
    pub fn initialize_steward(ctx: Context<InitializeSteward>, args: InitializeArgs) -> Result<()> {
        process_initialize_steward(ctx, args)
    }

    /// The holder of one authority proposes its successor (it takes over when it accepts); the
    /// admin replaces the oracle at once.
    pub fn set_authority(ctx: Context<ProposeAuthority>, kind: AuthorityKind, new: Pubkey) -> Result<()> {
        process_set_authority(ctx, kind, new)
    }

    /// The proposed successor: takes the authority over.
    pub fn accept_authority(ctx: Context<AcceptAuthority>, kind: AuthorityKind) -> Result<()> {
        process_accept_authority(ctx, kind)
    }

    /// Admin: stops every steward crank (pool users unaffected).
    pub fn pause(ctx: Context<AdminAction>) -> Result<()> {
        process_set_paused(ctx, true)
    }

    /// Admin: lets the cranks run again.
    pub fn resume(ctx: Context<AdminAction>) -> Result<()> {
        process_set_paused(ctx, false)
    }

    /// Parameters authority: updates parameters (bounds-checked, event with old and new).
    pub fn update_parameters(ctx: Context<UpdateParameters>, update: ParametersUpdate) -> Result<()> {
        process_update_parameters(ctx, update)
    }

    /// Blacklist authority: excludes or readmits a validator.
    pub fn set_blacklist(ctx: Context<SetBlacklist>, blacklisted: bool) -> Result<()> {
        process_set_blacklist(ctx, blacklisted)
    }

    /// Oracle authority: writes this epoch's stake rank, superminority and client facts.
    pub fn update_oracle_data(ctx: Context<UpdateOracleData>, epoch: u64, data: OracleData) -> Result<()> {
        process_update_oracle_data(ctx, epoch, data)
    }

    /// Anyone: starts a validator's history.
    pub fn init_validator_history(ctx: Context<InitValidatorHistory>) -> Result<()> {
        process_init_validator_history(ctx)
    }

    /// Anyone: copies commission, credits and epoch stake from the vote account and the runtime.
    pub fn copy_vote_account(ctx: Context<CopyVoteAccount>) -> Result<()> {
        process_copy_vote_account(ctx)
    }

    /// Anyone: copies the MEV commission of `epoch` from the validator's tip-distribution account.
    pub fn copy_tip_distribution(ctx: Context<CopyTipDistribution>, epoch: u64) -> Result<()> {
        process_copy_tip_distribution(ctx, epoch)
    }

    /// Anyone: both copies of this epoch for many validators (history, vote account,
    /// tip-distribution account per validator).
    pub fn copy_histories<'info>(ctx: Context<'info, CopyHistories<'info>>) -> Result<()> {
        process_copy_histories(ctx)
    }

    /// Anyone: records blocks produced, from the slot-history sysvar.
    pub fn copy_cluster_info(ctx: Context<CopyClusterInfo>) -> Result<()> {
        process_copy_cluster_info(ctx)
    }

    /// Anyone: the first step of each epoch.
    pub fn epoch_maintenance(ctx: Context<EpochMaintenance>) -> Result<()> {
        process_epoch_maintenance(ctx)
    }

    /// Anyone: lists a validator that meets the admission rules.
    pub fn add_validator(ctx: Context<AddValidator>) -> Result<()> {
        process_add_validator(ctx)
    }

    /// Anyone (by rule) or the admin: starts removing the validator at `index`.
    pub fn remove_validator(ctx: Context<RemoveValidator>, index: u32) -> Result<()> {
        process_remove_validator(ctx, index)
    }

    /// Anyone: scores validators from `start_index` (one history per validator).
    pub fn compute_scores<'info>(ctx: Context<'info, ComputeScores<'info>>, start_index: u32) -> Result<()> {
        process_compute_scores(ctx, start_index)
    }

    /// Anyone: chooses the validators receiving delegation.
    pub fn compute_delegations(ctx: Context<ComputeDelegations>) -> Result<()> {
        process_compute_delegations(ctx)
    }

    /// Anyone: checks instant-unstake conditions from `start_index` (history, vote per validator).
    pub fn compute_instant_unstake<'info>(
        ctx: Context<'info, ComputeInstantUnstake<'info>>,
        start_index: u32,
    ) -> Result<()> {
        process_compute_instant_unstake(ctx, start_index)
    }

    /// Anyone: moves stake from `start_index` (vote, validator stake, transient stake per validator).
    pub fn rebalance<'info>(ctx: Context<'info, Rebalance<'info>>, start_index: u32) -> Result<()> {
        process_rebalance(ctx, start_index)
    }
}
