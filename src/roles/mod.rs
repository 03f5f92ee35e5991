//! Deciding who is who: the rep (call owner), colleagues, buyers.
//!
//! Parsing says who spoke; this module says what they are, from, in order of
//! trust: the manifest row for the call, the roster, and the roles a vendor file
//! carries (Call Analytics AGENT/CUSTOMER, Gong Internal/External). When the rep
//! cannot be determined the call keeps `Role::Unknown` speakers and says why in
//! `Call::rep_unresolved`; nothing is guessed silently.

pub mod manifest;
pub mod names;
pub mod roster;

pub use manifest::Manifest;
pub use roster::{InternalRole, Roster};

use crate::model::{Call, Diagnostic, Role, VendorSide};

/// A user's configuration CSV (roster, manifest): fields trimmed, rows of
/// any length, and the header names lower-cased without a byte-order mark.
fn open_csv(text: &str) -> anyhow::Result<(csv::Reader<&[u8]>, Vec<String>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    Ok((rdr, headers))
}

/// What role resolution can draw on.
#[derive(Clone, Debug, Default)]
pub struct RoleContext {
    pub roster: Option<Roster>,
    pub manifest: Option<Manifest>,
}

/// Fills metadata and speaker roles of a freshly parsed call.
pub fn resolve(call: &mut Call, ctx: &RoleContext) {
    let entry = ctx.manifest.as_ref().and_then(|m| m.find(&call.source));
    if let Some(e) = &entry {
        apply_manifest(call, e);
    } else if ctx.manifest.is_some() {
        call.warnings
            .push(Diagnostic::new(0, "not listed in the manifest"));
    }
    if call.meta.date.is_none() {
        call.meta.date = date_in_name(&call.source.to_string_lossy());
    }
    let roster = ctx.roster.as_ref();

    // 1. What each speaker is, as far as roster and vendor say.
    let mut internal_rep = Vec::new();
    for (i, s) in call.speakers.iter_mut().enumerate() {
        let who = s
            .name
            .clone()
            .or_else(|| s.email.clone())
            .unwrap_or_else(|| s.label.clone());
        let person = roster.and_then(|r| {
            r.find(&who)
                .or_else(|| s.email.as_deref().and_then(|e| r.find(e)))
                .or_else(|| r.find(&s.label))
        });
        if let Some(p) = person {
            s.name = Some(p.name.clone());
            s.team = p.team.clone();
            s.role = Role::Colleague;
            s.role_source = Some(format!("roster: {}", p.role.as_str()));
            if p.role == InternalRole::Rep {
                internal_rep.push(i);
            }
        } else if s.vendor_side == VendorSide::Internal {
            s.role = Role::Colleague;
            s.role_source = Some("vendor: internal".into());
        } else if s.vendor_side == VendorSide::External {
            s.role = Role::Buyer;
            s.role_source = Some("vendor: external".into());
        } else if roster.is_some_and(|r| !r.is_empty()) && !names::is_anonymous(s.display_name()) {
            s.role = Role::Buyer;
            s.role_source = Some("not in roster".into());
        }
    }

    // 2. Who owns the call.
    let rep = match entry.as_ref().and_then(|e| e.rep.clone()) {
        Some(name) => rep_from_manifest(call, &name, roster),
        None => rep_from_roster(call, &internal_rep),
    };
    match rep {
        Ok(i) => {
            let s = &mut call.speakers[i];
            s.role = Role::Rep;
            call.meta.rep = call.meta.rep.clone().or_else(|| s.name.clone());
            call.meta.team = s.team.clone();
            // Once the owner is known, anyone not shown to be internal is a buyer;
            // speech with no speaker label at all stays unknown.
            for s in &mut call.speakers {
                if s.role == Role::Unknown && s.label != crate::ingest::UNLABELLED {
                    s.role = Role::Buyer;
                    s.role_source = Some("not internal".into());
                }
            }
        }
        Err(why) => call.rep_unresolved = Some(why),
    }
    if call.meta.team.is_none() {
        if let (Some(rep), Some(r)) = (&call.meta.rep, roster) {
            call.meta.team = r.find(rep).and_then(|p| p.team.clone());
        }
    }
}

fn apply_manifest(call: &mut Call, e: &manifest::Entry) {
    if let Some(id) = &e.call_id {
        call.id = id.clone();
    }
    call.meta.rep = e.rep.clone();
    call.meta.date = e.date.clone();
    call.meta.call_type = e.call_type.clone();
    call.meta.recording_url = e.recording_url.clone();
    for (label, name) in &e.speaker_map {
        match call.speakers.iter_mut().find(|s| s.label == *label) {
            Some(s) => s.name = Some(name.clone()),
            None => call.warnings.push(Diagnostic::new(
                0,
                format!("manifest line {}: speaker_map names {label:?}, which does not speak in this file", e.line),
            )),
        }
    }
}

/// The manifest names the rep: find that person among the speakers, or else the
/// one internal speaker the vendor file marks without a name (Call Analytics AGENT,
/// channel 0 mapped by the user).
fn rep_from_manifest(
    call: &mut Call,
    name: &str,
    roster: Option<&Roster>,
) -> Result<usize, String> {
    let canonical = roster.and_then(|r| r.find(name)).map(|p| p.name.clone());
    if let Some(c) = &canonical {
        call.meta.rep = Some(c.clone());
    }
    let key = names::name_key(canonical.as_deref().unwrap_or(name));
    if let Some(i) = call
        .speakers
        .iter()
        .position(|s| names::name_key(s.display_name()) == key || names::name_key(&s.label) == key)
    {
        call.speakers[i].role_source = Some("manifest rep".into());
        return Ok(i);
    }
    let unnamed_internal: Vec<usize> = call
        .speakers
        .iter()
        .enumerate()
        .filter(|(_, s)| s.vendor_side == VendorSide::Internal && s.name.is_none())
        .map(|(i, _)| i)
        .collect();
    if let [i] = unnamed_internal[..] {
        let s = &mut call.speakers[i];
        s.name = Some(canonical.unwrap_or_else(|| name.to_string()));
        s.role_source = Some(format!("manifest rep, vendor role {}", s.label));
        return Ok(i);
    }
    Err(format!(
        "the manifest says the rep is {name}, but no speaker is named so \
         (speakers: {}); add a speaker_map to the manifest row",
        call.speakers
            .iter()
            .map(|s| s.display_name().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// No manifest rep: exactly one roster rep on the call owns it; else exactly one
/// vendor-internal speaker does (a Call Analytics AGENT).
fn rep_from_roster(call: &mut Call, reps: &[usize]) -> Result<usize, String> {
    match reps {
        [i] => Ok(*i),
        [] => {
            let internal: Vec<usize> = call
                .speakers
                .iter()
                .enumerate()
                .filter(|(_, s)| s.vendor_side == VendorSide::Internal)
                .map(|(i, _)| i)
                .collect();
            if let [i] = internal[..] {
                if call.speakers[i].name.is_none() {
                    call.warnings.push(Diagnostic::new(
                        0,
                        format!("the rep is the vendor's {} speaker, whose name is unknown: give it in the manifest", call.speakers[i].label),
                    ));
                }
                return Ok(i);
            }
            Err(
                if call
                    .speakers
                    .iter()
                    .all(|s| names::is_anonymous(s.display_name()))
                {
                    "speakers are anonymous labels: map them to names with a manifest speaker_map"
                        .to_string()
                } else {
                    "no speaker is a rep in the roster: pass --roster, or name the rep in --manifest".to_string()
                },
            )
        }
        many => Err(format!(
            "{} roster reps speak in this call ({}): name the call owner in --manifest",
            many.len(),
            many.iter()
                .map(|&i| call.speakers[i].display_name().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// An ISO date (`2026-11-16` or `20261116`) in a file path.
pub fn date_in_name(path: &str) -> Option<String> {
    let b = path.as_bytes();
    for i in 0..b.len() {
        let rest = &b[i..];
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
        let cand = if rest.len() >= 10
            && digits(&rest[..4])
            && rest[4] == b'-'
            && digits(&rest[5..7])
            && rest[7] == b'-'
            && digits(&rest[8..10])
        {
            Some(String::from_utf8_lossy(&rest[..10]).into_owned())
        } else if rest.len() >= 8
            && digits(&rest[..8])
            && rest.get(8).is_none_or(|c| !c.is_ascii_digit())
        {
            let s = String::from_utf8_lossy(&rest[..8]);
            Some(format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..8]))
        } else {
            None
        };
        if let Some(d) = cand {
            if chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .is_ok_and(|d| (1990..=2100).contains(&chrono::Datelike::year(&d)))
            {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
