//! What the fuzzer checks after every step: the two sides agree, and the invariants hold.

use {
    super::{
        op::{Mutation, Op, Role},
        world::{Label, OptionalAccount, World},
    },
    crate::{fixture::TxError, pool::normalize_pool_bytes, pool::BUMP_OFFSET},
    solana_account::Account,
    solana_instruction::error::InstructionError,
    solana_pubkey::Pubkey,
    spl_stake_pool::state::StakePool,
    std::fmt,
};

/// Which check failed (a minimised sequence must fail the same one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The two programs answered differently.
    Outcome,
    /// An account differs between the sides.
    Account,
    /// Supply is not the sum of token accounts.
    Supply,
    /// The pool's total is not what its accounts hold.
    Total,
    /// The rate fell.
    Rate,
    /// A caller got more than its input was worth.
    Value,
}

/// A failed check, with the step that failed it.
#[derive(Clone, Debug)]
pub struct Failure {
    /// Step number (from 1).
    pub step: usize,
    /// The step.
    pub op: Op,
    /// The check.
    pub check: Check,
    /// What differed.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {} {:?} failed the {:?} check: {}", self.step, self.op, self.check, self.message)
    }
}

/// One side's figures after a step.
#[derive(Clone, Debug, Default)]
pub(super) struct Side {
    /// The pool, decoded.
    pub state: StakePool,
    /// Pool tokens of each user.
    pub tokens: Vec<u64>,
    /// Pool tokens of the referrer and the manager fee account.
    pub referrer: u64,
    pub fee: u64,
    /// Mint supply.
    pub supply: u64,
    /// Reserve lamports and its rent-exempt reserve.
    pub reserve: u64,
    pub reserve_rent: u64,
}

/// Both sides after a step, and the epoch.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub(super) sides: [Side; 2],
    pub(super) epoch: u64,
}

/// The accounts read every step (the rest only when a transaction could write them).
fn always(users: usize) -> Vec<Label> {
    let roles = [Role::Pool, Role::List, Role::Reserve, Role::Mint, Role::ManagerFee];
    let mut labels: Vec<Label> = roles.into_iter().map(|r| Label::Role(r as u8)).collect();
    labels.push(Label::Referrer);
    labels.extend((0..users).map(Label::Tokens));
    labels
}

fn token_amount(account: &Option<Account>) -> u64 {
    account
        .as_ref()
        .and_then(|a| a.data.get(64..72))
        .map_or(0, |b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
}

fn users(world: &World) -> usize {
    (0..).take_while(|u| world.addresses[0].contains_key(&Label::Tokens(*u))).count()
}

impl Snapshot {
    /// Reads both sides.
    pub(super) async fn take(world: &mut World) -> Snapshot {
        let users = users(world);
        let mut snapshot = Snapshot { epoch: world.fx.epoch().await, ..Snapshot::default() };
        for side in 0..2 {
            let read = |label| world.address(side, label);
            let (pool, mint, reserve, fee, referrer) = (
                read(Label::Role(Role::Pool as u8)),
                read(Label::Role(Role::Mint as u8)),
                read(Label::Role(Role::Reserve as u8)),
                read(Label::Role(Role::ManagerFee as u8)),
                read(Label::Referrer),
            );
            let tokens: Vec<Pubkey> = (0..users).map(|u| world.address(side, Label::Tokens(u))).collect();
            let fx = &mut world.fx;
            let pool_data = fx.data(&pool).await;
            let state: StakePool =
                borsh::BorshDeserialize::deserialize(&mut pool_data.as_slice()).expect("pool decodes");
            let mint = fx.account(&mint).await;
            let supply = mint
                .as_ref()
                .and_then(|a| a.data.get(36..44))
                .map_or(0, |b| u64::from_le_bytes(b.try_into().expect("8 bytes")));
            let reserve = fx.account(&reserve).await.expect("reserve exists");
            let reserve_rent = lst_sdk::interface::stake::StakeState::read(&reserve.data)
                .and_then(|state| state.meta().map(|meta| meta.rent_exempt_reserve))
                .expect("an initialized reserve");
            let fee = token_amount(&fx.account(&fee).await);
            let referrer = token_amount(&fx.account(&referrer).await);
            let mut balances = Vec::new();
            for account in &tokens {
                balances.push(token_amount(&fx.account(account).await));
            }
            snapshot.sides[side] = Side {
                state,
                tokens: balances,
                referrer,
                fee,
                supply,
                reserve: reserve.lamports,
                reserve_rent,
            };
        }
        snapshot
    }
}

/// An error as both programs gave it, for the counts.
pub(super) fn describe(error: &TxError) -> String {
    match error {
        // Index 0 is the compute-unit limit every transaction starts with.
        TxError::Instruction(index, error) => format!("instruction {}: {error:?}", index.saturating_sub(1)),
        TxError::Transaction(error) => format!("{error:?}"),
        TxError::Client(error) => format!("client: {error}"),
    }
}

/// Where the two programs may refuse with different errors by design, and why (both named in the
/// README's deliberate differences). Only refusals by both: an input one accepts and the other
/// refuses is always a failure.
fn tolerated(
    op: &Op,
    ours: &TxError,
    theirs: &TxError,
    optional_account: OptionalAccount,
) -> Option<&'static str> {
    let Op::Mutated { op: inner, mutation } = op else { return None };
    let user_instruction = matches!(
        inner.as_ref(),
        Op::DepositSol { .. } | Op::WithdrawSol { .. } | Op::DepositStake { .. } | Op::WithdrawStake { .. }
    );
    let unsigned = matches!(
        mutation,
        Mutation::Unsign(_) | Mutation::Replace { .. } | Mutation::Drop(_) | Mutation::SetByte { at: 0, .. }
    );
    if user_instruction
        && unsigned
        && matches!(ours, TxError::Instruction(_, InstructionError::MissingRequiredSignature))
    {
        return Some("ours refuses a missing user signature before any other check");
    }
    if matches!(
        theirs,
        TxError::Instruction(
            _,
            InstructionError::ProgramFailedToComplete | InstructionError::AccountBorrowFailed
        )
    ) {
        return Some("upstream fails inside itself (an account passed twice breaks its own borrow, or it panics) where ours refuses with its own check");
    }
    let sol_instruction = matches!(inner.as_ref(), Op::DepositSol { .. } | Op::WithdrawSol { .. });
    let several_faults = match optional_account {
        // The list ends in the funding authority: an account left out shifts it in.
        OptionalAccount::Present => matches!(mutation, Mutation::Drop(_)),
        // The pool requires a funding authority the list lacks: any mangling is a second fault.
        OptionalAccount::Missing => true,
        OptionalAccount::None => false,
    };
    if sol_instruction && several_faults {
        return Some("several faults at once around a SOL funding authority: each program reports the first failing check in its own order");
    }
    None
}

/// Address pairs of everything either side's world holds, each way (ours to theirs and theirs to
/// ours: a step may put the other side's address into an account, as a substituted account does).
fn pairs(world: &World) -> Vec<(Pubkey, Pubkey)> {
    world.addresses[0]
        .iter()
        .filter_map(|(label, ours)| Some((*ours, *world.addresses[1].get(label)?)))
        .filter(|(ours, theirs)| ours != theirs)
        .flat_map(|(ours, theirs)| [(ours, theirs), (theirs, ours)])
        .collect()
}

fn map_address(address: Pubkey, pairs: &[(Pubkey, Pubkey)]) -> Pubkey {
    pairs.iter().find(|(ours, _)| *ours == address).map_or(address, |(_, theirs)| *theirs)
}

/// A pool's encoding shrinks when an option is cleared, and SPL leaves the bytes after it as they
/// were: addresses may survive there with their first bytes overwritten. Wherever after the encoding
/// both sides hold the same cut (at least 8 bytes) of an address pair, ours is mapped to theirs.
/// Only called when the plain comparison differs.
fn map_cut_addresses(ours: &mut [u8], theirs: &[u8], pairs: &[(Pubkey, Pubkey)]) {
    let Ok(state) = borsh::BorshDeserialize::deserialize(&mut &theirs[..]).map(|s: StakePool| s) else {
        return;
    };
    let Ok(end) = borsh::to_vec(&state).map(|v| v.len()) else { return };
    let mut at = end;
    while at < ours.len().min(theirs.len()) {
        let hit = pairs.iter().find_map(|(from, to)| {
            (1..=24).find_map(|cut| {
                let (from, to) = (&from.as_ref()[cut..], &to.as_ref()[cut..]);
                let range = at..at + from.len();
                (ours.get(range.clone()) == Some(from) && theirs.get(range) == Some(to)).then_some(to)
            })
        });
        match hit {
            Some(to) => {
                ours[at..at + to.len()].copy_from_slice(to);
                at += to.len();
            }
            None => at += 1,
        }
    }
}

/// Compares `label`'s account on both sides.
async fn compare(world: &mut World, label: Label, pairs: &[(Pubkey, Pubkey)]) -> Result<(), String> {
    if label == Label::Role(Role::Program as u8) {
        return Ok(());
    }
    let (ours, theirs) = (world.address(0, label), world.address(1, label));
    let (a, b) = (world.fx.account(&ours).await, world.fx.account(&theirs).await);
    match (a, b) {
        (None, None) => Ok(()),
        (Some(a), Some(b)) => {
            if a.lamports != b.lamports {
                return Err(format!("{label:?}: lamports {} vs {}", a.lamports, b.lamports));
            }
            if map_address(a.owner, pairs) != b.owner {
                return Err(format!("{label:?}: owner {} vs {}", a.owner, b.owner));
            }
            let data = if label == Label::Role(Role::Pool as u8) {
                let bump = b.data.get(BUMP_OFFSET).copied().unwrap_or_default();
                let data = normalize_pool_bytes(a.data.clone(), pairs, bump);
                if data == b.data {
                    data
                } else {
                    let mut data = a.data;
                    map_cut_addresses(&mut data, &b.data, pairs);
                    normalize_pool_bytes(data, pairs, bump)
                }
            } else {
                crate::pool::map_addresses(a.data, pairs)
            };
            if data != b.data {
                let at = data
                    .iter()
                    .zip(&b.data)
                    .position(|(x, y)| x != y)
                    .unwrap_or(data.len().min(b.data.len()));
                if std::env::var_os("LST_FUZZ_DUMP").is_some() {
                    eprintln!("ours  {data:?}\ntheirs {:?}", b.data);
                }
                let window = |d: &[u8]| d[at.saturating_sub(8).min(d.len())..(at + 24).min(d.len())].to_vec();
                return Err(format!(
                    "{label:?}: data differs from byte {at} ({} vs {} bytes): ours (mapped) {:?}, upstream {:?} from byte {}",
                    data.len(),
                    b.data.len(),
                    window(&data),
                    window(&b.data),
                    at.saturating_sub(8)
                ));
            }
            Ok(())
        }
        (a, b) => Err(format!("{label:?}: exists on ours {}, on theirs {}", a.is_some(), b.is_some())),
    }
}

/// Everything checked after a step; updates the world's view of both sides.
pub(super) async fn after_step(
    world: &mut World,
    op: &Op,
    before: &Snapshot,
    outcomes: &[Result<(), TxError>; 2],
    touched: &[Label],
    deposited: Option<(usize, u64)>,
) -> Result<(), Failure> {
    let step = world.step_index;
    let failure = |check: Check, message: String| Failure { step, op: op.clone(), check, message };
    if outcomes[0] != outcomes[1] {
        let deliberate = match (&outcomes[0], &outcomes[1]) {
            (Err(ours), Err(theirs)) => tolerated(op, ours, theirs, world.optional_account(op)),
            _ => None,
        };
        match deliberate {
            Some(reason) => *world.stats.deliberate.entry(reason).or_default() += 1,
            None if world.survey && outcomes[0].is_err() && outcomes[1].is_err() => {
                let (Err(ours), Err(theirs)) = (&outcomes[0], &outcomes[1]) else { unreachable!() };
                let shape = match op {
                    Op::Mutated { op, mutation } => format!("{} {}", op.name(), mutation.name()),
                    other => other.name().to_owned(),
                };
                let key = format!("{shape}: ours {} | upstream {}", describe(ours), describe(theirs));
                let entry = world.stats.differences.entry(key).or_insert((0, format!("{op:?}")));
                entry.0 += 1;
                return Ok(());
            }
            None => {
                return Err(failure(
                    Check::Outcome,
                    format!("ours {:?}, upstream {:?}", outcomes[0], outcomes[1]),
                ))
            }
        }
    }
    if outcomes[0].is_err() && outcomes[1].is_err() {
        // A failed transaction changes nothing but the payer's balance.
        return Ok(());
    }
    let pairs = pairs(world);
    let mut labels = always(before.sides[0].tokens.len());
    labels.extend(touched.iter().copied());
    labels.sort();
    labels.dedup();
    for label in labels {
        compare(world, label, &pairs).await.map_err(|m| failure(Check::Account, m))?;
    }
    let after = Snapshot::take(world).await;
    world.list = world.pools[0].validator_list(&mut world.fx).await;
    world.states = [after.sides[0].state.clone(), after.sides[1].state.clone()];
    for (side, figures) in after.sides.iter().enumerate() {
        let held = figures.tokens.iter().sum::<u64>() + figures.referrer + figures.fee;
        if figures.supply != held || figures.state.pool_token_supply != figures.supply {
            return Err(failure(
                Check::Supply,
                format!(
                    "side {side}: mint supply {}, pool's supply {}, token accounts hold {held}",
                    figures.supply, figures.state.pool_token_supply
                ),
            ));
        }
    }
    let inner = match op {
        Op::Mutated { op, .. } => op.as_ref(),
        other => other,
    };
    let (was, now) = (&before.sides[0], &after.sides[0]);
    if matches!(inner, Op::UpdateBalance | Op::Crank) && outcomes[0].is_ok() {
        let listed: u64 = world
            .list
            .validators
            .iter()
            .map(|v| u64::from(v.active_stake_lamports) + u64::from(v.transient_stake_lamports))
            .sum();
        let counted = now.reserve - now.reserve_rent + listed;
        if now.state.total_lamports != counted {
            return Err(failure(
                Check::Total,
                format!(
                    "total {} but reserve {} - rent {} + listed {listed} = {counted}",
                    now.state.total_lamports, now.reserve, now.reserve_rent
                ),
            ));
        }
    }
    let (l0, s0) = (u128::from(was.state.total_lamports), u128::from(was.state.pool_token_supply));
    let (l1, s1) = (u128::from(now.state.total_lamports), u128::from(now.state.pool_token_supply));
    if s0 > 0 && s1 > 0 && l1 * s0 < l0 * s1 {
        return Err(failure(Check::Rate, format!("rate fell from {l0}/{s0} to {l1}/{s1}")));
    }
    // What the caller got against what it gave, at the rate before the step.
    let gained = |user: usize| u128::from(now.tokens[user].saturating_sub(was.tokens[user]));
    let burned = |user: usize| u128::from(was.tokens[user].saturating_sub(now.tokens[user]));
    let received = match inner {
        Op::WithdrawSol { .. } | Op::WithdrawStake { .. } => {
            let account = world.fx.account(&world.address(0, Label::Receive)).await;
            let rent = if matches!(inner, Op::WithdrawStake { .. }) { world.stake_rent } else { 0 };
            u128::from(account.map_or(0, |a| a.lamports).saturating_sub(rent))
        }
        _ => 0,
    };
    let worth = |value: u128| if s0 == 0 || l0 == 0 { value } else { value * s0 / l0 };
    let unfair = match (inner, matches!(op, Op::Mutated { .. })) {
        (_, true) => None,
        (Op::DepositSol { user, lamports, .. }, false) => (gained(*user) > worth(u128::from(*lamports)))
            .then(|| format!("{} tokens for {lamports} lamports", gained(*user))),
        (Op::DepositStake { .. }, false) => deposited.and_then(|(user, value)| {
            let value = u128::from(value);
            (gained(user) > worth(value))
                .then(|| format!("{} tokens for {value} lamports of stake", gained(user)))
        }),
        (Op::WithdrawSol { user, .. } | Op::WithdrawStake { user, .. }, false) => {
            let fair = (burned(*user) * l0).checked_div(s0).unwrap_or(0);
            (received > fair).then(|| format!("{received} lamports for {} tokens", burned(*user)))
        }
        _ => None,
    };
    if let Some(message) = unfair {
        return Err(failure(Check::Value, message));
    }
    world.last = after;
    Ok(())
}
