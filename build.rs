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
}
