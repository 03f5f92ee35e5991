//! The `callscore` binary: parse flags, run, map the outcome to an exit status.

use clap::Parser;

/// Measuring a call allocates many small, short-lived strings (words,
/// sentences, quotes) on worker threads and frees them on the writer thread;
/// mimalloc is faster at that than the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = callscore::cli::Cli::parse();
    let status = match callscore::run::run(cli) {
        Ok(s) => s,
        Err(e) => {
            // A closed pipe (`callscore ... | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                std::process::exit(0);
            }
            eprintln!("callscore: {e:#}");
            callscore::run::ExitStatus::Error
        }
    };
    std::process::exit(status as i32);
}
