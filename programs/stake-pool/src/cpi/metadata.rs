//! Metaplex token-metadata calls, signed by the pool's withdraw authority (the mint authority, and
//! the metadata's update authority). Through `solana_cpi`: Metaplex creates the metadata account, a
//! resize the C-ABI path in `cpi::invoke` does not report back.

use {
    super::stake::PoolSigner,
    crate::constants::METADATA_PROGRAM_ID,
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
};

/// `CreateMetadataAccountV3`.
const CREATE_METADATA_ACCOUNTS_V3: u8 = 33;
/// `UpdateMetadataAccountV2`.
const UPDATE_METADATA_ACCOUNTS_V2: u8 = 15;

/// What the pool token is called.
pub struct TokenInfo<'a> {
    /// Token name.
    pub name: &'a str,
    /// Token symbol.
    pub symbol: &'a str,
    /// URI of the token's JSON metadata.
    pub uri: &'a str,
}

/// Appends Metaplex's borsh `DataV2`: the name, symbol and URI; no royalties, creators, collection or
/// uses (what SPL's pools write).
fn push_data(data: &mut Vec<u8>, token: &TokenInfo) -> Result<()> {
    for text in [token.name, token.symbol, token.uri] {
        let len = u32::try_from(text.len()).map_err(|_| ProgramError::InvalidInstructionData)?;
        data.extend_from_slice(&len.to_le_bytes());
        data.extend_from_slice(text.as_bytes());
    }
    // seller_fee_basis_points = 0, creators = None, collection = None, uses = None.
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    Ok(())
}

/// Creates the mint's metadata account, mutable, with the withdraw authority as update authority;
/// `payer` funds it.
pub fn create<'info>(
    signer: &PoolSigner<'_, 'info>,
    metadata: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    payer: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    token: &TokenInfo,
) -> Result<()> {
    let mut data = vec![CREATE_METADATA_ACCOUNTS_V3];
    push_data(&mut data, token)?;
    // is_mutable = true, collection_details = None.
    data.extend_from_slice(&[1, 0]);
    let authority = *signer.authority.key;
    let ix = Instruction {
        program_id: METADATA_PROGRAM_ID,
        accounts: vec![
            AccountMeta::new(*metadata.key, false),
            AccountMeta::new_readonly(*mint.key, false),
            AccountMeta::new_readonly(authority, true),
            AccountMeta::new(*payer.key, true),
            AccountMeta::new_readonly(authority, true),
            AccountMeta::new_readonly(*system_program.key, false),
        ],
        data,
    };
    let bump = [signer.bump];
    let infos =
        [metadata.clone(), mint.clone(), signer.authority.clone(), payer.clone(), system_program.clone()];
    invoke_signed(&ix, &infos, &[&signer.seeds(&bump)]).map_err(Into::into)
}

/// Replaces the metadata's name, symbol and URI (it stays mutable, same update authority).
pub fn update<'info>(
    signer: &PoolSigner<'_, 'info>,
    metadata: &AccountInfo<'info>,
    token: &TokenInfo,
) -> Result<()> {
    let mut data = vec![UPDATE_METADATA_ACCOUNTS_V2, 1];
    push_data(&mut data, token)?;
    // update_authority = None, primary_sale_happened = None, is_mutable = Some(true).
    data.extend_from_slice(&[0, 0, 1, 1]);
    let ix = Instruction {
        program_id: METADATA_PROGRAM_ID,
        accounts: vec![
            AccountMeta::new(*metadata.key, false),
            AccountMeta::new_readonly(*signer.authority.key, true),
        ],
        data,
    };
    let bump = [signer.bump];
    invoke_signed(&ix, &[metadata.clone(), signer.authority.clone()], &[&signer.seeds(&bump)])
        .map_err(Into::into)
}
