//! Cross-program calls, built from raw instruction bytes (no client crates in the program).
//!
//! Stake and token calls go through [`invoke`], which hands the runtime C-layout structures built on
//! the stack: no `Instruction`/`Vec` allocations, no `Rc` clones, no per-account borrow probing. It
//! is only for callees that never resize an account (the stake and token programs): the runtime
//! reports a resize of a C-ABI caller through the C structures, which the `AccountInfo`s would not
//! see. The system program (`allocate`, `create_account`) and Metaplex (which creates the metadata
//! account) go through `solana_cpi` in `system` and `metadata`.

pub mod metadata;
pub mod stake;
pub mod system;
pub mod token;

use anchor_lang::prelude::*;

/// An account of a call: the account, and whether the callee may write it / sees it signed.
pub struct Meta<'a, 'info> {
    /// The account.
    pub info: &'a AccountInfo<'info>,
    /// The address the call names: the account's own, or for a sysvar (or the stake config) its
    /// fixed address, so that whatever account the caller passed in that slot, the runtime resolves
    /// the real one (and refuses with `MissingAccount` when the transaction lacks it), as SPL's
    /// calls built with the stake program's instruction builders do.
    pub key: &'a Pubkey,
    /// Writable for the callee.
    pub writable: bool,
    /// Signed for the callee (by the transaction, or by the seeds passed to [`invoke`]).
    pub signer: bool,
}

impl<'a, 'info> Meta<'a, 'info> {
    /// Writable, not signing.
    pub fn writable(info: &'a AccountInfo<'info>) -> Self {
        Meta { info, key: info.key, writable: true, signer: false }
    }

    /// Read-only, not signing.
    pub fn readonly(info: &'a AccountInfo<'info>) -> Self {
        Meta { info, key: info.key, writable: false, signer: false }
    }

    /// Read-only, signing.
    pub fn signer(info: &'a AccountInfo<'info>) -> Self {
        Meta { info, key: info.key, writable: false, signer: true }
    }

    /// The sysvar (or stake config) at `address`, passed in the slot `info` fills: read-only.
    pub fn sysvar(info: &'a AccountInfo<'info>, address: &'a Pubkey) -> Self {
        Meta { info, key: address, writable: false, signer: false }
    }
}

/// Most accounts any call of ours passes.
const MAX_ACCOUNTS: usize = 8;

/// `SolAccountMeta` of the runtime's C ABI.
#[repr(C)]
#[derive(Clone, Copy)]
struct CMeta {
    pubkey: *const Pubkey,
    is_writable: bool,
    is_signer: bool,
}

/// `SolAccountInfo` of the runtime's C ABI.
#[repr(C)]
#[derive(Clone, Copy)]
struct CAccountInfo {
    key: *const Pubkey,
    lamports: *mut u64,
    data_len: u64,
    data: *mut u8,
    owner: *const Pubkey,
    rent_epoch: u64,
    is_signer: bool,
    is_writable: bool,
    executable: bool,
}

/// `SolInstruction` of the runtime's C ABI.
#[repr(C)]
struct CInstruction {
    program_id: *const Pubkey,
    accounts: *const CMeta,
    accounts_len: u64,
    data: *const u8,
    data_len: u64,
}

/// `SolSignerSeed` / `SolSignerSeeds` of the runtime's C ABI (one signer at most here).
#[repr(C)]
#[derive(Clone, Copy)]
struct CSlice {
    addr: *const u8,
    len: u64,
}

/// Calls `program_id` with `data` on `accounts` (in the callee's order), signing with `seeds` (one
/// PDA of ours) when given.
///
/// # Safety
/// No `RefCell` borrow of any of `accounts`' lamports or data may be live across the call: the
/// runtime writes the callee's changes straight into the input region, behind any such borrow. In
/// test and debug builds, and in SBF builds with the `contract-checks` feature (the build upstream's
/// test suite runs), [`probe`] refuses the call with `AccountBorrowFailed` when one is.
#[inline(never)]
pub unsafe fn invoke(
    program_id: &Pubkey,
    accounts: &[Meta],
    data: &[u8],
    seeds: Option<&[&[u8]]>,
) -> Result<()> {
    if accounts.len() > MAX_ACCOUNTS {
        return Err(ProgramError::InvalidArgument.into());
    }
    #[cfg(any(test, debug_assertions, feature = "contract-checks"))]
    probe(accounts)?;
    let empty_meta = CMeta { pubkey: core::ptr::null(), is_writable: false, is_signer: false };
    let empty_info = CAccountInfo {
        key: core::ptr::null(),
        lamports: core::ptr::null_mut(),
        data_len: 0,
        data: core::ptr::null_mut(),
        owner: core::ptr::null(),
        rent_epoch: 0,
        is_signer: false,
        is_writable: false,
        executable: false,
    };
    let (mut metas, mut infos) = ([empty_meta; MAX_ACCOUNTS], [empty_info; MAX_ACCOUNTS]);
    for ((meta, info), account) in metas.iter_mut().zip(infos.iter_mut()).zip(accounts) {
        let a = account.info;
        *meta = CMeta { pubkey: account.key, is_writable: account.writable, is_signer: account.signer };
        // SAFETY: the `RefCell`s wrap references into the runtime's input region, valid for the whole
        // instruction; only raw addresses are taken, no reference is created.
        let (lamports, data): (*mut u64, *mut [u8]) = unsafe {
            (core::ptr::addr_of_mut!(**a.lamports.as_ptr()), core::ptr::addr_of_mut!(**a.data.as_ptr()))
        };
        *info = CAccountInfo {
            key: a.key,
            lamports,
            data_len: data.len() as u64,
            data: data.cast(),
            owner: a.owner,
            rent_epoch: u64::MAX,
            is_signer: a.is_signer,
            is_writable: a.is_writable,
            executable: a.executable,
        };
    }
    let instruction = CInstruction {
        program_id,
        accounts: metas.as_ptr(),
        accounts_len: accounts.len() as u64,
        data: data.as_ptr(),
        data_len: data.len() as u64,
    };
    let empty_seed = CSlice { addr: core::ptr::null(), len: 0 };
    let mut seed_slices = [empty_seed; 4];
    let signer = match seeds {
        Some(seeds) if seeds.len() <= seed_slices.len() => {
            for (slice, seed) in seed_slices.iter_mut().zip(seeds) {
                *slice = CSlice { addr: seed.as_ptr(), len: seed.len() as u64 };
            }
            CSlice { addr: seed_slices.as_ptr().cast(), len: seeds.len() as u64 }
        }
        Some(_) => return Err(ProgramError::MaxSeedLengthExceeded.into()),
        None => empty_seed,
    };
    let signers_len = u64::from(seeds.is_some());
    call(&instruction, &infos[..accounts.len()], &signer, signers_len)
}

/// The contract of [`invoke`], checked: every account's lamports and data can be borrowed mutably,
/// so no borrow of them is live.
#[cfg(any(test, debug_assertions, feature = "contract-checks"))]
fn probe(accounts: &[Meta]) -> Result<()> {
    for account in accounts {
        let free =
            account.info.try_borrow_mut_lamports().is_ok() && account.info.try_borrow_mut_data().is_ok();
        if !free {
            msg!("{} is borrowed across a cross-program call", account.info.key);
            return Err(ProgramError::AccountBorrowFailed.into());
        }
    }
    Ok(())
}

#[cfg(target_os = "solana")]
fn call(instruction: &CInstruction, infos: &[CAccountInfo], signer: &CSlice, signers_len: u64) -> Result<()> {
    use anchor_lang::compat::solana_define_syscall::definitions::sol_invoke_signed_c;
    // SAFETY: every pointer refers to a live stack value or to the input region, laid out as the
    // runtime's C ABI expects.
    let code = unsafe {
        sol_invoke_signed_c(
            (instruction as *const CInstruction).cast(),
            infos.as_ptr().cast(),
            infos.len() as u64,
            (signer as *const CSlice).cast(),
            signers_len,
        )
    };
    match code {
        0 => Ok(()),
        code => Err(ProgramError::from(code).into()),
    }
}

/// Host builds (unit tests, IDL generation) never run a call.
#[cfg(not(target_os = "solana"))]
fn call(_: &CInstruction, _: &[CAccountInfo], _: &CSlice, _: u64) -> Result<()> {
    Err(ProgramError::InvalidArgument.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_borrow_held_across_a_call_is_refused() {
        let (key, owner) = (Pubkey::new_unique(), Pubkey::new_unique());
        let (mut lamports, mut data) = (5u64, [0u8; 8]);
        let info = AccountInfo::new(&key, false, true, &mut lamports, &mut data, &owner, false);
        let call = |info: &AccountInfo| {
            // SAFETY: the test is about the probe refusing the call before anything is written.
            unsafe { invoke(&owner, &[Meta::writable(info)], &[], None) }
        };
        let held = info.try_borrow_data().expect("a first borrow");
        assert_eq!(call(&info), Err(ProgramError::AccountBorrowFailed.into()), "data borrowed");
        drop(held);
        let held = info.try_borrow_lamports().expect("a first borrow");
        assert_eq!(call(&info), Err(ProgramError::AccountBorrowFailed.into()), "lamports borrowed");
        drop(held);
        // Nothing borrowed: the probe passes and the host's stand-in refuses every call.
        assert_eq!(call(&info), Err(ProgramError::InvalidArgument.into()));
    }
}
