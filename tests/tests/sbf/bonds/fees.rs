//! The pool's fees go to a vault the bonds program owns; anyone (the crank included) shares them out
//! by the DAO's fee shares (here the treasury and the insurance fund), exactly, the last recipient
//! taking what rounding leaves.

use {
    bonds::{errors::BondsError, events::FeeSharesChanged, state::FeeShare},
    lst_sdk::{bonds::fee_vault_authority, instructions::create_associated_token_account_idempotent},
    lst_tests::{
        bonds::{open_bonds, pool_token},
        fixture::{stake_pool_program_id, TestFixture},
        steward::{events, new_validators, test_parameters, StewardPool},
    },
    solana_keypair::Keypair,
    solana_signer::Signer,
};

const SOL: u64 = 1_000_000_000;

fn code(e: BondsError) -> Option<u32> {
    Some(u32::from(e))
}

#[tokio::test]
async fn the_pools_fees_are_shared_by_the_daos_shares() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[5, 5]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let sp = StewardPool::new_staked(
        &mut fx,
        stake_pool_program_id(),
        &votes,
        100 * SOL,
        10 * SOL,
        test_parameters(),
    )
    .await;
    let bonds = open_bonds(&mut fx, &sp, 2).await;
    let token = pool_token(&sp);
    let payer = fx.payer().pubkey();
    let (authority, manager) = (&sp.authority, &sp.pool.manager);

    // The manager points the pool's fees at the vault; the treasury and the insurance fund get
    // pool-token accounts.
    let vault = bonds.fee_vault(&token);
    let treasury_owner = Keypair::new().pubkey();
    let treasury =
        lst_sdk::instructions::associated_token_address(&treasury_owner, &token.mint, &token.program);
    let insurance = bonds.insurance_fund(&token);
    let ixs = [
        create_associated_token_account_idempotent(
            &payer,
            &fee_vault_authority(&bonds.config),
            &token.mint,
            &token.program,
        ),
        create_associated_token_account_idempotent(&payer, &treasury_owner, &token.mint, &token.program),
        create_associated_token_account_idempotent(&payer, &bonds.insurance(), &token.mint, &token.program),
        sp.pool.set_manager_ix(&manager.pubkey(), &manager.pubkey(), &vault),
    ];
    fx.process(&ixs, &[manager]).await.expect("fee vault");

    // The DAO's shares: only its authority, 1 to 8 recipients adding up to 10,000 bps.
    let shares = vec![
        FeeShare { token_account: treasury, share_bps: 7_000 },
        FeeShare { token_account: insurance, share_bps: 3_000 },
    ];
    let stranger = Keypair::new();
    let err = fx
        .process(&[bonds.set_fee_shares(&stranger.pubkey(), shares.clone())], &[&stranger])
        .await
        .unwrap_err();
    assert_eq!(err.custom_code(), code(BondsError::Unauthorized));
    for bad in [
        vec![FeeShare { token_account: treasury, share_bps: 9_999 }],
        vec![
            FeeShare { token_account: treasury, share_bps: 10_000 },
            FeeShare { token_account: insurance, share_bps: 0 },
        ],
        Vec::new(),
    ] {
        let err =
            fx.process(&[bonds.set_fee_shares(&authority.pubkey(), bad)], &[authority]).await.unwrap_err();
        assert_eq!(err.custom_code(), code(BondsError::InvalidFeeShares));
    }
    let done =
        fx.process(&[bonds.set_fee_shares(&authority.pubkey(), shares.clone())], &[authority]).await.unwrap();
    let changed = &events::<FeeSharesChanged>(&done.logs)[0];
    assert_eq!((changed.old.len(), &changed.new), (0, &shares));
    let err = fx.process(&[bonds.distribute(&token, &[treasury, insurance])], &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), code(BondsError::NoFees));

    // The insurance fund: opened, and its cap changed, by the bonds authority only.
    let err =
        fx.process(&[bonds.open_insurance(&stranger.pubkey(), &payer, SOL)], &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), code(BondsError::Unauthorized));
    fx.process(&[bonds.open_insurance(&authority.pubkey(), &payer, SOL)], &[authority])
        .await
        .expect("insurance");
    let err =
        fx.process(&[bonds.set_cover_cap(&stranger.pubkey(), 2 * SOL)], &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), code(BondsError::Unauthorized));

    // A deposit's fee, then an epoch's fee, reach the vault; anyone shares each out.
    let user = fx.funded_user(20 * SOL).await;
    let user_tokens =
        lst_sdk::instructions::associated_token_address(&user.pubkey(), &token.mint, &token.program);
    // (The test pool's helper names its original fee account: the vault takes its place.)
    let mut deposit = sp.pool.deposit_sol_ix(&user.pubkey(), &user_tokens, &user_tokens, 10 * SOL, None);
    assert_eq!(deposit.accounts[5].pubkey, sp.pool.manager_fee.pubkey());
    deposit.accounts[5].pubkey = vault;
    let user_account = create_associated_token_account_idempotent(
        &user.pubkey(),
        &user.pubkey(),
        &token.mint,
        &token.program,
    );
    let ixs = [user_account, deposit];
    fx.process(&ixs, &[&user]).await.expect("deposit");
    for round in 0..2 {
        if round == 1 {
            for vote in &votes {
                fx.credit_votes(vote, 1_000);
            }
            fx.next_epoch().await;
            sp.pool.update_all(&mut fx).await.expect("the epoch fee is minted to the vault");
        }
        let fees = fx.token_balance(&vault).await;
        assert!(fees > 0, "round {round}");
        let (t0, i0) = (fx.token_balance(&treasury).await, fx.token_balance(&insurance).await);
        let swapped = bonds.distribute(&token, &[insurance, treasury]);
        let err = fx.process(&[swapped], &[]).await.unwrap_err();
        assert_eq!(err.custom_code(), code(BondsError::FeeRecipientMismatch));
        // Another vault (a token account the vault PDA does not own), vault owner or mint.
        let substitutions = [
            (3, treasury, Some(u32::from(BondsError::InvalidFundAccount))),
            (2, treasury_owner, Some(u32::from(anchor_lang::error::ErrorCode::ConstraintSeeds))),
            (6, Keypair::new().pubkey(), Some(u32::from(BondsError::PoolTokenMismatch))),
        ];
        for (index, key, want) in substitutions {
            let mut ix = bonds.distribute(&token, &[treasury, insurance]);
            ix.accounts[index].pubkey = key;
            let err = fx.process(&[ix], &[]).await.unwrap_err();
            assert_eq!(err.custom_code(), want, "account {index}");
        }
        fx.process(&[bonds.distribute(&token, &[treasury, insurance])], &[]).await.expect("distribute");
        let to_treasury = fees * 7_000 / 10_000;
        assert_eq!(fx.token_balance(&treasury).await - t0, to_treasury, "round {round}");
        assert_eq!(fx.token_balance(&insurance).await - i0, fees - to_treasury, "round {round}");
        assert_eq!(fx.token_balance(&vault).await, 0);
    }

    // The crank shares out the next epoch's fee by itself, after the pool's update.
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    fx.next_epoch().await;
    let (t0, i0) = (fx.token_balance(&treasury).await, fx.token_balance(&insurance).await);
    let report = sp.crank(&mut fx).await.expect("crank");
    assert!(report.step("distribute fees").is_some());
    assert_eq!(fx.token_balance(&vault).await, 0);
    let (to_treasury, to_insurance) =
        (fx.token_balance(&treasury).await - t0, fx.token_balance(&insurance).await - i0);
    assert!(to_treasury > 0 && to_treasury == (to_treasury + to_insurance) * 7_000 / 10_000);
}
