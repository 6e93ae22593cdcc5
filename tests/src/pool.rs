//! `TestPool`: one stake pool's keys and the instructions to drive it, for any stake-pool program id.
//! Every instruction is built with the upstream `spl_stake_pool::instruction` builders, so the same
//! client code drives our program and the upstream one.

use {
    crate::fixture::{token_program_id, Executed, TestFixture, TxError},
    solana_borsh::v1::{get_instance_packed_len, get_packed_len, try_from_slice_unchecked},
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    solana_stake_interface::state::Lockup,
    spl_stake_pool::{
        find_deposit_authority_program_address, find_ephemeral_stake_program_address,
        find_stake_program_address, find_transient_stake_program_address,
        find_withdraw_authority_program_address,
        instruction::{self, FundingType, PreferredValidatorType},
        state::{Fee, FeeType, StakePool, ValidatorList},
    },
    std::num::NonZeroU32,
};

/// The three forms of a stake decrease.
#[derive(Clone, Copy, Debug)]
pub enum Decrease {
    /// `DecreaseValidatorStakeWithReserve`.
    WithReserve,
    /// `DecreaseAdditionalValidatorStake` with this ephemeral seed.
    Additional(u64),
    /// The deprecated `DecreaseValidatorStake`.
    Deprecated,
}

/// How a pool is set up.
#[derive(Clone, Debug)]
pub struct PoolConfig {
    /// Fee on epoch rewards.
    pub epoch_fee: Fee,
    /// Withdrawal fee.
    pub withdrawal_fee: Fee,
    /// Deposit fee.
    pub deposit_fee: Fee,
    /// Referral share of deposit fees, percent.
    pub referral_fee: u8,
    /// Validator list capacity.
    pub max_validators: u32,
    /// Lamports in the reserve above its rent-exempt minimum at creation.
    pub reserve_extra_lamports: u64,
    /// Token program of the mint.
    pub token_program: Pubkey,
    /// Whether deposits need a deposit authority's signature.
    pub with_deposit_authority: bool,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            epoch_fee: Fee { numerator: 3, denominator: 100 },
            withdrawal_fee: Fee { numerator: 1, denominator: 1_000 },
            deposit_fee: Fee { numerator: 1, denominator: 200 },
            referral_fee: 25,
            max_validators: 10,
            reserve_extra_lamports: 0,
            token_program: token_program_id(),
            with_deposit_authority: false,
        }
    }
}

/// How `Initialize`'s accounts are created; `TestPool::setup` gives the correct one.
#[derive(Clone, Debug)]
pub struct AccountSetup {
    /// Mint authority of the pool mint.
    pub mint_authority: Pubkey,
    /// Decimals of the pool mint.
    pub mint_decimals: u8,
    /// Staker and withdrawer of the reserve.
    pub reserve_authority: Pubkey,
    /// Mint of the manager fee account, if not the pool mint.
    pub fee_account_mint: Option<Pubkey>,
    /// Size of the pool account.
    pub pool_len: usize,
}

/// A pool's keys (fresh per pool) and configuration.
pub struct TestPool {
    /// Stake-pool program the pool lives in.
    pub program_id: Pubkey,
    /// Setup.
    pub config: PoolConfig,
    /// Pool account.
    pub stake_pool: Keypair,
    /// Validator list account.
    pub validator_list: Keypair,
    /// Reserve stake account.
    pub reserve: Keypair,
    /// Pool mint.
    pub mint: Keypair,
    /// Manager fee token account.
    pub manager_fee: Keypair,
    /// Manager.
    pub manager: Keypair,
    /// Staker.
    pub staker: Keypair,
    /// Deposit authority, used when `config.with_deposit_authority`.
    pub deposit_authority: Keypair,
}

impl TestPool {
    /// Fresh keys for a pool of `program_id`. `manager` and `staker` may be shared between pools.
    pub fn new(program_id: Pubkey, config: PoolConfig, manager: &Keypair, staker: &Keypair) -> Self {
        Self {
            program_id,
            config,
            stake_pool: crate::keys::fresh(),
            validator_list: crate::keys::fresh(),
            reserve: crate::keys::fresh(),
            mint: crate::keys::fresh(),
            manager_fee: crate::keys::fresh(),
            manager: manager.insecure_clone(),
            staker: staker.insecure_clone(),
            deposit_authority: crate::keys::fresh(),
        }
    }

    /// The withdraw authority PDA.
    pub fn withdraw_authority(&self) -> Pubkey {
        find_withdraw_authority_program_address(&self.program_id, &self.stake_pool.pubkey()).0
    }

    /// The default stake-deposit authority PDA.
    pub fn default_deposit_authority(&self) -> Pubkey {
        find_deposit_authority_program_address(&self.program_id, &self.stake_pool.pubkey()).0
    }

    /// Bytes of the pool account SPL clients allocate (every option present).
    pub fn stake_pool_len() -> usize {
        get_packed_len::<StakePool>()
    }

    /// Bytes of the validator list SPL clients allocate for `max_validators`.
    pub fn validator_list_len(max_validators: u32) -> usize {
        get_instance_packed_len(&ValidatorList::new(max_validators)).expect("list size")
    }

    /// The accounts `Initialize` expects, set up correctly.
    pub fn setup(&self) -> AccountSetup {
        AccountSetup {
            mint_authority: self.withdraw_authority(),
            mint_decimals: 9,
            reserve_authority: self.withdraw_authority(),
            fee_account_mint: None,
            pool_len: Self::stake_pool_len(),
        }
    }

    /// Creates the pool, list, mint, fee and reserve accounts that `Initialize` expects.
    pub async fn create_accounts(&self, fx: &mut TestFixture) -> Result<(), TxError> {
        self.create_accounts_with(fx, &self.setup()).await
    }

    /// Creates the accounts as `setup` says (tests use it to get one thing wrong).
    pub async fn create_accounts_with(
        &self,
        fx: &mut TestFixture,
        setup: &AccountSetup,
    ) -> Result<(), TxError> {
        let (program, token) = (self.program_id, self.config.token_program);
        fx.create_account(&self.stake_pool, setup.pool_len, &program).await?;
        fx.create_account(
            &self.validator_list,
            Self::validator_list_len(self.config.max_validators),
            &program,
        )
        .await?;
        fx.create_mint(&self.mint, &token, &setup.mint_authority, setup.mint_decimals).await?;
        let fee_mint = match setup.fee_account_mint {
            Some(other) => other,
            None => self.mint.pubkey(),
        };
        fx.create_token_account(&self.manager_fee, &token, &fee_mint, &self.manager.pubkey()).await?;
        let extra = self.config.reserve_extra_lamports;
        fx.create_stake(&self.reserve, &setup.reserve_authority, &Lockup::default(), extra).await
    }

    /// `Initialize` as upstream's builder writes it.
    pub fn initialize_ix(&self) -> Instruction {
        instruction::initialize(
            &self.program_id,
            &self.stake_pool.pubkey(),
            &self.manager.pubkey(),
            &self.staker.pubkey(),
            &self.withdraw_authority(),
            &self.validator_list.pubkey(),
            &self.reserve.pubkey(),
            &self.mint.pubkey(),
            &self.manager_fee.pubkey(),
            &self.config.token_program,
            self.config.with_deposit_authority.then(|| self.deposit_authority.pubkey()),
            self.config.epoch_fee,
            self.config.withdrawal_fee,
            self.config.deposit_fee,
            self.config.referral_fee,
            self.config.max_validators,
        )
    }

    /// A fresh pool of `program_id` with `config`, created, with `votes` added as validators (seedless).
    pub async fn with_validators(
        fx: &mut TestFixture,
        program_id: Pubkey,
        config: PoolConfig,
        votes: &[Pubkey],
    ) -> Self {
        let pool = Self::new(program_id, config, &crate::keys::fresh(), &crate::keys::fresh());
        pool.create(fx).await.expect("create pool");
        for vote in votes {
            let ix = pool.add_validator_ix(&pool.staker.pubkey(), vote, None);
            fx.process(&[ix], &[&pool.staker]).await.expect("add validator");
        }
        pool
    }

    /// Creates the accounts and initializes the pool.
    pub async fn create(&self, fx: &mut TestFixture) -> Result<Executed, TxError> {
        self.create_accounts(fx).await?;
        let mut signers = vec![&self.manager];
        if self.config.with_deposit_authority {
            signers.push(&self.deposit_authority);
        }
        fx.process(&[self.initialize_ix()], &signers).await
    }

    /// `DepositSol` (or `DepositSolWithSlippage` with a minimum) from `from` to `to`, `referrer` as
    /// referrer, as upstream's builders write it.
    pub fn deposit_sol_ix(
        &self,
        from: &Pubkey,
        to: &Pubkey,
        referrer: &Pubkey,
        lamports: u64,
        minimum_out: Option<u64>,
    ) -> Instruction {
        let (program, pool, authority) =
            (&self.program_id, &self.stake_pool.pubkey(), &self.withdraw_authority());
        let (reserve, fee, mint, token) = (
            &self.reserve.pubkey(),
            &self.manager_fee.pubkey(),
            &self.mint.pubkey(),
            &self.config.token_program,
        );
        let deposit_authority = self.deposit_authority.pubkey();
        match (self.config.with_deposit_authority, minimum_out) {
            (false, None) => instruction::deposit_sol(
                program, pool, authority, reserve, from, to, fee, referrer, mint, token, lamports,
            ),
            (false, Some(min)) => instruction::deposit_sol_with_slippage(
                program, pool, authority, reserve, from, to, fee, referrer, mint, token, lamports, min,
            ),
            (true, None) => instruction::deposit_sol_with_authority(
                program,
                pool,
                &deposit_authority,
                authority,
                reserve,
                from,
                to,
                fee,
                referrer,
                mint,
                token,
                lamports,
            ),
            (true, Some(min)) => instruction::deposit_sol_with_authority_and_slippage(
                program,
                pool,
                &deposit_authority,
                authority,
                reserve,
                from,
                to,
                fee,
                referrer,
                mint,
                token,
                lamports,
                min,
            ),
        }
    }

    /// Deposits `lamports` from `user` into `to`, with `referrer`.
    pub async fn deposit_sol(
        &self,
        fx: &mut TestFixture,
        user: &Keypair,
        to: &Pubkey,
        referrer: &Pubkey,
        lamports: u64,
    ) -> Result<Executed, TxError> {
        let ix = self.deposit_sol_ix(&user.pubkey(), to, referrer, lamports, None);
        let mut signers = vec![user];
        if self.config.with_deposit_authority {
            signers.push(&self.deposit_authority);
        }
        fx.process(&[ix], &signers).await
    }

    /// `WithdrawSol` (or `WithdrawSolWithSlippage` with a minimum) burning `pool_tokens` from `from`
    /// (authorized by `authority`) and paying `to`, as upstream's builders write it.
    pub fn withdraw_sol_ix(
        &self,
        authority: &Pubkey,
        from: &Pubkey,
        to: &Pubkey,
        pool_tokens: u64,
        minimum_out: Option<u64>,
        sol_withdraw_authority: Option<&Pubkey>,
    ) -> Instruction {
        let (program, pool, pda) = (&self.program_id, &self.stake_pool.pubkey(), &self.withdraw_authority());
        let (reserve, fee, mint, token) = (
            &self.reserve.pubkey(),
            &self.manager_fee.pubkey(),
            &self.mint.pubkey(),
            &self.config.token_program,
        );
        match (sol_withdraw_authority, minimum_out) {
            (None, None) => instruction::withdraw_sol(
                program,
                pool,
                pda,
                authority,
                from,
                reserve,
                to,
                fee,
                mint,
                token,
                pool_tokens,
            ),
            (None, Some(min)) => instruction::withdraw_sol_with_slippage(
                program,
                pool,
                pda,
                authority,
                from,
                reserve,
                to,
                fee,
                mint,
                token,
                pool_tokens,
                min,
            ),
            (Some(auth), None) => instruction::withdraw_sol_with_authority(
                program,
                pool,
                auth,
                pda,
                authority,
                from,
                reserve,
                to,
                fee,
                mint,
                token,
                pool_tokens,
            ),
            (Some(auth), Some(min)) => instruction::withdraw_sol_with_authority_and_slippage(
                program,
                pool,
                auth,
                pda,
                authority,
                from,
                reserve,
                to,
                fee,
                mint,
                token,
                pool_tokens,
                min,
            ),
        }
    }

    /// The stake account of `vote`'s validator in this pool.
    pub fn validator_stake(&self, vote: &Pubkey, seed: Option<NonZeroU32>) -> Pubkey {
        find_stake_program_address(&self.program_id, vote, &self.stake_pool.pubkey(), seed).0
    }

    /// `AddValidatorToPool`, signed by `staker`.
    pub fn add_validator_ix(&self, staker: &Pubkey, vote: &Pubkey, seed: Option<NonZeroU32>) -> Instruction {
        instruction::add_validator_to_pool(
            &self.program_id,
            &self.stake_pool.pubkey(),
            staker,
            &self.reserve.pubkey(),
            &self.withdraw_authority(),
            &self.validator_list.pubkey(),
            &self.validator_stake(vote, seed),
            vote,
            seed,
        )
    }

    /// `RemoveValidatorFromPool` for `vote` (seeds read from the list), signed by `staker`.
    pub async fn remove_validator_ix(
        &self,
        fx: &mut TestFixture,
        staker: &Pubkey,
        vote: &Pubkey,
    ) -> Instruction {
        let list = self.validator_list(fx).await;
        let entry = list.find(vote).expect("listed validator");
        let seed = NonZeroU32::new(u32::from(entry.validator_seed_suffix));
        let transient = find_transient_stake_program_address(
            &self.program_id,
            vote,
            &self.stake_pool.pubkey(),
            u64::from(entry.transient_seed_suffix),
        )
        .0;
        instruction::remove_validator_from_pool(
            &self.program_id,
            &self.stake_pool.pubkey(),
            staker,
            &self.withdraw_authority(),
            &self.validator_list.pubkey(),
            &self.validator_stake(vote, seed),
            &transient,
        )
    }

    /// The transient stake account of `vote`'s validator for `seed`.
    pub fn transient_stake(&self, vote: &Pubkey, seed: u64) -> Pubkey {
        find_transient_stake_program_address(&self.program_id, vote, &self.stake_pool.pubkey(), seed).0
    }

    /// `IncreaseValidatorStake` (or, with an ephemeral seed, `IncreaseAdditionalValidatorStake`) for
    /// the validator listed without a seed, signed by the staker.
    pub fn increase_ix(
        &self,
        vote: &Pubkey,
        lamports: u64,
        transient_seed: u64,
        ephemeral_seed: Option<u64>,
    ) -> Instruction {
        let (program, pool, staker) = (&self.program_id, &self.stake_pool.pubkey(), &self.staker.pubkey());
        let (pda, list, reserve) =
            (&self.withdraw_authority(), &self.validator_list.pubkey(), &self.reserve.pubkey());
        let transient = &self.transient_stake(vote, transient_seed);
        let validator = &self.validator_stake(vote, None);
        match ephemeral_seed {
            None => instruction::increase_validator_stake(
                program,
                pool,
                staker,
                pda,
                list,
                reserve,
                transient,
                validator,
                vote,
                lamports,
                transient_seed,
            ),
            Some(seed) => {
                let ephemeral = &find_ephemeral_stake_program_address(program, pool, seed).0;
                instruction::increase_additional_validator_stake(
                    program,
                    pool,
                    staker,
                    pda,
                    list,
                    reserve,
                    ephemeral,
                    transient,
                    validator,
                    vote,
                    lamports,
                    transient_seed,
                    seed,
                )
            }
        }
    }

    /// A decrease of the validator listed without a seed, signed by the staker, in one of SPL's three
    /// forms.
    pub fn decrease_ix(
        &self,
        vote: &Pubkey,
        lamports: u64,
        transient_seed: u64,
        kind: Decrease,
    ) -> Instruction {
        let (program, pool, staker) = (&self.program_id, &self.stake_pool.pubkey(), &self.staker.pubkey());
        let (pda, list, reserve) =
            (&self.withdraw_authority(), &self.validator_list.pubkey(), &self.reserve.pubkey());
        let transient = &self.transient_stake(vote, transient_seed);
        let validator = &self.validator_stake(vote, None);
        match kind {
            Decrease::WithReserve => instruction::decrease_validator_stake_with_reserve(
                program,
                pool,
                staker,
                pda,
                list,
                reserve,
                validator,
                transient,
                lamports,
                transient_seed,
            ),
            Decrease::Additional(seed) => {
                let ephemeral = &find_ephemeral_stake_program_address(program, pool, seed).0;
                instruction::decrease_additional_validator_stake(
                    program,
                    pool,
                    staker,
                    pda,
                    list,
                    reserve,
                    validator,
                    ephemeral,
                    transient,
                    lamports,
                    transient_seed,
                    seed,
                )
            }
            #[allow(deprecated, reason = "the deprecated form must keep working as upstream 2.x runs it")]
            Decrease::Deprecated => instruction::decrease_validator_stake(
                program,
                pool,
                staker,
                pda,
                list,
                validator,
                transient,
                lamports,
                transient_seed,
            ),
        }
    }

    /// `DepositStake` (or `DepositStakeWithSlippage`) of `stake`, whose authorities `owner` holds, into
    /// the validator of `vote`, as upstream's client builds it (the two authorize instructions
    /// first).
    pub fn deposit_stake_ixs(
        &self,
        stake: &Pubkey,
        owner: &Pubkey,
        vote: &Pubkey,
        to: &Pubkey,
        referrer: &Pubkey,
        minimum_out: Option<u64>,
    ) -> Vec<Instruction> {
        let (program, pool, list, pda) = (
            &self.program_id,
            &self.stake_pool.pubkey(),
            &self.validator_list.pubkey(),
            &self.withdraw_authority(),
        );
        let (validator, reserve, fee, mint, token) = (
            &self.validator_stake(vote, None),
            &self.reserve.pubkey(),
            &self.manager_fee.pubkey(),
            &self.mint.pubkey(),
            &self.config.token_program,
        );
        match minimum_out {
            None => instruction::deposit_stake(
                program, pool, list, pda, stake, owner, validator, reserve, to, fee, referrer, mint, token,
            ),
            Some(min) => instruction::deposit_stake_with_slippage(
                program, pool, list, pda, stake, owner, validator, reserve, to, fee, referrer, mint, token,
                min,
            ),
        }
    }

    /// `WithdrawStake` (or `WithdrawStakeWithSlippage`) of `pool_tokens` from `tokens` (owned by
    /// `user`) out of `split_from`, into a new stake account that `user` will own; creating the
    /// receiving account comes first. Returns the instructions and the new account.
    pub async fn withdraw_stake_ixs(
        &self,
        fx: &mut TestFixture,
        split_from: &Pubkey,
        user: &Pubkey,
        tokens: &Pubkey,
        pool_tokens: u64,
        minimum_out: Option<u64>,
    ) -> (Vec<Instruction>, Keypair) {
        let receive = crate::keys::fresh();
        let rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;
        let create = solana_system_interface::instruction::create_account(
            &fx.payer().pubkey(),
            &receive.pubkey(),
            rent,
            lst_sdk::interface::stake::ACCOUNT_LEN as u64,
            &solana_stake_interface::program::ID,
        );
        let withdraw =
            self.withdraw_stake_ix(split_from, &receive.pubkey(), user, tokens, pool_tokens, minimum_out);
        (vec![create, withdraw], receive)
    }

    /// `WithdrawStake` (or `WithdrawStakeWithSlippage`) of `pool_tokens` from `tokens` (owned by
    /// `user`, who also receives the stake) out of `split_from` into the existing account `to`.
    pub fn withdraw_stake_ix(
        &self,
        split_from: &Pubkey,
        to: &Pubkey,
        user: &Pubkey,
        tokens: &Pubkey,
        pool_tokens: u64,
        minimum_out: Option<u64>,
    ) -> Instruction {
        let (program, pool, list, pda) = (
            &self.program_id,
            &self.stake_pool.pubkey(),
            &self.validator_list.pubkey(),
            &self.withdraw_authority(),
        );
        let (fee, mint, token) =
            (&self.manager_fee.pubkey(), &self.mint.pubkey(), &self.config.token_program);
        match minimum_out {
            None => instruction::withdraw_stake(
                program,
                pool,
                list,
                pda,
                split_from,
                to,
                user,
                user,
                tokens,
                fee,
                mint,
                token,
                pool_tokens,
            ),
            Some(min) => instruction::withdraw_stake_with_slippage(
                program,
                pool,
                list,
                pda,
                split_from,
                to,
                user,
                user,
                tokens,
                fee,
                mint,
                token,
                pool_tokens,
                min,
            ),
        }
    }

    /// `SetPreferredValidator`, signed by `staker`.
    pub fn set_preferred_ix(
        &self,
        staker: &Pubkey,
        kind: PreferredValidatorType,
        vote: Option<Pubkey>,
    ) -> Instruction {
        instruction::set_preferred_validator(
            &self.program_id,
            &self.stake_pool.pubkey(),
            staker,
            &self.validator_list.pubkey(),
            kind,
            vote,
        )
    }

    /// The validator list decoded with upstream's own type.
    pub async fn validator_list(&self, fx: &mut TestFixture) -> ValidatorList {
        let data = fx.data(&self.validator_list.pubkey()).await;
        try_from_slice_unchecked(&data).expect("upstream decodes the list")
    }

    /// The whole epoch crank as upstream's client builds it (`update_stake_pool`): list chunks of
    /// `UpdateValidatorListBalance`, then `UpdateStakePoolBalance` and `CleanupRemovedValidatorEntries`.
    pub async fn update_all(&self, fx: &mut TestFixture) -> Result<(), TxError> {
        let (state, list) = (self.state(fx).await, self.validator_list(fx).await);
        let (chunks, last) =
            instruction::update_stake_pool(&self.program_id, &state, &list, &self.stake_pool.pubkey(), false);
        for ix in chunks {
            fx.process(&[ix], &[]).await?;
        }
        fx.process(&last, &[]).await.map(|_| ())
    }

    /// `UpdateStakePoolBalance` (permissionless).
    pub fn update_balance_ix(&self) -> Instruction {
        instruction::update_stake_pool_balance(
            &self.program_id,
            &self.stake_pool.pubkey(),
            &self.withdraw_authority(),
            &self.validator_list.pubkey(),
            &self.reserve.pubkey(),
            &self.manager_fee.pubkey(),
            &self.mint.pubkey(),
            &self.config.token_program,
        )
    }

    /// Adds `lamports` to the reserve, as rewards or MEV tips swept into it would.
    pub async fn add_to_reserve(&self, fx: &mut TestFixture, lamports: u64) -> Result<(), TxError> {
        let ix = solana_system_interface::instruction::transfer(
            &fx.payer().pubkey(),
            &self.reserve.pubkey(),
            lamports,
        );
        fx.process(&[ix], &[]).await.map(|_| ())
    }

    /// `SetFee` signed by `manager`.
    pub fn set_fee_ix(&self, manager: &Pubkey, fee: FeeType) -> Instruction {
        instruction::set_fee(&self.program_id, &self.stake_pool.pubkey(), manager, fee)
    }

    /// `SetManager` from `manager` to `new_manager` with `new_fee_account`.
    pub fn set_manager_ix(
        &self,
        manager: &Pubkey,
        new_manager: &Pubkey,
        new_fee_account: &Pubkey,
    ) -> Instruction {
        instruction::set_manager(
            &self.program_id,
            &self.stake_pool.pubkey(),
            manager,
            new_manager,
            new_fee_account,
        )
    }

    /// `SetStaker` signed by `authority`.
    pub fn set_staker_ix(&self, authority: &Pubkey, new_staker: &Pubkey) -> Instruction {
        instruction::set_staker(&self.program_id, &self.stake_pool.pubkey(), authority, new_staker)
    }

    /// `SetFundingAuthority` signed by `manager`.
    pub fn set_funding_authority_ix(
        &self,
        manager: &Pubkey,
        funding_type: FundingType,
        new_authority: Option<&Pubkey>,
    ) -> Instruction {
        instruction::set_funding_authority(
            &self.program_id,
            &self.stake_pool.pubkey(),
            manager,
            new_authority,
            funding_type,
        )
    }

    /// Creates a pool-token account for `owner`.
    pub async fn create_token_account(
        &self,
        fx: &mut TestFixture,
        owner: &Pubkey,
    ) -> Result<Pubkey, TxError> {
        let account = crate::keys::fresh();
        fx.create_token_account(&account, &self.config.token_program, &self.mint.pubkey(), owner).await?;
        Ok(account.pubkey())
    }

    /// The pool account decoded with upstream's own state type.
    pub async fn state(&self, fx: &mut TestFixture) -> StakePool {
        let data = fx.data(&self.stake_pool.pubkey()).await;
        borsh::BorshDeserialize::deserialize(&mut data.as_slice()).expect("upstream decodes the pool")
    }

    /// The addresses that differ between two pools only because they are different accounts or
    /// derived from a different program id, paired up (ours, theirs).
    pub fn address_pairs(&self, other: &Self) -> Vec<(Pubkey, Pubkey)> {
        vec![
            (self.stake_pool.pubkey(), other.stake_pool.pubkey()),
            (self.validator_list.pubkey(), other.validator_list.pubkey()),
            (self.reserve.pubkey(), other.reserve.pubkey()),
            (self.mint.pubkey(), other.mint.pubkey()),
            (self.manager_fee.pubkey(), other.manager_fee.pubkey()),
            (self.withdraw_authority(), other.withdraw_authority()),
            (self.default_deposit_authority(), other.default_deposit_authority()),
            (self.deposit_authority.pubkey(), other.deposit_authority.pubkey()),
        ]
    }
}

/// Both stake-pool programs, ours first: differential tests run every case on each.
pub fn both_programs() -> [Pubkey; 2] {
    [crate::fixture::stake_pool_program_id(), crate::fixture::upstream_program_id()]
}

/// Replaces every 32-byte occurrence of the first address of each pair by the second, then the
/// withdraw bump (program-id derived) by `bump`: what remains must be byte-identical across programs.
pub fn normalize_pool_bytes(data: Vec<u8>, pairs: &[(Pubkey, Pubkey)], bump: u8) -> Vec<u8> {
    let mut data = map_addresses(data, pairs);
    if data.len() > BUMP_OFFSET {
        data[BUMP_OFFSET] = bump;
    }
    data
}

/// Replaces every 32-byte occurrence of the first address of each pair by the second, in one pass
/// (a replaced address is not looked at again, so pairs may also swap two addresses).
pub fn map_addresses(mut data: Vec<u8>, pairs: &[(Pubkey, Pubkey)]) -> Vec<u8> {
    let prefix = |bytes: &[u8]| u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
    let mut index: Vec<(u64, usize)> =
        pairs.iter().enumerate().map(|(i, (from, _))| (prefix(from.as_ref()), i)).collect();
    index.sort_unstable();
    let mut at = 0;
    while at + 32 <= data.len() {
        let key = prefix(&data[at..]);
        let start = index.partition_point(|(p, _)| *p < key);
        let hit = index[start..]
            .iter()
            .take_while(|(p, _)| *p == key)
            .map(|(_, i)| &pairs[*i])
            .find(|(from, _)| data[at..at + 32] == from.to_bytes());
        match hit {
            Some((_, to)) => {
                data[at..at + 32].copy_from_slice(to.as_ref());
                at += 32;
            }
            None => at += 1,
        }
    }
    data
}

/// Offset of `stake_withdraw_bump_seed` in the pool account.
pub const BUMP_OFFSET: usize = 1 + 32 * 3;
