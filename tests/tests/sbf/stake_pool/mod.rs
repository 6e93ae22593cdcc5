//! Stake-pool program: one file per instruction (the three authority setters share one).

mod add_validator_to_pool;
mod authorities;
mod decrease_validator_stake;
mod deposit_sol;
mod deposit_stake;
mod dispatch;
mod increase_validator_stake;
mod initialize;
mod malformed;
mod remove_validator_from_pool;
mod set_fee;
mod set_preferred_validator;
mod token_metadata;
mod update_stake_pool_balance;
mod update_validator_list_balance;
mod withdraw_sol;
mod withdraw_stake;
