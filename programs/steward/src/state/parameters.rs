//! The DAO's knobs (SPEC §2.2). Every update goes through [`Parameters::validate`].

use {
    crate::{
        constants::{BPS, MAX_EPOCHS_PER_CYCLE, MAX_VALIDATORS, MAX_WINDOW},
        errors::StewardError,
    },
    anchor_lang::prelude::*,
};

/// Scoring, delegation and rebalancing parameters. Ratios and caps are basis points.
// Plain `Pod` rather than `#[zero_copy]`: events carry it with borsh, and both derives would implement
// `IdlBuild`.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable,
)]
#[repr(C)]
pub struct Parameters {
    /// Minimum activated stake (lamports) before admission.
    pub minimum_stake_lamports: u64,
    /// How many validators receive delegation (the top N with a positive score).
    pub num_delegation_validators: u32,
    /// Highest MEV commission (bps) a validator may charge in the MEV window.
    pub mev_commission_threshold_bps: u16,
    /// Epochs the MEV filters look back over.
    pub mev_commission_window: u16,
    /// Highest inflation commission (bps) in the commission window.
    pub commission_threshold_bps: u16,
    /// Epochs the commission filter looks back over.
    pub commission_window: u16,
    /// Highest inflation commission (bps) a validator may ever have charged.
    pub historical_commission_ceiling_bps: u16,
    /// Vote credits a validator needs in every epoch of the window, as bps of what voting on every
    /// block the cluster produced earns (16 credits per block).
    pub scoring_delinquency_ratio_bps: u16,
    /// Vote credits this epoch below this share (bps) of what voting on every block so far earns
    /// trigger instant unstake.
    pub instant_unstake_delinquency_ratio_bps: u16,
    /// Epochs the vote-credit filter and score look back over.
    pub epoch_credits_window: u16,
    /// Per-cycle cap (bps of pool lamports) on unstaking for score.
    pub scoring_unstake_cap_bps: u16,
    /// Per-cycle cap (bps of pool lamports) on instant unstaking.
    pub instant_unstake_cap_bps: u16,
    /// Per-cycle cap (bps of pool lamports) on unstaking what stake deposits brought in.
    pub stake_deposit_unstake_cap_bps: u16,
    /// Epoch progress (bps) from which a new cycle's scores may be computed.
    pub compute_score_progress_bps: u16,
    /// Epoch progress (bps) from which instant unstake and rebalance run.
    pub instant_unstake_progress_bps: u16,
    /// Epochs between scoring cycles.
    pub epochs_per_cycle: u16,
    /// Minimum voting epochs (with credits) before admission.
    pub minimum_voting_epochs: u16,
    /// A validator's bond (bonds program) must hold this share (bps) of its target stake — the
    /// cycle's pool lamports over `num_delegation_validators` — to be scored, and keep it to escape
    /// instant unstake; 0 turns the bond filter off.
    pub minimum_bond_bps: u16,
    /// Keeps the struct 8-byte aligned.
    pub padding: [u8; 4],
}

const _: () = assert!(std::mem::size_of::<Parameters>() == 48);

impl Parameters {
    /// Jito's mainnet settings (steward README), the defaults a new steward starts from.
    pub const MAINNET: Self = Self {
        padding: [0; 4],
        minimum_bond_bps: 0,
        mev_commission_threshold_bps: 1_000,
        mev_commission_window: 30,
        commission_threshold_bps: 500,
        commission_window: 30,
        historical_commission_ceiling_bps: 5_000,
        scoring_delinquency_ratio_bps: 9_700,
        instant_unstake_delinquency_ratio_bps: 7_000,
        epoch_credits_window: 30,
        num_delegation_validators: 400,
        scoring_unstake_cap_bps: 750,
        instant_unstake_cap_bps: 1_000,
        stake_deposit_unstake_cap_bps: 1_000,
        compute_score_progress_bps: 5_000,
        instant_unstake_progress_bps: 9_000,
        epochs_per_cycle: 10,
        minimum_voting_epochs: 5,
        minimum_stake_lamports: 5_000_000_000_000,
    };

    /// Bounds every field must hold; the first field out of bounds fails with its own error, and
    /// the log names the value and the bound.
    pub fn validate(&self) -> Result<()> {
        use StewardError as E;
        // The instant-unstake check reads each validator's commission for the epoch (and the bonds
        // charge losses on that reading): only past the first half is it the epoch's last increase.
        const HALF_EPOCH_BPS: u64 = 5_000;
        let bps = u64::from(BPS as u16);
        let window = 1..=MAX_WINDOW;
        let checks: [(bool, E, &str, u64, &str); 17] = [
            (
                u64::from(self.mev_commission_threshold_bps) <= bps,
                E::MevCommissionThresholdOutOfBounds,
                "mev_commission_threshold_bps",
                u64::from(self.mev_commission_threshold_bps),
                "at most 10000",
            ),
            (
                u64::from(self.commission_threshold_bps) <= bps,
                E::CommissionThresholdOutOfBounds,
                "commission_threshold_bps",
                u64::from(self.commission_threshold_bps),
                "at most 10000",
            ),
            (
                u64::from(self.historical_commission_ceiling_bps) <= bps,
                E::HistoricalCommissionCeilingOutOfBounds,
                "historical_commission_ceiling_bps",
                u64::from(self.historical_commission_ceiling_bps),
                "at most 10000",
            ),
            (
                u64::from(self.scoring_delinquency_ratio_bps) <= bps,
                E::ScoringDelinquencyRatioOutOfBounds,
                "scoring_delinquency_ratio_bps",
                u64::from(self.scoring_delinquency_ratio_bps),
                "at most 10000",
            ),
            (
                u64::from(self.instant_unstake_delinquency_ratio_bps) <= bps,
                E::InstantUnstakeDelinquencyRatioOutOfBounds,
                "instant_unstake_delinquency_ratio_bps",
                u64::from(self.instant_unstake_delinquency_ratio_bps),
                "at most 10000",
            ),
            (
                u64::from(self.scoring_unstake_cap_bps) <= bps,
                E::ScoringUnstakeCapOutOfBounds,
                "scoring_unstake_cap_bps",
                u64::from(self.scoring_unstake_cap_bps),
                "at most 10000",
            ),
            (
                u64::from(self.instant_unstake_cap_bps) <= bps,
                E::InstantUnstakeCapOutOfBounds,
                "instant_unstake_cap_bps",
                u64::from(self.instant_unstake_cap_bps),
                "at most 10000",
            ),
            (
                u64::from(self.stake_deposit_unstake_cap_bps) <= bps,
                E::StakeDepositUnstakeCapOutOfBounds,
                "stake_deposit_unstake_cap_bps",
                u64::from(self.stake_deposit_unstake_cap_bps),
                "at most 10000",
            ),
            (
                window.contains(&self.mev_commission_window),
                E::MevCommissionWindowOutOfBounds,
                "mev_commission_window",
                u64::from(self.mev_commission_window),
                "1 to 63 epochs",
            ),
            (
                window.contains(&self.commission_window),
                E::CommissionWindowOutOfBounds,
                "commission_window",
                u64::from(self.commission_window),
                "1 to 63 epochs",
            ),
            (
                window.contains(&self.epoch_credits_window),
                E::EpochCreditsWindowOutOfBounds,
                "epoch_credits_window",
                u64::from(self.epoch_credits_window),
                "1 to 63 epochs",
            ),
            (
                (1..=MAX_VALIDATORS as u32).contains(&self.num_delegation_validators),
                E::NumDelegationValidatorsOutOfBounds,
                "num_delegation_validators",
                u64::from(self.num_delegation_validators),
                "1 to 5000",
            ),
            (
                self.compute_score_progress_bps < self.instant_unstake_progress_bps,
                E::ComputeScoreProgressOutOfBounds,
                "compute_score_progress_bps",
                u64::from(self.compute_score_progress_bps),
                "below instant_unstake_progress_bps",
            ),
            (
                (HALF_EPOCH_BPS..bps).contains(&u64::from(self.instant_unstake_progress_bps)),
                E::InstantUnstakeProgressOutOfBounds,
                "instant_unstake_progress_bps",
                u64::from(self.instant_unstake_progress_bps),
                "5000 to 9999: past the epoch's first half, when the vote program stops commission increases",
            ),
            (
                (1..=MAX_EPOCHS_PER_CYCLE).contains(&self.epochs_per_cycle),
                E::EpochsPerCycleOutOfBounds,
                "epochs_per_cycle",
                u64::from(self.epochs_per_cycle),
                "1 to 64 epochs",
            ),
            (
                self.minimum_voting_epochs <= MAX_WINDOW,
                E::MinimumVotingEpochsOutOfBounds,
                "minimum_voting_epochs",
                u64::from(self.minimum_voting_epochs),
                "at most 63 epochs",
            ),
            (
                u64::from(self.minimum_bond_bps) <= bps,
                E::MinimumBondOutOfBounds,
                "minimum_bond_bps",
                u64::from(self.minimum_bond_bps),
                "at most 10000",
            ),
        ];
        match checks.into_iter().find(|check| !check.0) {
            None => Ok(()),
            Some((_, error, name, value, bound)) => {
                msg!("Parameter {} = {} is out of bounds: {}", name, value, bound);
                Err(error.into())
            }
        }
    }

    /// Applies the fields `update` sets.
    pub fn apply(&mut self, update: &ParametersUpdate) {
        macro_rules! set {
            ($($field:ident),*) => { $( if let Some(v) = update.$field { self.$field = v; } )* };
        }
        set!(
            mev_commission_threshold_bps,
            mev_commission_window,
            commission_threshold_bps,
            commission_window,
            historical_commission_ceiling_bps,
            scoring_delinquency_ratio_bps,
            instant_unstake_delinquency_ratio_bps,
            epoch_credits_window,
            num_delegation_validators,
            scoring_unstake_cap_bps,
            instant_unstake_cap_bps,
            stake_deposit_unstake_cap_bps,
            compute_score_progress_bps,
            instant_unstake_progress_bps,
            epochs_per_cycle,
            minimum_voting_epochs,
            minimum_stake_lamports,
            minimum_bond_bps
        );
    }
}

/// A partial update: `None` keeps the current value.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParametersUpdate {
    /// See [`Parameters::mev_commission_threshold_bps`].
    pub mev_commission_threshold_bps: Option<u16>,
    /// See [`Parameters::mev_commission_window`].
    pub mev_commission_window: Option<u16>,
    /// See [`Parameters::commission_threshold_bps`].
    pub commission_threshold_bps: Option<u16>,
    /// See [`Parameters::commission_window`].
    pub commission_window: Option<u16>,
    /// See [`Parameters::historical_commission_ceiling_bps`].
    pub historical_commission_ceiling_bps: Option<u16>,
    /// See [`Parameters::scoring_delinquency_ratio_bps`].
    pub scoring_delinquency_ratio_bps: Option<u16>,
    /// See [`Parameters::instant_unstake_delinquency_ratio_bps`].
    pub instant_unstake_delinquency_ratio_bps: Option<u16>,
    /// See [`Parameters::epoch_credits_window`].
    pub epoch_credits_window: Option<u16>,
    /// See [`Parameters::num_delegation_validators`].
    pub num_delegation_validators: Option<u32>,
    /// See [`Parameters::scoring_unstake_cap_bps`].
    pub scoring_unstake_cap_bps: Option<u16>,
    /// See [`Parameters::instant_unstake_cap_bps`].
    pub instant_unstake_cap_bps: Option<u16>,
    /// See [`Parameters::stake_deposit_unstake_cap_bps`].
    pub stake_deposit_unstake_cap_bps: Option<u16>,
    /// See [`Parameters::compute_score_progress_bps`].
    pub compute_score_progress_bps: Option<u16>,
    /// See [`Parameters::instant_unstake_progress_bps`].
    pub instant_unstake_progress_bps: Option<u16>,
    /// See [`Parameters::epochs_per_cycle`].
    pub epochs_per_cycle: Option<u16>,
    /// See [`Parameters::minimum_voting_epochs`].
    pub minimum_voting_epochs: Option<u16>,
    /// See [`Parameters::minimum_stake_lamports`].
    pub minimum_stake_lamports: Option<u64>,
    /// See [`Parameters::minimum_bond_bps`].
    pub minimum_bond_bps: Option<u16>,
}
