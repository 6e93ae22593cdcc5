//! Fresh keypairs for test accounts: random, unless the thread asked for a reproducible sequence
//! (the CU benchmark does, so that PDA bump searches — and so its figures — are the same every run).

use {crate::rng::Rng, solana_keypair::Keypair, std::cell::RefCell};

thread_local! {
    static SEQUENCE: RefCell<Option<Rng>> = const { RefCell::new(None) };
}

/// From now on, this thread's [`fresh`] keys follow from `seed`.
pub fn seed(seed: u64) {
    SEQUENCE.with(|sequence| *sequence.borrow_mut() = Some(Rng::new(seed)));
}

/// A new keypair: the next of this thread's sequence if it has one, else random.
pub fn fresh() -> Keypair {
    SEQUENCE.with(|sequence| match sequence.borrow_mut().as_mut() {
        Some(rng) => {
            let mut secret = [0u8; 32];
            for chunk in secret.chunks_mut(8) {
                chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
            }
            Keypair::new_from_array(secret)
        }
        None => Keypair::new(),
    })
}
