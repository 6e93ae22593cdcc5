//! Instruction data that is no instruction, and the never-enabled `Redelegate`, are refused exactly
//! as upstream refuses them.

use {
    lst_tests::fixture::{stake_pool_program_id, upstream_program_id, TestFixture},
    solana_instruction::Instruction,
};

#[tokio::test]
async fn unknown_tags_and_empty_data_are_refused_like_upstream() {
    let mut fx = TestFixture::new().await;
    let mut redelegate = vec![22];
    redelegate.extend_from_slice(&[7u8; 32]);
    for data in [vec![], vec![99], vec![27, 1, 2, 3], redelegate] {
        let mut errors = Vec::new();
        for program_id in [stake_pool_program_id(), upstream_program_id()] {
            let ix = Instruction { program_id, accounts: vec![], data: data.clone() };
            errors.push(fx.process(&[ix], &[]).await.unwrap_err());
        }
        assert_eq!(errors[0], errors[1], "data {data:?}: ours vs upstream");
    }
}
