fn main() {
    for arg in std::env::args().skip(1) {
        let path = std::path::Path::new(&arg);
        let bytes = std::fs::read(path).expect("read");
        match callscore::ingest::parse_bytes(path, &bytes, None) {
            Ok(c) => println!(
                "{}: {} turns, {} speakers",
                c.format,
                c.turns.len(),
                c.speakers.len()
            ),
            Err(e) => eprintln!("{}:{}: {}", path.display(), e.line, e.message),
        }
    }
}
