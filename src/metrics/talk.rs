//! Talk metrics: who spoke how long, monologues, switches, interruptions.
