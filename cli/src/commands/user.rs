//! Users: deposit and withdraw SOL or stake, see balances and the pool.

use {
    crate::{
        amount,
        client::Client,
        output::{emit, pairs},
        pool::PoolInfo,
    },
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, bail, Result},
    lst_sdk::{
        instructions::{
            self, associated_token_address, create_associated_token_account_idempotent, DepositSolAccounts,
            DepositStakeAccounts, WithdrawSolAccounts, WithdrawStakeAccounts,
        },
        math,
    },
    serde_json::json,
    solana_keypair::Keypair,
    solana_signer::Signer,
};

/// Lamports kept aside for fees and a token account's rent when checking a SOL balance.
const FEE_BUFFER: u64 = 5_000_000;
/// Size of a stake account.
const STAKE_LEN: usize = lst_sdk::interface::stake::ACCOUNT_LEN;
/// The stake program.
use lst_sdk::interface::{id::STAKE_PROGRAM as STAKE_PROGRAM_ID, stake::StakeState};

async fn lst_balance(client: &Client, pool: &PoolInfo, owner: &Pubkey) -> Result<(Pubkey, u64)> {
    let ata = associated_token_address(owner, &pool.state.pool_mint, &pool.state.token_program_id);
    let balance = client.account(&ata).await?.map_or(0, |a| lst_sdk::instructions::token_amount(&a.data));
    Ok((ata, balance))
}

fn slippage_floor(amount: u64, slippage_bps: u16) -> u64 {
    // At most 99.99 %: a floor of zero would accept any outcome.
    let slippage_bps = slippage_bps.min(9_999);
    let kept = 10_000u64.saturating_sub(u64::from(slippage_bps));
    u64::try_from(u128::from(amount) * u128::from(kept) / 10_000).unwrap_or(0)
}

/// `deposit-sol`: SOL in, pool tokens out at the current rate, with a slippage floor.
pub async fn deposit_sol(
    client: &Client,
    pool_address: &Pubkey,
    lamports: u64,
    slippage_bps: u16,
) -> Result<()> {
    let payer = client.payer()?;
    let pool = PoolInfo::load(client, pool_address).await?;
    pool.require_fresh(client.clock().await?.epoch)?;
    let have = client.balance(&payer.pubkey()).await?;
    if have < lamports.saturating_add(FEE_BUFFER) {
        bail!(
            "insufficient balance: {} SOL available, {} SOL needed (plus fees)",
            amount::format(have),
            amount::format(lamports)
        );
    }
    let s = &pool.state;
    let split = math::split_deposit(
        s.total_lamports,
        s.pool_token_supply,
        lamports,
        &s.sol_deposit_fee,
        s.sol_referral_fee,
    )
    .ok_or_else(|| anyhow!("amount too large"))?;
    if split.user == 0 {
        bail!("amount below the minimum: {} SOL would mint no pool tokens", amount::format(lamports));
    }
    let minimum = slippage_floor(split.user, slippage_bps);
    let (ata, before) = lst_balance(client, &pool, &payer.pubkey()).await?;
    let accounts = DepositSolAccounts {
        stake_pool: pool.address,
        withdraw_authority: pool.withdraw_authority(),
        reserve_stake: s.reserve_stake,
        lamports_from: payer.pubkey(),
        pool_tokens_to: ata,
        manager_fee_account: s.manager_fee_account,
        referrer_pool_tokens_account: ata,
        pool_mint: s.pool_mint,
        token_program: s.token_program_id,
        sol_deposit_authority: None,
    };
    let ixs = vec![
        create_associated_token_account_idempotent(
            &payer.pubkey(),
            &payer.pubkey(),
            &s.pool_mint,
            &s.token_program_id,
        ),
        instructions::deposit_sol(&pool.program, &accounts, lamports, Some(minimum)),
    ];
    let (signature, _) = client.send(ixs, &[]).await?;
    let (_, after) = lst_balance(client, &pool, &payer.pubkey()).await?;
    let received = after.saturating_sub(before);
    let value = json!({ "signature": signature.to_string(), "deposited_lamports": lamports, "pool_tokens": received,
        "quoted_pool_tokens": split.user, "minimum_pool_tokens": minimum });
    emit(client.format, &value, || {
        pairs(&[
            ("deposited", format!("{} SOL", amount::format(lamports))),
            (
                "received",
                format!(
                    "{} LST (quoted {}, minimum {})",
                    amount::format(received),
                    amount::format(split.user),
                    amount::format(minimum)
                ),
            ),
            ("signature", signature.to_string()),
        ])
    });
    Ok(())
}

/// `withdraw-sol`: pool tokens in, SOL out of the reserve.
pub async fn withdraw_sol(
    client: &Client,
    pool_address: &Pubkey,
    tokens: u64,
    slippage_bps: u16,
) -> Result<()> {
    let payer = client.payer()?;
    let pool = PoolInfo::load(client, pool_address).await?;
    pool.require_fresh(client.clock().await?.epoch)?;
    let (ata, balance) = lst_balance(client, &pool, &payer.pubkey()).await?;
    if balance < tokens {
        bail!(
            "insufficient balance: {} LST available, {} LST requested",
            amount::format(balance),
            amount::format(tokens)
        );
    }
    let s = &pool.state;
    let charge = ata != s.manager_fee_account;
    let split =
        math::split_withdrawal(s.total_lamports, s.pool_token_supply, tokens, &s.sol_withdrawal_fee, charge)
            .ok_or_else(|| anyhow!("amount too large"))?;
    if split.lamports == 0 {
        bail!("amount below the minimum: {} LST is worth no lamports", amount::format(tokens));
    }
    let reserve_floor = client.rent(STAKE_LEN).await?.saturating_add(1);
    let available = pool.reserve_lamports.saturating_sub(reserve_floor);
    if split.lamports > available {
        bail!(
            "the reserve holds only {} SOL for instant withdrawal; {} SOL requested: use `lst withdraw-stake`",
            amount::format(available),
            amount::format(split.lamports)
        );
    }
    let minimum = slippage_floor(split.lamports, slippage_bps);
    let accounts = WithdrawSolAccounts {
        stake_pool: pool.address,
        withdraw_authority: pool.withdraw_authority(),
        user_transfer_authority: payer.pubkey(),
        pool_tokens_from: ata,
        reserve_stake: s.reserve_stake,
        lamports_to: payer.pubkey(),
        manager_fee_account: s.manager_fee_account,
        pool_mint: s.pool_mint,
        token_program: s.token_program_id,
        sol_withdraw_authority: None,
    };
    let ix = instructions::withdraw_sol(&pool.program, &accounts, tokens, Some(minimum));
    let (signature, _) = client.send(vec![ix], &[]).await?;
    let value = json!({ "signature": signature.to_string(), "pool_tokens": tokens, "lamports": split.lamports, "minimum_lamports": minimum });
    emit(client.format, &value, || {
        pairs(&[
            ("burned", format!("{} LST", amount::format(tokens))),
            (
                "received",
                format!("{} SOL (minimum {})", amount::format(split.lamports), amount::format(minimum)),
            ),
            ("signature", signature.to_string()),
        ])
    });
    Ok(())
}

/// `deposit-stake`: an active stake account delegated to one of the pool's validators, in exchange for
/// pool tokens.
pub async fn deposit_stake(
    client: &Client,
    pool_address: &Pubkey,
    stake: &Pubkey,
    slippage_bps: u16,
) -> Result<()> {
    let payer = client.payer()?;
    let pool = PoolInfo::load(client, pool_address).await?;
    let epoch = client.clock().await?.epoch;
    pool.require_fresh(epoch)?;
    let account = client.account(stake).await?.ok_or_else(|| anyhow!("stake account {stake} not found"))?;
    if account.owner != STAKE_PROGRAM_ID {
        bail!("{stake} is not a stake account (owner {})", account.owner);
    }
    let Some(StakeState::Stake(meta, delegation)) = StakeState::read(&account.data) else {
        bail!("{stake} is not delegated");
    };
    let (voter, delegated, activation, deactivation, withdrawer) = (
        delegation.voter,
        delegation.stake,
        delegation.activation_epoch,
        delegation.deactivation_epoch,
        meta.withdrawer,
    );
    if withdrawer != payer.pubkey() {
        bail!("{stake} is withdrawable by {withdrawer}, not by your keypair {}", payer.pubkey());
    }
    if activation >= epoch || deactivation != u64::MAX {
        bail!("{stake} is not fully active yet (activated in epoch {activation}); deposit it next epoch");
    }
    let entry = pool
        .list
        .iter()
        .find(|e| e.vote == voter)
        .ok_or_else(|| anyhow!("{stake} is delegated to {voter}, which is not in the pool"))?;
    let s = &pool.state;
    // As the program splits it: the delegated stake pays the stake-deposit fee, the rest (rent and
    // any undelegated lamports) the SOL-deposit fee.
    let quote = math::split_stake_deposit(
        s.total_lamports,
        s.pool_token_supply,
        account.lamports,
        delegated.min(account.lamports),
        &s.stake_deposit_fee,
        &s.sol_deposit_fee,
        s.stake_referral_fee,
    )
    .ok_or_else(|| anyhow!("amount too large"))?;
    let minimum = slippage_floor(quote.user, slippage_bps);
    let (ata, before) = lst_balance(client, &pool, &payer.pubkey()).await?;
    let accounts = DepositStakeAccounts {
        stake_pool: pool.address,
        validator_list: s.validator_list,
        deposit_authority: lst_sdk::pda::find_deposit_authority(&pool.program, &pool.address).0,
        deposit_authority_signs: false,
        withdraw_authority: pool.withdraw_authority(),
        deposit_stake: *stake,
        deposit_stake_withdraw_authority: payer.pubkey(),
        validator_stake: pool.validator_stake(entry),
        reserve_stake: s.reserve_stake,
        pool_tokens_to: ata,
        manager_fee_account: s.manager_fee_account,
        referrer_pool_tokens_account: ata,
        pool_mint: s.pool_mint,
        token_program: s.token_program_id,
    };
    let mut ixs = vec![create_associated_token_account_idempotent(
        &payer.pubkey(),
        &payer.pubkey(),
        &s.pool_mint,
        &s.token_program_id,
    )];
    ixs.extend(instructions::deposit_stake(&pool.program, &accounts, Some(minimum)));
    let (signature, _) = client.send(ixs, &[]).await?;
    let (_, after) = lst_balance(client, &pool, &payer.pubkey()).await?;
    let value = json!({ "signature": signature.to_string(), "stake_lamports": account.lamports, "pool_tokens": after.saturating_sub(before) });
    emit(client.format, &value, || {
        pairs(&[
            ("deposited", format!("{} SOL of stake with {voter}", amount::format(account.lamports))),
            ("received", format!("{} LST", amount::format(after.saturating_sub(before)))),
            ("signature", signature.to_string()),
        ])
    });
    Ok(())
}

/// `withdraw-stake`: pool tokens in, a new stake account out (split from a validator, or `--vote`'s).
pub async fn withdraw_stake(
    client: &Client,
    pool_address: &Pubkey,
    tokens: u64,
    vote: Option<Pubkey>,
) -> Result<()> {
    let payer = client.payer()?;
    let pool = PoolInfo::load(client, pool_address).await?;
    pool.require_fresh(client.clock().await?.epoch)?;
    let (ata, balance) = lst_balance(client, &pool, &payer.pubkey()).await?;
    if balance < tokens {
        bail!(
            "insufficient balance: {} LST available, {} LST requested",
            amount::format(balance),
            amount::format(tokens)
        );
    }
    let s = &pool.state;
    let split = math::split_withdrawal(
        s.total_lamports,
        s.pool_token_supply,
        tokens,
        &s.stake_withdrawal_fee,
        ata != s.manager_fee_account,
    )
    .ok_or_else(|| anyhow!("amount too large"))?;
    let minimum = client.rpc.get_stake_minimum_delegation().await?.max(1_000_000);
    if split.lamports < minimum {
        bail!(
            "amount below the minimum: a stake withdrawal must return at least {} SOL; {} LST returns {} SOL (use `lst withdraw-sol`)",
            amount::format(minimum),
            amount::format(tokens),
            amount::format(split.lamports)
        );
    }
    // The chosen validator, or the active one with the most stake (from the list: no call per
    // validator; one being removed refuses withdrawals).
    let best = pool
        .list
        .iter()
        .filter(|e| match vote {
            Some(v) => v == e.vote,
            None => e.status == stake_pool::state::validator_list::status::ACTIVE,
        })
        .max_by_key(|e| e.active_lamports)
        .map(|e| (e.active_lamports, pool.validator_stake(e)));
    let (_, from) = best.ok_or_else(|| match vote {
        Some(v) => anyhow!("{v} is not a validator of the pool"),
        None => anyhow!("the pool has no validators"),
    })?;
    let receiver = Keypair::new();
    let rent = client.rent(STAKE_LEN).await?;
    let create = solana_system_interface::instruction::create_account(
        &payer.pubkey(),
        &receiver.pubkey(),
        rent,
        STAKE_LEN as u64,
        &STAKE_PROGRAM_ID,
    );
    let accounts = WithdrawStakeAccounts {
        stake_pool: pool.address,
        validator_list: s.validator_list,
        withdraw_authority: pool.withdraw_authority(),
        stake_to_split: from,
        stake_to_receive: receiver.pubkey(),
        user_stake_authority: payer.pubkey(),
        user_transfer_authority: payer.pubkey(),
        user_pool_token_account: ata,
        manager_fee_account: s.manager_fee_account,
        pool_mint: s.pool_mint,
        token_program: s.token_program_id,
    };
    let ix = instructions::withdraw_stake(&pool.program, &accounts, tokens, Some(split.lamports));
    let (signature, _) = client.send(vec![create, ix], &[&receiver]).await?;
    let value = json!({ "signature": signature.to_string(), "stake_account": receiver.pubkey().to_string(),
        "pool_tokens": tokens, "lamports": split.lamports });
    emit(client.format, &value, || {
        pairs(&[
            ("burned", format!("{} LST", amount::format(tokens))),
            (
                "stake account",
                format!(
                    "{} ({} SOL, yours to deactivate and withdraw)",
                    receiver.pubkey(),
                    amount::format(split.lamports)
                ),
            ),
            ("signature", signature.to_string()),
        ])
    });
    Ok(())
}

/// `balance`: SOL, pool tokens and their SOL value.
pub async fn balance(client: &Client, pool_address: &Pubkey, owner: Option<Pubkey>) -> Result<()> {
    let owner = match owner {
        Some(o) => o,
        None => client.payer()?.pubkey(),
    };
    let pool = PoolInfo::load(client, pool_address).await?;
    let sol = client.balance(&owner).await?;
    let (_, tokens) = lst_balance(client, &pool, &owner).await?;
    let s = &pool.state;
    let value_lamports =
        math::lamports_for_pool_tokens(s.total_lamports, s.pool_token_supply, tokens).unwrap_or(0);
    let value = json!({ "owner": owner.to_string(), "lamports": sol, "pool_tokens": tokens, "pool_tokens_value_lamports": value_lamports });
    emit(client.format, &value, || {
        pairs(&[
            ("owner", owner.to_string()),
            ("SOL", amount::format(sol)),
            ("LST", format!("{} (worth {} SOL)", amount::format(tokens), amount::format(value_lamports))),
        ])
    });
    Ok(())
}

fn fee_text(fee: &stake_pool::state::Fee) -> String {
    if fee.denominator == 0 || fee.numerator == 0 {
        "0 %".into()
    } else {
        format!("{:.3} %", fee.numerator as f64 * 100.0 / fee.denominator as f64)
    }
}

/// Annualized yield from the rate change over the last epoch (`None` without a previous epoch).
pub fn apy(pool: &stake_pool::state::StakePool, epochs_per_year: f64) -> Option<f64> {
    let now = pool.total_lamports as f64 / pool.pool_token_supply as f64;
    let before = pool.last_epoch_total_lamports as f64 / pool.last_epoch_pool_token_supply as f64;
    (pool.pool_token_supply > 0 && pool.last_epoch_pool_token_supply > 0 && before > 0.0)
        .then(|| (now / before).powf(epochs_per_year) - 1.0)
}

/// `pool`: rate, TVL, APY, fees, staleness and the steward's state.
pub async fn status(client: &Client, pool_address: &Pubkey) -> Result<()> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let clock = client.clock().await?;
    let s = &pool.state;
    // Epochs per year from the schedule at 400 ms slots.
    let epochs_per_year = 365.25 * 86_400.0 / (clock.slots_in_epoch as f64 * 0.4);
    let apy = apy(s, epochs_per_year);
    let stale = s.last_update_epoch < clock.epoch;
    let steward = pool.steward.as_ref().map(|st| {
        json!({ "config": st.addresses.config.to_string(), "paused": st.config.is_paused(),
            "step": format!("{:?}", st.state.tag()), "validators": st.state.slots.len(),
            "delegated": st.state.header.delegated_count, "maintenance_epoch": st.state.header.maintenance_epoch })
    });
    let value = json!({
        "pool": pool.address.to_string(), "program": pool.program.to_string(), "epoch": clock.epoch,
        "rate": pool.rate(), "total_lamports": s.total_lamports, "pool_token_supply": s.pool_token_supply,
        "reserve_lamports": pool.reserve_lamports, "validators": pool.list.len(), "apy": apy,
        "last_update_epoch": s.last_update_epoch, "needs_update": stale,
        "fees": { "epoch": fee_text(&s.epoch_fee), "sol_deposit": fee_text(&s.sol_deposit_fee),
            "sol_withdrawal": fee_text(&s.sol_withdrawal_fee), "stake_deposit": fee_text(&s.stake_deposit_fee),
            "stake_withdrawal": fee_text(&s.stake_withdrawal_fee), "sol_referral_percent": s.sol_referral_fee },
        "steward": steward,
    });
    emit(client.format, &value, || {
        let mut rows = vec![
            ("pool", format!("{} (program {})", pool.address, pool.program)),
            ("rate", format!("{:.9} SOL per LST", pool.rate())),
            (
                "TVL",
                format!(
                    "{} SOL ({} in the reserve)",
                    amount::format(s.total_lamports),
                    amount::format(pool.reserve_lamports)
                ),
            ),
            ("supply", format!("{} LST", amount::format(s.pool_token_supply))),
            (
                "APY",
                apy.map_or("n/a (no previous epoch)".into(), |a| {
                    format!("{:.2} % (last epoch, annualized)", a * 100.0)
                }),
            ),
            ("validators", pool.list.len().to_string()),
            (
                "fees",
                format!(
                    "epoch {}, SOL deposit {}, SOL withdrawal {}, stake deposit {}, stake withdrawal {}",
                    fee_text(&s.epoch_fee),
                    fee_text(&s.sol_deposit_fee),
                    fee_text(&s.sol_withdrawal_fee),
                    fee_text(&s.stake_deposit_fee),
                    fee_text(&s.stake_withdrawal_fee)
                ),
            ),
            (
                "last update",
                format!(
                    "epoch {}{}",
                    s.last_update_epoch,
                    if stale {
                        format!(" — STALE (now {}): run `lst crank`", clock.epoch)
                    } else {
                        String::new()
                    }
                ),
            ),
        ];
        if let Some(st) = &pool.steward {
            rows.push((
                "steward",
                format!(
                    "{:?}{}, {} validators, {} delegated",
                    st.state.tag().unwrap_or(steward::state::StateTag::Idle),
                    if st.config.is_paused() { " (paused)" } else { "" },
                    st.state.slots.len(),
                    st.state.header.delegated_count
                ),
            ));
        }
        pairs(&rows)
    });
    Ok(())
}
