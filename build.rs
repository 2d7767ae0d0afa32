use std::process::Command;

fn main() {
    napi_build::setup();
    // `buildInfo()` reports the exact target and profile this binary was built for.
    for (key, var) in [
        ("ARCHITECT_NATIVE_TARGET", "TARGET"),
        ("ARCHITECT_NATIVE_PROFILE", "PROFILE"),
    ] {
        println!(
            "cargo:rustc-env={key}={}",
            std::env::var(var).unwrap_or_default()
        );
    }
    println!(
        "cargo:rustc-env=ARCHITECT_NATIVE_C_COMPILER={}",
        c_compiler_version()
    );
}

/// The C compiler that builds ring's C (its Ed25519 field arithmetic is C, so this compiler sets
/// its speed): the `cc` crate's choice for this target, which is the lookup ring's own build
/// script makes (`CC_<target>`, `TARGET_CC`, `CC`, then the default). Its `--version` first line.
fn c_compiler_version() -> String {
    let compiler = cc::Build::new().cargo_metadata(false).get_compiler();
    let output = Command::new(compiler.path())
        .args(compiler.args())
        .arg("--version")
        .output();
    match output {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("unknown")
            .trim()
            .to_owned(),
        _ => format!("unknown ({} --version failed)", compiler.path().display()),
    }
}
