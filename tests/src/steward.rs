//! Steward test support: a pool handed over to a steward, a [`Chain`] over the test bank so the
//! sdk's one-call crank drives it, and helpers for epochs, votes, oracle data and events.

use {
    crate::{
        fixture::{TestFixture, TxError},
        pool::{PoolConfig, TestPool},
    },
    anchor_lang::{AnchorDeserialize, Discriminator},
    lst_sdk::{
        crank::{self, Chain, ChainClock, CrankReport, RawAccount, Simulation},
        steward::{
            self as client, decode_state, InitializeArgs, Parameters, StewardAddresses, StewardStateView,
        },
        transaction::AddressLookupTableAccount,
    },
    solana_compute_budget_interface::ComputeBudgetInstruction,
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::events::OracleData,
};

/// Compute-unit limit of every steward transaction.
pub const CU_LIMIT: u32 = 1_400_000;

/// The test bank as the sdk crank sees a cluster.
pub struct BankChain<'a> {
    /// The bank.
    pub fx: &'a mut TestFixture,
}

impl Chain for BankChain<'_> {
    async fn account(&mut self, address: &Pubkey) -> Result<Option<RawAccount>, String> {
        Ok(self.fx.account(address).await.map(|a| RawAccount {
            lamports: a.lamports,
            owner: a.owner,
            data: a.data,
        }))
    }

    async fn clock(&mut self) -> Result<ChainClock, String> {
        Ok(clock(self.fx).await)
    }

    async fn simulate(
        &mut self,
        instructions: &[Instruction],
        tables: &[AddressLookupTableAccount],
    ) -> Result<Simulation, String> {
        let (units, error, logs) =
            self.fx.simulate_v0(instructions, tables).await.map_err(|e| format!("{e:?}"))?;
        if error.is_some() && std::env::var_os("LST_SIMULATION_LOGS").is_some() {
            for line in &logs {
                println!("{line}");
            }
        }
        Ok(Simulation { units, error, logs })
    }

    async fn send(
        &mut self,
        instructions: Vec<Instruction>,
        tables: &[AddressLookupTableAccount],
    ) -> Result<u64, String> {
        self.fx.process_v0(&instructions, tables).await.map(|e| e.compute_units).map_err(|e| format!("{e:?}"))
    }

    async fn lookup_tables(&mut self, _authority: &Pubkey) -> Result<Vec<Pubkey>, String> {
        Ok(self.fx.lookup_tables.clone())
    }

    async fn wait_past(&mut self, slot: u64) -> Result<(), String> {
        while clock(self.fx).await.slot <= slot {
            self.fx.next_slot().await;
        }
        Ok(())
    }

    fn payer(&self) -> Pubkey {
        self.fx.payer().pubkey()
    }
}

/// The bank's clock and epoch schedule.
pub async fn clock(fx: &mut TestFixture) -> ChainClock {
    let clock = fx.ctx.banks_client.get_sysvar::<solana_clock::Clock>().await.expect("clock");
    let schedule = fx.ctx.genesis_config().epoch_schedule.clone();
    ChainClock {
        slot: clock.slot,
        epoch: clock.epoch,
        epoch_first_slot: schedule.get_first_slot_in_epoch(clock.epoch),
        slots_in_epoch: schedule.get_slots_in_epoch(clock.epoch),
    }
}

/// Warps to `bps` basis points into `epoch` (which must not be behind the bank).
pub async fn warp_to_progress(fx: &mut TestFixture, epoch: u64, bps: u64) {
    let schedule = fx.ctx.genesis_config().epoch_schedule.clone();
    let slots = schedule.get_slots_in_epoch(epoch);
    let offset = (slots * bps).div_ceil(10_000).max(5);
    let now = clock(fx).await;
    if schedule.get_first_slot_in_epoch(epoch) + offset > now.slot {
        fx.warp_to_epoch(epoch, offset).await;
    }
}

/// Parameters for tests: short windows, one-epoch cycles, no admission minimums.
pub fn test_parameters() -> Parameters {
    Parameters {
        minimum_stake_lamports: 0,
        num_delegation_validators: 3,
        mev_commission_threshold_bps: 1_000,
        mev_commission_window: 3,
        commission_threshold_bps: 500,
        commission_window: 3,
        historical_commission_ceiling_bps: 5_000,
        scoring_delinquency_ratio_bps: 9_000,
        instant_unstake_delinquency_ratio_bps: 7_000,
        epoch_credits_window: 3,
        scoring_unstake_cap_bps: 1_000,
        instant_unstake_cap_bps: 1_000,
        stake_deposit_unstake_cap_bps: 1_000,
        compute_score_progress_bps: 5_000,
        instant_unstake_progress_bps: 9_000,
        epochs_per_cycle: 1,
        minimum_voting_epochs: 0,
        minimum_bond_bps: 0,
        padding: [0; 4],
    }
}

/// Creates `commissions.len()` vote accounts with those commissions (percent); returns
/// `(identity, vote)` pairs (the identity is also the vote account's withdrawer).
pub async fn new_validators(fx: &mut TestFixture, commissions: &[u8]) -> Vec<(Keypair, Pubkey)> {
    let mut out = Vec::new();
    for commission in commissions {
        let (identity, vote) = (crate::keys::fresh(), crate::keys::fresh());
        fx.create_vote(&identity, &vote, *commission).await.expect("vote account");
        out.push((identity, vote.pubkey()));
    }
    out
}

/// A pool whose staker is a steward.
pub struct StewardPool {
    /// The pool.
    pub pool: TestPool,
    /// Steward and pool addresses.
    pub addresses: StewardAddresses,
    /// Every steward authority (admin, parameters, blacklist, oracle).
    pub authority: Keypair,
    /// How [`StewardPool::crank`] sends (lookup tables, priority price).
    pub crank_options: crank::CrankOptions,
}

impl StewardPool {
    /// A pool of `program_id` listing `votes` (added by its own staker), `reserve_lamports` in its
    /// reserve, handed to a new steward with `params` in the next epoch (see [`Self::new_staked`]).
    pub async fn new(
        fx: &mut TestFixture,
        program_id: Pubkey,
        votes: &[Pubkey],
        reserve_lamports: u64,
        params: Parameters,
    ) -> Self {
        let stakes = vec![0; votes.len()];
        Self::new_staked_each(fx, program_id, votes, reserve_lamports, &stakes, params).await
    }

    /// A pool of `program_id` listing `votes`, whose own staker moves `stake_each` lamports from the
    /// reserve to every validator; the validators vote in that epoch (1,000 credits each, so the
    /// first cycle has a completed epoch to judge) and the pool is updated in the next one, where
    /// the steward takes over with `params`.
    pub async fn new_staked(
        fx: &mut TestFixture,
        program_id: Pubkey,
        votes: &[Pubkey],
        reserve_lamports: u64,
        stake_each: u64,
        params: Parameters,
    ) -> Self {
        let stakes = vec![stake_each; votes.len()];
        Self::new_staked_each(fx, program_id, votes, reserve_lamports, &stakes, params).await
    }

    /// Like [`Self::new_staked`], with `stakes[i]` lamports moved to validator `i` (none when 0).
    pub async fn new_staked_each(
        fx: &mut TestFixture,
        program_id: Pubkey,
        votes: &[Pubkey],
        reserve_lamports: u64,
        stakes: &[u64],
        params: Parameters,
    ) -> Self {
        let mut pools = Self::twins(fx, &[program_id], votes, reserve_lamports, stakes, params).await;
        pools.remove(0)
    }

    /// One pool per program in `programs`, set up alike in the same epochs (so that they earn the
    /// same rewards) as [`Self::new_staked_each`] sets up one.
    pub async fn twins(
        fx: &mut TestFixture,
        programs: &[Pubkey],
        votes: &[Pubkey],
        reserve_lamports: u64,
        stakes: &[u64],
        params: Parameters,
    ) -> Vec<Self> {
        let mut pools = Vec::new();
        for program_id in programs {
            let config = PoolConfig {
                max_validators: (votes.len() as u32 + 8).max(10),
                reserve_extra_lamports: reserve_lamports,
                ..PoolConfig::default()
            };
            let pool = TestPool::new(*program_id, config, &crate::keys::fresh(), &crate::keys::fresh());
            pool.create(fx).await.expect("create pool");
            for chunk in votes.chunks(4) {
                let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(CU_LIMIT)];
                all.extend(chunk.iter().map(|v| pool.add_validator_ix(&pool.staker.pubkey(), v, None)));
                fx.process(&all, &[&pool.staker]).await.expect("add validators");
            }
            let staked: Vec<_> = votes.iter().zip(stakes).filter(|(_, s)| **s > 0).collect();
            for chunk in staked.chunks(4) {
                let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(CU_LIMIT)];
                all.extend(chunk.iter().map(|(v, s)| pool.increase_ix(v, **s, 0, None)));
                fx.process(&all, &[&pool.staker]).await.expect("increase");
            }
            // The crank's lookup tables, made before the epoch the validators vote in (their
            // transactions take slots); the steward's own accounts join them at the first crank.
            let a = StewardAddresses::new(
                pool.program_id,
                pool.stake_pool.pubkey(),
                pool.validator_list.pubkey(),
                pool.reserve.pubkey(),
                Pubkey::default(),
            );
            crank::prepare_lookup_tables(&mut BankChain { fx }, &a, &crank::CrankOptions::default())
                .await
                .expect("lookup tables");
            pools.push(pool);
        }
        for vote in votes {
            fx.credit_votes(vote, 1_000);
        }
        fx.next_epoch().await;
        let mut stewards = Vec::new();
        for pool in pools {
            pool.update_all(fx).await.expect("update");
            stewards.push(Self::hand_over(fx, pool, params).await.expect("steward"));
        }
        stewards
    }

    /// Creates a steward for `pool` (its staker signs) and makes the steward the pool's staker.
    pub async fn hand_over(
        fx: &mut TestFixture,
        pool: TestPool,
        params: Parameters,
    ) -> Result<Self, TxError> {
        let authority = crate::keys::fresh();
        let state = crate::keys::fresh();
        fx.create_account(&state, client::STATE_ACCOUNT_LEN, &lst_sdk::STEWARD_PROGRAM_ID).await?;
        let addresses = StewardAddresses::new(
            pool.program_id,
            pool.stake_pool.pubkey(),
            pool.validator_list.pubkey(),
            pool.reserve.pubkey(),
            state.pubkey(),
        );
        let a = authority.pubkey();
        let args = InitializeArgs {
            admin: a,
            parameters_authority: a,
            blacklist_authority: a,
            oracle_authority: a,
            parameters: params,
        };
        let init = client::initialize_steward(
            &fx.payer().pubkey(),
            &pool.staker.pubkey(),
            &pool.stake_pool.pubkey(),
            &state.pubkey(),
            args,
        );
        fx.process(&[init], &[&pool.staker]).await?;
        let handover = pool.set_staker_ix(&pool.manager.pubkey(), &addresses.staker);
        fx.process(&[handover], &[&pool.manager]).await?;
        Ok(Self { pool, addresses, authority, crank_options: crank::CrankOptions::default() })
    }

    /// Runs the sdk's crank once.
    pub async fn crank(&self, fx: &mut TestFixture) -> Result<CrankReport, String> {
        crank::crank_with(&mut BankChain { fx }, &self.addresses, &self.crank_options).await
    }

    /// The steward state.
    pub async fn state(&self, fx: &mut TestFixture) -> StewardStateView {
        decode_state(&fx.data(&self.addresses.state).await).expect("steward state")
    }

    /// Creates the histories of `votes` that do not exist yet.
    pub async fn init_histories(&self, fx: &mut TestFixture, votes: &[Pubkey]) {
        let mut missing = Vec::new();
        for vote in votes {
            if fx.account(&self.addresses.history(vote)).await.is_none() {
                missing.push(*vote);
            }
        }
        let payer = fx.payer().pubkey();
        for chunk in missing.chunks(8) {
            let ixs: Vec<_> = chunk
                .iter()
                .map(|v| client::init_validator_history(&self.addresses.config, &payer, v))
                .collect();
            fx.process(&ixs, &[]).await.expect("init histories");
        }
    }

    /// Writes the oracle's facts for the current epoch (signed by the oracle authority), several
    /// per transaction, creating missing histories first.
    pub async fn oracle(&self, fx: &mut TestFixture, data: &[(Pubkey, OracleData)]) {
        let votes: Vec<_> = data.iter().map(|(v, _)| *v).collect();
        self.init_histories(fx, &votes).await;
        let epoch = fx.epoch().await;
        for chunk in data.chunks(6) {
            let ixs: Vec<_> = chunk
                .iter()
                .map(|(vote, d)| {
                    client::update_oracle_data(
                        &self.addresses.config,
                        &self.authority.pubkey(),
                        vote,
                        epoch,
                        *d,
                    )
                })
                .collect();
            fx.process(&ixs, &[&self.authority]).await.expect("oracle data");
        }
    }

    /// `(active, transient)` lamports per validator, in list order.
    pub async fn stakes(&self, fx: &mut TestFixture) -> Vec<(Pubkey, u64, u64)> {
        let list = self.pool.validator_list(fx).await;
        list.validators
            .iter()
            .map(|v| {
                (
                    v.vote_account_address,
                    u64::from(v.active_stake_lamports),
                    u64::from(v.transient_stake_lamports),
                )
            })
            .collect()
    }

    /// Sends `ix` with the CU limit, signed by `signers`.
    pub async fn send(
        &self,
        fx: &mut TestFixture,
        ix: Instruction,
        signers: &[&Keypair],
    ) -> Result<u64, TxError> {
        let all = [ComputeBudgetInstruction::set_compute_unit_limit(CU_LIMIT), ix];
        fx.process(&all, signers).await.map(|e| e.compute_units)
    }
}

/// One epoch as the keeper sees it: `credits` for every vote in `credits`, this epoch's
/// tip-distribution accounts opened by the validators in `tips`, a crank at the scoring point and
/// one at the instant-unstake point. Returns both reports.
pub async fn run_epoch(
    fx: &mut TestFixture,
    stewards: &[&StewardPool],
    epoch: u64,
    credits: &[(Pubkey, u64)],
    tips: &[Tip<'_>],
) -> (Vec<CrankReport>, Vec<CrankReport>) {
    warp_to_progress(fx, epoch, 100).await;
    for (vote, c) in credits {
        fx.credit_votes(vote, *c);
    }
    open_tips(fx, tips).await;
    warp_to_progress(fx, epoch, 5_000).await;
    let mut mid = Vec::new();
    for sp in stewards {
        mid.push(sp.crank(fx).await.expect("crank at the scoring point"));
    }
    warp_to_progress(fx, epoch, 9_000).await;
    let mut late = Vec::new();
    for sp in stewards {
        late.push(sp.crank(fx).await.expect("crank at the instant-unstake point"));
    }
    (mid, late)
}

/// A validator that runs an MEV client this epoch: its identity (the vote account's node, which
/// signs), its vote account and the MEV commission (bps) its tip-distribution account charges.
pub type Tip<'a> = (&'a Keypair, Pubkey, u16);

/// Creates Jito's tip-distribution config in the bank, once.
pub async fn tip_config(fx: &mut TestFixture) {
    use lst_sdk::tip_distribution as tips;
    if fx.account(&tips::config_address().0).await.is_some() {
        return;
    }
    let payer = fx.payer().pubkey();
    fx.process(&[tips::initialize(&payer, &payer, &payer, 10, 10_000)], &[]).await.expect("tip config");
}

/// Each validator in `validators` opens this epoch's tip-distribution account (unless it has),
/// four per transaction; identities are funded for the rent.
pub async fn open_tips(fx: &mut TestFixture, validators: &[Tip<'_>]) {
    use lst_sdk::tip_distribution as tips;
    tip_config(fx).await;
    let epoch = fx.epoch().await;
    let mut todo = Vec::new();
    for (identity, vote, commission) in validators {
        if fx.account(&client::tip_distribution_address(vote, epoch)).await.is_none() {
            todo.push((*identity, *vote, *commission));
        }
    }
    for chunk in todo.chunks(4) {
        let mut ixs = Vec::new();
        for (identity, vote, commission) in chunk {
            let id = identity.pubkey();
            ixs.push(solana_system_interface::instruction::transfer(&fx.payer().pubkey(), &id, 10_000_000));
            ixs.push(tips::initialize_tip_distribution_account(&id, vote, epoch, &id, *commission));
        }
        let signers: Vec<&Keypair> = chunk.iter().map(|(k, _, _)| *k).collect();
        fx.process(&ixs, &signers).await.expect("tip-distribution accounts");
    }
}

/// `(identity, vote, commission)` for every validator in `validators` but those at `without`.
pub fn tips_of<'a>(
    validators: &'a [(Keypair, Pubkey)],
    commission_bps: u16,
    without: &[usize],
) -> Vec<Tip<'a>> {
    validators
        .iter()
        .enumerate()
        .filter(|(i, _)| !without.contains(i))
        .map(|(_, (identity, vote))| (identity, *vote, commission_bps))
        .collect()
}

/// The steward error code Anchor returns for `e`.
pub fn code(e: steward::errors::StewardError) -> u32 {
    u32::from(e)
}

/// Anchor events of type `E` in `logs` ("Program data: <base64>" lines).
pub fn events<E: AnchorDeserialize + Discriminator>(logs: &[String]) -> Vec<E> {
    use base64::Engine;
    logs.iter()
        .filter_map(|line| line.strip_prefix("Program data: "))
        .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
        .filter_map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).ok())
        .collect()
}

/// Creates `n` vote accounts (0 % commission), four per transaction; returns their addresses.
pub async fn many_validators(fx: &mut TestFixture, n: usize) -> Vec<(Keypair, Pubkey)> {
    use solana_vote_interface::{
        instruction::{create_account_with_config, CreateVoteAccountConfig},
        state::VoteInit,
    };
    let space = CreateVoteAccountConfig::default().space as usize;
    let lamports = fx.rent_exempt(space).await;
    let keys: Vec<(Keypair, Keypair)> =
        (0..n).map(|_| (crate::keys::fresh(), crate::keys::fresh())).collect();
    for chunk in keys.chunks(4) {
        let mut ixs = Vec::new();
        let mut signers = Vec::new();
        for (identity, vote) in chunk {
            let init = VoteInit {
                node_pubkey: identity.pubkey(),
                authorized_voter: identity.pubkey(),
                authorized_withdrawer: identity.pubkey(),
                commission: 0,
            };
            let config = CreateVoteAccountConfig::default();
            ixs.extend(create_account_with_config(
                &fx.payer().pubkey(),
                &vote.pubkey(),
                &init,
                lamports,
                config,
            ));
            signers.push(identity);
            signers.push(vote);
        }
        fx.process(&ixs, &signers).await.expect("vote accounts");
    }
    keys.into_iter().map(|(identity, vote)| (identity, vote.pubkey())).collect()
}

/// A whole steward cycle over a pool of `n` validators (all with the MEV client but every tenth): returns the pool and the reports of the crank at the scoring point and at the
/// instant-unstake point.
pub async fn large_cycle(
    fx: &mut TestFixture,
    program_id: Pubkey,
    n: usize,
) -> (StewardPool, CrankReport, CrankReport) {
    let (sp, mut epochs) = large_epochs(fx, program_id, n, 1, 0).await;
    let (mid, late) = epochs.remove(0);
    (sp, mid, late)
}

/// `epochs` consecutive epochs of a pool of `n` validators (all with the MEV client but every
/// tenth; one-epoch cycles, so each epoch scores, delegates, unstakes and rebalances): the crank's
/// reports at the scoring point and at the instant-unstake point of each. The first epoch also
/// creates every validator history; from the second on, the cranks pay `price` micro-lamports per
/// compute unit.
pub async fn large_epochs(
    fx: &mut TestFixture,
    program_id: Pubkey,
    n: usize,
    epochs: usize,
    price: u64,
) -> (StewardPool, Vec<(CrankReport, CrankReport)>) {
    const SOL: u64 = 1_000_000_000;
    let validators = many_validators(fx, n).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters { num_delegation_validators: (n as u32 * 2 / 5).max(1), ..test_parameters() };
    let mut sp = StewardPool::new(fx, program_id, &votes, 5 * SOL * n as u64, params).await;
    let credits: Vec<_> = votes.iter().map(|v| (*v, 1_000)).collect();
    // Every tenth validator runs no MEV client; the others charge 0 to 7 %.
    let tips: Vec<Tip> = validators
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 10 != 9)
        .map(|(i, (identity, vote))| (identity, *vote, (i % 8) as u16 * 100))
        .collect();
    let mut reports = Vec::new();
    for k in 0..epochs {
        if k == 1 {
            sp.crank_options.compute_unit_price = price;
        }
        let epoch = fx.epoch().await + u64::from(k > 0);
        let (mid, late) = run_epoch(fx, &[&sp], epoch, &credits, &tips).await;
        reports.push((mid.into_iter().next().expect("report"), late.into_iter().next().expect("report")));
    }
    (sp, reports)
}

/// One row per crank step: transactions, validators, CU per validator (and how much of it the
/// programs called consumed: the pool under `rebalance`, the stake program under the pool update),
/// largest transaction.
pub fn print_steps(reports: &[&CrankReport]) {
    println!(
        "| step | transactions | validators | CU per validator | of which in called programs | \
         largest transaction (CU) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for report in reports {
        // A step the crank checked but had nothing to do for sent no transaction.
        for s in report.steps.iter().filter(|s| s.transactions > 0) {
            let per = |units: u64| match units.checked_div(s.validators as u64) {
                Some(p) if p > 0 => p.to_string(),
                _ => "-".to_string(),
            };
            println!(
                "| {} | {} | {} | {} | {} | {} |",
                s.step,
                s.transactions,
                s.validators,
                per(s.compute_units),
                per(s.callee_compute_units),
                s.max_compute_units,
            );
        }
    }
}

/// One whole epoch's crank (`mid` and `late` together): transactions, compute units, the largest
/// transaction, fees.
pub fn epoch_totals(mid: &CrankReport, late: &CrankReport) -> (usize, u64, u64, u64) {
    (
        mid.transactions() + late.transactions(),
        mid.compute_units() + late.compute_units(),
        mid.max_compute_units().max(late.max_compute_units()),
        mid.fee_lamports() + late.fee_lamports(),
    )
}

/// Marks every slot of the current epoch up to the current one as a produced block in the
/// slot-history sysvar (the test bank only records the slots it warped to), as a live cluster that
/// skips no slot would.
pub async fn produce_blocks(fx: &mut TestFixture) {
    use solana_slot_history::SlotHistory;
    let now = clock(fx).await;
    let data = fx.data(&solana_sysvar::slot_history::ID).await;
    let mut history: SlotHistory = bincode::deserialize(&data).expect("slot history");
    for slot in now.epoch_first_slot..=now.slot {
        history.add(slot);
    }
    fx.ctx.set_sysvar(&history);
}

/// Vote credits `vote` earned in `epoch` so far.
pub async fn credits_in(fx: &mut TestFixture, vote: &Pubkey, epoch: u64) -> u64 {
    use solana_vote_interface::state::VoteStateV4;
    let data = fx.data(vote).await;
    let state = VoteStateV4::deserialize(&data, vote).expect("vote state");
    state.epoch_credits.iter().find(|(e, _, _)| *e == epoch).map_or(0, |(_, c, prev)| c - prev)
}

/// Credits per voted slot with timely vote credits (a vote landing at once earns the most).
pub const CREDITS_PER_SLOT: u64 = 16;

/// A validator voting on `share_bps` of the blocks produced so far this epoch: tops its credits up to
/// `16 × slots elapsed × share` (credits only grow), after [`produce_blocks`].
pub async fn vote_share(fx: &mut TestFixture, votes: &[Pubkey], share_bps: u64) {
    let now = clock(fx).await;
    let elapsed = now.slot - now.epoch_first_slot + 1;
    let target = elapsed * CREDITS_PER_SLOT * share_bps / 10_000;
    for vote in votes {
        let have = credits_in(fx, vote, now.epoch).await;
        if target > have {
            fx.credit_votes(vote, target - have);
        }
    }
}
