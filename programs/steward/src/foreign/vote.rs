//! Reads a vote account's commission and epoch credits straight from its bytes (all three stored
//! layouts: 1.14.11, V3 and V4), without deserializing the rest.

use {
    crate::{
        constants::{BPS, VOTE_PROGRAM_ID},
        errors::StewardError,
    },
    anchor_lang::prelude::*,
};

/// What the steward needs from a vote account.
pub struct VoteFacts<'a> {
    /// Inflation commission in basis points.
    pub commission_bps: u16,
    /// The raw `(epoch, credits, prev_credits)` list, 24 bytes per entry.
    credits: &'a [u8],
}

fn u64_at(data: &[u8], at: usize) -> Result<u64> {
    let bytes = data.get(at..at.checked_add(8).ok_or(StewardError::InvalidVoteAccount)?);
    Ok(u64::from_le_bytes(bytes.and_then(|b| b.try_into().ok()).ok_or(StewardError::InvalidVoteAccount)?))
}

/// Skips a bincode `Vec`/`VecDeque`/`BTreeMap` of `len`-prefixed, `item`-byte items at `at`.
fn skip_seq(data: &[u8], at: usize, item: usize) -> Result<usize> {
    let len = usize::try_from(u64_at(data, at)?).map_err(|_| StewardError::InvalidVoteAccount)?;
    len.checked_mul(item)
        .and_then(|n| n.checked_add(at))
        .and_then(|n| n.checked_add(8))
        .ok_or_else(|| error!(StewardError::InvalidVoteAccount))
}

/// Skips a bincode `Option<u64>`.
fn skip_option_u64(data: &[u8], at: usize) -> Result<usize> {
    match data.get(at) {
        Some(0) => Ok(at.saturating_add(1)),
        Some(1) => Ok(at.saturating_add(9)),
        _ => err!(StewardError::InvalidVoteAccount),
    }
}

impl<'a> VoteFacts<'a> {
    /// Parses `account`; it must be owned by the vote program and initialized.
    pub fn read(account: &AccountInfo, data: &'a [u8]) -> Result<Self> {
        if account.owner != &VOTE_PROGRAM_ID {
            return err!(StewardError::InvalidVoteAccount);
        }
        let version = data.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        // Layouts after the 4-byte version tag: node (32), withdrawer (32), then
        // V4: two collectors (64), commission bps u16, block-revenue bps u16, pending u64,
        //     Option<[u8; 48]> BLS key, votes (13 bytes each), root, voters (40 each), credits.
        // V3 / 1.14.11: commission u8, votes (13 / 12 bytes each), root, voters, prior voters
        //     (32 × 48 + 9 bytes), credits.
        let (commission_bps, credits_at) = match version {
            Some(3) => {
                let bps_bytes = data.get(132..134).ok_or(StewardError::InvalidVoteAccount)?;
                let bps = u16::from_le_bytes([bps_bytes[0], bps_bytes[1]]);
                let bls = match data.get(144) {
                    Some(0) => 145,
                    Some(1) => 193,
                    _ => return err!(StewardError::InvalidVoteAccount),
                };
                let at = skip_seq(data, bls, 13)?;
                let at = skip_option_u64(data, at)?;
                (bps, skip_seq(data, at, 40)?)
            }
            Some(version @ (1 | 2)) => {
                let commission = *data.get(68).ok_or(StewardError::InvalidVoteAccount)?;
                let vote_len = if version == 2 { 13 } else { 12 };
                let at = skip_seq(data, 69, vote_len)?;
                let at = skip_option_u64(data, at)?;
                let at = skip_seq(data, at, 40)?;
                let bps = u16::from(commission).saturating_mul(100);
                (bps, at.checked_add(32 * 48 + 9).ok_or(StewardError::InvalidVoteAccount)?)
            }
            _ => return err!(StewardError::InvalidVoteAccount),
        };
        let end = skip_seq(data, credits_at, 24)?;
        let credits = data.get(credits_at.saturating_add(8)..end).ok_or(StewardError::InvalidVoteAccount)?;
        Ok(Self { commission_bps: commission_bps.min(BPS as u16), credits })
    }

    /// The withdraw authority of `account`, if it is an initialized vote account (it sits right
    /// after the node identity in every stored layout).
    pub fn withdrawer(account: &AccountInfo, data: &[u8]) -> Option<Pubkey> {
        let version = data.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        if account.owner != &VOTE_PROGRAM_ID || !matches!(version, Some(1..=3)) {
            return None;
        }
        data.get(36..68).and_then(|b| <[u8; 32]>::try_from(b).ok()).map(Pubkey::new_from_array)
    }

    /// The facts of `account` if it is an open vote account (owned by the vote program, initialized,
    /// readable); `None` for a closed, emptied or uninitialized one: whoever passes it, such an
    /// account can neither vote nor be delegated to.
    pub fn read_open(account: &AccountInfo, data: &'a [u8]) -> Option<Self> {
        Self::read(account, data).ok()
    }

    /// `(epoch, credits earned in that epoch)`, oldest first.
    #[allow(clippy::arithmetic_side_effects, reason = "offsets 0, 8, 16 of a 24-byte chunk")]
    pub fn epoch_credits(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.credits.chunks_exact(24).map(|c| {
            let word = |i: usize| u64::from_le_bytes(c[i..i + 8].try_into().unwrap_or([0; 8]));
            (word(0), word(8).saturating_sub(word(16)))
        })
    }

    /// Credits earned in `epoch` (0 when the account has no entry for it).
    pub fn credits_in(&self, epoch: u64) -> u64 {
        self.epoch_credits().find(|(e, _)| *e == epoch).map_or(0, |(_, c)| c)
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code")]
mod tests {
    use {
        super::*,
        solana_vote_interface::{
            authorized_voters::AuthorizedVoters,
            state::{LandedVote, Lockout, VoteState1_14_11, VoteStateV3, VoteStateV4, VoteStateVersions},
        },
    };

    const CREDITS: [(u64, u64, u64); 3] = [(5, 100, 0), (6, 250, 100), (8, 260, 250)];

    fn read(versions: VoteStateVersions) -> (u16, Vec<(u64, u64)>) {
        let mut data = bincode::serialize(&versions).expect("serialize");
        data.resize(data.len() + 100, 0);
        let (key, mut lamports) = (Pubkey::new_unique(), 0u64);
        let info = AccountInfo::new(&key, false, false, &mut lamports, &mut data, &VOTE_PROGRAM_ID, false);
        let bytes = info.try_borrow_data().expect("data").to_vec();
        let facts = VoteFacts::read(&info, &bytes).expect("parse");
        (facts.commission_bps, facts.epoch_credits().collect())
    }

    fn votes() -> std::collections::VecDeque<LandedVote> {
        (0..31)
            .map(|i| LandedVote { latency: 1, lockout: Lockout::new_with_confirmation_count(100 + i, 3) })
            .collect()
    }

    fn v3() -> VoteStateV3 {
        VoteStateV3 {
            commission: 7,
            votes: votes(),
            root_slot: Some(90),
            authorized_voters: AuthorizedVoters::new(3, Pubkey::new_unique()),
            epoch_credits: CREDITS.to_vec(),
            ..VoteStateV3::default()
        }
    }

    #[test]
    fn reads_every_stored_layout() {
        let earned = vec![(5, 100), (6, 150), (8, 10)];
        assert_eq!(read(VoteStateVersions::new_v3(v3())), (700, earned.clone()));
        assert_eq!(
            read(VoteStateVersions::V1_14_11(Box::new(VoteState1_14_11::from(v3())))),
            (700, earned.clone())
        );
        for bls in [None, Some([7u8; 48])] {
            let v4 = VoteStateV4 {
                inflation_rewards_commission_bps: 725,
                block_revenue_commission_bps: 9_000,
                bls_pubkey_compressed: bls,
                votes: votes(),
                root_slot: None,
                authorized_voters: AuthorizedVoters::new(3, Pubkey::new_unique()),
                epoch_credits: CREDITS.to_vec(),
                ..VoteStateV4::default()
            };
            assert_eq!(read(VoteStateVersions::new_v4(v4)), (725, earned.clone()));
        }
    }

    #[test]
    fn refuses_foreign_and_uninitialized_accounts() {
        let mut data = bincode::serialize(&VoteStateVersions::new_v3(v3())).expect("serialize");
        let (key, mut lamports, owner) = (Pubkey::new_unique(), 0u64, Pubkey::new_unique());
        let info = AccountInfo::new(&key, false, false, &mut lamports, &mut data, &owner, false);
        let bytes = info.try_borrow_data().expect("data").to_vec();
        assert!(VoteFacts::read(&info, &bytes).is_err());
        let mut empty = vec![0u8; 200];
        let info = AccountInfo::new(&key, false, false, &mut lamports, &mut empty, &VOTE_PROGRAM_ID, false);
        assert!(VoteFacts::read(&info, &[0u8; 200]).is_err());
        // Truncated data is an error, never a panic.
        let full = bincode::serialize(&VoteStateVersions::new_v3(v3())).expect("serialize");
        for cut in [3, 70, 500, full.len() - 17] {
            let mut part = full[..cut].to_vec();
            let info =
                AccountInfo::new(&key, false, false, &mut lamports, &mut part, &VOTE_PROGRAM_ID, false);
            assert!(VoteFacts::read(&info, &full[..cut]).is_err(), "cut at {cut}");
        }
    }
}
