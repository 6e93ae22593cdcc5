//! Little-endian integers of alignment 1, so layouts built from them have no padding and can be
//! read from any offset of an account's bytes.

use bytemuck::{Pod, Zeroable};

macro_rules! pod_int {
    ($name:ident, $int:ty, $bytes:literal) => {
        #[doc = concat!("A little-endian `", stringify!($int), "` stored as bytes (alignment 1).")]
        #[repr(transparent)]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
        pub struct $name(pub [u8; $bytes]);

        impl $name {
            /// The value.
            pub const fn get(self) -> $int {
                <$int>::from_le_bytes(self.0)
            }

            /// Stores `value`.
            pub fn set(&mut self, value: $int) {
                self.0 = value.to_le_bytes();
            }
        }

        impl From<$int> for $name {
            fn from(value: $int) -> Self {
                Self(value.to_le_bytes())
            }
        }

        impl From<$name> for $int {
            fn from(value: $name) -> Self {
                value.get()
            }
        }
    };
}

pod_int!(PodU32, u32, 4);
pod_int!(PodU64, u64, 8);
pod_int!(PodI64, i64, 8);
