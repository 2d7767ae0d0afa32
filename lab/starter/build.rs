fn main() {
    // Links the addon against Node-API as Node loads it (symbols resolved by the node process).
    napi_build::setup();
}
