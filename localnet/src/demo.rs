//! The local-cluster demo: sixteen validators with different commissions and MEV behaviour, users
//! depositing and withdrawing, rewards and MEV tips landing in stake accounts each epoch (the local
//! cluster pays no inflation), the keeper cranking at the scoring and instant-unstake points; ten
//! validators post bonds, and the pool's fees fill the insurance fund. Prints a per-epoch table and
//! writes the chart (SVG and PNG, [`crate::chart`]).

use {
    crate::surfnet::Surfnet,
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, Result},
    lst_cli::{
        amount,
        client::Client,
        commands::{admin, crank, user},
        pool::PoolInfo,
    },
    lst_sdk::{governance::Vote, steward as client_ix, tip_distribution},
    solana_keypair::Keypair,
    solana_signer::Signer,
    solana_vote_interface::{
        instruction::{create_account_with_config, update_commission, CreateVoteAccountConfig},
        state::{VoteInit, VoteStateVersions},
    },
    steward::state::{flag, Parameters, ParametersUpdate},
};

const SOL: u64 = lst_cli::amount::UNITS;
use steward::constants::VOTE_PROGRAM_ID;

/// One simulated validator.
pub struct Validator {
    /// Identity (also the vote account's withdrawer).
    pub identity: Keypair,
    /// Vote account.
    pub vote: Pubkey,
    /// Commission, percent.
    pub commission: u8,
    /// MEV commission, bps.
    pub mev_commission_bps: u16,
    /// Runs an MEV-enabled client until this epoch (exclusive) of the demo; `None` = always.
    pub mev_until: Option<u64>,
    /// Share of the cluster's blocks it votes on, bps.
    pub vote_share_bps: u64,
}

/// What the demo records each epoch.
pub struct EpochRow {
    /// Demo epoch (0-based).
    pub epoch: u64,
    /// Lamports per pool token.
    pub rate: f64,
    /// Pool lamports.
    pub tvl: u64,
    /// Annualized yield from the rate change since the previous epoch.
    pub apy: Option<f64>,
    /// Active plus transient lamports per validator, in list order.
    pub stakes: Vec<(Pubkey, u64)>,
    /// What the steward did.
    pub actions: String,
    /// Events the chart marks on the epoch.
    pub marks: Vec<Mark>,
}

/// An event the chart marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A validator stopped running an MEV-enabled client.
    MevClientOff,
    /// A validator raised its commission above the steward's limit.
    CommissionRug,
    /// The steward instantly unstaked a validator.
    InstantUnstake,
    /// A settlement paid stakers from a validator's bond.
    BondPaid,
    /// The DAO changed a parameter by vote.
    DaoVote,
}

/// The epoch's inflation the demo pays: 1,000 SOL over points such that full credits earn 1/2,500
/// of the stake per epoch, `(total points, total rewards)`.
fn epoch_totals(slots_in_epoch: u64) -> (u128, u64) {
    let rewards = 1_000 * SOL;
    let points = u128::from(rewards) * 2_500 * u128::from(slots_in_epoch) * u128::from(CREDITS_PER_SLOT);
    (points, rewards)
}

/// Local cluster only: the epoch-rewards sysvar as the runtime leaves it once an epoch's rewards are
/// paid (surfpool pays none): `(total points, total rewards)`, all distributed.
pub async fn set_epoch_rewards(client: &Client, (points, rewards): (u128, u64)) -> Result<()> {
    // bincode of `EpochRewards`: distribution start (u64), partitions (u64), parent blockhash (32),
    // total points (u128), total rewards (u64), distributed (u64), active (bool).
    let height = client.clock().await?.slot;
    let mut data = Vec::with_capacity(81);
    data.extend_from_slice(&height.to_le_bytes());
    data.extend_from_slice(&1u64.to_le_bytes());
    data.extend_from_slice(&[0; 32]);
    data.extend_from_slice(&points.to_le_bytes());
    data.extend_from_slice(&rewards.to_le_bytes());
    data.extend_from_slice(&rewards.to_le_bytes());
    data.push(0);
    let address = Pubkey::from_str_const("SysvarEpochRewards1111111111111111111111111");
    let lamports =
        client.account(&address).await?.map_or(0, |a| a.lamports).max(client.rent(data.len()).await?);
    let sysvar_owner = Pubkey::from_str_const("Sysvar1111111111111111111111111111111111111");
    client.set_account(&address, lamports, &sysvar_owner, &data).await
}

/// What the runtime would pay `vote`'s stakers for `epoch` from: the pool's stake and the commission
/// (bps) the steward recorded, and the epoch's final credits (the vote account's; the steward's copy
/// of them is taken after this). `None` while any is missing.
async fn recorded(
    client: &Client,
    config: &Pubkey,
    vote: &Pubkey,
    epoch: u64,
) -> Result<Option<(u64, u64, u16)>> {
    use steward::state::history::unset;
    let Some(account) = client.account(&client_ix::history_address(config, vote)).await? else {
        return Ok(None);
    };
    let history = client_ix::decode_history(&account.data)?;
    let Some(entry) = u16::try_from(epoch).ok().and_then(|e| history.entry(e)) else { return Ok(None) };
    let set = entry.pool_stake_lamports != unset::U64 && entry.commission_bps != unset::U16;
    let credits = final_credits(client, vote, epoch).await?;
    Ok(set.then_some((entry.pool_stake_lamports, credits, entry.commission_bps)))
}

/// The credits `vote` earned in `epoch`, from its vote account.
async fn final_credits(client: &Client, vote: &Pubkey, epoch: u64) -> Result<u64> {
    let account = client.account(vote).await?.ok_or_else(|| anyhow!("vote account {vote} missing"))?;
    let versions = VoteStateVersions::deserialize(&account.data).map_err(|e| anyhow!("vote state: {e:?}"))?;
    let list = match &versions {
        VoteStateVersions::V4(state) => &state.epoch_credits,
        VoteStateVersions::V3(state) => &state.epoch_credits,
        _ => return Err(anyhow!("unexpected vote state version")),
    };
    Ok(list
        .iter()
        .find(|(e, _, _)| *e == epoch)
        .map_or(0, |(_, total, previous)| total.saturating_sub(*previous)))
}

/// Local cluster only: sets the vote credits `vote` earned in `epoch` (surfpool does not vote).
pub async fn set_credits(client: &Client, vote: &Pubkey, epoch: u64, credits: u64) -> Result<()> {
    let account = client.account(vote).await?.ok_or_else(|| anyhow!("vote account {vote} missing"))?;
    let mut versions =
        VoteStateVersions::deserialize(&account.data).map_err(|e| anyhow!("vote state: {e:?}"))?;
    let list = match &mut versions {
        VoteStateVersions::V4(state) => &mut state.epoch_credits,
        VoteStateVersions::V3(state) => &mut state.epoch_credits,
        _ => return Err(anyhow!("unexpected vote state version")),
    };
    // Rebuild the running totals with `epoch` earning `credits`.
    let mut earned: std::collections::BTreeMap<u64, u64> =
        list.iter().map(|(e, total, previous)| (*e, total.saturating_sub(*previous))).collect();
    earned.insert(epoch, credits);
    let keep = earned.len().saturating_sub(64);
    let mut total = 0u64;
    *list = earned
        .into_iter()
        .skip(keep)
        .map(|(e, c)| {
            let previous = total;
            total = total.saturating_add(c);
            (e, total, previous)
        })
        .collect();
    let mut data = bincode::serialize(&versions)?;
    data.resize(account.data.len(), 0);
    client.set_account(vote, account.lamports, &VOTE_PROGRAM_ID, &data).await
}

/// Credits per voted slot (timely vote credits).
const CREDITS_PER_SLOT: u64 = 16;
/// Slots the slot-history sysvar remembers.
const SLOT_HISTORY_SLOTS: u64 = 1024 * 1024;

/// Local cluster only: records every slot up to the current one as a produced block in the
/// slot-history sysvar (surfpool leaves it at genesis), as a cluster that skips no slot would.
pub async fn produce_blocks(client: &Client) -> Result<()> {
    let now = client.clock().await?.slot;
    let words = (SLOT_HISTORY_SLOTS / 64) as usize;
    let mut bits = vec![0u64; words];
    let first = now.saturating_add(1).saturating_sub(SLOT_HISTORY_SLOTS);
    for slot in first..=now {
        let bit = slot % SLOT_HISTORY_SLOTS;
        bits[(bit / 64) as usize] |= 1 << (bit % 64);
    }
    // bincode of `SlotHistory`: `Option<Box<[u64]>>` words, bit count, next slot.
    let mut data = Vec::with_capacity(9 + words * 8 + 16);
    data.push(1);
    data.extend_from_slice(&(words as u64).to_le_bytes());
    for word in bits {
        data.extend_from_slice(&word.to_le_bytes());
    }
    data.extend_from_slice(&SLOT_HISTORY_SLOTS.to_le_bytes());
    data.extend_from_slice(&now.saturating_add(1).to_le_bytes());
    let address = steward::constants::SLOT_HISTORY_ID;
    let lamports = client.account(&address).await?.map_or(0, |a| a.lamports);
    let sysvar_owner = Pubkey::from_str_const("Sysvar1111111111111111111111111111111111111");
    client.set_account(&address, lamports, &sysvar_owner, &data).await
}

/// Local cluster only: every slot so far produced a block, and each validator voted on `share_bps`
/// of them (16 credits per slot voted): the previous epoch in full, this one up to now.
pub async fn simulate_votes(client: &Client, votes: &[(Pubkey, u64)]) -> Result<()> {
    let clock = client.clock().await?;
    let elapsed = clock.slot.saturating_sub(clock.epoch_first_slot).saturating_add(1);
    for (vote, share_bps) in votes {
        let earned = |slots: u64| slots.saturating_mul(CREDITS_PER_SLOT).saturating_mul(*share_bps) / 10_000;
        if let Some(previous) = clock.epoch.checked_sub(1) {
            set_credits(client, vote, previous, earned(clock.slots_in_epoch)).await?;
        }
        set_credits(client, vote, clock.epoch, earned(elapsed)).await?;
    }
    produce_blocks(client).await
}

/// Local cluster only: creates Jito's tip-distribution config (mainnet has one) if missing.
pub async fn ensure_tip_config(client: &Client) -> Result<()> {
    if client.account(&tip_distribution::config_address().0).await?.is_some() {
        return Ok(());
    }
    let me = client.payer()?.pubkey();
    client.send(vec![tip_distribution::initialize(&me, &me, &me, 10, 10_000)], &[]).await?;
    Ok(())
}

/// Each validator `(identity, vote, MEV commission bps)` opens this epoch's tip-distribution account
/// (what a validator running Jito's client does every epoch), unless it has.
pub async fn open_tip_accounts(client: &Client, validators: &[(&Keypair, Pubkey, u16)]) -> Result<()> {
    let epoch = client.clock().await?.epoch;
    for (identity, vote, commission) in validators {
        if client.account(&client_ix::tip_distribution_address(vote, epoch)).await?.is_some() {
            continue;
        }
        let id = identity.pubkey();
        let ix = tip_distribution::initialize_tip_distribution_account(&id, vote, epoch, &id, *commission);
        client.send(vec![ix], &[*identity]).await?;
    }
    Ok(())
}

/// Local cluster only: moves the clock's Unix time on by more than `seconds`, so that a proposal
/// passed now becomes executable. Surfpool's Unix time follows its slots (a millisecond each), far
/// slower than real time: the clock travels `seconds + 1` thousand slots at a time until it is there.
pub async fn pass_seconds(client: &Client, seconds: i64) -> Result<()> {
    let target = client.unix_time().await?.saturating_add(seconds);
    let step = u64::try_from(seconds.saturating_add(1)).unwrap_or(1).saturating_mul(1_000);
    for _ in 0..10 {
        if client.unix_time().await? > target {
            return Ok(());
        }
        let slot = client.clock().await?.slot;
        client.time_travel(slot.saturating_add(step)).await?;
    }
    Err(anyhow!("the local cluster's clock did not move past {target}"))
}

/// Local cluster only: moves the clock to `bps` basis points into `epoch`.
pub async fn travel(client: &Client, epoch: u64, bps: u64) -> Result<()> {
    let clock = client.clock().await?;
    let first = clock
        .epoch_first_slot
        .saturating_add(epoch.saturating_sub(clock.epoch).saturating_mul(clock.slots_in_epoch));
    let target =
        first.saturating_add(clock.slots_in_epoch.saturating_mul(bps) / 10_000).max(first.saturating_add(4));
    if target > clock.slot {
        client.time_travel(target).await?;
    }
    Ok(())
}

async fn user_client(url: &str, operator: &Client, lamports: u64) -> Result<Client> {
    let keypair = Keypair::new();
    operator.airdrop(&keypair.pubkey(), lamports).await?;
    Ok(Client::with_keypair(url, keypair, lst_cli::output::Format::Text))
}

/// Runs the demo against `url` for `epochs` epochs; writes the chart to `chart_path` (its `.svg`
/// and `.png`).
pub async fn run(url: &str, epochs: u64, chart_path: &str) -> Result<Vec<EpochRow>> {
    crate::chart::register_font()?;
    let operator = Client::with_keypair(url, Keypair::new(), lst_cli::output::Format::Text);
    let me = operator.payer()?.pubkey();
    operator.airdrop(&me, 20_000 * SOL).await?;

    // Sixteen validators. 3 never runs an MEV client; 5 turns it off in demo epoch 6; 9 raises its
    // commission to 12 % in epoch 8; 14 charges 15 % MEV commission; 15 votes poorly.
    let commissions = [0u8, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 3, 2, 1, 0];
    let vote_space = CreateVoteAccountConfig::default().space as usize;
    let vote_rent = operator.rent(vote_space).await?;
    let mut validators = Vec::new();
    for (i, commission) in commissions.iter().enumerate() {
        let identity = Keypair::new();
        let vote = Keypair::new();
        operator.airdrop(&identity.pubkey(), SOL).await?;
        let init = VoteInit {
            node_pubkey: identity.pubkey(),
            authorized_voter: identity.pubkey(),
            authorized_withdrawer: identity.pubkey(),
            commission: *commission,
        };
        let ixs = create_account_with_config(
            &me,
            &vote.pubkey(),
            &init,
            vote_rent,
            CreateVoteAccountConfig::default(),
        );
        operator.send(ixs, &[&vote, &identity]).await?;
        validators.push(Validator {
            identity,
            vote: vote.pubkey(),
            commission: *commission,
            mev_commission_bps: if i == 14 { 1_500 } else { (i as u16 % 5) * 200 },
            mev_until: match i {
                3 => Some(0),
                5 => Some(6),
                _ => None,
            },
            vote_share_bps: if i == 15 { 5_000 } else { 9_900 },
        });
    }

    let parameters = Parameters {
        num_delegation_validators: 10,
        mev_commission_window: 3,
        commission_window: 3,
        epoch_credits_window: 3,
        epochs_per_cycle: 3,
        minimum_voting_epochs: 1,
        minimum_stake_lamports: 0,
        scoring_unstake_cap_bps: 1_000,
        instant_unstake_cap_bps: 1_000,
        stake_deposit_unstake_cap_bps: 1_000,
        // A bond of 4 % of the target stake (v10–v15 post none: never delegated).
        minimum_bond_bps: 400,
        ..Parameters::MAINNET
    };
    let setup = admin::PoolSetup {
        program: lst_sdk::STAKE_POOL_PROGRAM_ID,
        max_validators: 32,
        epoch_fee: lst_sdk::Fee { numerator: 5, denominator: 100 },
        withdrawal_fee: lst_sdk::Fee { numerator: 1, denominator: 1_000 },
        deposit_fee: lst_sdk::Fee { numerator: 0, denominator: 1 },
        referral_fee: 0,
        reserve_lamports: 40 * SOL,
        parameters,
    };
    // The same operator, printing nothing of its own (the demo prints the table).
    let quiet = operator.with_format(lst_cli::output::Format::Quiet);
    let pool_address = admin::create_pool(&quiet, &setup).await?;
    // Tools that follow the demo (the dApp's browser test) find the pool here.
    if let Some(dir) = std::path::Path::new(chart_path).parent() {
        std::fs::write(dir.join("pool.txt"), pool_address.to_string())?;
    }

    let bonds = open_bonds(&quiet, &pool_address, &validators).await?;
    // The DAO owns the steward's parameters and blacklist (votes pass at once: the operator holds
    // every community token and the hold-up is 0).
    let dao_setup = admin::DaoSetup {
        name: "Demo LST DAO".into(),
        supply: 1_000_000,
        threshold_percent: 60,
        hold_up: 0,
        voting_time: 3 * 86_400,
        with_admin: false,
        council_supply: 1,
        // Votes pass at once in the demo (one holder); a real DAO lets every vote run its time.
        tipping: lst_sdk::governance::VoteTipping::Strict,
    };
    let (dao, takeover) = admin::dao_init(&quiet, &pool_address, &dao_setup).await?;
    pass_seconds(&operator, 1).await?;
    lst_cli::commands::dao::execute(&quiet, &takeover).await?;

    let users = [
        user_client(url, &operator, 3_000 * SOL).await?,
        user_client(url, &operator, 3_000 * SOL).await?,
        user_client(url, &operator, 3_000 * SOL).await?,
        user_client(url, &operator, 3_000 * SOL).await?,
    ];
    let silent = |c: &Client| -> Result<Client> { Ok(c.with_format(lst_cli::output::Format::Quiet)) };

    ensure_tip_config(&operator).await?;
    // Validators admitted need a completed epoch of votes: start in epoch 1 at least.
    if operator.clock().await?.epoch == 0 {
        travel(&operator, 1, 100).await?;
    }
    let start = operator.clock().await?.epoch;
    let shares: Vec<(Pubkey, u64)> = validators.iter().map(|v| (v.vote, v.vote_share_bps)).collect();
    let mut rows: Vec<EpochRow> = Vec::new();
    let (mut settled, mut paid_from_bonds) = (Vec::new(), 0u64);
    for e in 0..epochs {
        let epoch = start.saturating_add(e);
        travel(&operator, epoch, 100).await?;
        // Votes and blocks, the commission rug, this epoch's tip-distribution accounts.
        simulate_votes(&operator, &shares).await?;
        // The previous epoch's inflation, as the runtime would have paid it: the epoch-rewards
        // sysvar the steward records, and each pool stake account's reward by the same rule and
        // records the bonds program settles losses from.
        let totals = epoch_totals(operator.clock().await?.slots_in_epoch);
        set_epoch_rewards(&operator, totals).await?;
        let pool = PoolInfo::load(&operator, &pool_address).await?;
        let steward_config = pool.steward()?.addresses.config;
        for entry in &pool.list {
            let stake = pool.validator_stake(entry);
            let lamports = operator.balance(&stake).await?;
            let v = validators.iter().find(|v| v.vote == entry.vote);
            let mev = v.is_some_and(|v| v.mev_until.is_none_or(|until| e < until));
            let inflation =
                match recorded(&operator, &steward_config, &entry.vote, epoch.saturating_sub(1)).await? {
                    Some((stake, credits, commission_bps)) => {
                        bonds::loss::staker_rewards(stake, credits, commission_bps, totals.0, totals.1)
                            .map_err(|e| anyhow!("reward: {e}"))?
                    }
                    None => 0,
                };
            let reward = inflation + if mev { lamports / 20_000 } else { 0 };
            if reward > 0 {
                operator
                    .send(vec![solana_system_interface::instruction::transfer(&me, &stake, reward)], &[])
                    .await?;
            }
        }
        let mut marks = Vec::new();
        if e > 0 && validators.iter().any(|v| v.mev_until == Some(e)) {
            marks.push(Mark::MevClientOff);
        }
        if e == 8 {
            let v = &validators[9];
            let rug = update_commission(&v.vote, &v.identity.pubkey(), 12);
            operator.send(vec![rug], &[&v.identity]).await?;
            marks.push(Mark::CommissionRug);
        }
        let tips: Vec<_> = validators
            .iter()
            .filter(|v| v.mev_until.is_none_or(|until| e < until))
            .map(|v| (&v.identity, v.vote, v.mev_commission_bps))
            .collect();
        open_tip_accounts(&operator, &tips).await?;

        // The keeper at the start of the epoch: pool update and maintenance; the first epoch lists
        // the validators.
        crank::run_once(&operator, &pool_address, &Default::default()).await?;
        if e == 0 {
            for v in &validators {
                admin::add_validator(&quiet, &pool_address, &v.vote).await?;
            }
        }
        // Users.
        match e {
            1 => user::deposit_sol(&silent(&users[0])?, &pool_address, 1_000 * SOL, 50).await?,
            2 => user::deposit_sol(&silent(&users[1])?, &pool_address, 500 * SOL, 50).await?,
            3 => user::deposit_sol(&silent(&users[2])?, &pool_address, 2_000 * SOL, 50).await?,
            5 => user::deposit_sol(&silent(&users[3])?, &pool_address, 300 * SOL, 50).await?,
            // Instant withdrawals come out of the reserve, which the steward keeps staked: the user
            // takes up to 100 LST of what it holds now (the rest of a larger exit is `withdraw-stake`).
            7 => {
                let pool = PoolInfo::load(&operator, &pool_address).await?;
                let spare = pool.reserve_lamports.saturating_sub(SOL / 10) as f64 / pool.rate() / SOL as f64;
                let lst = spare.min(100.0);
                if lst >= 0.01 {
                    user::withdraw_sol(
                        &silent(&users[1])?,
                        &pool_address,
                        amount::parse(&format!("{lst:.2}"))?,
                        100,
                    )
                    .await?;
                }
            }
            9 => user::withdraw_stake(&silent(&users[0])?, &pool_address, 50 * SOL, None).await?,
            _ => {}
        }
        // Epoch 7: the DAO votes to delegate to 12 validators instead of 10.
        let mut voted = None;
        if e == 7 {
            let before = PoolInfo::load(&operator, &pool_address).await?;
            let config = before.steward()?.addresses.config;
            let old = before.steward()?.config.parameters.num_delegation_validators;
            let update = ParametersUpdate { num_delegation_validators: Some(12), ..Default::default() };
            let action = client_ix::update_parameters(&config, &dao.treasury(), update);
            let seed = Keypair::new().pubkey();
            let name = "raise num_delegation_validators to 12";
            quiet.send(dao.propose(name, "", std::slice::from_ref(&action), &seed, 0, &me, &me), &[]).await?;
            quiet.send(vec![dao.vote(&seed, &me, &me, &Vote::yes(), &me)], &[]).await?;
            pass_seconds(&operator, 1).await?;
            lst_cli::commands::dao::execute(&quiet, &dao.proposal(&seed)).await?;
            let after = PoolInfo::load(&operator, &pool_address).await?;
            let new = after.steward()?.config.parameters.num_delegation_validators;
            voted = Some(format!("DAO vote raised num_delegation_validators {old} → {new}"));
            marks.push(Mark::DaoVote);
        }
        travel(&operator, epoch, 5_000).await?;
        simulate_votes(&operator, &shares).await?;
        let mid = crank::run_once(&operator, &pool_address, &Default::default()).await?;
        travel(&operator, epoch, 9_000).await?;
        simulate_votes(&operator, &shares).await?;
        let before = PoolInfo::load(&operator, &pool_address).await?;
        let late = crank::run_once(&operator, &pool_address, &Default::default()).await?;
        let after = PoolInfo::load(&operator, &pool_address).await?;

        let mut actions: Vec<String> = voted.into_iter().collect();
        if mid.step("compute delegations").is_some() {
            let delegated = after.steward()?.state.header.delegated_count;
            actions.push(format!("scored, {delegated} delegated"));
        }
        let st = after.steward()?;
        // Delegated validators newly instant-unstaked this epoch (the flag lasts the cycle; one never
        // delegated, such as a validator without a bond, has nothing to unstake).
        let flagged = |p: &PoolInfo, vote: &Pubkey, bit: u16| {
            p.steward
                .as_ref()
                .is_some_and(|s| s.state.slots.iter().any(|x| x.vote_account == *vote && x.flags & bit != 0))
        };
        let instant: Vec<String> = validators
            .iter()
            .filter(|v| {
                flagged(&after, &v.vote, flag::INSTANT_UNSTAKE)
                    && flagged(&before, &v.vote, flag::DELEGATED)
                    && (!flagged(&before, &v.vote, flag::INSTANT_UNSTAKE)
                        || mid.step("compute delegations").is_some())
            })
            .map(|v| label(&validators, &v.vote))
            .collect();
        if !instant.is_empty() && late.step("compute instant unstake").is_some() {
            actions.push(format!("instant unstake {}", instant.join(",")));
            marks.push(Mark::InstantUnstake);
        }
        if e == 8 {
            actions.push("v9 raised its commission 4 → 12 %".into());
        }
        // Losses of the previous epoch the keeper settled this epoch, paid from bonds.
        for (i, v) in validators.iter().enumerate().take(10) {
            let address = lst_sdk::bonds::settlement_address(&bonds.bond(&v.vote), epoch.saturating_sub(1));
            if let Some(account) = operator.account(&address).await? {
                let s = lst_sdk::bonds::decode_settlement(&account.data)?;
                if s.paid_lamports > 0 && !settled.contains(&address) {
                    settled.push(address);
                    paid_from_bonds = paid_from_bonds.saturating_add(s.paid_lamports);
                    actions.push(format!(
                        "v{i}'s bond paid {} SOL for epoch {}",
                        amount::format(s.paid_lamports),
                        e.saturating_sub(1)
                    ));
                    marks.push(Mark::BondPaid);
                }
            }
        }
        if late.step("rebalance").is_some() {
            let (mut up, mut down) = (0, 0);
            for (b, a) in before.list.iter().zip(&after.list) {
                if a.transient_lamports > b.transient_lamports {
                    if st.state.slots.iter().any(|s| {
                        s.vote_account == a.vote
                            && s.flags & flag::DELEGATED != 0
                            && s.flags & flag::INSTANT_UNSTAKE == 0
                    }) {
                        up += 1;
                    } else {
                        down += 1;
                    }
                }
            }
            actions.push(format!("rebalance +{up} -{down}"));
        }
        let stakes = {
            let mut out = Vec::new();
            for entry in &after.list {
                let active = operator.balance(&after.validator_stake(entry)).await?;
                out.push((entry.vote, active.saturating_add(entry.transient_lamports)));
            }
            out
        };
        let rate = after.rate();
        let apy = rows.last().map(|prev| {
            let epochs_per_year = 365.25 * 86_400.0 / (432_000.0 * 0.4);
            (rate / prev.rate).powf(epochs_per_year) - 1.0
        });
        rows.push(EpochRow {
            epoch: e,
            rate,
            tvl: after.state.total_lamports,
            apy,
            stakes,
            actions: actions.join("; "),
            marks,
        });
        print_row(rows.last().expect("row"), &validators);
    }
    crate::chart::write(std::path::Path::new(chart_path), &rows, &validators)?;
    let fund = lst_cli::commands::bond::insurance_value(&quiet, &pool_address).await?;
    println!(
        "\nbonds: v0–v9 posted 20 SOL each (v10–v15 none, never delegated); paid to stakers from bonds: {} SOL; \
         insurance fund, filled by half the pool's fees: {} SOL",
        amount::format(paid_from_bonds),
        amount::format(fund)
    );
    Ok(rows)
}

/// The steward's admin (the operator) opens bonds for the pool; v0–v9 each open a bond the operator
/// funds with 20 SOL; the insurance fund opens with a 1 SOL cap per epoch; the pool's fees go to the
/// bonds' vault, half to the operator's treasury and half to the insurance fund.
async fn open_bonds(
    operator: &Client,
    pool_address: &Pubkey,
    validators: &[Validator],
) -> Result<lst_sdk::bonds::BondsAddresses> {
    use lst_sdk::{
        bonds::{fee_vault_authority, BondsAddresses},
        instructions::{associated_token_address, create_associated_token_account_idempotent as create_ata},
    };
    let pool = PoolInfo::load(operator, pool_address).await?;
    let bonds = BondsAddresses::new(pool.steward()?.addresses.config, pool.address, pool.state.reserve_stake);
    let token = pool.token();
    let me = operator.payer()?.pubkey();
    operator.send(vec![bonds.initialize(&me, &me, &me, 3)], &[]).await?;
    for v in validators.iter().take(10) {
        let ixs = vec![
            bonds.open_bond(&v.vote, &v.identity.pubkey(), &me),
            bonds.fund_bond(&v.vote, &me, 20 * SOL),
        ];
        operator.send(ixs, &[&v.identity]).await?;
    }
    let treasury = associated_token_address(&me, &token.mint, &token.program);
    let shares = vec![
        bonds::state::FeeShare { token_account: treasury, share_bps: 5_000 },
        bonds::state::FeeShare { token_account: bonds.insurance_fund(&token), share_bps: 5_000 },
    ];
    let ixs = vec![
        create_ata(&me, &me, &token.mint, &token.program),
        create_ata(&me, &bonds.insurance(), &token.mint, &token.program),
        create_ata(&me, &fee_vault_authority(&bonds.config), &token.mint, &token.program),
        bonds.open_insurance(&me, &me, SOL),
        lst_sdk::instructions::set_manager(&pool.program, &pool.address, &me, &me, &bonds.fee_vault(&token)),
        bonds.set_fee_shares(&me, shares),
    ];
    operator.send(ixs, &[]).await?;
    Ok(bonds)
}

fn label(validators: &[Validator], vote: &Pubkey) -> String {
    validators.iter().position(|v| v.vote == *vote).map_or("?".into(), |i| format!("v{i}"))
}

/// Prints the table header.
pub fn print_header() {
    println!("| epoch | rate (SOL/LST) | TVL (SOL) | APY | stake per validator (SOL) | steward |");
    println!("|---:|---:|---:|---:|---|---|");
}

fn print_row(row: &EpochRow, validators: &[Validator]) {
    let stakes = row
        .stakes
        .iter()
        .map(|(v, l)| format!("{}:{:.1}", label(validators, v), *l as f64 / SOL as f64))
        .collect::<Vec<_>>()
        .join(" ");
    println!(
        "| {} | {:.6} | {} | {} | {} | {} |",
        row.epoch,
        row.rate,
        amount::format(row.tvl / 1_000_000 * 1_000_000),
        row.apy.map_or("-".into(), |a| format!("{:.1} %", a * 100.0)),
        stakes,
        if row.actions.is_empty() { "-" } else { &row.actions }
    );
}
