//! Each stake-pool instruction's account roles (writable, signer) as SPL gives them: built by
//! `spl-stake-pool`'s own instruction builders. Our pool parses its accounts itself and, like SPL,
//! leaves writability to the runtime (an account SPL writes only sometimes may be passed read-only
//! when nothing is written), so its Anchor accounts carry no `mut`; the IDL takes the roles from
//! here, and clients generated from it mark the accounts as SPL's clients do.
use {
    solana_instruction::{AccountMeta, Instruction},
    solana_pubkey::Pubkey,
    spl_stake_pool::{
        instruction::{self as spl, FundingType, PreferredValidatorType},
        state::{Fee, FeeType, ValidatorList},
    },
};

/// Upstream's accounts for the instruction the IDL names `name` (its fixed accounts: no optional
/// authority, no validator pairs); none for an instruction our pool does not serve (`redelegate`).
#[allow(deprecated, reason = "SPL deprecated two builders of instructions the pool still serves")]
pub fn upstream_accounts(name: &str) -> Option<Vec<AccountMeta>> {
    // Distinct keys, so that no two accounts merge their roles.
    let mut keys = (1..=u8::MAX).map(|n| Pubkey::new_from_array([n; 32]));
    let mut k = || keys.next().expect("enough distinct keys");
    let p = &k();
    let (pool, staker, manager, authority, list, reserve) = (&k(), &k(), &k(), &k(), &k(), &k());
    let (mint, fees, token, user, tokens, referrer) = (&k(), &k(), &k(), &k(), &k(), &k());
    let (validator, transient, ephemeral, vote, stake, to) = (&k(), &k(), &k(), &k(), &k(), &k());
    let fee = Fee { numerator: 0, denominator: 1 };
    let last = |ixs: Vec<Instruction>| ixs.into_iter().last().expect("the pool's instruction");
    let ix = match name {
        "initialize" => spl::initialize(
            p, pool, manager, staker, authority, list, reserve, mint, fees, token, None, fee, fee, fee, 0, 1,
        ),
        "add_validator_to_pool" => {
            spl::add_validator_to_pool(p, pool, staker, reserve, authority, list, validator, vote, None)
        }
        "remove_validator_from_pool" => {
            spl::remove_validator_from_pool(p, pool, staker, authority, list, validator, transient)
        }
        "decrease_validator_stake" => {
            spl::decrease_validator_stake(p, pool, staker, authority, list, validator, transient, 1, 0)
        }
        "decrease_additional_validator_stake" => spl::decrease_additional_validator_stake(
            p, pool, staker, authority, list, reserve, validator, ephemeral, transient, 1, 0, 0,
        ),
        "decrease_validator_stake_with_reserve" => spl::decrease_validator_stake_with_reserve(
            p, pool, staker, authority, list, reserve, validator, transient, 1, 0,
        ),
        "increase_validator_stake" => spl::increase_validator_stake(
            p, pool, staker, authority, list, reserve, transient, validator, vote, 1, 0,
        ),
        "increase_additional_validator_stake" => spl::increase_additional_validator_stake(
            p, pool, staker, authority, list, reserve, ephemeral, transient, validator, vote, 1, 0, 0,
        ),
        "redelegate" => return None,
        "set_preferred_validator" => {
            spl::set_preferred_validator(p, pool, staker, list, PreferredValidatorType::Deposit, None)
        }
        "update_validator_list_balance" => spl::update_validator_list_balance(
            p,
            pool,
            authority,
            list,
            reserve,
            &ValidatorList::new(0),
            &[],
            0,
            false,
        ),
        "update_stake_pool_balance" => {
            spl::update_stake_pool_balance(p, pool, authority, list, reserve, fees, mint, token)
        }
        "cleanup_removed_validator_entries" => spl::cleanup_removed_validator_entries(p, pool, list),
        "deposit_stake" => last(spl::deposit_stake(
            p, pool, list, authority, stake, user, validator, reserve, tokens, fees, referrer, mint, token,
        )),
        "deposit_stake_with_slippage" => last(spl::deposit_stake_with_slippage(
            p, pool, list, authority, stake, user, validator, reserve, tokens, fees, referrer, mint, token, 0,
        )),
        "deposit_sol" => {
            spl::deposit_sol(p, pool, authority, reserve, user, tokens, fees, referrer, mint, token, 1)
        }
        "deposit_sol_with_slippage" => spl::deposit_sol_with_slippage(
            p, pool, authority, reserve, user, tokens, fees, referrer, mint, token, 1, 0,
        ),
        "withdraw_stake" => spl::withdraw_stake(
            p, pool, list, authority, validator, to, user, user, tokens, fees, mint, token, 1,
        ),
        "withdraw_stake_with_slippage" => spl::withdraw_stake_with_slippage(
            p, pool, list, authority, validator, to, user, user, tokens, fees, mint, token, 1, 0,
        ),
        "withdraw_sol" => {
            spl::withdraw_sol(p, pool, authority, user, tokens, reserve, to, fees, mint, token, 1)
        }
        "withdraw_sol_with_slippage" => spl::withdraw_sol_with_slippage(
            p, pool, authority, user, tokens, reserve, to, fees, mint, token, 1, 0,
        ),
        "set_manager" => spl::set_manager(p, pool, manager, staker, fees),
        "set_fee" => spl::set_fee(p, pool, manager, FeeType::Epoch(fee)),
        "set_staker" => spl::set_staker(p, pool, manager, staker),
        "set_funding_authority" => {
            spl::set_funding_authority(p, pool, manager, None, FundingType::SolDeposit)
        }
        "update_token_metadata" => {
            spl::update_token_metadata(p, pool, manager, mint, String::new(), String::new(), String::new())
        }
        "create_token_metadata" => spl::create_token_metadata(
            p,
            pool,
            manager,
            mint,
            user,
            String::new(),
            String::new(),
            String::new(),
        ),
        other => panic!("no upstream builder for {other}: add it to spl_roles.rs"),
    };
    Some(ix.accounts)
}
