//! The programs' IDLs (Anchor's `idl-build`, from a host build of each program): `--write` refreshes
//! `idl/*.json`; `--check` (CI) fails when a committed IDL differs from the code.
use std::{path::PathBuf, process::ExitCode};

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
    ];
    for (program, file) in programs {
        let built = anchor_lang_idl::build::IdlBuilder::new()
            .program_path(root.join(program))
            .resolution(false)
            .skip_lint(true)
            .no_docs(false)
            .build();
        let idl = match built {
            Ok(idl) => idl,
            Err(e) => {
                eprintln!("error: building the IDL of {program}: {e:#}");
                return ExitCode::FAILURE;
            }
        };
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
