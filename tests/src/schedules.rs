//! Random crank schedules for the steward, on the SBF programs in the bank: the order independence
//! and liveness properties, checked after every epoch.
//!
//! One bank holds several pools set up alike (the same validators, stakes, reserve and users):
//! - the **reference**, cranked by the sdk in list order;
//! - **twins**, cranked in a random order of random batches (copies, scores, instant-unstake checks,
//!   rebalance), with the same user actions as the reference at the same times: their stakes and
//!   steward state must equal the reference's after every epoch;
//! - **adversaries**, cranked likewise while random outside actions land between any two
//!   transactions (SOL deposits and withdrawals, stake withdrawals and deposits, donations to the
//!   reserve and to stake accounts): every move must be the one the documented rule gives
//!   ([`expected_move`], a sort-based model written apart from the program's one-pass plan).
//!
//! Every pool must finish its epoch (maintenance through rebalance) and keep its caps. Validators
//! shared by all pools vote, open tip-distribution accounts and raise commissions at random.

#![allow(clippy::arithmetic_side_effects, reason = "test code")]

use {
    crate::{
        fixture::{stake_pool_program_id, TestFixture},
        rng::Rng,
        steward::{
            events, new_validators, open_tips, produce_blocks, test_parameters, vote_share, warp_to_progress,
            StewardPool, Tip, CU_LIMIT,
        },
    },
    lst_sdk::steward::{self as client, flag, StewardStateView},
    solana_compute_budget_interface::ComputeBudgetInstruction,
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::{
        delegation::cap,
        events::Rebalanced,
        state::{Parameters, StateTag},
    },
};

const SOL: u64 = 1_000_000_000;

/// How a run is set up.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Seed of the run.
    pub seed: u64,
    /// Epochs to run.
    pub epochs: usize,
    /// Pools cranked at random with the reference's user actions.
    pub twins: usize,
    /// Pools cranked at random with outside actions between transactions.
    pub adversaries: usize,
    /// Stake-pool program every pool runs on.
    pub program: Pubkey,
}

impl Setup {
    /// `epochs` epochs of one twin and one adversary on our pool program (two schedules an epoch).
    pub fn new(seed: u64, epochs: usize) -> Self {
        Self { seed, epochs, twins: 1, adversaries: 1, program: stake_pool_program_id() }
    }

    /// Schedules one epoch checks.
    pub fn schedules_per_epoch(&self) -> usize {
        self.twins + self.adversaries
    }
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Schedules checked (one per randomly cranked pool and epoch).
    pub schedules: usize,
    /// Transactions sent by the crankers.
    pub crank_transactions: usize,
    /// Outside actions that landed (failed attempts, such as a withdrawal larger than the reserve,
    /// are not counted).
    pub outside_actions: usize,
    /// Moves checked against the rule.
    pub moves_checked: usize,
}

/// One pool under test and the users acting on it.
struct Subject {
    sp: StewardPool,
    users: Vec<(Keypair, Pubkey)>,
    /// Stake accounts (owned by the first user) delegated to listed validators, active from
    /// `ready_epoch`.
    stakes: Vec<(Keypair, Pubkey, u64)>,
}

/// A failure, with what it takes to replay it.
pub type Failure = String;

/// Runs `setup` and checks every epoch; `Err` names the seed, epoch and pool of the first failure.
pub async fn run(setup: &Setup) -> Result<Outcome, Failure> {
    let mut rng = Rng::new(setup.seed);
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 1, 2, 3, 4, 5, 6]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters {
        num_delegation_validators: 4,
        epochs_per_cycle: 2,
        scoring_unstake_cap_bps: 800,
        instant_unstake_cap_bps: 1_000,
        stake_deposit_unstake_cap_bps: 600,
        ..test_parameters()
    };
    let n_pools = 1 + setup.twins + setup.adversaries;
    let stakes: Vec<u64> = (0..votes.len() as u64).map(|i| (20 + 15 * i) * SOL).collect();
    let programs = vec![setup.program; n_pools];
    let pools = StewardPool::twins(&mut fx, &programs, &votes, 600 * SOL, &stakes, params).await;
    let mut subjects = Vec::new();
    for sp in pools {
        let mut users = Vec::new();
        for _ in 0..2 {
            let user = fx.funded_user(2_000 * SOL).await;
            let tokens =
                sp.pool.create_token_account(&mut fx, &user.pubkey()).await.map_err(|e| format!("{e:?}"))?;
            sp.pool
                .deposit_sol(&mut fx, &user, &tokens, &tokens, 300 * SOL)
                .await
                .map_err(|e| format!("{e:?}"))?;
            users.push((user, tokens));
        }
        subjects.push(Subject { sp, users, stakes: Vec::new() });
    }
    let mut outcome = Outcome::default();
    let mut shares: Vec<u64> = vec![10_000; votes.len()];
    for round in 0..setup.epochs {
        let epoch = fx.epoch().await;
        let context =
            |pool: usize| format!("seed {} epoch {} (round {round}) pool {pool}", setup.seed, epoch);

        // The validators this epoch: mostly healthy, sometimes a poor voter, a high MEV
        // commission, no MEV client, or a commission rug.
        warp_to_progress(&mut fx, epoch, 100).await;
        for share in shares.iter_mut() {
            *share = match rng.below(100) {
                0..=4 => 4_000,
                5..=9 => 9_000,
                _ => 10_000,
            };
        }
        let mut tips: Vec<Tip> = Vec::new();
        for (identity, vote) in &validators {
            match rng.below(100) {
                0..=7 => {}
                8..=12 => tips.push((identity, *vote, 1_500)),
                _ => tips.push((identity, *vote, rng.below(9) as u16 * 100)),
            }
        }
        open_tips(&mut fx, &tips).await;
        if rng.chance(4) {
            let (identity, vote) = &validators[rng.below(validators.len() as u64) as usize];
            let commission = rng.below(12) as u8;
            let ix =
                solana_vote_interface::instruction::update_commission(vote, &identity.pubkey(), commission);
            let _ = fx.process(&[ix], &[identity]).await;
        }
        vote_like(&mut fx, &votes, &shares).await;

        // The pools' epoch update; then the same user actions on the reference and its twins, and
        // the adversaries' own.
        for (k, s) in subjects.iter().enumerate() {
            if k == 0 {
                s.sp.crank(&mut fx).await.map_err(|e| format!("{}: reference crank: {e}", context(k)))?;
            } else {
                s.sp.pool
                    .update_all(&mut fx)
                    .await
                    .map_err(|e| format!("{}: pool update: {e:?}", context(k)))?;
            }
        }
        let shared = random_user_actions(&mut rng, 2);
        for (k, s) in subjects.iter().enumerate() {
            let actions = if k <= setup.twins { shared.clone() } else { random_user_actions(&mut rng, 3) };
            for action in actions {
                if act(&mut fx, s, &action).await {
                    outcome.outside_actions += usize::from(k > setup.twins);
                }
            }
        }
        // Stake for the adversaries to deposit later (active from the next epoch).
        for s in subjects.iter_mut().skip(1 + setup.twins) {
            s.stakes.retain(|(_, _, ready)| *ready > epoch);
            let vote = votes[rng.below(votes.len() as u64) as usize];
            let stake = Keypair::new();
            let lamports = (1 + rng.below(40)) * SOL;
            if fx.create_delegated_stake(&stake, &s.users[0].0, &vote, lamports).await.is_ok() {
                s.stakes.push((stake, vote, epoch + 1));
            }
        }

        // The scoring point, then the instant-unstake point.
        for point in [5_000u64, 9_000] {
            warp_to_progress(&mut fx, epoch, point).await;
            vote_like(&mut fx, &votes, &shares).await;
            for k in 0..subjects.len() {
                let adversary = k > setup.twins;
                if k == 0 {
                    subjects[0]
                        .sp
                        .crank(&mut fx)
                        .await
                        .map_err(|e| format!("{}: reference crank: {e}", context(0)))?;
                    continue;
                }
                let sent = crank_randomly(&mut fx, &mut rng, &subjects[k], adversary, &mut outcome)
                    .await
                    .map_err(|e| format!("{}: {e}", context(k)))?;
                outcome.crank_transactions += sent;
            }
        }

        // Every pool finished its epoch, within its caps; the twins equal the reference.
        let reference = subjects[0].sp.state(&mut fx).await;
        let reference_stakes = subjects[0].sp.stakes(&mut fx).await;
        for (k, s) in subjects.iter().enumerate() {
            let state = s.sp.state(&mut fx).await;
            finished(&state, epoch).map_err(|e| format!("{}: {e}", context(k)))?;
            within_caps(&state, &params).map_err(|e| format!("{}: {e}", context(k)))?;
            if (1..=setup.twins).contains(&k) {
                if s.sp.stakes(&mut fx).await != reference_stakes {
                    return Err(format!("{}: stakes differ from the reference", context(k)));
                }
                same_state(&state, &reference).map_err(|e| format!("{}: {e}", context(k)))?;
            }
        }
        outcome.schedules += setup.schedules_per_epoch();
        fx.next_epoch().await;
    }
    Ok(outcome)
}

/// Every slot so far produced a block; each validator voted on its share of them.
async fn vote_like(fx: &mut TestFixture, votes: &[Pubkey], shares: &[u64]) {
    produce_blocks(fx).await;
    for (vote, share) in votes.iter().zip(shares) {
        vote_share(fx, std::slice::from_ref(vote), *share).await;
    }
}

/// What a user does to a pool.
#[derive(Clone, Debug)]
enum UserAction {
    /// User `0`/`1` deposits SOL.
    DepositSol(usize, u64),
    /// User withdraws this share (bps) of its pool tokens as SOL.
    WithdrawSol(usize, u64),
    /// User withdraws this share (bps) of its pool tokens as stake from validator `1`'s account.
    WithdrawStake(usize, usize, u64),
    /// Someone sends lamports to the reserve.
    DonateReserve(u64),
    /// Someone sends lamports to validator `0`'s stake account.
    DonateStake(usize, u64),
    /// Someone sends lamports to the address of validator `0`'s next transient account.
    DonateTransient(usize, u64),
    /// The first user deposits its oldest ready stake account.
    DepositStake,
}

fn random_user_actions(rng: &mut Rng, most: u64) -> Vec<UserAction> {
    (0..rng.below(most + 1))
        .map(|_| match rng.below(7) {
            0 => UserAction::DepositSol(rng.below(2) as usize, (1 + rng.below(80)) * SOL),
            1 => UserAction::WithdrawSol(rng.below(2) as usize, 1 + rng.below(6_000)),
            2 => {
                UserAction::WithdrawStake(rng.below(2) as usize, rng.below(7) as usize, 1 + rng.below(3_000))
            }
            3 => UserAction::DonateReserve((1 + rng.below(20)) * SOL / 10),
            4 => UserAction::DonateStake(rng.below(7) as usize, (1 + rng.below(20)) * SOL / 10),
            5 => UserAction::DonateTransient(rng.below(7) as usize, rng.below(4_000_000)),
            _ => UserAction::DepositStake,
        })
        .collect()
}

/// Carries `action` out on `s`; reports whether it landed (users may ask for the impossible).
async fn act(fx: &mut TestFixture, s: &Subject, action: &UserAction) -> bool {
    let pool = &s.sp.pool;
    let payer = fx.payer().pubkey();
    match action {
        UserAction::DepositSol(u, lamports) => {
            let (user, tokens) = &s.users[*u];
            pool.deposit_sol(fx, user, tokens, tokens, *lamports).await.is_ok()
        }
        UserAction::WithdrawSol(u, share) => {
            let (user, tokens) = &s.users[*u];
            let amount = fx.token_balance(tokens).await * share / 10_000;
            let ix = pool.withdraw_sol_ix(&user.pubkey(), tokens, &user.pubkey(), amount, None, None);
            amount > 0 && fx.process(&[ix], &[user]).await.is_ok()
        }
        UserAction::WithdrawStake(u, v, share) => {
            let (user, tokens) = &s.users[*u];
            let amount = fx.token_balance(tokens).await * share / 10_000;
            let list = pool.validator_list(fx).await;
            let Some(entry) = list.validators.get(*v) else { return false };
            let from = pool.validator_stake(&entry.vote_account_address, None);
            let (ixs, receive) =
                pool.withdraw_stake_ixs(fx, &from, &user.pubkey(), tokens, amount, None).await;
            amount > 0 && fx.process(&ixs, &[user, &receive]).await.is_ok()
        }
        UserAction::DonateReserve(lamports) => {
            let ix =
                solana_system_interface::instruction::transfer(&payer, &pool.reserve.pubkey(), *lamports);
            fx.process(&[ix], &[]).await.is_ok()
        }
        UserAction::DonateStake(v, lamports) => {
            let list = pool.validator_list(fx).await;
            let Some(entry) = list.validators.get(*v) else { return false };
            let to = pool.validator_stake(&entry.vote_account_address, None);
            let ix = solana_system_interface::instruction::transfer(&payer, &to, *lamports);
            fx.process(&[ix], &[]).await.is_ok()
        }
        UserAction::DonateTransient(v, lamports) => {
            let list = pool.validator_list(fx).await;
            let Some(entry) = list.validators.get(*v) else { return false };
            let seed = u64::from(entry.transient_seed_suffix);
            let to = pool.transient_stake(&entry.vote_account_address, seed);
            let ix = solana_system_interface::instruction::transfer(&payer, &to, (*lamports).max(1));
            fx.process(&[ix], &[]).await.is_ok()
        }
        UserAction::DepositStake => {
            let epoch = fx.epoch().await;
            let Some((stake, vote, _)) = s.stakes.iter().find(|(_, _, ready)| *ready <= epoch) else {
                return false;
            };
            let (user, tokens) = &s.users[0];
            let ixs = pool.deposit_stake_ixs(&stake.pubkey(), &user.pubkey(), vote, tokens, tokens, None);
            fx.process(&ixs, &[user]).await.is_ok()
        }
    }
}

/// Validator indices cut into runs of consecutive indices (1 to 5 long), in random order: each run
/// one instruction, since the steward's batches name consecutive validators.
fn random_runs(rng: &mut Rng, indices: &[usize]) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for &i in indices {
        match runs.last_mut() {
            Some(run) if run.last() == Some(&(i - 1)) && run.len() < 5 && rng.chance(60) => run.push(i),
            _ => runs.push(vec![i]),
        }
    }
    rng.shuffle(&mut runs);
    runs
}

/// Sends `ixs` (with the compute budget) and returns the logs, or the error as text.
async fn send(fx: &mut TestFixture, ixs: Vec<Instruction>) -> Result<Vec<String>, String> {
    let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(CU_LIMIT)];
    all.extend(ixs);
    fx.process(&all, &[]).await.map(|e| e.logs).map_err(|e| format!("{e:?}"))
}

/// Runs whatever the steward of `s` has due now, in random runs; an adversary's users act between
/// any two transactions. Returns the transactions sent.
async fn crank_randomly(
    fx: &mut TestFixture,
    rng: &mut Rng,
    s: &Subject,
    adversary: bool,
    outcome: &mut Outcome,
) -> Result<usize, String> {
    let a = s.sp.addresses.clone();
    let clock = crate::steward::clock(fx).await;
    let epoch = clock.epoch;
    let mut sent = 0;
    let interfere =
        |rng: &mut Rng| if adversary && rng.chance(35) { random_user_actions(rng, 1) } else { vec![] };
    macro_rules! tx {
        ($ixs:expr, $what:expr) => {{
            for action in interfere(rng) {
                outcome.outside_actions += usize::from(act(fx, s, &action).await);
            }
            sent += 1;
            send(fx, $ixs).await.map_err(|e| format!("{}: {e}", $what))?
        }};
    }
    let list = s.sp.pool.validator_list(fx).await;
    let entries: Vec<(Pubkey, u64)> = list
        .validators
        .iter()
        .map(|v| (v.vote_account_address, u64::from(v.transient_seed_suffix)))
        .collect();
    let state = s.sp.state(fx).await;
    if state.header.maintenance_epoch != epoch {
        tx!(vec![a.epoch_maintenance()], "maintenance");
    }
    let params = client::decode_config(&fx.data(&a.config).await).map_err(|e| e.to_string())?.parameters;
    let state = s.sp.state(fx).await;
    let last = state.header.last_cycle_epoch;
    let cycle_due = last == u64::MAX || epoch >= last + u64::from(params.epochs_per_cycle);
    let progress = clock.progress_bps();
    let all: Vec<usize> = (0..entries.len()).collect();

    // Copies (vote account and tip-distribution account), in random runs.
    s.sp.init_histories(fx, &entries.iter().map(|e| e.0).collect::<Vec<_>>()).await;
    for run in random_runs(rng, &all) {
        let ixs = run
            .iter()
            .flat_map(|i| {
                [
                    client::copy_vote_account(&a.config, &entries[*i].0),
                    client::copy_tip_distribution(&a.config, &entries[*i].0, epoch),
                ]
            })
            .collect();
        tx!(ixs, "copies");
    }
    tx!(vec![client::copy_cluster_info(&a.config)], "cluster info");

    if cycle_due
        && state.tag() == Some(StateTag::Idle)
        && progress >= u64::from(params.compute_score_progress_bps)
    {
        for run in random_runs(rng, &all) {
            let votes: Vec<_> = run.iter().map(|i| entries[*i].0).collect();
            tx!(vec![a.compute_scores(run[0] as u32, &votes)], "scores");
        }
        tx!(vec![a.compute_delegations()], "delegations");
    }
    let state = s.sp.state(fx).await;
    let last = state.header.last_cycle_epoch;
    let cycle_due = last == u64::MAX || epoch >= last + u64::from(params.epochs_per_cycle);
    let instant_due = state.tag() == Some(StateTag::Idle)
        && state.header.rebalance_epoch != epoch
        && !cycle_due
        && progress >= u64::from(params.instant_unstake_progress_bps);
    if !instant_due {
        return Ok(sent);
    }
    for run in random_runs(rng, &all) {
        let votes: Vec<_> = run.iter().map(|i| entries[*i].0).collect();
        tx!(vec![a.compute_instant_unstake(epoch, run[0] as u32, &votes)], "instant unstake");
    }

    // Rebalance: each transaction's moves checked against the rule, from what was observable just
    // before it.
    let snapshot = s.sp.state(fx).await;
    if snapshot.tag() != Some(StateTag::Rebalance) {
        return Err("instant unstake did not reach Rebalance".into());
    }
    let mut checker = Checker {
        snapshot,
        entries,
        used: 0,
        rent: fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await,
    };
    for run in random_runs(rng, &all) {
        for action in interfere(rng) {
            outcome.outside_actions += usize::from(act(fx, s, &action).await);
        }
        checker.rebalance(fx, s, &run).await?;
        sent += 1;
        outcome.moves_checked += run.len();
    }
    // Increases left waiting for the reserve: someone puts back what was taken, and they are
    // retried (after the step) for their planned amounts.
    let state = s.sp.state(fx).await;
    let waiting: Vec<usize> =
        (0..state.slots.len()).filter(|i| state.slots[*i].flags & flag::WAITING != 0).collect();
    if !waiting.is_empty() && rng.chance(70) {
        let h = &state.header;
        let reserve = fx.lamports(&s.sp.pool.reserve.pubkey()).await;
        let taken = (h.snapshot_reserve_lamports - h.reserve_used).saturating_sub(reserve);
        let payer = fx.payer().pubkey();
        let refill =
            solana_system_interface::instruction::transfer(&payer, &s.sp.pool.reserve.pubkey(), taken);
        fx.process(&[refill], &[]).await.map_err(|e| format!("refill: {e:?}"))?;
        for run in random_runs(rng, &waiting) {
            checker.rebalance(fx, s, &run).await?;
            sent += 1;
            outcome.moves_checked += run.len();
        }
        let state = s.sp.state(fx).await;
        if let Some(i) = waiting.iter().find(|i| state.slots[**i].flags & flag::WAITING != 0) {
            return Err(format!("validator {i} still waits with the reserve restored"));
        }
    }
    Ok(sent)
}

/// Checks rebalance transactions against [`expected_move`], keeping the reserve the steward used.
struct Checker {
    snapshot: StewardStateView,
    entries: Vec<(Pubkey, u64)>,
    used: u64,
    rent: u64,
}

impl Checker {
    /// Rebalances the consecutive validators `run` and compares each move with the rule's.
    async fn rebalance(&mut self, fx: &mut TestFixture, s: &Subject, run: &[usize]) -> Result<(), String> {
        let a = &s.sp.addresses;
        let list = s.sp.pool.validator_list(fx).await;
        let mut reserve = fx.lamports(&s.sp.pool.reserve.pubkey()).await;
        let mut expected = Vec::new();
        for &i in run {
            let (vote, seed) = self.entries[i];
            let entry = &list.validators[i];
            let transient = fx.lamports(&a.transient_stake(&vote, seed)).await;
            let open =
                fx.account(&vote).await.is_some_and(|v| v.owner == steward::constants::VOTE_PROGRAM_ID);
            let observed = Observed {
                active: u64::from(entry.active_stake_lamports),
                pending: u64::from(entry.transient_stake_lamports) > 0,
                transient_lamports: transient,
                reserve,
                used: self.used,
                vote_open: open,
            };
            let m = expected_move(&self.snapshot, i, &observed, self.rent);
            reserve -= m.taken;
            self.used += m.taken;
            expected.push((vote, m.decrease, m.increase, m.waiting));
        }
        let triples: Vec<_> = run.iter().map(|i| (self.entries[*i].0, 0, self.entries[*i].1)).collect();
        let payer = fx.payer().pubkey();
        let logs = send(fx, vec![a.rebalance(&payer, run[0] as u32, &triples)])
            .await
            .map_err(|e| format!("rebalance: {e}"))?;
        let got: Vec<(Pubkey, [u64; 3], u64, bool)> = events::<Rebalanced>(&logs)
            .iter()
            .map(|e| (e.vote_account, e.decrease, e.increase, e.waiting))
            .collect();
        if got != expected {
            return Err(format!("rebalance of {run:?} moved {got:?}, the rule gives {expected:?}"));
        }
        Ok(())
    }
}

/// What the rule needs to know of one validator just before its rebalance.
#[derive(Clone, Copy, Debug)]
pub struct Observed {
    /// Its validator stake account's lamports in the list.
    pub active: u64,
    /// Whether a transient account is pending.
    pub pending: bool,
    /// Lamports already at its transient account's address.
    pub transient_lamports: u64,
    /// The reserve's lamports.
    pub reserve: u64,
    /// Reserve lamports the steward's moves have taken since the snapshot.
    pub used: u64,
    /// Whether its vote account is open.
    pub vote_open: bool,
}

/// What the rule moves for one validator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    /// Decrease charged per cap (scoring, instant, deposits).
    pub decrease: [u64; 3],
    /// Increase.
    pub increase: u64,
    /// The planned increase waits for the reserve.
    pub waiting: bool,
    /// Reserve lamports the move takes.
    pub taken: u64,
}

/// The rule, written apart from the program's one-pass plan: sort, then fill. Decreases: worst raw
/// score first (ties: list order) within each cap's remainder, at most down to the pool's floor.
/// Increases: best score first (ties: list order) out of the snapshot's reserve budget; one that the
/// reserve (less whatever others took out of it since) can no longer fund in full waits.
pub fn expected_move(state: &StewardStateView, i: usize, o: &Observed, rent: u64) -> Move {
    let h = &state.header;
    let slots = &state.slots;
    let minimum = h.snapshot_minimum_move;
    if o.pending || slots[i].flags & flag::REMOVING != 0 {
        return Move { decrease: [0; 3], increase: 0, waiting: false, taken: 0 };
    }
    let mut worst_first: Vec<usize> = (0..slots.len()).collect();
    worst_first.sort_by_key(|j| (slots[*j].raw_score, *j));
    let mut planned = [0u64; 3];
    for (c, cap) in h.snapshot_caps_remaining.iter().enumerate() {
        let mut left = *cap;
        for &j in &worst_first {
            let take = left.min(slots[j].needs[c]);
            if j == i {
                planned[c] = take;
                break;
            }
            left -= take;
        }
    }
    let planned_total: u64 = planned.iter().sum();
    let decrease = planned_total.min(o.active.saturating_sub(rent + minimum));
    if planned_total >= minimum && decrease < minimum {
        // A user withdrew the stake below the floor: the decrease waits for it.
        return Move { decrease: [0; 3], increase: 0, waiting: true, taken: 0 };
    }
    if decrease >= minimum {
        let mut charged = [0u64; 3];
        let mut left = decrease;
        for c in [cap::INSTANT, cap::DEPOSIT, cap::SCORING] {
            charged[c] = planned[c].min(left);
            left -= charged[c];
        }
        let missing = rent.saturating_sub(o.transient_lamports);
        let taken = if missing > 0 && o.reserve >= missing + rent { missing } else { 0 };
        return Move { decrease: charged, increase: 0, waiting: false, taken };
    }
    let outflow = (h.snapshot_reserve_lamports - o.used).saturating_sub(o.reserve);
    let budget = h.snapshot_reserve_available.saturating_sub(outflow);
    let mut best_first: Vec<usize> = (0..slots.len()).collect();
    best_first.sort_by_key(|j| (std::cmp::Reverse(slots[*j].score), *j));
    let ahead: u64 = best_first.iter().take_while(|j| **j != i).map(|j| slots[*j].deficit).sum();
    let deficit = slots[i].deficit;
    let planned = h.snapshot_reserve_available.saturating_sub(ahead).min(deficit);
    let now = if o.vote_open {
        budget.saturating_sub(ahead).min(deficit).min(o.reserve.saturating_sub(2 * rent))
    } else {
        0
    };
    // An increase the reserve can no longer fund in full waits for it.
    let waiting = o.vote_open && planned >= minimum && now < planned;
    if !waiting && now >= minimum {
        Move { decrease: [0; 3], increase: now, waiting, taken: now + rent }
    } else {
        Move { decrease: [0; 3], increase: 0, waiting, taken: 0 }
    }
}

/// The epoch's steps are all done: idle, rebalanced this epoch, every validator handled.
fn finished(state: &StewardStateView, epoch: u64) -> Result<(), String> {
    if state.tag() != Some(StateTag::Idle) || state.header.rebalance_epoch != epoch {
        return Err(format!("epoch left unfinished in {:?}", state.tag()));
    }
    if let Some(i) = state.slots.iter().position(|s| s.flags & flag::REBALANCED == 0) {
        return Err(format!("validator {i} not rebalanced"));
    }
    Ok(())
}

/// No cap was exceeded this cycle.
fn within_caps(state: &StewardStateView, params: &Parameters) -> Result<(), String> {
    let h = &state.header;
    let base = u128::from(h.cycle_base_lamports);
    let cap = |bps: u16| (base * u128::from(bps) / 10_000) as u64;
    for (used, limit, name) in [
        (h.scoring_unstaked, cap(params.scoring_unstake_cap_bps), "scoring"),
        (h.instant_unstaked, cap(params.instant_unstake_cap_bps), "instant"),
        (h.deposit_unstaked, cap(params.stake_deposit_unstake_cap_bps), "stake-deposit"),
    ] {
        if used > limit {
            return Err(format!("{name} cap exceeded: {used} > {limit}"));
        }
    }
    Ok(())
}

/// Twins hold the reference's scores, flags, needs and counters.
fn same_state(state: &StewardStateView, reference: &StewardStateView) -> Result<(), String> {
    let key = |s: &StewardStateView| {
        let h = &s.header;
        (
            s.slots
                .iter()
                .map(|x| {
                    (
                        x.raw_score,
                        x.score,
                        x.flags,
                        x.needs,
                        x.deficit,
                        x.expected_lamports,
                        x.snapshot_lamports,
                    )
                })
                .collect::<Vec<_>>(),
            (
                h.scoring_unstaked,
                h.instant_unstaked,
                h.deposit_unstaked,
                h.delegated_count,
                h.cycle_base_lamports,
            ),
        )
    };
    if key(state) != key(reference) {
        return Err("steward state differs from the reference".into());
    }
    Ok(())
}
