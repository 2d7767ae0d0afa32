//! The `parallel` choice of the calls that can split one buffer over rayon's threads (transforms,
//! AES-GCM), as lib/parallel_option.js passes it: 0 = by size, 1 = one thread, 2 = all threads.

use crate::error::{NativeError, NativeResult};
use crate::fast_path::Call;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Parallel {
    /// Split from a size threshold up (each piece chooses its own).
    Auto,
    Never,
    Always,
}

impl Parallel {
    /// Argument `index` of a hot call; absent is `Auto`.
    pub fn arg(call: &Call, index: usize) -> NativeResult<Self> {
        let value = call.arg(index);
        if value.is_undefined() {
            return Ok(Self::Auto);
        }
        match value.u32("parallel")? {
            0 => Ok(Self::Auto),
            1 => Ok(Self::Never),
            2 => Ok(Self::Always),
            other => Err(NativeError::out_of_range("parallel", "0, 1 or 2", other)),
        }
    }

    /// Whether a buffer of `len` bytes is split, `Auto` splitting from `threshold` bytes up.
    pub fn splits(self, len: usize, threshold: usize) -> bool {
        match self {
            Self::Auto => len >= threshold,
            Self::Never => false,
            Self::Always => true,
        }
    }
}
