//! What the runtime itself tells a program about stake.

use anchor_lang::prelude::Pubkey;

/// The stake delegated to `vote` and active in the current epoch (`sol_get_epoch_stake`; 0 for an
/// account that is not a vote account or holds no stake).
pub fn epoch_stake(vote: &Pubkey) -> u64 {
    #[cfg(target_os = "solana")]
    {
        // SAFETY: the syscall reads 32 bytes at the pointer, which is a live `Pubkey`.
        unsafe { solana_define_syscall::definitions::sol_get_epoch_stake(vote.as_ref().as_ptr()) }
    }
    #[cfg(not(target_os = "solana"))]
    {
        let _ = vote;
        0
    }
}
