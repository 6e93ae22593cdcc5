//! Bonds helpers: a steward pool's bonds, validators' bonds, and the runtime's reward rule written
//! out independently of the program's, to check its settlements against.

use {
    crate::{
        fixture::{Executed, TestFixture, TxError},
        steward::StewardPool,
    },
    bonds::state::{Bond, Settlement},
    lst_sdk::bonds::{decode_bond, decode_settlement, settlement_address, BondsAddresses, PoolToken},
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
};

/// The bonds of `sp`'s pool, opened by the steward's admin (also their authority) with `lockup`.
pub async fn open_bonds(fx: &mut TestFixture, sp: &StewardPool, lockup: u16) -> BondsAddresses {
    let bonds =
        BondsAddresses::new(sp.addresses.config, sp.pool.stake_pool.pubkey(), sp.pool.reserve.pubkey());
    let admin = sp.authority.pubkey();
    let ix = bonds.initialize(&admin, &fx.payer().pubkey(), &admin, lockup);
    fx.process(&[ix], &[&sp.authority]).await.expect("bonds config");
    bonds
}

/// `identity` (the vote account's withdraw authority) opens `vote`'s bond and funds it with
/// `lamports` (none when 0).
pub async fn open_bond(
    fx: &mut TestFixture,
    bonds: &BondsAddresses,
    identity: &Keypair,
    vote: &Pubkey,
    lamports: u64,
) -> Result<(), TxError> {
    let payer = fx.payer().pubkey();
    let mut ixs = vec![bonds.open_bond(vote, &identity.pubkey(), &payer)];
    if lamports > 0 {
        ixs.push(bonds.fund_bond(vote, &payer, lamports));
    }
    fx.process(&ixs, &[identity]).await.map(|_| ())
}

/// Settles `vote`'s loss of `epoch`.
pub async fn settle(
    fx: &mut TestFixture,
    bonds: &BondsAddresses,
    vote: &Pubkey,
    epoch: u64,
) -> Result<Executed, TxError> {
    let ix = bonds.settle(vote, epoch, &fx.payer().pubkey());
    fx.process(&[ix], &[]).await
}

/// `vote`'s bond.
pub async fn bond(fx: &mut TestFixture, bonds: &BondsAddresses, vote: &Pubkey) -> Bond {
    decode_bond(&fx.data(&bonds.bond(vote)).await).expect("bond")
}

/// The lamports `vote`'s bond can pay (above its rent).
pub async fn available(fx: &mut TestFixture, bonds: &BondsAddresses, vote: &Pubkey) -> u64 {
    let lamports = fx.lamports(&bonds.bond(vote)).await;
    lamports - fx.rent_exempt(bonds::state::len::BOND).await
}

/// The record of `vote`'s settlement of `epoch`.
pub async fn settlement(
    fx: &mut TestFixture,
    bonds: &BondsAddresses,
    vote: &Pubkey,
    epoch: u64,
) -> Settlement {
    let address = settlement_address(&bonds.bond(vote), epoch);
    decode_settlement(&fx.data(&address).await).expect("settlement")
}

/// The runtime's reward to a staker, written as the runtime states it: `stake × credits` points,
/// worth `rewards / points` each, rounded down; then the validator's commission (whole percent)
/// rounded down, the staker keeping the rest rounded down.
pub fn runtime_staker_reward(
    stake: u64,
    credits: u64,
    commission_percent: u8,
    points: u128,
    rewards: u64,
) -> u64 {
    let gross = (stake as u128 * credits as u128 * rewards as u128 / points) as u64;
    match commission_percent.min(100) {
        0 => gross,
        100 => 0,
        c => (gross as u128 * (100 - c) as u128 / 100) as u64,
    }
}

/// A staker's share of a validator's tips as Jito's tip distribution pays it, written out: the
/// validator's MEV commission (bps) rounded down, then the rest in proportion to stake, rounded
/// down.
pub fn jito_staker_tips(tips: u64, commission_bps: u16, stake: u64, validator_stake: u64) -> u64 {
    let rest = tips - (tips as u128 * commission_bps as u128 / 10_000) as u64;
    (rest as u128 * stake as u128 / validator_stake as u128) as u64
}

/// `sp`'s pool token (mint and token program), as the insurance fund's covers name it.
pub fn pool_token(sp: &StewardPool) -> PoolToken {
    PoolToken { mint: sp.pool.mint.pubkey(), program: sp.pool.config.token_program }
}
