//! The DAO and its authorities: parameters, blacklist, pause, oracle data. Every command can print the
//! unsigned transaction (`--print-tx`) for a multisig or governance proposal instead of sending it.

use {
    crate::{
        client::{Client, Instruction},
        output::{emit, pairs},
        pool::PoolInfo,
    },
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, Result},
    lst_sdk::steward as client_ix,
    serde_json::json,
    solana_signer::Signer,
    steward::{
        events::OracleData,
        state::{Parameters, ParametersUpdate},
    },
};

/// Who signs, and whether to send or print.
pub struct Authority {
    /// The authority's key when it is not the keypair (a multisig vault).
    pub authority: Option<Pubkey>,
    /// Print the unsigned transaction instead of sending.
    pub print_tx: bool,
}

impl Authority {
    /// Another key as authority only makes sense for a printed transaction (the keypair cannot sign
    /// for it).
    fn check(&self) -> Result<()> {
        if self.authority.is_some() && !self.print_tx {
            return Err(anyhow!(
                "--authority needs --print-tx: your keypair cannot sign for another authority"
            ));
        }
        Ok(())
    }
}

pub(crate) async fn submit(
    client: &Client,
    who: &Authority,
    ix: impl FnOnce(&Pubkey) -> Instruction,
    what: &str,
) -> Result<()> {
    who.check()?;
    let authority = match who.authority {
        Some(a) => a,
        None => client.payer()?.pubkey(),
    };
    let ix = ix(&authority);
    if who.print_tx {
        let tx = Client::unsigned_transaction(&authority, &[ix])?;
        emit(client.format, &json!({ "action": what, "transaction_base64": tx }), || {
            format!("{what}: unsigned transaction (base64), fee payer and signer {authority}:\n{tx}")
        });
        return Ok(());
    }
    let (signature, _) = client.send(vec![ix], &[]).await?;
    emit(client.format, &json!({ "action": what, "signature": signature.to_string() }), || {
        format!("{what}: {signature}")
    });
    Ok(())
}

fn parameters_json(p: &Parameters) -> serde_json::Value {
    json!({
        "mev_commission_threshold_bps": p.mev_commission_threshold_bps,
        "mev_commission_window": p.mev_commission_window,
        "commission_threshold_bps": p.commission_threshold_bps,
        "commission_window": p.commission_window,
        "historical_commission_ceiling_bps": p.historical_commission_ceiling_bps,
        "scoring_delinquency_ratio_bps": p.scoring_delinquency_ratio_bps,
        "instant_unstake_delinquency_ratio_bps": p.instant_unstake_delinquency_ratio_bps,
        "epoch_credits_window": p.epoch_credits_window,
        "num_delegation_validators": p.num_delegation_validators,
        "scoring_unstake_cap_bps": p.scoring_unstake_cap_bps,
        "instant_unstake_cap_bps": p.instant_unstake_cap_bps,
        "stake_deposit_unstake_cap_bps": p.stake_deposit_unstake_cap_bps,
        "compute_score_progress_bps": p.compute_score_progress_bps,
        "instant_unstake_progress_bps": p.instant_unstake_progress_bps,
        "epochs_per_cycle": p.epochs_per_cycle,
        "minimum_voting_epochs": p.minimum_voting_epochs,
        "minimum_stake_lamports": p.minimum_stake_lamports,
        "minimum_bond_bps": p.minimum_bond_bps,
    })
}

/// `params show`.
pub async fn show(client: &Client, pool_address: &Pubkey) -> Result<()> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let st = pool.steward()?;
    let value = json!({ "parameters": parameters_json(&st.config.parameters),
        "authorities": { "admin": st.config.admin.to_string(), "parameters": st.config.parameters_authority.to_string(),
            "blacklist": st.config.blacklist_authority.to_string(), "oracle": st.config.oracle_authority.to_string() },
        "paused": st.config.is_paused() });
    emit(client.format, &value, || {
        let p = value["parameters"].as_object().cloned().unwrap_or_default();
        let rows: Vec<(&str, String)> = p.iter().map(|(k, v)| (k.as_str(), v.to_string())).collect();
        let mut text = pairs(&rows);
        text.push_str(&format!(
            "\nauthorities: admin {}, parameters {}, blacklist {}, oracle {}{}",
            st.config.admin,
            st.config.parameters_authority,
            st.config.blacklist_authority,
            st.config.oracle_authority,
            if st.config.is_paused() { "\nPAUSED" } else { "" }
        ));
        text
    });
    Ok(())
}

/// `params set`: only the given fields change; the program checks the bounds of the result.
pub async fn set(
    client: &Client,
    pool_address: &Pubkey,
    update: ParametersUpdate,
    who: &Authority,
) -> Result<()> {
    if update == ParametersUpdate::default() {
        return Err(anyhow!("nothing to set: pass at least one --<parameter> value"));
    }
    let pool = PoolInfo::load(client, pool_address).await?;
    let config = pool.steward()?.addresses.config;
    let mut preview = pool.steward()?.config.parameters;
    preview.apply(&update);
    preview.validate().map_err(|_| anyhow!("parameters out of bounds: {update:?}"))?;
    if !who.print_tx {
        client.confirm("update the steward's parameters")?;
    }
    submit(client, who, |a| client_ix::update_parameters(&config, a, update), "update parameters").await
}

/// `blacklist add|remove`.
pub async fn blacklist(
    client: &Client,
    pool_address: &Pubkey,
    vote: &Pubkey,
    add: bool,
    who: &Authority,
) -> Result<()> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let config = pool.steward()?.addresses.config;
    if client.account(&client_ix::history_address(&config, vote)).await?.is_none() {
        return Err(anyhow!(
            "{vote} has no validator history yet (run `lst crank` or `lst add-validator` first)"
        ));
    }
    if add && !who.print_tx {
        client.confirm(&format!("blacklist {vote}"))?;
    }
    let what = if add { "blacklist add" } else { "blacklist remove" };
    submit(client, who, |a| client_ix::set_blacklist(&config, a, vote, add), what).await
}

/// `pause` / `resume`.
pub async fn pause(client: &Client, pool_address: &Pubkey, paused: bool, who: &Authority) -> Result<()> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let config = pool.steward()?.addresses.config;
    if paused && !who.print_tx {
        client.confirm("pause the steward (users are not affected)")?;
    }
    if paused {
        submit(client, who, |a| client_ix::pause(&config, a), "pause").await
    } else {
        submit(client, who, |a| client_ix::resume(&config, a), "resume").await
    }
}

/// `oracle`: this epoch's facts the chain cannot tell about one validator.
pub async fn oracle(
    client: &Client,
    pool_address: &Pubkey,
    vote: &Pubkey,
    data: OracleData,
    who: &Authority,
) -> Result<()> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let config = pool.steward()?.addresses.config;
    let epoch = client.clock().await?.epoch;
    who.check()?;
    // A printed transaction is paid by the authority itself (one signer for the multisig).
    let authority = match who.authority {
        Some(a) => a,
        None => client.payer()?.pubkey(),
    };
    let payer = if who.print_tx { authority } else { client.payer()?.pubkey() };
    let mut ixs = Vec::new();
    if client.account(&client_ix::history_address(&config, vote)).await?.is_none() {
        ixs.push(client_ix::init_validator_history(&config, &payer, vote));
    }
    ixs.push(client_ix::update_oracle_data(&config, &authority, vote, epoch, data));
    if who.print_tx {
        let tx = Client::unsigned_transaction(&authority, &ixs)?;
        emit(client.format, &json!({ "action": "oracle", "transaction_base64": tx }), || tx.clone());
        return Ok(());
    }
    let (signature, _) = client.send(ixs, &[]).await?;
    emit(client.format, &json!({ "action": "oracle", "signature": signature.to_string() }), || {
        format!("oracle data for {vote} in epoch {epoch}: {signature}")
    });
    Ok(())
}
