//! The planners' index as bytes, kept in a file between runs so that a restarted server
//! answers planners in about a second instead of reading every report again (issue 19: a
//! million reports took 11 s to read from SQLite). The file is only a head start: the server
//! checks it against the database (how many reports up to its newest id, and the newest change)
//! and then reads every report changed since the file's mark, as a running index does.
//!
//! Written by hand rather than with a serialisation crate: the columns are fixed-width arrays
//! written and read whole, where a general serialiser encodes element by element, and reading
//! must check every invariant the queries index by anyway (a damaged or foreign file is refused,
//! never a panic in a request later). The last 8 bytes are an XXH3 checksum of the rest.

use super::{Columns, PlannerIndex};
use crate::report::domain::{Channel, ReportStatus};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

pub(super) const MAGIC: &[u8; 8] = b"MPLINDEX";
/// Bumped whenever the columns or what they mean change: a file of another layout is refused.
pub(super) const FORMAT: u32 = 1;

/// What a saved index says of itself, to be checked against the database before use.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotFacts {
    /// Every change up to this moment is in the file (the index's `synced_to` when it was
    /// written).
    pub synced_to: DateTime<Utc>,
    /// How many reports the file holds, and the highest id among them.
    pub reports: u64,
    pub max_id: i64,
}

/// A saved index read and checked, not yet in use.
pub struct Restored {
    columns: Columns,
    pub facts: SnapshotFacts,
}

/// Bytes being written (also by the tests, to damage a file where they mean to).
pub(super) struct Out(pub(super) Vec<u8>);

impl Out {
    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn bytes(&mut self, v: &[u8]) {
        self.u64(v.len() as u64);
        self.0.extend_from_slice(v);
    }
    pub(super) fn u32s(&mut self, v: &[u32]) {
        self.u64(v.len() as u64);
        self.0.reserve(v.len() * 4);
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    pub(super) fn i64s(&mut self, v: &[i64]) {
        self.u64(v.len() as u64);
        self.0.reserve(v.len() * 8);
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    pub(super) fn strs<'a>(&mut self, v: impl ExactSizeIterator<Item = &'a str>) {
        self.u64(v.len() as u64);
        for s in v {
            self.bytes(s.as_bytes());
        }
    }
}

/// Why a file was not used.
type Refusal = String;

struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Refusal> {
        if n > self.0.len() {
            return Err("the file ends early".into());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32, Refusal> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, Refusal> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ]))
    }
    /// A count of items of `size` bytes each, no more than the bytes left can hold (a
    /// damaged count must not make a huge allocation).
    fn count(&mut self, size: usize) -> Result<usize, Refusal> {
        let n = usize::try_from(self.u64()?).map_err(|_| "a count out of range")?;
        if n.saturating_mul(size) > self.0.len() {
            return Err("a count larger than the file".into());
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<Vec<u8>, Refusal> {
        let n = self.count(1)?;
        Ok(self.take(n)?.to_vec())
    }
    fn u32s(&mut self) -> Result<Vec<u32>, Refusal> {
        let n = self.count(4)?;
        Ok(self
            .take(n * 4)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
    fn i64s(&mut self) -> Result<Vec<i64>, Refusal> {
        let n = self.count(8)?;
        Ok(self
            .take(n * 8)?
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect())
    }
    fn strs(&mut self) -> Result<Vec<String>, Refusal> {
        // Each string takes its 8-byte length at least.
        let n = self.count(8)?;
        (0..n)
            .map(|_| {
                String::from_utf8(self.bytes()?).map_err(|_| "a text that is not UTF-8".into())
            })
            .collect()
    }
}

/// `ends` cut `all` into one piece per report: rising, and ending at its end.
fn cuts_fit(ends: &[u32], all: usize) -> bool {
    ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().map_or(all == 0, |&e| e as usize == all)
}

impl Columns {
    fn encode(&self, out: &mut Out) {
        out.i64s(&self.id);
        out.strs(self.reference.iter().map(String::as_str));
        out.u32s(&self.x);
        out.u32s(&self.y);
        out.bytes(&self.category);
        out.bytes(&self.department);
        out.bytes(&self.district);
        out.bytes(&self.status);
        out.bytes(&self.channel);
        out.i64s(&self.created);
        out.i64s(&self.due);
        out.i64s(&self.paused);
        out.i64s(&self.done);
        out.bytes(
            &self
                .hidden
                .iter()
                .map(|&h| u8::from(h))
                .collect::<Vec<u8>>(),
        );
        out.bytes(&self.text);
        out.u32s(&self.text_end);
        out.u32s(&self.answer_ids);
        out.u32s(&self.answer_end);
        let mut dict: Vec<(&String, &u32)> = self.answer_dict.iter().collect();
        dict.sort_by_key(|(_, id)| **id);
        out.strs(dict.iter().map(|(k, _)| k.as_str()));
        out.u32s(&dict.iter().map(|(_, id)| **id).collect::<Vec<u32>>());
        out.strs(self.categories.iter().map(String::as_str));
        out.strs(self.departments.iter().map(String::as_str));
        out.strs(self.districts.iter().map(String::as_str));
    }

    fn decode(input: &mut In) -> Result<Columns, Refusal> {
        let mut c = Columns {
            id: input.i64s()?,
            reference: input.strs()?,
            x: input.u32s()?,
            y: input.u32s()?,
            category: input.bytes()?,
            department: input.bytes()?,
            district: input.bytes()?,
            status: input.bytes()?,
            channel: input.bytes()?,
            created: input.i64s()?,
            due: input.i64s()?,
            paused: input.i64s()?,
            done: input.i64s()?,
            ..Columns::default()
        };
        let hidden = input.bytes()?;
        c.text = input.bytes()?;
        c.text_end = input.u32s()?;
        c.answer_ids = input.u32s()?;
        c.answer_end = input.u32s()?;
        let keys = input.strs()?;
        let ids = input.u32s()?;
        c.categories = input.strs()?;
        c.departments = input.strs()?;
        c.districts = input.strs()?;
        let n = c.id.len();
        let lengths = [
            c.reference.len(),
            c.x.len(),
            c.y.len(),
            c.category.len(),
            c.department.len(),
            c.district.len(),
            c.status.len(),
            c.channel.len(),
            c.created.len(),
            c.due.len(),
            c.paused.len(),
            c.done.len(),
            hidden.len(),
            c.text_end.len(),
            c.answer_end.len(),
        ];
        if lengths.iter().any(|&l| l != n) {
            return Err("columns of different lengths".into());
        }
        let codes_fit =
            |codes: &[u8], dict: &[String]| codes.iter().all(|&k| (k as usize) < dict.len());
        if !codes_fit(&c.category, &c.categories)
            || !codes_fit(&c.department, &c.departments)
            || !codes_fit(&c.district, &c.districts)
            || c.status
                .iter()
                .any(|&s| s as usize >= ReportStatus::ALL.len())
            || c.channel.iter().any(|&s| s as usize >= Channel::ALL.len())
            || hidden.iter().any(|&h| h > 1)
        {
            return Err("a code out of range".into());
        }
        if !cuts_fit(&c.text_end, c.text.len()) || !cuts_fit(&c.answer_end, c.answer_ids.len()) {
            return Err("descriptions or answers cut wrongly".into());
        }
        if keys.len() != ids.len()
            || ids.iter().enumerate().any(|(i, &id)| id as usize != i)
            || c.answer_ids.iter().any(|&id| id as usize >= keys.len())
        {
            return Err("answers out of range".into());
        }
        c.hidden = hidden.into_iter().map(|h| h == 1).collect();
        c.answer_dict = keys.into_iter().zip(ids).collect::<HashMap<String, u32>>();
        c.rebucket();
        if c.position.len() != n {
            return Err("a report twice".into());
        }
        Ok(c)
    }
}

impl PlannerIndex {
    /// The index as bytes for a file, tagged with `tag` (what it was made from: the backend
    /// and schema, checked when it is read); `None` before it has loaded. The mark is taken
    /// before the columns, so the file holds at least every change up to it (changes after it
    /// are read again, which is harmless).
    pub fn snapshot(&self, tag: &str) -> Option<Vec<u8>> {
        let synced_to = (*self.synced_to.lock().ok()?)?;
        self.synced_at.lock().ok()?.as_ref()?;
        let c = self.columns.read().ok()?;
        let mut out = Out(Vec::with_capacity(
            c.id.len() * 64 + c.text.len() + c.answer_ids.len() * 4 + 1024,
        ));
        out.0.extend_from_slice(MAGIC);
        out.u32(FORMAT);
        out.bytes(tag.as_bytes());
        out.u64(synced_to.timestamp_micros() as u64);
        c.encode(&mut out);
        drop(c);
        let sum = xxhash_rust::xxh3::xxh3_64(&out.0);
        out.u64(sum);
        Some(out.0)
    }

    /// Reads a saved index made with `tag`; refused (with the reason, for the log) when it is
    /// damaged, of another layout or tag, or holds nothing.
    pub fn read_snapshot(bytes: &[u8], tag: &str) -> Result<Restored, Refusal> {
        let Some((body, sum)) = bytes.split_last_chunk::<8>() else {
            return Err("the file ends early".into());
        };
        if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(*sum) {
            return Err("the checksum does not match".into());
        }
        let mut input = In(body);
        if input.take(MAGIC.len())? != MAGIC || input.u32()? != FORMAT {
            return Err("not a planner index file of this version".into());
        }
        if input.bytes()? != tag.as_bytes() {
            return Err("made from another database or schema".into());
        }
        let micros = input.u64()? as i64;
        let synced_to =
            DateTime::from_timestamp_micros(micros).ok_or("a mark out of range".to_owned())?;
        let columns = Columns::decode(&mut input)?;
        if !input.0.is_empty() {
            return Err("bytes after the index".into());
        }
        let Some(&max_id) = columns.id.iter().max() else {
            return Err("an empty index".into());
        };
        Ok(Restored {
            facts: SnapshotFacts {
                synced_to,
                reports: columns.id.len() as u64,
                max_id,
            },
            columns,
        })
    }

    /// Puts a restored index in place, before the first sync (which then reads only what
    /// changed after the file's mark). Ignored when the index has already loaded.
    pub fn install(&self, restored: Restored) -> bool {
        let (Ok(mut synced_to), Ok(mut columns)) = (self.synced_to.lock(), self.columns.write())
        else {
            return false;
        };
        if synced_to.is_some() || !columns.id.is_empty() {
            return false;
        }
        *columns = restored.columns;
        *synced_to = Some(restored.facts.synced_to);
        true
    }
}
