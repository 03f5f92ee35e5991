//! The `callscore` binary: parse flags, run, map the outcome to an exit status.

use clap::Parser;

/// Measuring a call allocates many small, short-lived strings (words,
/// sentences, quotes) on worker threads and frees them on the writer thread;
/// mimalloc is faster at that than the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc asks Linux for transparent huge pages on its arenas. A call's
/// memory is short-lived: freed pages are returned to the kernel and the
/// next call's first touch of them is a fresh 2 MiB page zeroed whole. That
/// zeroing was 5 to 10% of a batch's CPU time (BENCHMARKS.md), so the
/// process asks for ordinary pages. Failing to ask changes nothing else.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and touches
    // no memory of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    no_huge_pages();
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
