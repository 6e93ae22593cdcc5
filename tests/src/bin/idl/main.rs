//! The programs' IDLs (Anchor's `idl-build`, from a host build of each program): `--write` refreshes
//! `idl/*.json`; `--check` (CI) fails when a committed IDL differs from the code.
//!
//! Two IDLs are finished here: the stake pool's accounts take SPL's roles ([`spl_roles`]), and SPL
//! Governance's (from `peers/governance`, the accounts the sdk decodes) keeps its accounts and types
//! but not the instruction that only made Anchor list them.
mod spl_roles;

use {
    anchor_lang_idl::types::{Idl, IdlInstructionAccountItem},
    std::{path::PathBuf, process::ExitCode},
};

fn main() -> ExitCode {
    let write = match std::env::args().nth(1).as_deref() {
        Some("--write") => true,
        Some("--check") => false,
        _ => {
            eprintln!("usage: idl --write|--check");
            return ExitCode::FAILURE;
        }
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    // anchor-lang-idl 0.1.4 turns a set RUSTUP_TOOLCHAIN into a literal `+{toolchain}` argument; the
    // repository's rust-toolchain.toml picks the same toolchain without it.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    // The IDL builds are plain builds of each program with `idl-build`: not linted (the test build
    // lints the programs), whatever wrapper built this binary.
    std::env::remove_var("RUSTC_WORKSPACE_WRAPPER");
    std::env::remove_var("CLIPPY_ARGS");
    let mut stale = Vec::new();
    let programs = [
        ("programs/stake-pool", "stake_pool.json"),
        ("programs/steward", "steward.json"),
        ("programs/bonds", "bonds.json"),
        ("peers/governance", "spl_governance.json"),
    ];
    for (program, file) in programs {
        let built = anchor_lang_idl::build::IdlBuilder::new()
            .program_path(root.join(program))
            .resolution(false)
            .skip_lint(true)
            .no_docs(false)
            .build();
        let mut idl = match built {
            Ok(idl) => idl,
            Err(e) => {
                eprintln!("error: building the IDL of {program}: {e:#}");
                return ExitCode::FAILURE;
            }
        };
        let finished = match file {
            "stake_pool.json" => with_spl_roles(&mut idl),
            "spl_governance.json" => {
                idl.instructions.clear();
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = finished {
            eprintln!("error: {program}: {e}");
            return ExitCode::FAILURE;
        }
        let text = serde_json::to_string_pretty(&idl).expect("IDL serializes") + "\n";
        let path = root.join("idl").join(file);
        if write {
            std::fs::create_dir_all(root.join("idl")).expect("idl directory");
            std::fs::write(&path, text).expect("write IDL");
            println!("wrote {}", path.display());
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    if stale.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: stale IDL {}: run `cargo run -p lst-tests --bin idl -- --write`", stale.join(", "));
        ExitCode::FAILURE
    }
}

/// Marks each stake-pool account writable and signer as upstream's builder does, after checking
/// that the IDL has upstream's number of accounts and asks no signature upstream does not.
fn with_spl_roles(idl: &mut Idl) -> Result<(), String> {
    for ix in &mut idl.instructions {
        let Some(upstream) = spl_roles::upstream_accounts(&ix.name) else { continue };
        if upstream.len() != ix.accounts.len() {
            return Err(format!(
                "{}: {} accounts, upstream's builder gives {}",
                ix.name,
                ix.accounts.len(),
                upstream.len()
            ));
        }
        for (item, meta) in ix.accounts.iter_mut().zip(&upstream) {
            let IdlInstructionAccountItem::Single(account) = item else {
                return Err(format!("{}: nested accounts", ix.name));
            };
            if account.signer && !meta.is_signer {
                return Err(format!("{}: {} signs here but not for upstream", ix.name, account.name));
            }
            account.writable = meta.is_writable;
            account.signer = meta.is_signer;
        }
    }
    idl.docs.push(
        "Account roles (writable, signer) are SPL's, from spl-stake-pool's instruction builders: the program, \
         like SPL, leaves writability to the runtime."
            .to_string(),
    );
    Ok(())
}
