//! The DAO and its authorities: parameters, blacklist, pause, oracle data. Every command can print the
//! unsigned transaction (`--print-tx`) for a multisig or governance proposal instead of sending it.

use {
    crate::{
        client::{Client, Instruction},
        output::{emit, pairs},
        pool::PoolInfo,
    },
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, bail, Result},
    lst_sdk::{
        governance::{
            self as gov, account_type, proposal_transaction_address, Dao, GovernanceV2, Proposal, ProposalAt,
            ProposalState, ProposalTransactionV2, ProposalV2, RealmV2, Vote, GOVERNANCE_PROGRAM_ID,
        },
        steward as client_ix,
    },
    serde_json::json,
    solana_keypair::Keypair,
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
    /// Put the action to the DAO's vote instead (`lst dao propose`).
    pub propose: Option<Proposing>,
}

/// A proposal `lst dao propose` makes of the action it runs: the DAO's treasury is the action's
/// authority, and the keypair (a member with deposited tokens) proposes.
#[derive(Clone, Debug)]
pub struct Proposing {
    /// The realm and the governance of the pool's steward.
    pub dao: Dao,
    /// The governance's hold-up, seconds (each transaction's is at least it).
    pub hold_up: u32,
    /// The proposal's name (default: the action's).
    pub name: Option<String>,
    /// A link describing it.
    pub description: String,
}

/// The proposal `lst dao propose` is making, for the action it dispatches.
static PROPOSING: std::sync::OnceLock<Proposing> = std::sync::OnceLock::new();

/// Makes every DAO action of this run a proposal (`lst dao propose`).
pub fn propose_instead(proposing: Proposing) -> Result<()> {
    PROPOSING.set(proposing).map_err(|_| anyhow!("one proposal per run"))
}

/// The proposal this run makes, if any.
pub fn proposing() -> Option<Proposing> {
    PROPOSING.get().cloned()
}

/// Whether this run's DAO action was made a proposal.
static PROPOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether `lst dao propose`'s action made its proposal (rather than failing before it).
pub fn proposed() -> bool {
    PROPOSED.load(std::sync::atomic::Ordering::Relaxed)
}

impl Authority {
    /// Whether the action is sent now (not printed, not proposed): only then is it confirmed.
    pub fn sends(&self) -> bool {
        !self.print_tx && self.propose.is_none()
    }

    /// Another key as authority only makes sense for a printed transaction (the keypair cannot sign
    /// for it).
    fn check(&self) -> Result<()> {
        if self.propose.is_some() && (self.print_tx || self.authority.is_some()) {
            return Err(anyhow!(
                "a proposal's authority is the DAO's treasury: drop --print-tx and --authority"
            ));
        }
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
    if let Some(p) = &who.propose {
        return propose(client, p, ix(&p.dao.treasury()), what).await;
    }
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
    if who.sends() {
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
    if add && who.sends() {
        client.confirm(&format!("blacklist {vote}"))?;
    }
    let what = if add { "blacklist add" } else { "blacklist remove" };
    submit(client, who, |a| client_ix::set_blacklist(&config, a, vote, add), what).await
}

/// `pause` / `resume`.
pub async fn pause(client: &Client, pool_address: &Pubkey, paused: bool, who: &Authority) -> Result<()> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let config = pool.steward()?.addresses.config;
    if paused && who.sends() {
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

/// The DAO of `pool`'s steward in the realm `realm`: its governance must exist.
pub async fn resolve(client: &Client, pool_address: &Pubkey, realm: &Pubkey) -> Result<(Dao, GovernanceV2)> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let config = pool.steward()?.addresses.config;
    let realm_account = client.account(realm).await?.ok_or_else(|| anyhow!("no realm at {realm}"))?;
    if realm_account.owner != GOVERNANCE_PROGRAM_ID {
        return Err(anyhow!("{realm} is not an SPL Governance realm"));
    }
    let mint = gov::decode::<RealmV2>(&realm_account.data)
        .ok_or_else(|| anyhow!("{realm}: not a realm"))?
        .community_mint;
    let dao = Dao::at(*realm, mint, None, &config);
    let account = client
        .account(&dao.governance)
        .await?
        .ok_or_else(|| anyhow!("the realm has no governance of the steward config {config}"))?;
    let governance = gov::decode::<GovernanceV2>(&account.data)
        .ok_or_else(|| anyhow!("{}: not a governance", dao.governance))?;
    Ok((dao, governance))
}

/// Creates the proposal holding `action`, signed off and open for votes.
async fn propose(client: &Client, p: &Proposing, action: Instruction, what: &str) -> Result<()> {
    let treasury = p.dao.treasury();
    if let Some(other) = action.accounts.iter().find(|a| a.is_signer && a.pubkey != treasury) {
        return Err(anyhow!(
            "{what} needs {} to sign besides the DAO's treasury: the DAO cannot execute it",
            other.pubkey
        ));
    }
    PROPOSED.store(true, std::sync::atomic::Ordering::Relaxed);
    let me = client.payer()?.pubkey();
    member(client, &p.dao.realm, &p.dao.community_mint, &me).await?;
    let seed = Keypair::new().pubkey();
    let name = p.name.clone().unwrap_or_else(|| what.to_string());
    let ixs = p.dao.propose(&name, &p.description, std::slice::from_ref(&action), &seed, p.hold_up, &me, &me);
    let (signature, _) = client.send(ixs, &[]).await?;
    let proposal = p.dao.proposal(&seed);
    emit(
        client.format,
        &json!({ "action": what, "proposal": proposal.to_string(), "signature": signature.to_string() }),
        || format!("proposed \"{name}\": {proposal}\n(vote: lst dao vote {proposal} yes)"),
    );
    Ok(())
}

/// `owner` has governing tokens of `mint` deposited in `realm` (its token owner record exists).
async fn member(client: &Client, realm: &Pubkey, mint: &Pubkey, owner: &Pubkey) -> Result<()> {
    if client.account(&gov::token_owner_record_address(realm, mint, owner)).await?.is_none() {
        return Err(anyhow!(
            "{owner} has no tokens deposited in the realm {realm}: deposit some to propose or vote"
        ));
    }
    Ok(())
}

async fn load_proposal(client: &Client, proposal: &Pubkey) -> Result<(Proposal, GovernanceV2)> {
    let account = client.account(proposal).await?.ok_or_else(|| anyhow!("no proposal at {proposal}"))?;
    let decoded = Proposal::decode(&account.data).ok_or_else(|| anyhow!("{proposal} is not a proposal"))?;
    let governance = client
        .account(&decoded.governance)
        .await?
        .and_then(|a| gov::decode::<GovernanceV2>(&a.data))
        .ok_or_else(|| anyhow!("{proposal}: its governance is missing"))?;
    Ok((decoded, governance))
}

/// `dao vote`: the keypair (a member) votes on `proposal`.
pub async fn vote(client: &Client, proposal: &Pubkey, vote: &str) -> Result<()> {
    let (p, governance) = load_proposal(client, proposal).await?;
    let choice = match vote {
        "yes" => Vote::yes(),
        "no" => Vote::Deny,
        "veto" => Vote::Veto,
        other => return Err(anyhow!("vote yes, no or veto, not {other}")),
    };
    // A veto is cast by the council, with its own mint and records.
    let mint = if choice == Vote::Veto {
        let realm =
            client.account(&governance.realm).await?.ok_or_else(|| anyhow!("the realm is missing"))?;
        gov::decode::<RealmV2>(&realm.data)
            .and_then(|r| r.config.council_mint)
            .ok_or_else(|| anyhow!("the realm has no council to veto"))?
    } else {
        p.governing_token_mint
    };
    let at = ProposalAt { mint, ..p.at(*proposal, governance.realm) };
    let me = client.payer()?.pubkey();
    member(client, &at.realm, &at.mint, &me).await?;
    let (signature, _) = client.send(vec![at.vote(&me, &choice, &me)], &[]).await?;
    let (after, _) = load_proposal(client, proposal).await?;
    let state = after.state.name();
    let value = json!({ "proposal": proposal.to_string(), "vote": vote, "state": state,
        "signature": signature.to_string() });
    emit(client.format, &value, || format!("voted {vote}: the proposal is {state}"));
    Ok(())
}

/// Waits for `proposal`'s transaction of hold-up `hold_up` to become executable when that is at
/// most `patience` seconds away (the program executes strictly after the hold-up: a hold-up of 0
/// still needs the next second).
pub async fn wait_executable(
    client: &Client,
    proposal: &Proposal,
    hold_up: u32,
    patience: i64,
) -> Result<()> {
    let Some(completed) = proposal.voting_completed_at else { return Ok(()) };
    let executable = completed + i64::from(hold_up) + 1;
    let left = executable - client.unix_time().await?;
    if left > patience {
        return Err(anyhow!("the hold-up is not over: executable in {}", duration(left)));
    }
    while client.unix_time().await? < executable {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Ok(())
}

/// `dao execute`: anyone executes a passed proposal's transactions not executed yet, one by one in
/// index order, each once its hold-up is over (waiting up to 10 seconds for it).
pub async fn execute(client: &Client, proposal: &Pubkey) -> Result<()> {
    let (mut p, governance) = load_proposal(client, proposal).await?;
    if p.state == ProposalState::Voting {
        // A vote that ran its full time (no early tipping) is closed by anyone first.
        let Some(voting_at) = p.voting_at else { bail!("the proposal is voting but has no start") };
        let ends = governance.config.voting_ends(voting_at);
        let left = ends - client.unix_time().await?;
        if left >= 10 {
            bail!("the vote is not over: it ends in {}", duration(left));
        }
        while client.unix_time().await? <= ends {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        client.send(vec![p.at(*proposal, governance.realm).finalize()], &[]).await?;
        p = load_proposal(client, proposal).await?.0;
    }
    let executable = [ProposalState::Succeeded, ProposalState::Executing, ProposalState::ExecutingWithErrors];
    if !executable.contains(&p.state) {
        return Err(anyhow!("the proposal is {}: only a passed one executes", p.state.name()));
    }
    let count = p.options.first().map_or(0, |o| o.transactions_count);
    let mut signatures = Vec::new();
    for index in 0..count {
        let address = proposal_transaction_address(proposal, 0, index);
        let account =
            client.account(&address).await?.ok_or_else(|| anyhow!("transaction {index} is missing"))?;
        let transaction = gov::decode::<ProposalTransactionV2>(&account.data)
            .ok_or_else(|| anyhow!("{address}: not a proposal transaction"))?;
        let [action] = transaction.instructions.as_slice() else {
            return Err(anyhow!(
                "transaction {index} holds {} instructions: lst executes one each",
                transaction.instructions.len()
            ));
        };
        if transaction.executed_at.is_some() {
            continue;
        }
        wait_executable(client, &p, transaction.hold_up_time, 10).await?;
        let action = Instruction::from(action.clone());
        let (signature, _) =
            client.send(vec![gov::execute(&p.governance, proposal, index, &action)], &[]).await?;
        signatures.push(signature.to_string());
    }
    emit(client.format, &json!({ "proposal": proposal.to_string(), "signatures": signatures }), || {
        format!("executed {} transaction(s): {}", signatures.len(), signatures.join(", "))
    });
    Ok(())
}

/// `dao proposals`: the proposals of the pool's DAO: state, votes, time left.
pub async fn proposals(client: &Client, dao: &Dao, governance: &GovernanceV2) -> Result<()> {
    let filters: [(usize, &[u8]); 2] = [(0, &[account_type::<ProposalV2>()]), (1, dao.governance.as_ref())];
    let now = client.unix_time().await?;
    let mut rows = Vec::new();
    for (address, data) in client.program_accounts(&GOVERNANCE_PROGRAM_ID, &filters).await? {
        let Some(p) = Proposal::decode(&data) else { continue };
        let config = &governance.config;
        let left = match p.state {
            ProposalState::Voting => p.voting_at.map(|at| config.voting_ends(at) - now),
            // Executable strictly after the hold-up.
            ProposalState::Succeeded => {
                p.voting_completed_at.map(|at| at + i64::from(config.min_transaction_hold_up_time) + 1 - now)
            }
            _ => None,
        };
        rows.push(json!({ "proposal": address.to_string(), "name": p.name, "state": p.state.name(),
            "yes": p.yes(), "no": p.no(), "max_vote_weight": p.max_vote_weight,
            "seconds_left": left.map(|s| s.max(0)) }));
    }
    let value = json!({ "realm": dao.realm.to_string(), "governance": dao.governance.to_string(), "proposals": rows });
    emit(client.format, &value, || {
        let mut text = format!("realm {}, governance {}\n", dao.realm, dao.governance);
        for r in &rows {
            let left = match r["seconds_left"].as_i64() {
                Some(s) if r["state"] == "voting" => format!("{} left to vote", duration(s)),
                Some(s) => format!("executable in {}", duration(s)),
                None => String::new(),
            };
            text.push_str(&format!(
                "{}  {:<10} yes {:>6} no {:>6}  {}  {}\n",
                r["proposal"].as_str().unwrap_or(""),
                r["state"].as_str().unwrap_or(""),
                r["yes"],
                r["no"],
                r["name"].as_str().unwrap_or(""),
                left
            ));
        }
        if rows.is_empty() {
            text.push_str("no proposals\n");
        }
        text
    });
    Ok(())
}

/// Seconds as days, hours, minutes.
fn duration(seconds: i64) -> String {
    match seconds {
        s if s >= 86_400 => format!("{}d {}h", s / 86_400, s % 86_400 / 3_600),
        s if s >= 3_600 => format!("{}h {}m", s / 3_600, s % 3_600 / 60),
        s => format!("{}m {}s", s / 60, s % 60),
    }
}
