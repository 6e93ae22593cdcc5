#!/usr/bin/env python3
"""Teach a copy of the nightly std about `target_os = "solana"`.

Upstream rustc ships no Solana std. The BPF backend builds std for our custom target once a handful of
platform lists include "solana" and three behaviours are adapted to SBPF:

* allocation: programs install their own `#[global_allocator]` (the entrypoint's bump allocator), so the
  `System` fallback only has to exist and fail;
* panics: SBPF has no writable statics, so the hook / panic-count machinery cannot run. The handler hands
  the `PanicInfo` to the program's `custom_panic` (which logs file and line) and aborts;
* out-of-memory: log through `sol_log_` and abort.

Every edit is anchored on exact upstream text and fails loudly if the nightly changed underneath us.
Usage: patch_std.py <path to .../lib/rustlib/src/rust/library>
"""
import pathlib
import sys

MARK = "target_os = \"solana\""


def edit(root, rel, anchor, replacement, count=1):
    path = root / rel
    text = path.read_text()
    found = text.count(anchor)
    if found != count:
        sys.exit(f"patch_std: expected {count} occurrence(s) of anchor in {rel}, found {found}:\n{anchor}")
    path.write_text(text.replace(anchor, replacement))


def main():
    root = pathlib.Path(sys.argv[1]) / "std" / "src"
    if MARK in (root / "sys" / "alloc" / "mod.rs").read_text():
        print("patch_std: already patched")
        return

    edit(root, "alloc.rs",
         "pub fn rust_oom(layout: Layout) -> ! {\n",
         "pub fn rust_oom(layout: Layout) -> ! {\n"
         "    #[cfg(target_os = \"solana\")]\n"
         "    {\n"
         "        let _ = layout;\n"
         "        unsafe extern \"C\" {\n"
         "            fn sol_log_(message: *const u8, len: u64);\n"
         "        }\n"
         "        let text = \"Error: memory allocation failed, out of memory\";\n"
         "        unsafe { sol_log_(text.as_ptr(), text.len() as u64) };\n"
         "        crate::process::abort();\n"
         "    }\n")

    edit(root, "panicking.rs",
         "pub fn panic_handler(info: &core::panic::PanicInfo<'_>) -> ! {\n",
         "pub fn panic_handler(info: &core::panic::PanicInfo<'_>) -> ! {\n"
         "    // SBPF: no writable statics, so no hook or panic count; the program logs and we abort.\n"
         "    #[cfg(target_os = \"solana\")]\n"
         "    {\n"
         "        unsafe extern \"Rust\" {\n"
         "            fn custom_panic(info: &core::panic::PanicInfo<'_>);\n"
         "        }\n"
         "        unsafe { custom_panic(info) };\n"
         "        crate::process::abort();\n"
         "    }\n")

    edit(root, "panicking.rs",
         "    force_no_backtrace: bool,\n) -> ! {\n    let must_abort = panic_count::increase(true);\n",
         "    force_no_backtrace: bool,\n) -> ! {\n"
         "    #[cfg(target_os = \"solana\")]\n"
         "    {\n"
         "        let _ = (payload, location, can_unwind, force_no_backtrace);\n"
         "        crate::process::abort();\n"
         "    }\n"
         "    let must_abort = panic_count::increase(true);\n")

    edit(root, "sys/alloc/mod.rs",
         "    16\n} else {\n    panic!(\"add a value for MIN_ALIGN\")",
         "    16\n} else if cfg!(target_arch = \"bpf\") {\n    8\n} else {\n    panic!(\"add a value for MIN_ALIGN\")")
    edit(root, "sys/alloc/mod.rs",
         "    target_os = \"zkvm\" => {\n        mod zkvm;\n        use zkvm as imp;\n    }\n",
         "    target_os = \"zkvm\" => {\n        mod zkvm;\n        use zkvm as imp;\n    }\n"
         "    target_os = \"solana\" => {\n        mod solana;\n        use solana as imp;\n    }\n")
    edit(root, "sys/alloc/mod.rs",
         "target_os = \"uefi\", target_os = \"zkvm\") => {",
         "target_os = \"uefi\", target_os = \"zkvm\", target_os = \"solana\") => {")
    (root / "sys" / "alloc" / "solana.rs").write_text(
        "//! Solana programs bring their own `#[global_allocator]`; the `System` fallback only fails.\n"
        "use crate::alloc::Layout;\n\n"
        "#[inline]\npub unsafe fn alloc(_layout: Layout) -> *mut u8 {\n    crate::ptr::null_mut()\n}\n\n"
        "#[inline]\npub unsafe fn dealloc(_ptr: *mut u8, _layout: Layout) {}\n\n"
        "#[inline]\npub unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {\n"
        "    unsafe { super::realloc_fallback(ptr, layout, new_size) }\n}\n")

    edit(root, "sys/io/error/mod.rs",
         "target_os = \"zkvm\", target_os = \"trusty\") => {",
         "target_os = \"zkvm\", target_os = \"trusty\", target_os = \"solana\") => {")

    edit(root, "sys/random/mod.rs",
         "        target_os = \"l4re\",\n    ) => {",
         "        target_os = \"l4re\",\n        target_os = \"solana\",\n    ) => {")
    edit(root, "sys/random/mod.rs",
         "    target_os = \"l4re\",\n)))]\npub fn hashmap_random_keys",
         "    target_os = \"l4re\",\n    target_os = \"solana\",\n)))]\npub fn hashmap_random_keys")

    edit(root, "sys/thread_local/mod.rs",
         "        target_os = \"zkvm\",\n        target_os = \"trusty\",\n",
         "        target_os = \"zkvm\",\n        target_os = \"solana\",\n        target_os = \"trusty\",\n")
    edit(root, "sys/thread_local/mod.rs",
         "            target_os = \"zkvm\",\n            target_os = \"trusty\",\n",
         "            target_os = \"zkvm\",\n            target_os = \"solana\",\n            target_os = \"trusty\",\n")
    # SBPF has no writable statics, so no per-thread hash keys: fixed keys (a program's maps are
    # rebuilt on every instruction and no one can grow them across calls).
    edit(root, "hash/random.rs",
         "        thread_local!(static KEYS: Cell<(u64, u64)> = {\n"
         "            Cell::new(hashmap_random_keys())\n"
         "        });\n"
         "\n"
         "        KEYS.with(|keys| {\n"
         "            let (k0, k1) = keys.get();\n"
         "            keys.set((k0.wrapping_add(1), k1));\n"
         "            RandomState { k0, k1 }\n"
         "        })\n",
         "        #[cfg(target_os = \"solana\")]\n"
         "        {\n"
         "            RandomState { k0: 0, k1: 0 }\n"
         "        }\n"
         "        #[cfg(not(target_os = \"solana\"))]\n"
         "        {\n"
         "            thread_local!(static KEYS: Cell<(u64, u64)> = {\n"
         "                Cell::new(hashmap_random_keys())\n"
         "            });\n"
         "            KEYS.with(|keys| {\n"
         "                let (k0, k1) = keys.get();\n"
         "                keys.set((k0.wrapping_add(1), k1));\n"
         "                RandomState { k0, k1 }\n"
         "            })\n"
         "        }\n")
    # SBPF frames are 4 KB: the stable sort's 4 KB stack scratch cannot fit in one; take 1 KB (longer
    # inputs use the heap, as everywhere).
    core = root.parent.parent / "core" / "src"
    edit(core, "slice/sort/stable/mod.rs",
         "AlignedStorage::<T, 4096>::new()",
         "AlignedStorage::<T, { if cfg!(target_os = \"solana\") { 1024 } else { 4096 } }>::new()",
         count=2)
    print("patch_std: patched", root)


if __name__ == "__main__":
    main()
