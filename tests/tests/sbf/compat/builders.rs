//! Our sdk's builders write exactly what upstream's builders write.

use {
    lst_sdk::instructions::{self, DepositSolAccounts, InitializeAccounts, WithdrawSolAccounts},
    solana_pubkey::Pubkey,
    spl_stake_pool::{
        instruction as upstream,
        state::{Fee as UpstreamFee, FeeType as UpstreamFeeType},
    },
};

fn ours(fee: UpstreamFee) -> lst_sdk::Fee {
    lst_sdk::Fee { denominator: fee.denominator, numerator: fee.numerator }
}

#[test]
fn initialize_is_byte_identical() {
    let k: Vec<Pubkey> = (0..11).map(|_| Pubkey::new_unique()).collect();
    let (epoch, withdrawal, deposit) = (
        UpstreamFee { numerator: 3, denominator: 100 },
        UpstreamFee { numerator: 1, denominator: 1_000 },
        UpstreamFee { numerator: 5, denominator: 10_000 },
    );
    for authority in [None, Some(k[10])] {
        let theirs = upstream::initialize(
            &k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &k[6], &k[7], &k[8], &k[9], authority, epoch,
            withdrawal, deposit, 42, 2_000,
        );
        let accounts = InitializeAccounts {
            stake_pool: k[1],
            manager: k[2],
            staker: k[3],
            withdraw_authority: k[4],
            validator_list: k[5],
            reserve_stake: k[6],
            pool_mint: k[7],
            manager_fee_account: k[8],
            token_program: k[9],
            deposit_authority: authority,
        };
        let mine = instructions::initialize(
            &k[0],
            &accounts,
            ours(epoch),
            ours(withdrawal),
            ours(deposit),
            42,
            2_000,
        );
        assert_eq!(mine, theirs);
    }
}

#[test]
fn deposit_sol_is_byte_identical() {
    let k: Vec<Pubkey> = (0..11).map(|_| Pubkey::new_unique()).collect();
    let accounts = |authority| DepositSolAccounts {
        stake_pool: k[1],
        withdraw_authority: k[2],
        reserve_stake: k[3],
        lamports_from: k[4],
        pool_tokens_to: k[5],
        manager_fee_account: k[6],
        referrer_pool_tokens_account: k[7],
        pool_mint: k[8],
        token_program: k[9],
        sol_deposit_authority: authority,
    };
    let (p, a) = (&k[0], &k[..]);
    assert_eq!(
        instructions::deposit_sol(p, &accounts(None), 77, None),
        upstream::deposit_sol(p, &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], 77)
    );
    assert_eq!(
        instructions::deposit_sol(p, &accounts(None), 77, Some(70)),
        upstream::deposit_sol_with_slippage(
            p, &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], 77, 70
        )
    );
    assert_eq!(
        instructions::deposit_sol(p, &accounts(Some(k[10])), 77, None),
        upstream::deposit_sol_with_authority(
            p, &a[1], &a[10], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], 77
        )
    );
}

#[test]
fn withdraw_sol_is_byte_identical() {
    let k: Vec<Pubkey> = (0..12).map(|_| Pubkey::new_unique()).collect();
    let accounts = |authority| WithdrawSolAccounts {
        stake_pool: k[1],
        withdraw_authority: k[2],
        user_transfer_authority: k[3],
        pool_tokens_from: k[4],
        reserve_stake: k[5],
        lamports_to: k[6],
        manager_fee_account: k[7],
        pool_mint: k[8],
        token_program: k[9],
        sol_withdraw_authority: authority,
    };
    let (p, a) = (&k[0], &k[..]);
    assert_eq!(
        instructions::withdraw_sol(p, &accounts(None), 55, None),
        upstream::withdraw_sol(p, &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], 55)
    );
    assert_eq!(
        instructions::withdraw_sol(p, &accounts(None), 55, Some(50)),
        upstream::withdraw_sol_with_slippage(
            p, &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], 55, 50
        )
    );
    assert_eq!(
        instructions::withdraw_sol(p, &accounts(Some(k[10])), 55, Some(50)),
        upstream::withdraw_sol_with_authority_and_slippage(
            p, &a[1], &a[10], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], 55, 50
        )
    );
}

#[test]
fn manager_instructions_are_byte_identical() {
    use stake_pool::{instructions::FundingType as Ours, state::FeeType as OurFee};
    let k: Vec<Pubkey> = (0..5).map(|_| Pubkey::new_unique()).collect();
    let (p, a) = (&k[0], &k[..]);
    assert_eq!(
        instructions::set_manager(p, &a[1], &a[2], &a[3], &a[4]),
        upstream::set_manager(p, &a[1], &a[2], &a[3], &a[4])
    );
    assert_eq!(
        instructions::set_staker(p, &a[1], &a[2], &a[3]),
        upstream::set_staker(p, &a[1], &a[2], &a[3])
    );
    let fees = [
        (OurFee::SolReferral(7), UpstreamFeeType::SolReferral(7)),
        (OurFee::StakeReferral(8), UpstreamFeeType::StakeReferral(8)),
        (
            OurFee::Epoch(ours(UpstreamFee { numerator: 1, denominator: 9 })),
            UpstreamFeeType::Epoch(UpstreamFee { numerator: 1, denominator: 9 }),
        ),
        (
            OurFee::StakeWithdrawal(ours(UpstreamFee { numerator: 2, denominator: 9 })),
            UpstreamFeeType::StakeWithdrawal(UpstreamFee { numerator: 2, denominator: 9 }),
        ),
        (
            OurFee::SolDeposit(ours(UpstreamFee { numerator: 3, denominator: 9 })),
            UpstreamFeeType::SolDeposit(UpstreamFee { numerator: 3, denominator: 9 }),
        ),
        (
            OurFee::StakeDeposit(ours(UpstreamFee { numerator: 4, denominator: 9 })),
            UpstreamFeeType::StakeDeposit(UpstreamFee { numerator: 4, denominator: 9 }),
        ),
        (
            OurFee::SolWithdrawal(ours(UpstreamFee { numerator: 5, denominator: 9 })),
            UpstreamFeeType::SolWithdrawal(UpstreamFee { numerator: 5, denominator: 9 }),
        ),
    ];
    for (mine, theirs) in fees {
        assert_eq!(instructions::set_fee(p, &a[1], &a[2], mine), upstream::set_fee(p, &a[1], &a[2], theirs));
    }
    let funding = [
        (Ours::StakeDeposit, upstream::FundingType::StakeDeposit),
        (Ours::SolDeposit, upstream::FundingType::SolDeposit),
        (Ours::SolWithdraw, upstream::FundingType::SolWithdraw),
    ];
    for (mine, theirs) in funding {
        for authority in [None, Some(&a[3])] {
            assert_eq!(
                instructions::set_funding_authority(p, &a[1], &a[2], authority, mine),
                upstream::set_funding_authority(p, &a[1], &a[2], authority, theirs.clone())
            );
        }
    }
    let (name, symbol, uri) = ("Liquid SOL", "LSOL", "https://example.com/lsol.json");
    assert_eq!(
        instructions::token_metadata(p, &a[1], &a[2], &a[3], &a[4], false, name, symbol, uri),
        upstream::create_token_metadata(
            p,
            &a[1],
            &a[2],
            &a[3],
            &a[4],
            name.into(),
            symbol.into(),
            uri.into()
        )
    );
    assert_eq!(
        instructions::token_metadata(p, &a[1], &a[2], &a[3], &a[4], true, name, symbol, uri),
        upstream::update_token_metadata(p, &a[1], &a[2], &a[3], name.into(), symbol.into(), uri.into())
    );
}

#[test]
fn our_pool_layout_decodes_with_upstream_types() {
    use {
        borsh::BorshDeserialize,
        stake_pool::state::{Fee, FutureFee, StakePool},
    };
    let pool = StakePool {
        manager: Pubkey::new_from_array([3; 32]),
        sol_deposit_authority: Some(Pubkey::new_from_array([4; 32])),
        next_epoch_fee: FutureFee::Two(Fee { denominator: 9, numerator: 1 }),
        last_epoch_total_lamports: 77,
        ..StakePool::default()
    };
    let mut bytes = vec![1u8];
    borsh::to_writer(&mut bytes, &pool).unwrap();
    let decoded = spl_stake_pool::state::StakePool::deserialize(&mut bytes.as_slice()).unwrap();
    assert_eq!(decoded.account_type, spl_stake_pool::state::AccountType::StakePool);
    assert_eq!(decoded.manager, pool.manager);
    assert_eq!(decoded.sol_deposit_authority, pool.sol_deposit_authority);
    assert_eq!(
        decoded.next_epoch_fee,
        spl_stake_pool::state::FutureEpoch::Two(UpstreamFee { denominator: 9, numerator: 1 })
    );
    assert_eq!(decoded.last_epoch_total_lamports, 77);
    // Three of four options and two of three future fees are empty.
    assert_eq!(bytes.len(), StakePool::MAX_LEN - 3 * 32 - 2 * 16);
    assert_eq!(StakePool::MAX_LEN, solana_borsh::v1::get_packed_len::<spl_stake_pool::state::StakePool>());
}

#[test]
fn stake_deposit_and_withdrawal_are_byte_identical() {
    use lst_sdk::instructions::{DepositStakeAccounts, WithdrawStakeAccounts};
    let k: Vec<Pubkey> = (0..14).map(|_| Pubkey::new_unique()).collect();
    let (p, a) = (&k[0], &k[..]);
    let default_authority = spl_stake_pool::find_deposit_authority_program_address(p, &a[1]).0;
    let deposit = |authority: Pubkey, signs: bool| DepositStakeAccounts {
        stake_pool: k[1],
        validator_list: k[2],
        deposit_authority: authority,
        deposit_authority_signs: signs,
        withdraw_authority: k[3],
        deposit_stake: k[4],
        deposit_stake_withdraw_authority: k[5],
        validator_stake: k[6],
        reserve_stake: k[7],
        pool_tokens_to: k[8],
        manager_fee_account: k[9],
        referrer_pool_tokens_account: k[10],
        pool_mint: k[11],
        token_program: k[12],
    };
    assert_eq!(
        instructions::deposit_stake(p, &deposit(default_authority, false), None),
        upstream::deposit_stake(
            p, &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], &a[10], &a[11], &a[12]
        )
    );
    assert_eq!(
        instructions::deposit_stake(p, &deposit(default_authority, false), Some(99)),
        upstream::deposit_stake_with_slippage(
            p, &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], &a[10], &a[11], &a[12], 99
        )
    );
    assert_eq!(
        instructions::deposit_stake(p, &deposit(k[13], true), None),
        upstream::deposit_stake_with_authority(
            p, &a[1], &a[2], &a[13], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], &a[10], &a[11], &a[12]
        )
    );
    let withdraw = WithdrawStakeAccounts {
        stake_pool: k[1],
        validator_list: k[2],
        withdraw_authority: k[3],
        stake_to_split: k[4],
        stake_to_receive: k[5],
        user_stake_authority: k[6],
        user_transfer_authority: k[7],
        user_pool_token_account: k[8],
        manager_fee_account: k[9],
        pool_mint: k[10],
        token_program: k[11],
    };
    assert_eq!(
        instructions::withdraw_stake(p, &withdraw, 500, None),
        upstream::withdraw_stake(
            p, &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], &a[10], &a[11], 500
        )
    );
    assert_eq!(
        instructions::withdraw_stake(p, &withdraw, 500, Some(400)),
        upstream::withdraw_stake_with_slippage(
            p, &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8], &a[9], &a[10], &a[11], 500, 400
        )
    );
}
