//! The roster: who works for the seller, and in which team.
//!
//! `--roster FILE` is a CSV `name,email,team,role[,aliases]` listing internal
//! people. Anyone on a call who is not in it is a buyer. Role is `rep` (call
//! owners: AE, SDR, BDR, AM are accepted as synonyms), `se` or `manager`.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::names::{email_in, name_key};

/// What an internal person does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InternalRole {
    Rep,
    Se,
    Manager,
}

impl InternalRole {
    fn parse(s: &str) -> Option<InternalRole> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rep" | "ae" | "sdr" | "bdr" | "am" | "csm" | "account executive" => {
                Some(InternalRole::Rep)
            }
            "se" | "sales engineer" | "solutions engineer" | "presales" => Some(InternalRole::Se),
            "manager" | "mgr" | "lead" | "director" => Some(InternalRole::Manager),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InternalRole::Rep => "rep",
            InternalRole::Se => "se",
            InternalRole::Manager => "manager",
        }
    }
}

/// One internal person.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub name: String,
    pub email: Option<String>,
    pub team: Option<String>,
    pub role: InternalRole,
}

/// Internal people, looked up by name key, alias or e-mail.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    people: Vec<Person>,
    by_key: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
}

impl Roster {
    /// Reads a roster CSV. Errors name the file and line.
    pub fn load(path: &Path) -> Result<Roster> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read roster", path.display()))?;
        Roster::parse(&text).with_context(|| format!("{}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Roster> {
        let (mut rdr, headers) = super::open_csv(text)?;
        let col = |name: &str| headers.iter().position(|h| h == name);
        let Some(name_col) = col("name") else {
            bail!("1: roster has no `name` column (found {headers:?}); expected name,email,team,role[,aliases]");
        };
        let (email_col, team_col, role_col, alias_col) =
            (col("email"), col("team"), col("role"), col("aliases"));
        let mut roster = Roster::default();
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = rec.with_context(|| format!("{line}: unreadable roster row"))?;
            let get = |c: Option<usize>| {
                c.and_then(|c| rec.get(c))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            let Some(name) = get(Some(name_col)) else {
                if rec.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                bail!("{line}: roster row has no name");
            };
            let role = match get(role_col) {
                None => InternalRole::Rep,
                Some(r) => InternalRole::parse(r).with_context(|| {
                    format!("{line}: unknown role {r:?} for {name}; use rep, se or manager")
                })?,
            };
            let person = Person {
                name: name.to_string(),
                email: get(email_col).map(str::to_lowercase),
                team: get(team_col).map(str::to_string),
                role,
            };
            let aliases: Vec<&str> = get(alias_col)
                .map(|a| {
                    a.split(';')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            roster.add(person, &aliases, line)?;
        }
        Ok(roster)
    }

    fn add(&mut self, person: Person, aliases: &[&str], line: usize) -> Result<()> {
        let idx = self.people.len();
        for key in std::iter::once(person.name.as_str())
            .chain(aliases.iter().copied())
            .map(name_key)
        {
            if let Some(&other) = self.by_key.get(&key) {
                if other != idx {
                    bail!(
                        "{line}: name or alias {key:?} already belongs to {}",
                        self.people[other].name
                    );
                }
            }
            self.by_key.insert(key, idx);
        }
        if let Some(e) = &person.email {
            self.by_email.insert(e.clone(), idx);
            // The e-mail's local part (`dana.reyes`) is how some tools label people.
            if let Some((local, _)) = e.split_once('@') {
                self.by_key
                    .entry(name_key(&local.replace(['.', '_'], " ")))
                    .or_insert(idx);
            }
        }
        self.people.push(person);
        Ok(())
    }

    /// The person a speaker label or name refers to, if any.
    pub fn find(&self, label: &str) -> Option<&Person> {
        if let Some(e) = email_in(label) {
            if let Some(&i) = self.by_email.get(&e) {
                return Some(&self.people[i]);
            }
        }
        self.by_key.get(&name_key(label)).map(|&i| &self.people[i])
    }

    pub fn people(&self) -> &[Person] {
        &self.people
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROSTER: &str = "name,email,team,role,aliases\n\
        Dana Reyes,dana.reyes@brightlane.io,East,rep,Dana R;D. Reyes\n\
        Lee Chen,lee.chen@brightlane.io,West,se,\n\
        Jordan Park,,East,manager\n";

    #[test]
    fn finds_people_by_messy_labels() {
        let r = Roster::parse(ROSTER).unwrap();
        for label in [
            "Dana Reyes",
            "dana reyes",
            "Dana Reyes (Brightlane)",
            "Dana R",
            "DANA.REYES@brightlane.io",
            "dana reyes",
            "Reyes, Dana",
        ] {
            assert_eq!(
                r.find(label).map(|p| p.name.as_str()),
                Some("Dana Reyes"),
                "{label}"
            );
        }
        assert_eq!(r.find("Lee Chen").unwrap().role, InternalRole::Se);
        assert_eq!(r.find("Jordan Park").unwrap().team.as_deref(), Some("East"));
        assert!(r.find("Tom Alvarez").is_none());
        assert!(r.find("Dana").is_none(), "a first name alone is not enough");
    }

    #[test]
    fn rejects_bad_rows() {
        let e = Roster::parse("name,role\nDana,boss\n").unwrap_err();
        assert!(format!("{e:#}").contains("2: unknown role"), "{e:#}");
        let e = Roster::parse("who,role\nDana,rep\n").unwrap_err();
        assert!(format!("{e:#}").contains("no `name` column"));
        let e = Roster::parse("name,aliases\nDana Reyes,\nDana Ray,Dana Reyes\n").unwrap_err();
        assert!(format!("{e:#}").contains("already belongs"));
    }
}
