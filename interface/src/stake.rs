//! Stake accounts, read as the stake program lays them out (bincode's `StakeStateV2`): a `u32`
//! state tag, the `Meta` and, for a delegated account, the `Stake`.

use {
    crate::{
        pod::{PodU32, PodU64},
        stake_pool::PodLockup,
    },
    bytemuck::{Pod, Zeroable},
    core::mem::size_of,
    solana_address::Address,
};

/// Bytes of a stake account.
pub const ACCOUNT_LEN: usize = 200;

/// `StakeStateV2` tags.
pub mod state_tag {
    /// Created, not initialized.
    pub const UNINITIALIZED: u32 = 0;
    /// Initialized (authorities and lock-up set), not delegated.
    pub const INITIALIZED: u32 = 1;
    /// Delegated.
    pub const STAKE: u32 = 2;
    /// The obsolete rewards-pool state.
    pub const REWARDS_POOL: u32 = 3;
}

/// The tag and `Meta` of an initialized or delegated stake account.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Pod, Zeroable)]
pub struct MetaLayout {
    /// A [`state_tag`].
    pub tag: PodU32,
    /// Lamports the account keeps for rent.
    pub rent_exempt_reserve: PodU64,
    /// Staker authority.
    pub staker: Address,
    /// Withdrawer authority.
    pub withdrawer: Address,
    /// Lock-up.
    pub lockup: PodLockup,
}

/// A delegated stake account, through its flags byte.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Pod, Zeroable)]
pub struct StakeLayout {
    /// Tag and meta.
    pub meta: MetaLayout,
    /// Vote account delegated to.
    pub voter: Address,
    /// Delegated lamports.
    pub stake: PodU64,
    /// Epoch the delegation started activating.
    pub activation_epoch: PodU64,
    /// Epoch it started deactivating (`u64::MAX` if not).
    pub deactivation_epoch: PodU64,
    /// The deprecated warm-up rate (an `f64`, never read).
    pub warmup_cooldown_rate: [u8; 8],
    /// Vote credits observed at the last reward.
    pub credits_observed: PodU64,
    /// Stake flags.
    pub flags: u8,
}

const _: () = assert!(size_of::<MetaLayout>() == 124);
const _: () = assert!(size_of::<StakeLayout>() == 197);

/// A lock-up's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lockup {
    /// Unix timestamp until which the stake is locked.
    pub unix_timestamp: i64,
    /// Epoch until which the stake is locked.
    pub epoch: u64,
    /// Custodian who may lift the lock-up.
    pub custodian: Address,
}

impl From<&PodLockup> for Lockup {
    fn from(pod: &PodLockup) -> Self {
        Self { unix_timestamp: pod.unix_timestamp.get(), epoch: pod.epoch.get(), custodian: pod.custodian }
    }
}

impl Lockup {
    /// In force at `unix_timestamp` and `epoch` with no custodian signing (the stake program's
    /// `Lockup::is_in_force` without a custodian).
    pub fn is_in_force(&self, unix_timestamp: i64, epoch: u64) -> bool {
        self.unix_timestamp > unix_timestamp || self.epoch > epoch
    }
}

/// A stake account's `Meta`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    /// Lamports kept for rent.
    pub rent_exempt_reserve: u64,
    /// Staker authority.
    pub staker: Address,
    /// Withdrawer authority.
    pub withdrawer: Address,
    /// Lock-up.
    pub lockup: Lockup,
}

impl From<&MetaLayout> for Meta {
    fn from(m: &MetaLayout) -> Self {
        Self {
            rent_exempt_reserve: m.rent_exempt_reserve.get(),
            staker: m.staker,
            withdrawer: m.withdrawer,
            lockup: Lockup::from(&m.lockup),
        }
    }
}

/// A stake account's delegation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delegation {
    /// Vote account delegated to.
    pub voter: Address,
    /// Delegated lamports.
    pub stake: u64,
    /// Epoch the delegation started activating.
    pub activation_epoch: u64,
    /// Epoch it started deactivating (`u64::MAX` if not).
    pub deactivation_epoch: u64,
}

impl Delegation {
    /// Whether the stake is deactivating or deactivated.
    pub fn is_deactivating(&self) -> bool {
        self.deactivation_epoch != u64::MAX
    }

    /// Inactive without consulting stake history: deactivated before `epoch`, or activated and
    /// deactivated within `epoch` (SPL's `stake_is_inactive_without_history`).
    pub fn is_inactive_without_history(&self, epoch: u64) -> bool {
        self.deactivation_epoch < epoch
            || (self.activation_epoch == epoch && self.deactivation_epoch == epoch)
    }
}

/// A stake account's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StakeState {
    /// Created but not initialized.
    Uninitialized,
    /// Initialized, not delegated.
    Initialized(Meta),
    /// Delegated.
    Stake(Meta, Delegation),
    /// The obsolete rewards-pool state.
    RewardsPool,
}

impl StakeState {
    /// The state in `data`, a stake account's bytes. `None` for bytes that are no stake state: too
    /// short for their tag's fields, or an unknown tag.
    pub fn read(data: &[u8]) -> Option<Self> {
        let tag = u32::from_le_bytes(*data.first_chunk::<4>()?);
        match tag {
            state_tag::UNINITIALIZED => Some(Self::Uninitialized),
            state_tag::INITIALIZED => {
                let meta: &MetaLayout = bytemuck::from_bytes(data.get(..size_of::<MetaLayout>())?);
                Some(Self::Initialized(meta.into()))
            }
            state_tag::STAKE => {
                let stake: &StakeLayout = bytemuck::from_bytes(data.get(..size_of::<StakeLayout>())?);
                Some(Self::Stake((&stake.meta).into(), stake.delegation()))
            }
            state_tag::REWARDS_POOL => Some(Self::RewardsPool),
            _ => None,
        }
    }

    /// The delegation of a delegated account.
    pub fn delegation(&self) -> Option<&Delegation> {
        match self {
            Self::Stake(_, delegation) => Some(delegation),
            _ => None,
        }
    }

    /// The meta of an initialized or delegated account.
    pub fn meta(&self) -> Option<&Meta> {
        match self {
            Self::Initialized(meta) | Self::Stake(meta, _) => Some(meta),
            _ => None,
        }
    }
}

impl StakeLayout {
    /// The delegation's values.
    pub fn delegation(&self) -> Delegation {
        Delegation {
            voter: self.voter,
            stake: self.stake.get(),
            activation_epoch: self.activation_epoch.get(),
            deactivation_epoch: self.deactivation_epoch.get(),
        }
    }
}
