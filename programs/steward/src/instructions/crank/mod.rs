//! Permissionless instructions: history copies, admission and removal by rule, and the per-epoch
//! state machine (maintenance → scores → delegations → instant unstake → rebalance).

pub mod add_validator;
pub mod compute_delegations;
pub mod compute_instant_unstake;
pub mod compute_scores;
pub mod copy_cluster_info;
pub mod copy_histories;
pub mod copy_tip_distribution;
pub mod copy_vote_account;
pub mod epoch_maintenance;
pub mod init_validator_history;
pub mod rebalance;
pub mod remove_validator;

pub use {
    add_validator::*, compute_delegations::*, compute_instant_unstake::*, compute_scores::*,
    copy_cluster_info::*, copy_histories::*, copy_tip_distribution::*, copy_vote_account::*,
    epoch_maintenance::*, init_validator_history::*, rebalance::*, remove_validator::*,
};
