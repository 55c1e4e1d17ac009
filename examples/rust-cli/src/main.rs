//! Prints its version: the smallest useful binary for a slim runtime image.
fn main() {
    let version = env!("CARGO_PKG_VERSION");
    if std::env::args().nth(1).as_deref() == Some("--version") {
        println!("hello {version}");
    } else {
        println!("hello from a Rust binary (version {version})");
    }
}
