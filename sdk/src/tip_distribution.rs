//! Builders for Jito's tip-distribution program (a peer, loaded at its mainnet address): the
//! instructions a validator sends to open its tip-distribution account for an epoch, and the one-time
//! config a new cluster needs. The steward only reads these accounts
//! (`steward::foreign::tip_distribution`); the local cluster's validators and the tests create them.
//!
//! Wire format (Anchor): `sha256("global:<name>")[..8]` then the borsh arguments.

use {
    anchor_lang::{
        prelude::{AccountMeta, Pubkey},
        solana_program::{instruction::Instruction, system_program},
    },
    steward::constants::TIP_DISTRIBUTION_PROGRAM_ID,
};

/// The program.
pub const PROGRAM_ID: Pubkey = TIP_DISTRIBUTION_PROGRAM_ID;
/// Seed of the singleton config.
const CONFIG_SEED: &[u8] = b"CONFIG_ACCOUNT";
/// `sha256("global:initialize")[..8]`.
const INITIALIZE: [u8; 8] = [175, 175, 109, 31, 13, 152, 155, 237];
/// `sha256("global:initialize_tip_distribution_account")[..8]`.
const INITIALIZE_TIP_DISTRIBUTION_ACCOUNT: [u8; 8] = [120, 191, 25, 182, 111, 49, 179, 55];

/// The program's config and its bump.
pub fn config_address() -> (Pubkey, u8) {
    Pubkey::find_program_address(&[CONFIG_SEED], &PROGRAM_ID)
}

/// `initialize`: the cluster's config (once). Validators may then charge up to
/// `max_validator_commission_bps`; accounts expire `num_epochs_valid` epochs after their own.
pub fn initialize(
    payer: &Pubkey,
    authority: &Pubkey,
    expired_funds_account: &Pubkey,
    num_epochs_valid: u64,
    max_validator_commission_bps: u16,
) -> Instruction {
    let (config, bump) = config_address();
    let mut data = INITIALIZE.to_vec();
    data.extend_from_slice(authority.as_ref());
    data.extend_from_slice(expired_funds_account.as_ref());
    data.extend_from_slice(&num_epochs_valid.to_le_bytes());
    data.extend_from_slice(&max_validator_commission_bps.to_le_bytes());
    data.push(bump);
    Instruction {
        program_id: PROGRAM_ID,
        accounts: vec![
            AccountMeta::new(config, false),
            AccountMeta::new_readonly(system_program::ID, false),
            AccountMeta::new(*payer, true),
        ],
        data,
    }
}

/// `initialize_tip_distribution_account`: the validator whose vote account names `identity` as its
/// node opens this epoch's account, charging `commission_bps` of its MEV tips (`identity` signs and
/// pays the rent).
pub fn initialize_tip_distribution_account(
    identity: &Pubkey,
    vote: &Pubkey,
    epoch: u64,
    merkle_root_upload_authority: &Pubkey,
    commission_bps: u16,
) -> Instruction {
    let (account, bump) = Pubkey::find_program_address(
        &[steward::constants::TIP_DISTRIBUTION_SEED, vote.as_ref(), &epoch.to_le_bytes()],
        &PROGRAM_ID,
    );
    let mut data = INITIALIZE_TIP_DISTRIBUTION_ACCOUNT.to_vec();
    data.extend_from_slice(merkle_root_upload_authority.as_ref());
    data.extend_from_slice(&commission_bps.to_le_bytes());
    data.push(bump);
    Instruction {
        program_id: PROGRAM_ID,
        accounts: vec![
            AccountMeta::new_readonly(config_address().0, false),
            AccountMeta::new(account, false),
            AccountMeta::new_readonly(*vote, false),
            AccountMeta::new(*identity, true),
            AccountMeta::new_readonly(system_program::ID, false),
        ],
        data,
    }
}

#[cfg(test)]
mod tests {
    use {super::*, sha2::Digest};

    #[test]
    fn discriminators_are_anchors() {
        for (name, disc) in [
            ("global:initialize", INITIALIZE),
            ("global:initialize_tip_distribution_account", INITIALIZE_TIP_DISTRIBUTION_ACCOUNT),
            ("account:TipDistributionAccount", steward::foreign::tip_distribution::DISCRIMINATOR),
        ] {
            assert_eq!(sha2::Sha256::digest(name.as_bytes())[..8], disc, "{name}");
        }
    }
}
