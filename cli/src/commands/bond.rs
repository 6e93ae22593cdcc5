//! Validator bonds and the insurance fund: a validator opens, funds and withdraws its bond; anyone
//! settles a loss and has the fund cover what a bond could not pay; the steward's admin opens the
//! bonds of its pool; the bonds authority (the DAO) opens the fund, sets its cap and covers beyond it.

use {
    crate::{
        amount,
        client::Client,
        commands::dao::{submit, Authority},
        output::{emit, pairs},
        pool::PoolInfo,
    },
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, Result},
    bonds::constants::NO_EPOCH,
    lst_sdk::{
        bonds::{
            decode_bond, decode_config, decode_insurance, decode_settlement, settlement_address,
            BondsAddresses, PoolToken,
        },
        instructions::{create_associated_token_account_idempotent, token_amount},
    },
    serde_json::json,
};

async fn addresses(client: &Client, pool_address: &Pubkey) -> Result<(PoolInfo, BondsAddresses)> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let steward = pool.steward()?;
    let bonds = BondsAddresses::new(steward.addresses.config, pool.address, pool.state.reserve_stake);
    Ok((pool, bonds))
}

async fn sent(client: &Client, what: &str, ixs: Vec<crate::client::Instruction>) -> Result<()> {
    let (signature, _) = client.send(ixs, &[]).await?;
    emit(client.format, &json!({ "signature": signature.to_string() }), || {
        pairs(&[("done", what.to_string()), ("signature", signature.to_string())])
    });
    Ok(())
}

/// `bond init`: the steward's admin (your keypair) opens bonds for the pool, with `authority` (default:
/// your keypair) changing the lock-up.
pub async fn init(
    client: &Client,
    pool_address: &Pubkey,
    authority: Option<Pubkey>,
    lockup: u16,
) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let payer = client.payer()?.pubkey();
    let ix = bonds.initialize(&payer, &payer, &authority.unwrap_or(payer), lockup);
    sent(client, &format!("bonds opened for the pool, lock-up {lockup} epochs"), vec![ix]).await
}

/// `bond open`: your keypair, the vote account's withdraw authority, opens its bond, funded with
/// `amount` SOL when given.
pub async fn open(
    client: &Client,
    pool_address: &Pubkey,
    vote: &Pubkey,
    lamports: Option<u64>,
) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let payer = client.payer()?.pubkey();
    let mut ixs = vec![bonds.open_bond(vote, &payer, &payer)];
    if let Some(lamports) = lamports {
        ixs.push(bonds.fund_bond(vote, &payer, lamports));
    }
    sent(client, "bond opened", ixs).await
}

/// `bond fund`: anyone adds SOL to a bond.
pub async fn fund(client: &Client, pool_address: &Pubkey, vote: &Pubkey, lamports: u64) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let payer = client.payer()?.pubkey();
    sent(client, "bond funded", vec![bonds.fund_bond(vote, &payer, lamports)]).await
}

/// `bond fund --stake`: the validator (your keypair: the vote account's withdraw authority and the
/// stake account's staker and withdrawer) bonds a stake account delegated to its vote account.
pub async fn fund_stake(client: &Client, pool_address: &Pubkey, vote: &Pubkey, stake: &Pubkey) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let payer = client.payer()?.pubkey();
    sent(client, "stake account bonded", bonds.fund_bond_stake(vote, &payer, stake, &payer)).await
}

/// `bond request-withdraw`: the validator asks for `amount` SOL back after the lock-up ("0" cancels).
pub async fn request_withdraw(
    client: &Client,
    pool_address: &Pubkey,
    vote: &Pubkey,
    lamports: u64,
) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let payer = client.payer()?.pubkey();
    let ix = bonds.request_withdraw(vote, &payer, lamports);
    sent(client, "withdrawal requested", vec![ix]).await
}

/// `bond withdraw`: after the lock-up, the validator takes what it requested to `to` (default: your
/// keypair).
pub async fn withdraw(
    client: &Client,
    pool_address: &Pubkey,
    vote: &Pubkey,
    to: Option<Pubkey>,
) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let payer = client.payer()?.pubkey();
    let account = client.account(&bonds.bond(vote)).await?.ok_or_else(|| anyhow!("{vote} has no bond"))?;
    let bond = decode_bond(&account.data)?;
    let epochs = (bond.opened_epoch, bond.withdraw_request_epoch, client.clock().await?.epoch);
    let to = to.unwrap_or(payer);
    let mut ixs = Vec::new();
    if bond.has_stake() && bond.owed_lamports == 0 && bond.withdraw_request_lamports >= bond.stake_lamports {
        ixs.push(bonds.withdraw_stake(vote, &payer, &to, &bond.stake_account, epochs));
    }
    let sol_requested =
        bond.withdraw_request_lamports.saturating_sub(if ixs.is_empty() { 0 } else { bond.stake_lamports });
    if sol_requested > 0 {
        ixs.push(bonds.withdraw(vote, &payer, &to, epochs));
    }
    if ixs.is_empty() {
        return Err(anyhow!("nothing to withdraw: the request is 0"));
    }
    sent(client, "withdrawn", ixs).await
}

/// `settle`: anyone settles `vote`'s loss of `epoch` into the pool's reserve.
pub async fn settle(client: &Client, pool_address: &Pubkey, vote: &Pubkey, epoch: u64) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let payer = client.payer()?.pubkey();
    let (signature, _) = client.send(vec![bonds.settle(vote, epoch, &payer)], &[]).await?;
    let address = settlement_address(&bonds.bond(vote), epoch);
    let account = client.account(&address).await?.ok_or_else(|| anyhow!("no settlement at {address}"))?;
    let s = decode_settlement(&account.data)?;
    let value = json!({ "signature": signature.to_string(), "epoch": epoch, "loss_lamports": s.loss_lamports,
        "paid_lamports": s.paid_lamports, "shortfall_lamports": s.shortfall_lamports });
    emit(client.format, &value, || {
        pairs(&[
            ("epoch", epoch.to_string()),
            ("loss", format!("{} SOL", amount::format(s.loss_lamports))),
            ("paid into the reserve", format!("{} SOL", amount::format(s.paid_lamports))),
            ("shortfall", format!("{} SOL", amount::format(s.shortfall_lamports))),
            ("signature", signature.to_string()),
        ])
    });
    Ok(())
}

/// `bond show`: a validator's bond.
pub async fn show(client: &Client, pool_address: &Pubkey, vote: &Pubkey) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let config = client.account(&bonds.config).await?.ok_or_else(|| anyhow!("the pool has no bonds"))?;
    let config = decode_config(&config.data)?;
    let address = bonds.bond(vote);
    let account = client.account(&address).await?.ok_or_else(|| anyhow!("{vote} has no bond"))?;
    let bond = decode_bond(&account.data)?;
    let rent = client.rent(bonds::state::len::BOND).await?;
    let available = account.lamports.saturating_sub(rent);
    let unlock = (bond.withdraw_request_epoch != NO_EPOCH)
        .then(|| bond.withdraw_request_epoch.saturating_add(u64::from(config.withdraw_lockup_epochs)));
    let value = json!({ "bond": address.to_string(), "vote_account": vote.to_string(), "available_lamports": available,
        "withdraw_request_lamports": bond.withdraw_request_lamports, "unlock_epoch": unlock,
        "settled_lamports": bond.settled_lamports, "shortfall_lamports": bond.shortfall_lamports,
        "withdraw_lockup_epochs": config.withdraw_lockup_epochs,
        "stake_account": bond.has_stake().then(|| bond.stake_account.to_string()),
        "stake_lamports": bond.stake_lamports, "owed_lamports": bond.owed_lamports });
    emit(client.format, &value, || {
        let request = match unlock {
            Some(epoch) => {
                format!("{} SOL from epoch {epoch}", amount::format(bond.withdraw_request_lamports))
            }
            None => "none".to_string(),
        };
        let stake = match bond.has_stake() {
            true => format!(
                "{} ({} SOL, {} SOL of it owed to the pool)",
                bond.stake_account,
                amount::format(bond.stake_lamports),
                amount::format(bond.owed_lamports)
            ),
            false => "none".to_string(),
        };
        pairs(&[
            ("bond", address.to_string()),
            ("available", format!("{} SOL", amount::format(available))),
            ("stake account", stake),
            ("withdrawal requested", request),
            ("paid to stakers", format!("{} SOL", amount::format(bond.settled_lamports))),
            ("losses it could not pay", format!("{} SOL", amount::format(bond.shortfall_lamports))),
            ("lock-up", format!("{} epochs", config.withdraw_lockup_epochs)),
        ])
    });
    Ok(())
}

async fn insurance_addresses(client: &Client, pool_address: &Pubkey) -> Result<(BondsAddresses, PoolToken)> {
    let (pool, bonds) = addresses(client, pool_address).await?;
    Ok((bonds, pool.token()))
}

/// `insurance open`: the bonds authority opens the insurance fund (and its pool-token account).
pub async fn insurance_open(client: &Client, pool_address: &Pubkey, cap: u64, who: &Authority) -> Result<()> {
    let (bonds, token) = insurance_addresses(client, pool_address).await?;
    let me = client.payer()?.pubkey();
    // A proposal's fund is paid for by the DAO's treasury, the one signer it can execute with.
    let payer = match &who.propose {
        Some(p) => {
            let treasury = p.dao.treasury();
            // The fund's rent, and the treasury's own: it must stay rent-exempt.
            let rent = client.rent(bonds::state::len::INSURANCE).await? + client.rent(0).await?;
            let held = client.balance(&treasury).await?;
            if held < rent {
                return Err(anyhow!(
                    "the DAO's treasury {treasury} holds {} SOL; opening the fund needs {} SOL (its rent and \
                     the treasury's own): send the treasury SOL first",
                    amount::format(held),
                    amount::format(rent)
                ));
            }
            treasury
        }
        None => me,
    };
    if !who.print_tx {
        // The fund's pool-token account: anyone may create it.
        let create =
            create_associated_token_account_idempotent(&me, &bonds.insurance(), &token.mint, &token.program);
        client.send(vec![create], &[]).await?;
    }
    submit(client, who, |authority| bonds.open_insurance(authority, &payer, cap), "open the insurance fund")
        .await
}

/// `bond set-authority`: the bonds authority (the lock-up, the fee shares, the insurance cover)
/// offers its place to `new`, who takes it with `bond accept-authority`.
pub async fn offer_authority(
    client: &Client,
    pool_address: &Pubkey,
    new: &Pubkey,
    who: &Authority,
) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    if who.sends() {
        client.confirm(&format!("offer the bonds authority to {new}"))?;
    }
    submit(client, who, |authority| bonds.offer_authority(authority, new), "offer the bonds authority").await
}

/// `bond accept-authority`: the offered successor takes the bonds authority.
pub async fn accept_authority(client: &Client, pool_address: &Pubkey, who: &Authority) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    // A proposal to accept what was not offered would pass and never execute.
    if let Some(p) = &who.propose {
        let account = client.account(&bonds.config).await?.ok_or_else(|| anyhow!("the pool has no bonds"))?;
        let pending = decode_config(&account.data)?.pending_authority;
        let treasury = p.dao.treasury();
        if pending != treasury {
            return Err(anyhow!(
                "the bonds authority is not offered to the DAO's treasury {treasury}: its holder runs \
                 lst bond set-authority {treasury} first"
            ));
        }
    }
    submit(client, who, |authority| bonds.accept_authority(authority), "accept the bonds authority").await
}

/// `insurance set-cap`: the bonds authority changes the per-epoch cover cap.
pub async fn insurance_set_cap(
    client: &Client,
    pool_address: &Pubkey,
    cap: u64,
    who: &Authority,
) -> Result<()> {
    let (bonds, _) = insurance_addresses(client, pool_address).await?;
    submit(client, who, |authority| bonds.set_cover_cap(authority, cap), "set the insurance cover cap").await
}

/// `insurance cover`: anyone has the fund cover a settlement's shortfall within the epoch's cap;
/// with `beyond_cap`, the bonds authority covers up to that much more.
pub async fn insurance_cover(
    client: &Client,
    pool_address: &Pubkey,
    vote: &Pubkey,
    epoch: u64,
    beyond_cap: Option<u64>,
    who: &Authority,
) -> Result<()> {
    let (bonds, token) = insurance_addresses(client, pool_address).await?;
    match beyond_cap {
        Some(lamports) => {
            let ix = |authority: &Pubkey| bonds.cover_beyond_cap(authority, vote, epoch, &token, lamports);
            submit(client, who, ix, "cover beyond the cap").await
        }
        None => sent(client, "covered", vec![bonds.cover(vote, epoch, &token)]).await,
    }
}

/// The insurance fund's pool tokens, valued at the pool's rate.
pub async fn insurance_value(client: &Client, pool_address: &Pubkey) -> Result<u64> {
    Ok(fund_holding(client, pool_address).await?.1)
}

/// The insurance fund's pool tokens and their value in lamports.
async fn fund_holding(client: &Client, pool_address: &Pubkey) -> Result<(u64, u64)> {
    let (pool, bonds) = addresses(client, pool_address).await?;
    let token = pool.token();
    let tokens = client.account(&bonds.insurance_fund(&token)).await?.map_or(0, |a| token_amount(&a.data));
    let value = lst_sdk::math::lamports_for_pool_tokens(
        pool.state.total_lamports,
        pool.state.pool_token_supply,
        tokens,
    )
    .unwrap_or(0);
    Ok((tokens, value))
}

/// `insurance show`: the fund, its cap and what it covered.
pub async fn insurance_show(client: &Client, pool_address: &Pubkey) -> Result<()> {
    let (pool, bonds) = addresses(client, pool_address).await?;
    let account =
        client.account(&bonds.insurance()).await?.ok_or_else(|| anyhow!("the pool has no insurance fund"))?;
    let insurance = decode_insurance(&account.data)?;
    let fund = bonds.insurance_fund(&pool.token());
    let (tokens, value) = fund_holding(client, pool_address).await?;
    let epoch = client.clock().await?.epoch;
    let used = if insurance.cap_epoch == epoch { insurance.covered_in_epoch } else { 0 };
    let json = json!({ "insurance": bonds.insurance().to_string(), "fund": fund.to_string(), "pool_tokens": tokens,
        "value_lamports": value, "cap_lamports_per_epoch": insurance.cap_lamports_per_epoch,
        "covered_this_epoch_lamports": used, "covered_lamports": insurance.covered_lamports });
    emit(client.format, &json, || {
        pairs(&[
            ("fund", format!("{} LST ({} SOL) in {fund}", amount::format(tokens), amount::format(value))),
            (
                "cap per epoch",
                format!(
                    "{} SOL ({} SOL used this epoch)",
                    amount::format(insurance.cap_lamports_per_epoch),
                    amount::format(used)
                ),
            ),
            ("covered to date", format!("{} SOL", amount::format(insurance.covered_lamports))),
        ])
    });
    Ok(())
}

/// `fees vault`: creates the fee vault (the bonds' fee-vault PDA's pool-token account) and, when
/// your keypair is the pool's manager, makes it the pool's manager fee account.
pub async fn fees_vault(client: &Client, pool_address: &Pubkey) -> Result<()> {
    let (pool, bonds) = addresses(client, pool_address).await?;
    let token = pool.token();
    let payer = client.payer()?.pubkey();
    let vault = bonds.fee_vault(&token);
    let owner = lst_sdk::bonds::fee_vault_authority(&bonds.config);
    let mut ixs =
        vec![create_associated_token_account_idempotent(&payer, &owner, &token.mint, &token.program)];
    let manager = pool.state.manager;
    if manager == payer {
        ixs.push(lst_sdk::instructions::set_manager(&pool.program, &pool.address, &payer, &payer, &vault));
    }
    sent(client, &format!("fee vault {vault}"), ixs).await?;
    if manager != payer {
        eprintln!("the pool's manager {manager} must name {vault} as its fee account (SetManager)");
    }
    Ok(())
}

/// `fees set-shares`: the bonds authority names the fee recipients, `ACCOUNT:BPS` each.
pub async fn fees_set_shares(
    client: &Client,
    pool_address: &Pubkey,
    shares: &[String],
    who: &Authority,
) -> Result<()> {
    let (_, bonds) = addresses(client, pool_address).await?;
    let shares = shares
        .iter()
        .map(|text| {
            let (account, bps) =
                text.split_once(':').ok_or_else(|| anyhow!("expected ACCOUNT:BPS, got {text}"))?;
            let token_account = account.parse().map_err(|_| anyhow!("not a base58 public key: {account}"))?;
            let share_bps = bps.parse().map_err(|_| anyhow!("not a share in bps: {bps}"))?;
            Ok(bonds::state::FeeShare { token_account, share_bps })
        })
        .collect::<Result<Vec<_>>>()?;
    let total: u64 = shares.iter().map(|s| u64::from(s.share_bps)).sum();
    if total != 10_000 || shares.is_empty() || shares.len() > bonds::constants::MAX_FEE_RECIPIENTS {
        return Err(anyhow!("1 to 8 shares adding up to 10000 bps (these add up to {total})"));
    }
    submit(client, who, |authority| bonds.set_fee_shares(authority, shares), "set the fee shares").await
}

/// `fees distribute`: anyone shares the vault out.
pub async fn fees_distribute(client: &Client, pool_address: &Pubkey) -> Result<()> {
    let (pool, bonds) = addresses(client, pool_address).await?;
    let token = pool.token();
    let shares = client
        .account(&lst_sdk::bonds::fee_shares_address(&bonds.config))
        .await?
        .ok_or_else(|| anyhow!("the pool has no bonds"))?;
    let recipients: Vec<Pubkey> =
        lst_sdk::bonds::decode_fee_shares(&shares.data)?.shares().iter().map(|s| s.token_account).collect();
    sent(client, "fees distributed", vec![bonds.distribute(&token, &recipients)]).await
}

/// `fees show`: the vault and the shares.
pub async fn fees_show(client: &Client, pool_address: &Pubkey) -> Result<()> {
    let (pool, bonds) = addresses(client, pool_address).await?;
    let token = pool.token();
    let vault = bonds.fee_vault(&token);
    let balance = client.account(&vault).await?.map_or(0, |a| token_amount(&a.data));
    let shares = match client.account(&lst_sdk::bonds::fee_shares_address(&bonds.config)).await? {
        Some(a) => lst_sdk::bonds::decode_fee_shares(&a.data)?.shares(),
        None => Vec::new(),
    };
    let json = json!({ "vault": vault.to_string(), "pool_tokens": balance,
        "vault_is_fee_account": pool.state.manager_fee_account == vault,
        "shares": shares.iter().map(|s| json!({ "token_account": s.token_account.to_string(), "bps": s.share_bps })).collect::<Vec<_>>() });
    emit(client.format, &json, || {
        let mut rows = vec![
            ("vault", format!("{vault} ({} LST)", amount::format(balance))),
            ("the pool's fee account", (pool.state.manager_fee_account == vault).to_string()),
        ];
        rows.extend(shares.iter().map(|s| ("share", format!("{} bps to {}", s.share_bps, s.token_account))));
        pairs(&rows)
    });
    Ok(())
}
