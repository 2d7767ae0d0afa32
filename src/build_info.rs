//! `buildInfo()`: what this binary is and what the machine under it offers, for the lab's
//! "native call" step and for bug reports.

use napi::{Env, Result};
use napi_derive::napi;

/// The Node-API level this binary is compiled against (the `napi8` feature in Cargo.toml).
const NAPI_LEVEL: u32 = 8;

/// The CPU features the hot paths use, detected at run time. Each field is false on an
/// architecture that does not have it (`pclmulqdq`, `avx`, `movbe`, `avx2`, `vaes` and
/// `vpclmulqdq` are x86_64's; `neon` and `pmull` arm64's).
#[napi(object)]
pub struct CpuFeatures {
    pub aes: bool,
    pub pclmulqdq: bool,
    pub avx: bool,
    pub movbe: bool,
    pub avx2: bool,
    pub vaes: bool,
    pub vpclmulqdq: bool,
    pub sha: bool,
    pub neon: bool,
    pub pmull: bool,
}

#[napi(object)]
pub struct BuildInfo {
    pub version: String,
    pub target: String,
    pub libc: String,
    pub profile: String,
    /// `--version` of the C compiler that built ring's C code (e.g. `clang version 22.1.8`).
    pub c_compiler: String,
    /// Node-API level the binary requires.
    pub napi_version: u32,
    /// Node-API level the running Node offers.
    pub node_api_version: u32,
    pub rayon_threads: u32,
    pub cpu_features: CpuFeatures,
    /// Which AES-GCM code runs on this CPU (src/crypto/aes_gcm.rs says what each means).
    pub aes_gcm: String,
}

#[napi(catch_unwind)]
pub fn build_info(env: Env) -> Result<BuildInfo> {
    Ok(BuildInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        target: env!("ARCHITECT_NATIVE_TARGET").to_owned(),
        libc: libc_name().to_owned(),
        profile: env!("ARCHITECT_NATIVE_PROFILE").to_owned(),
        c_compiler: env!("ARCHITECT_NATIVE_C_COMPILER").to_owned(),
        napi_version: NAPI_LEVEL,
        node_api_version: env.get_napi_version()?,
        rayon_threads: rayon::current_num_threads() as u32,
        cpu_features: cpu_features(),
        aes_gcm: crate::crypto::aes_gcm_implementation().to_owned(),
    })
}

fn libc_name() -> &'static str {
    if cfg!(target_env = "musl") {
        "musl"
    } else if cfg!(target_env = "gnu") {
        "glibc"
    } else if cfg!(target_env = "msvc") {
        "msvc"
    } else {
        "system"
    }
}

#[cfg(target_arch = "x86_64")]
fn cpu_features() -> CpuFeatures {
    CpuFeatures {
        aes: std::is_x86_feature_detected!("aes"),
        pclmulqdq: std::is_x86_feature_detected!("pclmulqdq"),
        avx: std::is_x86_feature_detected!("avx"),
        movbe: std::is_x86_feature_detected!("movbe"),
        avx2: std::is_x86_feature_detected!("avx2"),
        vaes: std::is_x86_feature_detected!("vaes"),
        vpclmulqdq: std::is_x86_feature_detected!("vpclmulqdq"),
        sha: std::is_x86_feature_detected!("sha"),
        neon: false,
        pmull: false,
    }
}

#[cfg(target_arch = "aarch64")]
fn cpu_features() -> CpuFeatures {
    CpuFeatures {
        aes: std::arch::is_aarch64_feature_detected!("aes"),
        pclmulqdq: false,
        avx: false,
        movbe: false,
        avx2: false,
        vaes: false,
        vpclmulqdq: false,
        sha: std::arch::is_aarch64_feature_detected!("sha2"),
        neon: std::arch::is_aarch64_feature_detected!("neon"),
        pmull: std::arch::is_aarch64_feature_detected!("pmull"),
    }
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
fn cpu_features() -> CpuFeatures {
    CpuFeatures {
        aes: false,
        pclmulqdq: false,
        avx: false,
        movbe: false,
        avx2: false,
        vaes: false,
        vpclmulqdq: false,
        sha: false,
        neon: false,
        pmull: false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn target_is_recorded_at_build_time() {
        assert!(env!("ARCHITECT_NATIVE_TARGET").contains('-'));
        assert!(
            ["gnu", "musl"]
                .iter()
                .any(|abi| env!("ARCHITECT_NATIVE_TARGET").ends_with(abi))
                || cfg!(not(target_os = "linux"))
        );
    }
}
