//! A differential fuzzer: random operation sequences drive our stake pool and upstream SPL's side by
//! side in one bank (real stake program, epochs and inflation rewards), and after every step the two
//! must agree and both must keep the pool's invariants.
//!
//! One world in four runs under the stake program before v5 (1-lamport minimum delegation), the
//! others under the bank's v5.1 (1 SOL).
//!
//! One world holds two pools set up alike (same fees, same authorities, same validators) and, for
//! each, its own users, referrer and stake accounts, so that nothing one side does can change what the
//! other sees. A step ([`Op`]) is applied to both; then:
//! - the outcomes are equal, errors included (instruction index and code);
//! - every account either side's transaction could write is equal across sides (lamports, owner,
//!   data, after mapping the addresses that differ only because the accounts belong to the other
//!   pool or derive from the other program id), and so are the pool, list, reserve and mint;
//! - the invariants hold: the mint's supply equals the sum of the pool's token accounts; right after
//!   `UpdateStakePoolBalance` the pool's total equals the reserve (less its rent-exempt reserve) plus
//!   every listed validator's active and transient stake; the rate (lamports per token) never falls,
//!   as nothing in this world loses stake; and no caller gets more than its input is worth at the rate
//!   before the step (deposits mint at most `lamports × supply / total` tokens, withdrawals pay at
//!   most `tokens × total / supply` lamports).
//!
//! A failure carries the sequence that produced it; [`minimize`] cuts it down to the steps that still
//! fail, and [`Regression`] saves it as JSON for `tests/fuzz-regressions/`.

mod check;
pub mod driver;
mod op;
mod world;

use {
    crate::rng::Rng,
    serde::{Deserialize, Serialize},
};
pub use {
    check::{Check, Failure},
    op::{Candidate, DecreaseKind, FeeKind, Funding, Mutation, Op, Referrer, Role, Source, WellKnown},
    world::{Stats, World},
};

/// A saved failing sequence: the world's seed and the steps, replayed by the regression test.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Regression {
    /// What it caught, in a sentence.
    pub what: String,
    /// Seed of the world (keys, fees).
    pub seed: u64,
    /// The steps.
    pub ops: Vec<Op>,
}

/// Runs `steps` random steps in a world made from `seed`; returns the counts, or the first failure
/// with the sequence that led to it.
pub async fn run(seed: u64, steps: usize) -> Result<Stats, (Failure, Vec<Op>)> {
    let mut world = World::new(seed).await;
    let mut rng = Rng::new(seed ^ 0x5eed_f022);
    let mut ops = Vec::with_capacity(steps);
    for _ in 0..steps {
        let op = Op::random(&mut rng, &world.view());
        ops.push(op.clone());
        if let Err(failure) = world.step(&op).await {
            return Err((failure, ops));
        }
    }
    Ok(world.stats)
}

/// Replays `ops` in a world made from `seed`.
pub async fn replay(seed: u64, ops: &[Op]) -> Result<Stats, Failure> {
    let mut world = World::new(seed).await;
    for op in ops {
        world.step(op).await?;
    }
    Ok(world.stats)
}

/// The shortest sequence this finds (removing runs of steps, then single steps, then simplifying
/// mangled steps) that still fails in the same check as `failure`.
pub async fn minimize(seed: u64, ops: Vec<Op>, failure: &Failure) -> Vec<Op> {
    let same = |f: &Failure| f.check == failure.check;
    let mut ops = ops;
    let mut chunk = ops.len() / 2;
    while chunk >= 1 {
        let mut at = 0;
        while at < ops.len() {
            let end = (at + chunk).min(ops.len());
            // The failing step itself stays last.
            if end == ops.len() {
                break;
            }
            let candidate: Vec<Op> = ops[..at].iter().chain(&ops[end..]).cloned().collect();
            match replay(seed, &candidate).await {
                Err(f) if same(&f) => ops = candidate,
                _ => at += chunk,
            }
        }
        chunk /= 2;
    }
    ops
}
