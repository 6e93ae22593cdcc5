//! Admins: create a pool with its steward, list and remove validators.

use {
    crate::{
        amount,
        client::{Client, Instruction},
        output::{emit, pairs},
        pool::PoolInfo,
    },
    anchor_lang::prelude::{AccountMeta, Pubkey},
    anyhow::{anyhow, bail, Context, Result},
    lst_sdk::{
        instructions::{
            self, associated_token_address, create_associated_token_account_idempotent, InitializeAccounts,
        },
        steward::{self as client_ix, InitializeArgs, StewardAddresses, STATE_ACCOUNT_LEN},
        Fee,
    },
    serde_json::json,
    solana_keypair::Keypair,
    solana_signer::Signer,
    solana_system_interface::instruction::create_account,
    stake_pool::state::{validator_list, StakePool},
    steward::state::{AuthorityKind, Parameters},
};

use lst_sdk::interface::id::{
    RENT_SYSVAR, STAKE_PROGRAM as STAKE_PROGRAM_ID, TOKEN_PROGRAM as TOKEN_PROGRAM_ID,
};
const MINT_LEN: usize = 82;
const STAKE_LEN: usize = lst_sdk::interface::stake::ACCOUNT_LEN;

/// How a new pool is set up.
pub struct PoolSetup {
    /// The stake-pool program (ours or SPL's).
    pub program: Pubkey,
    /// Validator list capacity.
    pub max_validators: u32,
    /// Epoch fee.
    pub epoch_fee: Fee,
    /// Withdrawal fee.
    pub withdrawal_fee: Fee,
    /// Deposit fee.
    pub deposit_fee: Fee,
    /// Referral share of deposit fees, percent.
    pub referral_fee: u8,
    /// SOL in the reserve at creation (funds the first validators' minimum stake).
    pub reserve_lamports: u64,
    /// The steward's parameters.
    pub parameters: Parameters,
}

fn initialize_mint(mint: &Pubkey, authority: &Pubkey, decimals: u8) -> Instruction {
    let mut data = vec![20, decimals];
    data.extend_from_slice(authority.as_ref());
    data.push(0);
    Instruction { program_id: TOKEN_PROGRAM_ID, accounts: vec![AccountMeta::new(*mint, false)], data }
}

fn initialize_stake(stake: &Pubkey, authority: &Pubkey) -> Instruction {
    let mut data = 0u32.to_le_bytes().to_vec();
    data.extend_from_slice(authority.as_ref());
    data.extend_from_slice(authority.as_ref());
    data.extend_from_slice(&[0u8; 48]);
    Instruction {
        program_id: STAKE_PROGRAM_ID,
        accounts: vec![AccountMeta::new(*stake, false), AccountMeta::new_readonly(RENT_SYSVAR, false)],
        data,
    }
}

/// `create-pool`: the pool, its list, LST mint, manager fee account and reserve; then the steward
/// (config, state, cluster history), which takes over as the pool's staker. The keypair is manager.
pub async fn create_pool(client: &Client, setup: &PoolSetup) -> Result<Pubkey> {
    setup.parameters.validate().map_err(|_| anyhow!("steward parameters out of bounds"))?;
    let payer = client.payer()?;
    let me = payer.pubkey();
    let (pool, list, mint, reserve, state) =
        (Keypair::new(), Keypair::new(), Keypair::new(), Keypair::new(), Keypair::new());
    let program = setup.program;
    let withdraw_authority = lst_sdk::pda::find_withdraw_authority(&program, &pool.pubkey()).0;
    let list_len = validator_list::len_for_max_validators(setup.max_validators);
    let needed = client.rent(StakePool::MAX_LEN).await?
        + client.rent(list_len).await?
        + client.rent(MINT_LEN).await?
        + client.rent(STAKE_LEN).await?
        + setup.reserve_lamports
        + client.rent(STATE_ACCOUNT_LEN).await?
        + 50_000_000;
    let have = client.balance(&me).await?;
    if have < needed {
        bail!(
            "insufficient balance: creating a pool and its steward needs about {} SOL, you have {}",
            amount::format(needed),
            amount::format(have)
        );
    }

    // If a later step fails, say what exists already (its rent is the creator's to recover).
    let created = |step: &str| {
        format!(
            "{step} failed; created so far (keypairs not saved): pool {}, list {}, mint {}, reserve {}, state {}",
            pool.pubkey(),
            list.pubkey(),
            mint.pubkey(),
            reserve.pubkey(),
            state.pubkey()
        )
    };
    client
        .send(
            vec![
                create_account(
                    &me,
                    &pool.pubkey(),
                    client.rent(StakePool::MAX_LEN).await?,
                    StakePool::MAX_LEN as u64,
                    &program,
                ),
                create_account(&me, &list.pubkey(), client.rent(list_len).await?, list_len as u64, &program),
            ],
            &[&pool, &list],
        )
        .await
        .with_context(|| created("creating the pool and list accounts"))?;
    let reserve_lamports = client.rent(STAKE_LEN).await? + setup.reserve_lamports;
    client
        .send(
            vec![
                create_account(
                    &me,
                    &mint.pubkey(),
                    client.rent(MINT_LEN).await?,
                    MINT_LEN as u64,
                    &TOKEN_PROGRAM_ID,
                ),
                initialize_mint(&mint.pubkey(), &withdraw_authority, 9),
                create_account(&me, &reserve.pubkey(), reserve_lamports, STAKE_LEN as u64, &STAKE_PROGRAM_ID),
                initialize_stake(&reserve.pubkey(), &withdraw_authority),
                create_associated_token_account_idempotent(&me, &me, &mint.pubkey(), &TOKEN_PROGRAM_ID),
            ],
            &[&mint, &reserve],
        )
        .await
        .with_context(|| created("creating the mint and reserve"))?;
    let accounts = InitializeAccounts {
        stake_pool: pool.pubkey(),
        manager: me,
        staker: me,
        withdraw_authority,
        validator_list: list.pubkey(),
        reserve_stake: reserve.pubkey(),
        pool_mint: mint.pubkey(),
        manager_fee_account: associated_token_address(&me, &mint.pubkey(), &TOKEN_PROGRAM_ID),
        token_program: TOKEN_PROGRAM_ID,
        deposit_authority: None,
    };
    let init = instructions::initialize(
        &program,
        &accounts,
        setup.epoch_fee,
        setup.withdrawal_fee,
        setup.deposit_fee,
        setup.referral_fee,
        setup.max_validators,
    );
    client.send(vec![init], &[]).await.with_context(|| created("initializing the pool"))?;

    let state_rent = client.rent(STATE_ACCOUNT_LEN).await?;
    let args = InitializeArgs {
        admin: me,
        parameters_authority: me,
        blacklist_authority: me,
        oracle_authority: me,
        parameters: setup.parameters,
    };
    let steward =
        StewardAddresses::new(program, pool.pubkey(), list.pubkey(), reserve.pubkey(), state.pubkey());
    client
        .send(
            vec![
                create_account(
                    &me,
                    &state.pubkey(),
                    state_rent,
                    STATE_ACCOUNT_LEN as u64,
                    &lst_sdk::STEWARD_PROGRAM_ID,
                ),
                client_ix::initialize_steward(&me, &me, &pool.pubkey(), &state.pubkey(), args),
                instructions::set_staker(&program, &pool.pubkey(), &me, &steward.staker),
            ],
            &[&state],
        )
        .await
        .with_context(|| created("creating the steward"))?;
    let value = json!({ "pool": pool.pubkey().to_string(), "program": program.to_string(), "mint": mint.pubkey().to_string(),
        "validator_list": list.pubkey().to_string(), "reserve": reserve.pubkey().to_string(),
        "steward_config": steward.config.to_string(), "steward_state": state.pubkey().to_string(), "staker": steward.staker.to_string() });
    emit(client.format, &value, || {
        pairs(&[
            ("pool", pool.pubkey().to_string()),
            ("LST mint", mint.pubkey().to_string()),
            ("reserve", format!("{} ({} SOL)", reserve.pubkey(), amount::format(setup.reserve_lamports))),
            ("steward config", steward.config.to_string()),
            ("staker (steward PDA)", steward.staker.to_string()),
        ])
    });
    Ok(pool.pubkey())
}

/// `add-validator`: copies the validator's vote account into its history and lists it through the
/// steward, which checks the admission rules.
pub async fn add_validator(client: &Client, pool_address: &Pubkey, vote: &Pubkey) -> Result<()> {
    let payer = client.payer()?.pubkey();
    let pool = PoolInfo::load(client, pool_address).await?;
    let st = pool.steward()?;
    if pool.list.iter().any(|e| e.vote == *vote) {
        bail!("{vote} is already a validator of the pool");
    }
    let vote_account = client.account(vote).await?.ok_or_else(|| anyhow!("vote account {vote} not found"))?;
    if vote_account.owner != steward::constants::VOTE_PROGRAM_ID {
        bail!("{vote} is not a vote account");
    }
    let needed = client.rent(STAKE_LEN).await?.saturating_mul(2)
        + client.rpc.get_stake_minimum_delegation().await?.max(1_000_000);
    if pool.reserve_lamports < needed {
        bail!(
            "the reserve holds {} SOL; listing a validator takes {} SOL from it: deposit SOL first",
            amount::format(pool.reserve_lamports),
            amount::format(needed)
        );
    }
    let config = st.addresses.config;
    let mut ixs = Vec::new();
    if client.account(&client_ix::history_address(&config, vote)).await?.is_none() {
        ixs.push(client_ix::init_validator_history(&config, &payer, vote));
    }
    ixs.push(client_ix::copy_vote_account(&config, vote));
    ixs.push(st.addresses.add_validator(vote));
    let (signature, _) = client.send(ixs, &[]).await?;
    emit(client.format, &json!({ "added": vote.to_string(), "signature": signature.to_string() }), || {
        format!("added {vote}: {signature}")
    });
    Ok(())
}

/// `token-metadata`: the manager (the keypair) names the pool token through Metaplex — creates the
/// metadata account the first time (the keypair pays for it), updates it afterwards.
pub async fn token_metadata(
    client: &Client,
    pool_address: &Pubkey,
    name: &str,
    symbol: &str,
    uri: &str,
) -> Result<()> {
    // Metaplex's limits, checked here so that a bad value is one clear line and nothing is sent.
    for (what, value, max) in [("name", name, 32), ("symbol", symbol, 10), ("uri", uri, 200)] {
        if value.len() > max {
            bail!("the {what} is {} bytes; Metaplex takes at most {max}", value.len());
        }
    }
    let manager = client.payer()?.pubkey();
    let pool = PoolInfo::load(client, pool_address).await?;
    if pool.state.manager != manager {
        bail!("{manager} is not the pool's manager ({})", pool.state.manager);
    }
    let mint = pool.state.pool_mint;
    let metadata = lst_sdk::pda::find_metadata_account(&mint).0;
    let update = client.account(&metadata).await?.is_some();
    let ix = lst_sdk::instructions::token_metadata(
        &pool.program,
        pool_address,
        &manager,
        &mint,
        &manager,
        update,
        name,
        symbol,
        uri,
    );
    let (signature, _) = client.send(vec![ix], &[]).await?;
    let action = if update { "updated" } else { "created" };
    emit(
        client.format,
        &json!({ "metadata": metadata.to_string(), "action": action, "signature": signature.to_string() }),
        || format!("{action} the token metadata {metadata} ({name}, {symbol}): {signature}"),
    );
    Ok(())
}

/// `remove-validator`: the admin starts removing a validator (its stake deactivates and returns to the
/// reserve over the next epoch).
pub async fn remove_validator(client: &Client, pool_address: &Pubkey, vote: &Pubkey) -> Result<()> {
    let admin = client.payer()?.pubkey();
    let pool = PoolInfo::load(client, pool_address).await?;
    let st = pool.steward()?;
    let index = st
        .state
        .slots
        .iter()
        .position(|s| s.vote_account == *vote)
        .ok_or_else(|| anyhow!("{vote} is not a validator of the pool"))?;
    let entry = pool
        .list
        .iter()
        .find(|e| e.vote == *vote)
        .ok_or_else(|| anyhow!("{vote} is not in the validator list"))?;
    client.confirm(&format!("remove validator {vote} (its stake returns to the reserve)"))?;
    let ix = st.addresses.remove_validator(
        index as u32,
        vote,
        entry.validator_seed,
        entry.transient_seed,
        Some(admin),
    );
    let (signature, _) = client.send(vec![ix], &[]).await?;
    emit(client.format, &json!({ "removed": vote.to_string(), "signature": signature.to_string() }), || {
        format!("removing {vote}: {signature}")
    });
    Ok(())
}

/// How `dao init` sets up the DAO.
pub struct DaoSetup {
    /// The realm's name.
    pub name: String,
    /// Community tokens minted, all to the keypair, all deposited.
    pub supply: u64,
    /// Yes votes needed, percent of the supply.
    pub threshold_percent: u8,
    /// Seconds between a vote passing and its execution.
    pub hold_up: u32,
    /// Seconds a vote runs.
    pub voting_time: u32,
    /// Hand the steward's admin (pause, resume, validators) to the DAO too.
    pub with_admin: bool,
    /// Council tokens minted, all to the keypair, all deposited (0: no council). The council may
    /// veto a community proposal while it is voted on; it can neither pass nor create one.
    pub council_supply: u64,
    /// When a community vote may end early: `Disabled` (every vote runs its full time, so the
    /// council sees every proposal) or `Strict` (as soon as the threshold is reached: quick, but a
    /// holder above the threshold passes a proposal before the council can veto it).
    pub tipping: lst_sdk::governance::VoteTipping,
}

/// Creates a mint of `supply` tokens (no decimals), all in `owner`'s associated account; returns
/// the mint and that account.
async fn mint_all(client: &Client, owner: &Pubkey, supply: u64, what: &str) -> Result<(Pubkey, Pubkey)> {
    let mint = Keypair::new();
    let tokens = associated_token_address(owner, &mint.pubkey(), &TOKEN_PROGRAM_ID);
    let mut mint_to = vec![7u8];
    mint_to.extend_from_slice(&supply.to_le_bytes());
    let ixs = vec![
        create_account(
            owner,
            &mint.pubkey(),
            client.rent(MINT_LEN).await?,
            MINT_LEN as u64,
            &TOKEN_PROGRAM_ID,
        ),
        initialize_mint(&mint.pubkey(), owner, 0),
        create_associated_token_account_idempotent(owner, owner, &mint.pubkey(), &TOKEN_PROGRAM_ID),
        Instruction {
            program_id: TOKEN_PROGRAM_ID,
            accounts: vec![
                AccountMeta::new(mint.pubkey(), false),
                AccountMeta::new(tokens, false),
                AccountMeta::new_readonly(*owner, true),
            ],
            data: mint_to,
        },
    ];
    client.send(ixs, &[&mint]).await.context(what.to_string())?;
    Ok((mint.pubkey(), tokens))
}

/// `SetAuthority` (mint tokens) of `mint` from `owner` to `new`.
fn hand_mint(mint: &Pubkey, owner: &Pubkey, new: &Pubkey) -> Instruction {
    let mut data = vec![6u8, 0, 1];
    data.extend_from_slice(new.as_ref());
    Instruction {
        program_id: TOKEN_PROGRAM_ID,
        accounts: vec![AccountMeta::new(*mint, false), AccountMeta::new_readonly(*owner, true)],
        data,
    }
}

/// `dao init`: the steward's admin (your keypair) creates the DAO that will own the steward: a
/// community mint of `supply` tokens, all yours and deposited; a realm; a governance of the steward
/// config and its native treasury, which becomes the mint's authority (the realm's authority
/// becomes the governance); then offers the parameters and blacklist authorities (the admin with
/// `with_admin`, and the bonds authority when the keypair holds it) to the treasury, proposes that it accept them and votes yes. The proposal passes at once;
/// anyone executes it (`lst dao execute`) after the hold-up. Returns the DAO and the proposal.
pub async fn dao_init(
    client: &Client,
    pool_address: &Pubkey,
    setup: &DaoSetup,
) -> Result<(lst_sdk::governance::Dao, Pubkey)> {
    use lst_sdk::governance::{self as gov, Dao, DaoRules, GovernanceConfig, Vote};
    let pool = PoolInfo::load(client, pool_address).await?;
    let config = pool.steward()?.addresses.config;
    let me = client.payer()?.pubkey();
    let held = &pool.steward()?.config;
    if held.admin != me {
        bail!("your keypair is not the steward's admin");
    }
    // Each authority is offered by its holder: the keypair must hold those it hands over.
    if held.parameters_authority != me || held.blacklist_authority != me {
        bail!(
            "your keypair holds neither or only one of the parameters ({}) and blacklist ({}) authorities",
            held.parameters_authority,
            held.blacklist_authority
        );
    }
    let (mint, tokens) = mint_all(client, &me, setup.supply, "community mint").await?;
    let council = match setup.council_supply {
        0 => None,
        supply => Some(mint_all(client, &me, supply, "council mint").await?),
    };
    let dao = Dao::new(&setup.name, mint, council.map(|(m, _)| m), &config);
    let mut ixs =
        vec![dao.create_realm(&setup.name, &me, &me), dao.deposit(&mint, &tokens, &me, setup.supply, &me)];
    if let Some((council_mint, council_tokens)) = council {
        ixs.push(dao.deposit(&council_mint, &council_tokens, &me, setup.council_supply, &me));
    }
    client.send(ixs, &[]).await.context("realm")?;
    let mut rules = GovernanceConfig::community(setup.threshold_percent, setup.hold_up, setup.voting_time)
        .with_tipping(setup.tipping);
    if council.is_some() {
        // The council is a guard, not a second legislature: it vetoes, it does not pass.
        rules = rules.with_council_veto();
    }
    let ixs =
        vec![dao.create_governance(&config, &rules, &dao.member(&me), &me, &me), dao.create_treasury(&me)];
    client.send(ixs, &[]).await.context("governance")?;
    let treasury = dao.treasury();
    // No key keeps power over the DAO: more community tokens are minted only by its treasury (a
    // vote), and the realm's config (voter-weight add-ins, mints) changes only by its governance.
    let mut ixs = vec![hand_mint(&mint, &me, &treasury), dao.hand_realm_to_governance(&me)];
    if let Some((council_mint, _)) = council {
        ixs.push(hand_mint(&council_mint, &me, &treasury));
    }
    client.send(ixs, &[]).await.context("mint and realm authorities")?;
    let mut kinds = vec![AuthorityKind::Parameters, AuthorityKind::Blacklist];
    if setup.with_admin {
        kinds.push(AuthorityKind::Admin);
    }
    // The admin offers each authority to the treasury; one proposal accepts them all, voted at once.
    let mut offers: Vec<_> =
        kinds.iter().map(|kind| client_ix::set_authority(&config, &me, *kind, &treasury)).collect();
    let mut accepts: Vec<_> =
        kinds.iter().map(|kind| client_ix::accept_authority(&config, &treasury, *kind)).collect();
    // The bonds authority (lock-up, fee shares, insurance cover) too, when the pool has bonds and
    // the keypair holds it.
    let bonds = lst_sdk::bonds::BondsAddresses::new(config, pool.address, pool.state.reserve_stake);
    let bonds_authority = match client.account(&bonds.config).await? {
        Some(account) => Some(lst_sdk::bonds::decode_config(&account.data)?.authority),
        None => None,
    };
    let bonds_handed = bonds_authority == Some(me);
    if bonds_handed {
        offers.push(bonds.offer_authority(&me, &treasury));
        accepts.push(bonds.accept_authority(&treasury));
    }
    client.send(offers, &[]).await.context("authorities offered")?;
    let seed = Keypair::new().pubkey();
    let name = "the DAO takes the steward's authorities";
    client.send(dao.propose(name, "", &accepts, &seed, setup.hold_up, &me, &me), &[]).await?;
    client.send(vec![dao.vote(&seed, &me, &me, &Vote::yes(), &me)], &[]).await?;
    let pending = dao.proposal(&seed);
    let value = json!({ "realm": dao.realm.to_string(), "community_mint": mint.to_string(),
        "council_mint": council.map(|(m, _)| m.to_string()),
        "governance": dao.governance.to_string(), "treasury": treasury.to_string(),
        "proposal": pending.to_string(), "bonds_authority_handed": bonds_handed,
        "realms_url": format!("https://app.realms.today/dao/{}", dao.realm),
        "program": gov::GOVERNANCE_PROGRAM_ID.to_string() });
    emit(client.format, &value, || {
        let mut text = pairs(&[
            ("realm", dao.realm.to_string()),
            ("community mint", mint.to_string()),
            ("council mint (veto)", council.map_or("none".into(), |(m, _)| m.to_string())),
            ("governance", dao.governance.to_string()),
            ("treasury (the steward's authorities)", treasury.to_string()),
        ]);
        match bonds_authority {
            Some(_) if bonds_handed => text.push_str("\nthe bonds authority goes to the treasury too"),
            Some(holder) => text.push_str(&format!(
                "\nthe bonds authority stays with {holder}: it may offer it (lst bond set-authority {treasury})"
            )),
            None => {}
        }
        text.push_str(&format!(
            "\n{}; once its hold-up ({} s) is over, anyone runs: lst dao execute {pending}",
            if setup.tipping == lst_sdk::governance::VoteTipping::Disabled {
                format!("your yes is cast; the vote runs its full {} s", setup.voting_time)
            } else {
                "the vote passed".to_string()
            },
            setup.hold_up
        ));
        text
    });
    Ok((dao, pending))
}
