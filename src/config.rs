//! The validated configuration a run works from: roster and manifest loaded,
//! flags checked, terminal choices settled. Core modules take `&Config` and
//! never see clap.

use std::io::IsTerminal;

use anyhow::Result;

use crate::cli::{ColorChoice, InputArgs};
use crate::ingest::Limits;
use crate::model::Format;
use crate::roles::{Manifest, RoleContext, Roster};

/// Everything needed to turn a file into a resolved call.
#[derive(Clone, Debug, Default)]
pub struct ReadConfig {
    pub roles: RoleContext,
    pub forced_format: Option<Format>,
    /// Caps on one file's size, turns and line length.
    pub limits: Limits,
}

impl ReadConfig {
    pub fn from_args(args: &InputArgs) -> Result<ReadConfig> {
        let roster = args.roster.as_deref().map(Roster::load).transpose()?;
        let manifest = args.manifest.as_deref().map(Manifest::load).transpose()?;
        Ok(ReadConfig {
            roles: RoleContext { roster, manifest },
            forced_format: args.input_format,
            limits: limits(args),
        })
    }
}

/// The caps from the flags. Clap never gives 0 (the parsers refuse it), but
/// `InputArgs::default()` does: a 0 there means the default cap, not a cap
/// that refuses every file.
fn limits(args: &InputArgs) -> Limits {
    let d = Limits::default();
    let or = |v: u64, default: u64| if v == 0 { default } else { v };
    Limits {
        max_file_bytes: or(args.max_file_size, d.max_file_bytes),
        max_turns: if args.max_turns == 0 {
            d.max_turns
        } else {
            args.max_turns
        },
        max_line_bytes: or(args.max_line_length, d.max_line_bytes),
    }
}

/// Everything needed to measure a resolved call: the compiled playbook.
pub struct MeasureConfig {
    pub detectors: crate::metrics::spoken::Detectors,
    pub talk_denominator: crate::metrics::TalkDenominator,
}

impl MeasureConfig {
    pub fn from_args(args: &InputArgs) -> Result<MeasureConfig> {
        let playbook = match &args.playbook {
            Some(p) => crate::playbook::Playbook::load(p)?,
            None => crate::playbook::Playbook::builtin(),
        };
        Ok(MeasureConfig {
            detectors: crate::metrics::spoken::Detectors::new(&playbook),
            talk_denominator: match args.talk_denominator {
                crate::cli::Denominator::Talk => crate::metrics::TalkDenominator::Talk,
                crate::cli::Denominator::Duration => crate::metrics::TalkDenominator::Duration,
            },
        })
    }
}

/// Whether to colour output on stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_input_args_read_under_the_default_caps() {
        let cfg = ReadConfig::from_args(&InputArgs::default()).unwrap();
        assert_eq!(cfg.limits, Limits::default());
        let mut args = InputArgs {
            max_turns: 7,
            ..InputArgs::default()
        };
        args.max_file_size = 1024;
        let l = ReadConfig::from_args(&args).unwrap().limits;
        assert_eq!((l.max_file_bytes, l.max_turns), (1024, 7));
    }
}
