//! Manager instructions: pool creation and the pool's economic settings.

pub mod initialize;
