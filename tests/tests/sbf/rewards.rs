//! The bank pays real inflation rewards to delegated stake across an epoch boundary.

use {lst_tests::fixture::TestFixture, solana_keypair::Keypair, solana_signer::Signer};

#[tokio::test]
async fn delegated_stake_earns_inflation_rewards() {
    let mut fx = TestFixture::new().await;
    let (identity, vote, stake, authority) = (Keypair::new(), Keypair::new(), Keypair::new(), Keypair::new());
    fx.create_vote(&identity, &vote, 0).await.unwrap();
    fx.create_delegated_stake(&stake, &authority, &vote.pubkey(), 10_000_000_000).await.unwrap();

    // Activate, then vote through a whole epoch.
    let start = fx.epoch().await;
    fx.warp_to_epoch(start + 1, 0).await;
    let before = fx.lamports(&stake.pubkey()).await;
    fx.credit_votes(&vote.pubkey(), 1_000);

    // Past the boundary (and the partitioned reward slots) the stake account has grown.
    fx.warp_to_epoch(start + 2, 10).await;
    let after = fx.lamports(&stake.pubkey()).await;
    assert!(after > before, "no inflation rewards: {before} -> {after}");
}
