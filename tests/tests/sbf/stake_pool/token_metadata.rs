//! `CreateTokenMetadata` / `UpdateTokenMetadata`: the pool token's Metaplex metadata, created and
//! renamed at the manager's request with the withdraw authority (mint authority) signing — on both
//! programs, against Metaplex's own program (built from its published crate), with every refusal's
//! exact error.

use {
    lst_tests::{
        fixture::{metadata_program_id, TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_instruction::{error::InstructionError, AccountMeta, Instruction},
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    stake_pool::error::StakePoolError,
};

async fn pool(fx: &mut TestFixture, program_id: Pubkey) -> TestPool {
    let pool = TestPool::new(program_id, PoolConfig::default(), &Keypair::new(), &Keypair::new());
    pool.create(fx).await.unwrap();
    pool
}

fn metadata_address(mint: &Pubkey) -> Pubkey {
    let program = metadata_program_id();
    Pubkey::find_program_address(
        &[lst_sdk::interface::seeds::METADATA, program.as_ref(), mint.as_ref()],
        &program,
    )
    .0
}

fn create_ix(fx: &TestFixture, pool: &TestPool, name: &str) -> Instruction {
    spl_stake_pool::instruction::create_token_metadata(
        &pool.program_id,
        &pool.stake_pool.pubkey(),
        &pool.manager.pubkey(),
        &pool.mint.pubkey(),
        &fx.payer().pubkey(),
        name.into(),
        "LSOL".into(),
        "https://example.com/lsol.json".into(),
    )
}

fn update_ix(pool: &TestPool, name: &str) -> Instruction {
    spl_stake_pool::instruction::update_token_metadata(
        &pool.program_id,
        &pool.stake_pool.pubkey(),
        &pool.manager.pubkey(),
        &pool.mint.pubkey(),
        name.into(),
        "LSOL2".into(),
        "https://example.com/lsol2.json".into(),
    )
}

/// The metadata account: lamports, and its bytes with the update authority and mint (which differ
/// from pool to pool) checked and cut out, and the mint-derived edition nonce blanked.
async fn metadata(fx: &mut TestFixture, pool: &TestPool) -> (u64, Vec<u8>) {
    let address = metadata_address(&pool.mint.pubkey());
    let account = fx.account(&address).await.expect("metadata account");
    assert_eq!(account.owner, metadata_program_id());
    assert_eq!(account.data[1..33], pool.withdraw_authority().to_bytes(), "update authority");
    assert_eq!(account.data[33..65], pool.mint.pubkey().to_bytes(), "mint");
    let mut rest = account.data[65..].to_vec();
    // The edition nonce (after the name, symbol, URI, royalties, creators, sale and mutability
    // fields) is the bump of the mint's edition address: it differs by mint too.
    rest[260] = 0;
    (account.lamports, rest)
}

#[tokio::test]
async fn metadata_is_created_and_updated_exactly_as_upstream() {
    let mut fx = TestFixture::new().await;
    let mut seen = Vec::new();
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id).await;
        fx.process(&[create_ix(&fx, &pool, "Liquid SOL")], &[&pool.manager]).await.unwrap();
        let created = metadata(&mut fx, &pool).await;
        fx.process(&[update_ix(&pool, "Liquid SOL v2")], &[&pool.manager]).await.unwrap();
        let updated = metadata(&mut fx, &pool).await;
        assert_ne!(created.1, updated.1, "{program_id}: the update changed the metadata");
        // A second creation is refused by Metaplex (the account exists) for both.
        let again = fx.process(&[create_ix(&fx, &pool, "Again")], &[&pool.manager]).await.unwrap_err();
        seen.push((created, updated, again));
    }
    assert_eq!(
        seen[0], seen[1],
        "ours vs upstream: metadata bytes, lamports and the repeated creation's error"
    );
}

/// Runs `ix` (signed by `signers` and the payer) on both programs' pools as `make` builds it, and
/// expects `expected` from each.
async fn refused<F>(make: F, signers: fn(&TestPool) -> Vec<&Keypair>, expected: TxError)
where
    F: Fn(&TestFixture, &TestPool) -> Instruction,
{
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id).await;
        // Updates need the metadata to exist.
        fx.process(&[create_ix(&fx, &pool, "Liquid SOL")], &[&pool.manager]).await.unwrap();
        let ix = make(&fx, &pool);
        let err = fx.process(&[ix], &signers(&pool)).await.unwrap_err();
        assert_eq!(err, expected, "{program_id}");
    }
}

fn custom(error: StakePoolError) -> TxError {
    TxError::Instruction(0, InstructionError::Custom(error as u32))
}

fn plain(error: InstructionError) -> TxError {
    TxError::Instruction(0, error)
}

fn manager(pool: &TestPool) -> Vec<&Keypair> {
    vec![&pool.manager]
}

fn nobody(_: &TestPool) -> Vec<&Keypair> {
    vec![]
}

/// Account `index` of `ix` replaced by `with`.
fn swap(mut ix: Instruction, index: usize, with: Pubkey) -> Instruction {
    ix.accounts[index].pubkey = with;
    ix
}

/// Account `index` of `ix` no longer signing.
fn unsigned(mut ix: Instruction, index: usize) -> Instruction {
    ix.accounts[index].is_signer = false;
    ix
}

#[tokio::test]
async fn create_refuses_a_wrong_or_unsigned_manager() {
    refused(
        |fx, p| unsigned(swap(create_ix(fx, p, "X"), 1, Pubkey::new_unique()), 1),
        nobody,
        custom(StakePoolError::WrongManager),
    )
    .await;
    refused(|fx, p| unsigned(create_ix(fx, p, "X"), 1), nobody, custom(StakePoolError::SignatureMissing))
        .await;
}

#[tokio::test]
async fn create_refuses_substituted_accounts() {
    let wrong = Pubkey::new_unique();
    refused(
        |fx, p| swap(create_ix(fx, p, "X"), 2, wrong),
        manager,
        custom(StakePoolError::InvalidProgramAddress),
    )
    .await;
    refused(|fx, p| swap(create_ix(fx, p, "X"), 3, wrong), manager, custom(StakePoolError::WrongPoolMint))
        .await;
    refused(
        |fx, p| swap(create_ix(fx, p, "X"), 5, wrong),
        manager,
        custom(StakePoolError::InvalidMetadataAccount),
    )
    .await;
    refused(
        |fx, p| swap(create_ix(fx, p, "X"), 6, wrong),
        manager,
        plain(InstructionError::IncorrectProgramId),
    )
    .await;
    refused(
        |fx, p| swap(create_ix(fx, p, "X"), 7, wrong),
        manager,
        plain(InstructionError::IncorrectProgramId),
    )
    .await;
    // A pool account of another program.
    refused(
        |fx, p| swap(create_ix(fx, p, "X"), 0, p.reserve.pubkey()),
        manager,
        plain(InstructionError::IncorrectProgramId),
    )
    .await;
}

#[tokio::test]
async fn create_needs_a_signing_system_account_to_pay() {
    let unsigned_payer = |fx: &TestFixture, p: &TestPool| {
        let mut ix = create_ix(fx, p, "X");
        ix.accounts[4] = AccountMeta::new(Pubkey::new_unique(), false);
        ix
    };
    refused(unsigned_payer, manager, custom(StakePoolError::SignatureMissing)).await;

    // A payer that signs but is a token-program account.
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id).await;
        let payer = Keypair::new();
        fx.create_account(&payer, 0, &lst_tests::fixture::token_program_id()).await.unwrap();
        let mut ix = create_ix(&fx, &pool, "X");
        ix.accounts[4] = AccountMeta::new(payer.pubkey(), true);
        let err = fx.process(&[ix], &[&pool.manager, &payer]).await.unwrap_err();
        assert_eq!(err, plain(InstructionError::IncorrectProgramId), "{program_id}");
    }
}

#[tokio::test]
async fn update_refuses_a_wrong_manager_and_substituted_accounts() {
    let wrong = Pubkey::new_unique();
    refused(
        |_, p| unsigned(swap(update_ix(p, "X"), 1, wrong), 1),
        nobody,
        custom(StakePoolError::WrongManager),
    )
    .await;
    refused(|_, p| unsigned(update_ix(p, "X"), 1), nobody, custom(StakePoolError::SignatureMissing)).await;
    refused(|_, p| swap(update_ix(p, "X"), 2, wrong), manager, custom(StakePoolError::InvalidProgramAddress))
        .await;
    refused(
        |_, p| swap(update_ix(p, "X"), 3, wrong),
        manager,
        custom(StakePoolError::InvalidMetadataAccount),
    )
    .await;
    refused(|_, p| swap(update_ix(p, "X"), 4, wrong), manager, plain(InstructionError::IncorrectProgramId))
        .await;
}
